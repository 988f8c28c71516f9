import { mkdir, open, readFile, stat, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zh-CN';

export type Lang = 'en' | 'zh-CN';

/**
 * For expect.poll on what the page shows once the engine has answered through the ui (a registry,
 * a file, a generated YAML): on a busy machine that can take seconds, so it is waited for, never timed.
 */
export const ENGINE_WAIT = { timeout: 30_000 } as const;
export const SCREENSHOTS = join('test-output', 'screenshots');

export interface OpenedApp {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Page errors and console errors seen so far. */
  readonly errors: string[];
}

/** A fresh context (own storage, so the token and language start clean) and page, collecting page errors. */
export async function openApp(browser: Browser, url: string, lang: Lang): Promise<OpenedApp> {
  const context = await browser.newContext({ locale: lang === 'en' ? 'en-US' : 'zh-CN', acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  await page.waitForFunction(() => !location.hash.includes('token'));
  return { context, page, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Everything a user can read on the page: text, placeholders, labels, titles and option texts of visible elements. */
export async function readableText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const pageLang = document.documentElement.lang;
    // Text marked as another language (the engine's English explanations) is that language on purpose.
    const own = (el: Element) => (el.closest('[lang]')?.getAttribute('lang') ?? pageLang) === pageLang;
    const parts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (parent && !(parent instanceof HTMLOptionElement) && parent.checkVisibility() && own(parent)) parts.push(n.textContent ?? '');
    }
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      if (!el.checkVisibility() || !own(el)) continue;
      for (const attr of ['placeholder', 'aria-label', 'title']) {
        const v = el.getAttribute(attr);
        if (v) parts.push(v);
      }
      if (el instanceof HTMLSelectElement) for (const o of Array.from(el.options)) parts.push(o.text);
      if (el instanceof HTMLOptGroupElement) parts.push(el.label);
      if (el instanceof HTMLSelectElement) for (const g of Array.from(el.querySelectorAll('optgroup'))) parts.push(g.label);
    }
    return parts.join('\n').replace(/[ \t]+/g, ' ');
  });
}

const KEYS = Object.keys(en) as Array<keyof typeof en>;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** English fragments (between `{params}`) long enough that finding one in Chinese text means it was not translated. */
function untranslatedFragments(): string[] {
  const out = new Set<string>();
  for (const k of KEYS) {
    if (en[k] === zhCN[k]) continue;
    for (const frag of en[k].split(/\{\w+\}/)) {
      const f = frag.trim();
      if (f.length >= 12 && f.includes(' ') && /[a-z]{3}/.test(f)) out.add(f);
    }
  }
  return [...out];
}
const FRAGMENTS = untranslatedFragments();

/**
 * What would show a missing or untranslated string: a raw message key (`build.title`), English
 * text on the Chinese page, Chinese text on the English page (language names excepted).
 */
export function languageProblems(text: string, lang: Lang): string[] {
  const problems: string[] = [];
  for (const k of KEYS) if (new RegExp(`(^|[^\\w.-])${escape(k)}($|[^\\w.-])`).test(text)) problems.push(`raw key ${k}`);
  if (lang === 'zh-CN') {
    for (const f of FRAGMENTS) if (text.includes(f)) problems.push(`English on the Chinese page: "${f}"`);
  } else {
    const cjk = text.replace(/简体中文/g, '').match(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+/g);
    if (cjk) problems.push(`Chinese on the English page: ${cjk.slice(0, 5).join(' ')}`);
  }
  return problems;
}

/**
 * Presses Tab (only) until the element with this test id has focus, proving it is reachable in
 * tab order; fails with the path taken when it is not reached.
 */
export async function tabTo(page: Page, testId: string, maxPresses = 120): Promise<number> {
  const path: string[] = [];
  for (let i = 1; i <= maxPresses; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? el.dataset.testid ?? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}` : 'none';
    });
    path.push(focused);
    if (focused === testId) return i;
  }
  throw new Error(`Tab never reached ${testId}; focus went: ${path.join(' → ')}`);
}

/**
 * Copies a bundle and flips one byte in the middle of its first sizeable blob, found by reading
 * the ustar headers. Returns the damaged entry's name.
 */
export async function corruptCopy(src: string, dest: string): Promise<string> {
  await copyFile(src, dest);
  const size = (await stat(dest)).size;
  const fh = await open(dest, 'r+');
  try {
    let offset = 0;
    while (offset + 512 <= size) {
      const header = Buffer.alloc(512);
      await fh.read(header, 0, 512, offset);
      const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
      if (!name) break;
      const entrySize = parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
      if (name.startsWith('blobs/sha256/') && entrySize > 256) {
        const at = offset + 512 + Math.floor(entrySize / 2);
        const b = Buffer.alloc(1);
        await fh.read(b, 0, 1, at);
        b[0] = (b[0] as number) ^ 0xff;
        await fh.write(b, 0, 1, at);
        return name;
      }
      offset += 512 + Math.ceil(entrySize / 512) * 512;
    }
  } finally {
    await fh.close();
  }
  throw new Error(`no blob to damage in ${src}`);
}

/** The first field of a coreutils sum file (`<hex>  <name>`). */
export async function sumOf(file: string): Promise<string> {
  return (await readFile(file, 'utf8')).split(/\s+/)[0] as string;
}
