import type { ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../env/chromium';
import { startDockerd, type TestDockerd } from '../env/dockerd';
import { startUiCommand } from '../env/ui';

describe('the UI in Chromium through `higress-airgap ui`', () => {
  let dockerd: TestDockerd;
  let browser: Browser;
  let ui: { url: string; child: ChildProcess };

  beforeAll(async () => {
    [dockerd, browser] = await Promise.all([startDockerd(), launchChromium()]);
    ui = await startUiCommand({ DOCKER_HOST: dockerd.host });
  });
  afterAll(async () => {
    ui?.child.kill('SIGINT');
    await browser?.close();
    await dockerd?.stop();
  });

  it('calls system:check through the real handler map and shows the Docker engine', async () => {
    const page = await browser.newPage({ locale: 'en-US' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(ui.url);
    // The token leaves the address bar once read.
    await page.waitForFunction(() => !location.hash.includes('token'));
    await page.getByTestId('system-folder').fill('/tmp');
    await page.getByTestId('system-check').click();
    const docker = page.getByTestId('system-docker');
    await docker.waitFor();
    const version = (await dockerd.docker.version()).Version;
    expect(await docker.textContent()).toContain(`Docker ${version}`);
    expect(await page.getByTestId('system-version').textContent()).toMatch(/^\d+\.\d+\.\d+/);
    expect(await page.getByTestId('system-free').textContent()).toMatch(/free of/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('follows the browser locale and switches language at any time', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(ui.url);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Higress 离线传输');
    await page.getByTestId('lang').selectOption('en');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Higress Airgap');
    await page.close();
  });
});
