import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zh-CN';
import { pluginFixture, pushFixtures, pluginServerFixture } from '../env/fixtures';
import { startRegistry, type TestRegistry } from '../env/registry';
import { tinyWasm } from '../env/wasm';
import { filesUnder, sha256hex, startFileServer, type FileServer } from '../migrate/migrate-env';
import { useAppSession } from './app-session';
import { ENGINE_WAIT, languageProblems, readableText, screenshot, type Lang } from './helpers';

// Moving WasmPlugins in the app, through the real `higress-airgap ui` in Chromium, in English and
// Chinese: pick the inventory file, see what it holds (and its problems), build with the
// configuration encrypted, then preview the migrated objects on the Deploy screen and restore
// their configuration with the passphrase.
let source: TestRegistry;
let files: FileServer;
const httpWasm = tinyWasm('hello-http for the app', 1024);
const SECRET = 'sk-APP-SECRET-4242';
const PASSPHRASE = 'a long passphrase for the app test';
const dict = (lang: Lang) => (lang === 'en' ? en : zhCN);
const fill = (text: string, params: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));

const app = useAppSession('e2e-migrate', {
  prepare: async ({ dir, stopAtEnd }) => {
    source = stopAtEnd(await startRegistry('plain'));
    await pushFixtures(source, { pluginServer: await pluginServerFixture('2.2.4'), plugins: [await pluginFixture({ name: 'key-auth', layout: 'oci-compat', tag: '2.0.0' })] });
    files = stopAtEnd(await startFileServer({ '/plugins/hello-http/1.0.0/plugin.wasm': httpWasm }));
    const objects = [
      {
        apiVersion: 'extensions.higress.io/v1alpha1',
        kind: 'WasmPlugin',
        metadata: { name: 'key-auth-1.0.0', namespace: 'higress-system', uid: 'u-1', resourceVersion: '7', labels: { 'higress.io/resource-definer': 'higress', 'higress.io/wasm-plugin-name': 'key-auth', 'higress.io/wasm-plugin-version': '1.0.0', 'higress.io/wasm-plugin-built-in': 'true' } },
        spec: { url: `oci://${source.host}/plugins/key-auth:2.0.0`, phase: 'AUTHN', priority: 310, defaultConfig: { consumers: [{ name: 'alice-consumer', credential: SECRET }], keys: ['x-api-key'] } },
      },
      {
        apiVersion: 'extensions.higress.io/v1alpha1',
        kind: 'WasmPlugin',
        metadata: { name: 'hello-http', namespace: 'higress-system' },
        spec: { url: `${files.base}/plugins/hello-http/1.0.0/plugin.wasm`, sha256: sha256hex(httpWasm), priority: 10, matchRules: [{ domain: ['api.example.com'], config: { greeting: 'hi' } }] },
      },
    ];
    await writeFile(join(dir, 'wasmplugins.yaml'), stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
    await writeFile(join(dir, 'broken.yaml'), 'apiVersion: extensions.higress.io/v1alpha1\nkind: WasmPlugin\nmetadata: {name: x}\nspec: {url: "gopher://example.com/x"}\n');
    return { SOURCE_DATE_EPOCH: '1767225600' };
  },
  timeoutMs: 120_000,
});

describe.each<Lang>(['en', 'zh-CN'])('moving WasmPlugins in the app (%s)', (lang) => {
  const t = dict(lang);

  it('lists the inventory with its problems, builds with the configuration encrypted, and previews the migrated objects on Deploy', async () => {
    const { context, page, errors } = await app.open(lang);
    const id = (testId: string) => page.getByTestId(testId);
    const out = join(app.dir, `out-${lang}`);
    await mkdir(out);
    try {
      await id('nav-build').click();
      await id('build-source').selectOption('custom');
      await id('build-source-host').fill(source.host);
      await id('build-source-plain-http').check();
      await id('build-plugin-server').uncheck();

      // A file whose only object names a scheme the gateway does not fetch: the problem is shown with file and document.
      await id('inventory-path').first().fill(join(app.dir, 'broken.yaml'));
      await id('inventory-problems').waitFor();
      expect(await id('inventory-problems').textContent()).toContain('broken.yaml, document 1 (line 1): WasmPlugin x is not valid: spec.url must be an oci://, http(s):// or file:// URL');
      expect(await id('inventory-count').textContent()).toBe(fill(t['migrate.found'], { count: 0 }));

      // The real inventory: every object listed with plugin, version, source and configuration.
      await id('inventory-path').first().fill(join(app.dir, 'wasmplugins.yaml'));
      await expect.poll(() => id('inventory-count').textContent(), ENGINE_WAIT).toBe(fill(t['migrate.found'], { count: 2 }));
      const rows = await page.locator('[data-testid="inventory-row"]').evaluateAll((trs) => trs.map((tr) => ({ key: tr.getAttribute('data-key'), problems: tr.getAttribute('data-problems'), plugin: tr.querySelector('[data-testid="inventory-plugin"]')?.textContent })));
      expect(rows).toEqual([
        { key: 'higress-system/key-auth-1.0.0', problems: '0', plugin: `key-auth (${t['migrate.builtIn']})` },
        { key: 'higress-system/hello-http', problems: '0', plugin: 'hello-http' },
      ]);
      expect(await id('inventory-secrets').first().textContent()).toContain('defaultConfig.consumers[].credential');
      expect(await page.content()).not.toContain(SECRET);

      await id('inventory-with-config').check();
      await id('inventory-passphrase').fill(PASSPHRASE);
      await id('inventory-passphrase-again').fill(PASSPHRASE);
      await id('build-out').fill(join(out, 'moved.tar'));
      // The estimate counts the inventory's modules (fetched from their URLs, nothing written).
      await id('build-estimate').click();
      await id('build-summary').waitFor({ timeout: 60_000 });
      for (const name of ['key-auth', 'hello-http']) expect(await id(`summary-plugin-${name}`).count(), name).toBe(1);
      expect(languageProblems(await readableText(page), lang)).toEqual([]);
      await screenshot(page, `migrate-build-${lang}`);
      await id('build-start').click();
      await id('build-result').waitFor({ timeout: 60_000 });
      expect(await id('result-inventory').textContent()).toBe(fill(t['migrate.result.objects'], { count: 2 }));
      // The passphrase is gone from the form once used, and no file of the bundle holds the secret.
      expect(await id('inventory-passphrase').inputValue()).toBe('');
      for (const f of await filesUnder(out)) expect((await readFile(f)).includes(Buffer.from(SECRET)), f).toBe(false);

      // Deploy: open the bundle, OCI mode, the migrated objects are previewed with the rest.
      await id('nav-deploy').click();
      await id('deploy-bundle-path').fill(join(out, 'moved.tar'));
      await id('deploy-bundle-open').click();
      await id('deploy-bundle-name').waitFor();
      await id('deploy-registry').fill('harbor.example.com/higress');
      await id('deploy-mode-oci').check();
      await id('deploy-migrated').waitFor();
      expect(await id('deploy-migrated-object').allTextContents()).toEqual(['higress-system/key-auth-1.0.0', 'higress-system/hello-http']);
      const yaml = (await id('deploy-yaml').textContent()) ?? '';
      expect(yaml).toContain('name: key-auth-1.0.0');
      expect(yaml).toContain('url: oci://harbor.example.com/higress/plugins/hello-http:1.0.0');
      expect(yaml).not.toContain('alice-consumer');
      // Without the passphrase the configuration stayed behind: said in the UI language.
      expect(await id('deploy-migrated-notices').textContent()).toContain(lang === 'en' ? 'Written without configuration' : '以下 WasmPlugin 写出时不含配置');

      // A wrong passphrase is refused in the UI language; the right one restores the configuration.
      await id('deploy-passphrase').fill('not the right passphrase');
      await id('deploy-restore').click();
      await id('deploy-restore-error').waitFor();
      expect(await id('deploy-restore-error').getAttribute('data-code')).toBe('PASSPHRASE_WRONG');
      expect(await id('deploy-restore-error').textContent()).toContain(lang === 'en' ? 'The passphrase does not open the plugin configuration' : '该口令无法解开此包中的插件配置');
      await id('deploy-passphrase').fill(PASSPHRASE);
      await id('deploy-restore').click();
      await id('deploy-migrated-restored').waitFor();
      await expect.poll(async () => (await id('deploy-yaml').textContent()) ?? '', ENGINE_WAIT).toContain('alice-consumer');
      expect(await id('deploy-migrated-notices').count()).toBe(0);
      expect(languageProblems(await readableText(page), lang)).toEqual([]);
      await screenshot(page, `migrate-deploy-${lang}`);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});
