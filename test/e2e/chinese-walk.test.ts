import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cli } from '../env/cli';
import { defaultPluginFixtures, pluginServerFixture, pushFixtures } from '../env/fixtures';
import { startRegistry, type TestRegistry } from '../env/registry';
import { freePort } from '../env/tools';
import { useAppSession } from './app-session';
import { corruptCopy, languageProblems, readableText, screenshot } from './helpers';

// Every screen in Chinese, through an engine error, a deployment warning and a verify failure,
// through the real `higress-airgap ui` and Chromium: no English sentence may be left on the page
// outside what is literal on purpose — references, digests, paths, YAML (code/pre elements).
let source: TestRegistry;
const app = useAppSession('chinese-walk', {
  prepare: async ({ dir, stopAtEnd }) => {
    source = stopAtEnd(await startRegistry('plain'));
    await pushFixtures(source, { pluginServer: await pluginServerFixture('2.2.4'), plugins: (await defaultPluginFixtures()).slice(0, 1) });
    const built = await cli(['bundle', '--out', good(), '--source', source.host, '--plain-http', '--release', '2.2.4', '--plugins', 'key-auth', '--follow-tags'], { env: { HIGRESS_AIRGAP_CONFIG: join(dir, 'cli-cfg') } });
    expect(built.code, built.stderr).toBe(0);
    await mkdir(join(dir, 'damaged'));
    await corruptCopy(good(), damaged());
  },
});
const good = () => app.path('higress-2.2.4.tar');
const damaged = () => app.path('damaged', 'higress-2.2.4.tar');

/**
 * English sentences a reader sees: four or more Latin words in a row in visible text, outside
 * code, pre, kbd and samp elements (references, digests, paths and YAML are literal there).
 */
async function englishSentences(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || !parent.checkVisibility() || parent.closest('code, pre, kbd, samp, option, script, style')) continue;
      out.push(n.textContent ?? '');
    }
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      if (!el.checkVisibility()) continue;
      for (const attr of ['placeholder', 'aria-label', 'title']) {
        const v = el.getAttribute(attr);
        if (v && !/^[\w./:@${}-]+$/.test(v)) out.push(v);
      }
    }
    return out;
  });
  const sentence = /[A-Za-z][A-Za-z'’-]*(?:[ ,]+[A-Za-z][A-Za-z'’-]*){3,}/g;
  return texts.flatMap((t) => t.match(sentence) ?? []);
}

async function expectAllChinese(page: Page, where: string): Promise<void> {
  expect(await englishSentences(page), where).toEqual([]);
  expect(languageProblems(await readableText(page), 'zh-CN'), where).toEqual([]);
  await screenshot(page, `walk-${where}-zh-CN`);
}

describe('every screen in Chinese', () => {
  it('through an error, a warning and a verify failure, shows no English sentence', async () => {
    const { context, page, errors } = await app.open('zh-CN');
    const byTestId = (id: string) => page.getByTestId(id);
    await byTestId('screen-home').waitFor();
    await expectAllChinese(page, 'home');

    // Build: a source registry that refuses connections — the engine's error in Chinese.
    await byTestId('nav-build').click();
    await byTestId('build-source').selectOption('custom');
    await byTestId('build-source-host').fill(`127.0.0.1:${await freePort()}`);
    await byTestId('build-source-plain-http').check();
    await byTestId('build-source-test').click();
    await byTestId('build-source-error').waitFor();
    expect(await byTestId('build-source-error').textContent()).toContain('拒绝了连接');
    await expectAllChinese(page, 'build-error');

    // Import: a bundle that does not exist, then a damaged one that fails verification.
    await byTestId('nav-import').click();
    await byTestId('import-path').fill(app.path('missing.tar'));
    await byTestId('import-open').click();
    await byTestId('import-open-error').waitFor();
    await expectAllChinese(page, 'import-missing');
    await byTestId('import-path').fill(damaged());
    await byTestId('import-open').click();
    await byTestId('verify-start').click();
    await byTestId('verify-report').waitFor();
    expect(await byTestId('verify-verdict').getAttribute('data-ok')).toBe('false');
    await byTestId('push-blocked').waitFor();
    await expectAllChinese(page, 'import-verify-failed');

    // Deploy: the good bundle, OCI mode with a pull Secret — warnings about what the output does.
    await byTestId('nav-deploy').click();
    await byTestId('deploy-bundle-path').fill(good());
    await byTestId('deploy-bundle-open').click();
    await byTestId('deploy-bundle-name').waitFor();
    await byTestId('deploy-registry').fill('harbor.example.com/higress');
    await byTestId('deploy-mode-oci').check();
    await byTestId('deploy-pull-secret').fill('private-registry');
    await byTestId('deploy-warnings').waitFor();
    await expectAllChinese(page, 'deploy-warnings');

    await byTestId('nav-settings').click();
    await byTestId('screen-settings').waitFor();
    await expectAllChinese(page, 'settings');
    expect(errors).toEqual([]);
    await context.close();
  });
});
