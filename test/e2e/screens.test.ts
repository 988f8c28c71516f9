import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zh-CN';
import { useAppSession } from './app-session';
import { ENGINE_WAIT, languageProblems, readableText, screenshot, tabTo, type Lang } from './helpers';

// Every screen in both languages through the real `higress-airgap ui`: no raw keys, no text left in
// the other language, a screenshot of each; plus the settings dialogs by keyboard alone.
// No Docker engine here (the session's default): the Home screen shows how an unreachable one looks.
const app = useAppSession('e2e-screens', { prepare: async () => ({ SOURCE_DATE_EPOCH: '1767225600' }) });

/** Opens more of each screen than its first view shows, so more strings are on the page. */
const reveal: Record<string, (page: Page) => Promise<void>> = {
  home: async (page) => {
    await page.getByTestId('system-docker').waitFor();
  },
  build: async (page) => {
    await page.getByTestId('build-source').selectOption('custom');
    await page.getByTestId('oci-plugin-add').click();
    await page.getByTestId('wasm-add').click();
    await page.getByTestId('extra-image-add').click();
    await page.getByTestId('split-custom').check();
    await page.getByTestId('build-start').click();
    await page.getByTestId('build-problems').waitFor();
  },
  import: async (page) => {
    await page.getByTestId('import-path').fill(app.path('nothing-here.tar'));
    await page.getByTestId('import-open').click();
    await page.getByTestId('import-open-error').waitFor();
  },
  deploy: async (page) => {
    await page.getByTestId('deploy-namespace').waitFor();
  },
  settings: async (page) => {
    await page.getByTestId('temp-current').waitFor();
  },
};

describe('every screen in both languages', () => {
  for (const lang of ['en', 'zh-CN'] as const satisfies readonly Lang[]) {
    it(`renders each screen in ${lang} with no missing or untranslated strings, and saves a screenshot`, async () => {
      const { context, page, errors } = await app.open(lang);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      for (const screen of ['home', 'build', 'import', 'deploy', 'settings']) {
        await page.getByTestId(`nav-${screen}`).click();
        await page.getByTestId(`screen-${screen}`).waitFor();
        await reveal[screen]?.(page);
        expect(languageProblems(await readableText(page), lang), `${screen} in ${lang}`).toEqual([]);
        await screenshot(page, `${screen}-${lang}`);
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('finds problems when they are there (the check itself can fail)', () => {
    expect(languageProblems('Build a bundle · build.title', 'en')).toEqual(['raw key build.title']);
    expect(languageProblems(`制作离线包 ${en['build.problem.empty']}`, 'zh-CN')).not.toEqual([]);
    expect(languageProblems(`制作离线包 ${zhCN['build.problem.empty']}`, 'zh-CN')).toEqual([]);
    expect(languageProblems('Build 制作', 'en')).not.toEqual([]);
  });

  it('switches language at any time, keeps what was typed, and remembers the choice', async () => {
    const { context, page } = await app.open('en');
    await page.getByTestId('nav-build').click();
    await page.getByTestId('build-out').fill('/data/bundle.tar');
    await page.getByTestId('lang').selectOption('zh-CN');
    await expect.poll(() => page.locator('#build-title').textContent()).toBe('制作离线包');
    expect(await page.getByTestId('build-out').inputValue()).toBe('/data/bundle.tar');
    await page.reload();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Higress 离线传输');
    await context.close();
  });
});

describe('settings by keyboard', () => {
  it('saves a registry with Enter, and a removal dialog cancels with Escape and confirms with Enter', async () => {
    const { context, page } = await app.open('en');
    await tabTo(page, 'nav-settings');
    await page.keyboard.press('Enter');
    await page.getByTestId('screen-settings').waitFor();
    await tabTo(page, 'registry-host');
    await page.keyboard.type('registry.internal:5000');
    await tabTo(page, 'registry-plain-http');
    await page.keyboard.press('Space');
    await tabTo(page, 'registry-save');
    await page.keyboard.press('Enter');
    await page.getByTestId('registry-row').waitFor();
    expect(await page.getByTestId('registry-row').textContent()).toContain('registry.internal:5000');
    expect(await page.getByTestId('registry-row').textContent()).toContain('Plain HTTP');

    // The saved host is offered as a source on the Build screen.
    await page.getByTestId('nav-build').click();
    await expect.poll(() => page.getByTestId('build-source').locator('option', { hasText: 'registry.internal:5000' }).count(), ENGINE_WAIT).toBe(1);
    await page.getByTestId('nav-settings').click();

    await page.getByTestId('registry-remove').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('registry-remove-dialog');
    await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    await screenshot(page, 'settings-dialog-en');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
    expect(await page.getByTestId('registry-row').count()).toBe(1);

    await page.getByTestId('registry-remove').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    await tabTo(page, 'registry-remove-dialog-ok', 5);
    await page.keyboard.press('Enter');
    await page.getByTestId('registries-empty').waitFor();
    await context.close();
  });
});
