import { chromium, type Browser } from 'playwright-core';
import { requireTool } from './tools';

/** Debian's Chromium driven by playwright-core, headless, with no background network traffic. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = requireTool('/usr/bin/chromium', 'chromium');
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
