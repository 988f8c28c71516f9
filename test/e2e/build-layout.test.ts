import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zh-CN';
import { useAppSession } from './app-session';
import type { Lang } from './helpers';

// The Build screen is long: its action and running task stay in view wherever the form is
// scrolled, every invalid choice is listed at once, and what was chosen survives a page reload
// (not the password). Through the real `higress-airgap ui` and Chromium.
const app = useAppSession('build-layout');

describe.each<Lang>(['en', 'zh-CN'])('the Build screen keeps its action in view (%s)', (lang) => {
  const t = lang === 'en' ? en : zhCN;
  it('a sticky action bar, every problem at once, and a form that survives a reload', async () => {
    const { context, page, errors } = await app.open(lang);
    const byTestId = (id: string) => page.getByTestId(id);
    await byTestId('nav-build').click();
    await byTestId('screen-build').waitFor();
    const inView = async (id: string) => {
      const box = await byTestId(id).boundingBox();
      const viewport = page.viewportSize();
      return box !== null && viewport !== null && box.y >= 0 && box.y + box.height <= viewport.height;
    };
    // The page is taller than the window, and the action is in view at the top and the middle.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeGreaterThan(page.viewportSize()!.height * 2);
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await inView('build-start')).toBe(true);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
    expect(await inView('build-start')).toBe(true);

    // Nothing chosen and no output: every problem at once, in the bar, in view.
    await byTestId('catalog-select-none').click();
    await byTestId('build-plugin-server').uncheck();
    await byTestId('build-start').click();
    const problems = await byTestId('build-problems').locator('li').allTextContents();
    expect(problems.length).toBeGreaterThanOrEqual(2);
    expect(problems).toEqual(expect.arrayContaining([t['build.problem.empty'], t['build.problem.out']]));
    expect(await inView('build-problems')).toBe(true);

    // A reload keeps the choices, not the password.
    await byTestId('build-source').selectOption('custom');
    await byTestId('build-source-host').fill('mirror.example.com:5000');
    await byTestId('build-source-username').fill('me');
    await byTestId('build-source-password').fill('secret-pw');
    await page.reload();
    await page.waitForFunction(() => !location.hash.includes('token'));
    await byTestId('nav-build').click();
    await expect.poll(() => byTestId('build-source-host').inputValue()).toBe('mirror.example.com:5000');
    expect(await byTestId('build-source-username').inputValue()).toBe('me');
    expect(await byTestId('build-source-password').inputValue()).toBe('');
    expect(await page.evaluate(() => JSON.stringify(sessionStorage))).not.toContain('secret-pw');
    expect(errors).toEqual([]);
    await context.close();
  });
});
