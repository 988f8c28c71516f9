import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zh-CN';
import { MESSAGES } from '../../shared/messages/catalog';
import { cli } from '../env/cli';
import { defaultPluginFixtures, pluginServerFixture, pushFixtures } from '../env/fixtures';
import { startRegistry, type TestRegistry } from '../env/registry';
import { useAppSession } from './app-session';
import { ENGINE_WAIT, languageProblems, readableText, screenshot, type Lang } from './helpers';

// Deploy's "Save files" through the real `higress-airgap ui` and Chromium, on a real file system:
// a folder no run wrote is refused (a hand-made all.yaml survives), files of an earlier run are
// replaced only after a dialog that names each one and marks the hand-edited ones, and a save
// result goes away when the output changes.
let source: TestRegistry;
const bundle = () => join(app.dir, 'plugins.tar');

const app = useAppSession('truth-deploy-folder', {
  prepare: async ({ dir, stopAtEnd }) => {
    source = stopAtEnd(await startRegistry('plain'));
    await pushFixtures(source, { pluginServer: await pluginServerFixture('2.2.3'), plugins: (await defaultPluginFixtures()).slice(0, 1) });
    const built = await cli(['bundle', '--out', bundle(), '--source', source.host, '--plain-http', '--release', '2.2.3', '--plugins', 'key-auth', '--follow-tags'], { env: { HIGRESS_AIRGAP_CONFIG: join(dir, 'cli-cfg') } });
    expect(built.code, built.stderr).toBe(0);
  },
});

describe.each<Lang>(['en', 'zh-CN'])('Deploy saves only what it may replace (%s)', (lang) => {
  const t = lang === 'en' ? en : zhCN;
  const fill = (text: string, params: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));

  it('refuses a folder it did not write, asks before replacing its own files, and forgets a result when the output changes', async () => {
    const { context, page, errors } = await app.open(lang);
    const byTestId = (id: string) => page.getByTestId(id);
    await byTestId('nav-deploy').click();
    await byTestId('deploy-bundle-path').fill(bundle());
    await byTestId('deploy-bundle-open').click();
    await byTestId('deploy-bundle-name').waitFor();
    await byTestId('deploy-registry').fill('harbor.example.com/higress');
    await byTestId('deploy-yaml').waitFor();

    // 1. Someone's own folder with a hand-written all.yaml: refused in the UI language, untouched.
    const hand = join(app.dir, `hand-${lang}`);
    await mkdir(hand);
    await writeFile(join(hand, 'all.yaml'), 'my own\n');
    await byTestId('deploy-dir').fill(hand);
    await byTestId('deploy-save').click();
    await byTestId('deploy-save-error').waitFor();
    const refusal = MESSAGES.DEPLOY_FOLDER_NOT_OURS!.message[lang === 'en' ? 'en' : 'zh'].replace('{path}', hand);
    expect(await byTestId('deploy-save-error').textContent()).toContain(refusal);
    expect(await readFile(join(hand, 'all.yaml'), 'utf8')).toBe('my own\n');

    // 2. A new folder: written; the result names the files.
    const out = join(app.dir, `out-${lang}`);
    await byTestId('deploy-dir').fill(out);
    expect(await byTestId('deploy-save-error').count()).toBe(0);
    await byTestId('deploy-save').click();
    await byTestId('deploy-saved').waitFor();
    const first = await readFile(join(out, 'all.yaml'), 'utf8');
    expect(first).toContain('namespace: higress-system');

    // 3. The output changes: the old result is gone (it described other files).
    await byTestId('deploy-namespace').fill('gateway-system');
    await expect.poll(() => byTestId('deploy-yaml').textContent(), ENGINE_WAIT).toContain('namespace: gateway-system');
    expect(await byTestId('deploy-saved').count()).toBe(0);

    // 4. Saving again over a hand-edited all.yaml: a dialog names every file and marks the edited one.
    await writeFile(join(out, 'all.yaml'), `${first}# my note\n`);
    await byTestId('deploy-save').click();
    const dialog = byTestId('deploy-replace-dialog');
    await dialog.waitFor();
    const items = await byTestId('deploy-replace-list').locator('li').allTextContents();
    const allYaml = items.find((i) => i.startsWith('all.yaml'));
    expect(allYaml).toContain(t['deploy.replace.edited']);
    expect(items.find((i) => i.startsWith('README.md'))).toContain(t['deploy.replace.replaced']);
    expect(items.find((i) => i.startsWith('README.md'))).not.toContain(t['deploy.replace.edited']);
    expect(await dialog.textContent()).toContain(fill(t['deploy.replace.message'], { dir: out }));
    expect(languageProblems(await readableText(page), lang)).toEqual([]);
    await screenshot(page, `deploy-replace-confirm-${lang}`);

    // Cancel: nothing written.
    await dialog.getByRole('button', { name: t['common.cancel'] }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await readFile(join(out, 'all.yaml'), 'utf8')).toBe(`${first}# my note\n`);

    // Confirm: replaced, and the result says so.
    await byTestId('deploy-save').click();
    await dialog.waitFor();
    await byTestId('deploy-replace-dialog-ok').click();
    await byTestId('deploy-saved').waitFor();
    expect(await readFile(join(out, 'all.yaml'), 'utf8')).toContain('namespace: gateway-system');
    expect(await byTestId('deploy-saved').textContent()).toContain(t['deploy.saved.replaced']);
    expect(errors).toEqual([]);
    await context.close();
  });
});
