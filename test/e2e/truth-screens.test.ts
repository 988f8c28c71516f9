import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zh-CN';
import { cli } from '../env/cli';
import { defaultPluginFixtures, pluginServerFixture, pushFixtures, pushManifestTree } from '../env/fixtures';
import { RawRegistryClient } from '../env/raw-registry';
import { startRegistry, TEST_PASSWORD, TEST_USER, type TestRegistry } from '../env/registry';
import { useAppSession } from './app-session';
import { ENGINE_WAIT, languageProblems, readableText, type Lang } from './helpers';

// What the screens say is what is true, in both languages, through the real `higress-airgap ui`:
// the platforms a bundle's images hold, a missing folder, what a private CA does on the gateway,
// and the connection settings a login keeps.
let source: TestRegistry;
let tls: TestRegistry;
const bundle = () => join(app.dir, 'amd64-only.tar');
const dict = (lang: Lang) => (lang === 'en' ? en : zhCN);
const fill = (text: string, params: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? '');

const app = useAppSession('truth-screens', {
  prepare: async ({ dir, stopAtEnd }) => {
    [source, tls] = await Promise.all([startRegistry('plain').then(stopAtEnd), startRegistry('tls-basic').then(stopAtEnd)]);
    const ps = await pluginServerFixture('2.2.3');
    await pushFixtures(source, { pluginServer: ps, plugins: (await defaultPluginFixtures()).slice(0, 1) });
    // An image built for amd64 only (a single-platform manifest, no index).
    await pushManifestTree(new RawRegistryClient(source), 'site/nginx', '1', ps.index.children[0]!);
    // Both platforms chosen when building, the image holds one: the bundle records what it holds and
    // the build warns about the other.
    const built = await cli(['bundle', '--out', bundle(), '--source', source.host, '--plain-http', '--platform', 'linux/amd64,linux/arm64', '--no-plugin-server', '--image', `${source.host}/site/nginx:1`], {
      env: { HIGRESS_AIRGAP_CONFIG: join(dir, 'cli-cfg'), SOURCE_DATE_EPOCH: '1767225600' },
    });
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toContain('warning: No bundled image holds linux/arm64: the bundle has linux/amd64 only.');
  },
});

describe.each<Lang>(['en', 'zh-CN'])('the screens tell the truth (%s)', (lang) => {
  const t = dict(lang);

  it('Import shows the platforms the images hold', async () => {
    const { context, page, errors } = await app.open(lang);
    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-path').fill(bundle());
    await page.getByTestId('import-open').click();
    await page.getByTestId('bundle-summary').waitFor();
    expect(await page.getByTestId('bundle-image-platforms').allTextContents()).toEqual(['linux/amd64']);
    const platforms = page.getByTestId('bundle-platforms');
    expect(await platforms.textContent()).toBe('linux/amd64');
    expect(await page.getByTestId('bundle-platforms-missing').count()).toBe(0);
    expect(languageProblems(await readableText(page), lang)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an engine error reads in the UI language: a bundle that does not exist', async () => {
    const { context, page, errors } = await app.open(lang);
    await page.getByTestId('nav-import').click();
    const missing = join(app.dir, 'no-such-bundle.tar');
    await page.getByTestId('import-path').fill(missing);
    await page.getByTestId('import-open').click();
    const note = page.getByTestId('import-open-error');
    await note.waitFor();
    expect(await note.getAttribute('data-code')).toBe('NOT_FOUND');
    const text = (await note.textContent()) ?? '';
    expect(text).toContain(lang === 'en' ? `${missing} does not exist` : `${missing} 不存在`);
    // The hint names what to choose, not a command-line flag.
    expect(text).not.toMatch(/(^|\s)--[a-z]/);
    expect(languageProblems(await readableText(page), lang)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Home says a missing folder does not exist instead of showing a parent disk', async () => {
    const { context, page, errors } = await app.open(lang);
    const missing = join(app.dir, 'media', 'usb-not-mounted');
    await page.getByTestId('system-result').waitFor();
    await page.getByTestId('system-folder').fill(missing);
    await page.getByTestId('system-check').click();
    await expect.poll(() => page.getByTestId('system-free').textContent(), ENGINE_WAIT).toBe(fill(t['system.folder.missing'], { path: missing }));
    await page.getByTestId('system-folder').fill(app.dir);
    await page.getByTestId('system-check').click();
    const free = fill(t['system.free.value'], { free: '\\S+ \\S+', total: '\\S+ \\S+', fs: '\\w+' }).replace(/[()（）]/g, '\\$&');
    await expect.poll(() => page.getByTestId('system-free').textContent(), ENGINE_WAIT).toMatch(new RegExp(`^${free}$`));
    expect(languageProblems(await readableText(page), lang)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Deploy says the private CA turns certificate checks off on the gateway', async () => {
    const { context, page, errors } = await app.open(lang);
    await page.getByTestId('nav-deploy').click();
    const ca = page.getByTestId('deploy-private-ca');
    await ca.waitFor();
    const label = page.locator('label', { has: ca });
    expect((await label.textContent())?.trim()).toBe(`${t['deploy.privateCa']} ${t['deploy.privateCa.skipsChecks']}`);
    expect(await label.textContent()).toContain('WASM_INSECURE_REGISTRIES');
    await page.getByTestId('deploy-mode-oci').check();
    expect(await page.getByTestId('deploy-tls-note').count()).toBe(0);
    await ca.check();
    expect(await page.getByTestId('deploy-tls-note').textContent()).toBe(t['deploy.tls.gatewayNote']);
    expect(languageProblems(await readableText(page), lang)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Settings: a login with a CA file says the CA is saved with it, and Registries lists it', async () => {
    const { context, page, errors } = await app.open(lang);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('login-host').fill(tls.host);
    await page.getByTestId('login-ca-file').fill(tls.caFile!);
    await page.getByTestId('login-username').fill(TEST_USER);
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await page.getByTestId('login-save').click();
    await page.getByTestId('login-saved-settings').waitFor();
    expect(await page.getByTestId('login-saved-settings').textContent()).toBe(` ${fill(t['logins.savedSettings'], { settings: fill(t['logins.setting.caFile'], { path: tls.caFile! }) })}`);
    await expect.poll(async () => (await readableText(page)).includes(tls.caFile!), ENGINE_WAIT).toBe(true);
    expect(languageProblems(await readableText(page), lang)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
