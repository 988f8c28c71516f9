import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import { installedCli } from '../env/cli';
import { startDockerd, type TestDockerd } from '../env/dockerd';
import { pluginServerFixture, pushFixtures } from '../env/fixtures';
import { startRegistry, TEST_PASSWORD, TEST_USER, type TestRegistry } from '../env/registry';
import { skopeo, skopeoFlags } from '../env/skopeo';
import { runOk } from '../env/tools';
import { useAppSession } from './app-session';
import { corruptCopy, ENGINE_WAIT, languageProblems, readableText, screenshot, sumOf, tabTo } from './helpers';

// The two sides of the product driven in Chromium through the real `higress-airgap ui`, against
// real registries (plain HTTP source with fixtures; TLS + basic auth target) and a real dockerd.
// Each test stands alone and passes in any order: it gets a page of its own, and what it starts
// from comes from a shared, idempotent set-up (the fixtures; one bundle the installed CLI builds
// when a test first asks for it), never from an earlier test. Each push goes under a namespace of
// the test's own, so no test sees what another pushed.
let source: TestRegistry;
let target: TestRegistry;
let dockerd: TestDockerd;
const SOURCE_DATE_EPOCH = '1767225600';
const app = useAppSession('e2e-flows', {
  prepare: async ({ stopAtEnd }) => {
    [source, target, dockerd] = await Promise.all([startRegistry('plain').then(stopAtEnd), startRegistry('tls-basic').then(stopAtEnd), startDockerd().then(stopAtEnd)]);
    await pushFixtures(source, { pluginServer: await pluginServerFixture('2.2.3') });
    return { DOCKER_HOST: dockerd.host, SOURCE_DATE_EPOCH };
  },
});

// 2.2.3 catalog plugins, one per layout the fixtures hold (json-converter is no 2.2.3 built-in).
const PLUGINS = ['key-auth', 'basic-auth', 'ai-proxy'];

let page: Page;
let errors: string[];
const byTestId = (id: string) => page.getByTestId(id);
// Every test starts on a page of its own: Home, no bundle open, the Build form as new.
beforeEach(async () => {
  ({ page, errors } = await app.open('en'));
});

let cliBundle: Promise<string> | undefined;
/**
 * The bundle of PLUGINS and the 2.2.3 Plugin Server image that the installed CLI writes from the
 * fixtures: built once per file, when a test first needs it; the offline tests start from it.
 */
function bundleBuiltByCli(): Promise<string> {
  cliBundle ??= (async () => {
    const out = app.path('cli', 'higress-2.2.3.tar');
    await mkdir(dirname(out), { recursive: true });
    const built = await installedCli(['bundle', '--out', out, '--source', source.host, '--plain-http', '--release', '2.2.3', '--plugins', PLUGINS.join(','), '--follow-tags'], {
      env: { HIGRESS_AIRGAP_CONFIG: app.path('cli-config'), DOCKER_CONFIG: app.path('cli-docker-config'), SOURCE_DATE_EPOCH },
    });
    if (built.code !== 0) throw new Error(`higress-airgap bundle exited ${built.code}: ${built.stderr}`);
    return out;
  })();
  return cliBundle;
}

/** A folder of the session for one test's files. */
async function folder(name: string): Promise<string> {
  const path = app.path(name);
  await mkdir(path, { recursive: true });
  return path;
}

/** The bundle's own manifest, read with GNU tar (an independent reader). */
async function bundleJson(path: string): Promise<{ images: Array<{ role: string; source: string; digest: string }>; plugins: Array<{ name: string; digest: string; source: string }> }> {
  return JSON.parse((await runOk('tar', ['-xOf', path, 'bundle.json'])).stdout);
}

/** Opens a bundle on the Import screen by typing its path. */
async function openOnImport(path: string): Promise<void> {
  await byTestId('nav-import').click();
  await byTestId('import-path').fill(path);
  await byTestId('import-open').click();
  await expect.poll(() => byTestId('bundle-path').textContent(), ENGINE_WAIT).toBe(path);
}

/** The push target: the TLS + basic-auth registry, under the test's own namespace. */
async function fillTarget(namespace: string): Promise<void> {
  await byTestId('target-registry').fill(`${target.host}/${namespace}`);
  await byTestId('target-ca-file').fill(target.caFile as string);
  await byTestId('target-username').fill(TEST_USER);
  await byTestId('target-password').fill(TEST_PASSWORD);
}

/**
 * The Build form on release 2.2.3 with the fixtures' registry as a custom source, tested. The
 * fixtures are not the release builds the catalog pins: take what their tags hold.
 */
async function chooseFixtureSource(): Promise<void> {
  await byTestId('nav-build').click();
  await byTestId('build-release').selectOption('2.2.3');
  await byTestId('build-source').selectOption('custom');
  await byTestId('build-source-host').fill(source.host);
  await byTestId('build-source-plain-http').check();
  await byTestId('build-follow-tags').check();
  await byTestId('build-source-test').click();
}

/** Each plugin of PLUGINS ticked from its own row, found by search; the search cleared after. */
async function tickPlugins(): Promise<void> {
  for (const name of PLUGINS) {
    await byTestId('catalog-search').fill(name.split('-')[0] as string);
    await byTestId(`plugin-check-${name}`).check();
  }
  await byTestId('catalog-search').fill('');
}

/** A bundle of PLUGINS built through the Build form as a user does: source tested, catalog probed, estimate shown. */
async function buildThroughForm(out: string): Promise<void> {
  await chooseFixtureSource();
  await byTestId('build-source-ok').waitFor();
  await tickPlugins();
  await byTestId('catalog-probe').click();
  await expect.poll(() => byTestId('plugin-layout-key-auth').textContent(), ENGINE_WAIT).toBe('oci-compat');
  await byTestId('build-out').fill(out);
  await byTestId('build-estimate').click();
  await byTestId('build-summary').waitFor();
  await byTestId('build-start').click();
  await byTestId('build-result').waitFor({ timeout: 60_000 });
}

describe('the connected side in Chromium', () => {
  it('builds a bundle from the fixtures: custom source, probed catalog, estimate, progress, result with checksums matching the sidecars, opened in Import from the result', async () => {
    const bundlePath = join(await folder('ui-build'), 'higress-2.2.3.tar');
    await chooseFixtureSource();
    await expect.poll(() => byTestId('build-source-ok').textContent(), ENGINE_WAIT).toContain(source.host);

    // Search narrows the table; each plugin is ticked from its own row.
    await tickPlugins();
    expect(await byTestId('catalog-count').textContent()).toBe(`3 of 43 selected`);
    await byTestId('catalog-probe').click();
    await expect.poll(() => byTestId('plugin-layout-key-auth').textContent(), ENGINE_WAIT).toBe('oci-compat');
    expect(await byTestId('plugin-layout-basic-auth').textContent()).toBe('docker-compat');
    // The 2.2.3 Console lists ai-load-balancer; the official Plugin Server image of 2.2.3 lacks it.
    await byTestId('catalog-search').fill('ai-load');
    expect(await byTestId('plugin-ps-ai-load-balancer').count()).toBe(1);
    expect(await byTestId('plugin-ps-key-auth').count()).toBe(0);
    await byTestId('catalog-search').fill('');
    expect(await byTestId('plugin-layout-ai-proxy').textContent()).toBe('oci-wasm');
    // The fixture is not the release build the catalog pins; with tags followed the probe says so.
    expect(await byTestId('plugin-digest-ai-proxy').textContent()).toMatch(/^sha256:[0-9a-f]{12}…differs from the pin$/);

    await byTestId('build-out').fill(bundlePath);
    await expect.poll(() => byTestId('build-folder').textContent(), ENGINE_WAIT).toMatch(/free of .* file system \w+/);
    await byTestId('build-estimate').click();
    await byTestId('build-summary').waitFor();
    for (const name of PLUGINS) expect(await byTestId(`summary-plugin-${name}`).count()).toBe(1);

    // Record every state of the progress bar while the build runs: it must never move back.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __fractions: string[] }).__fractions = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('[data-testid="build-progress-bar"]');
        if (bar) seen.push(bar.getAttribute('data-fraction') ?? '');
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-fraction'] });
    });
    await byTestId('build-start').click();
    await byTestId('build-result').waitFor({ timeout: 60_000 });
    const fractions = await page.evaluate(() => (window as unknown as { __fractions: string[] }).__fractions);
    expect(fractions.length).toBeGreaterThan(0);
    const numbers = fractions.filter((f) => f !== '').map(Number);
    for (let i = 1; i < numbers.length; i++) expect(numbers[i]).toBeGreaterThanOrEqual(numbers[i - 1] as number);

    expect(await byTestId('result-path').textContent()).toBe(bundlePath);
    const md5 = await byTestId('result-md5').textContent();
    const sha256 = await byTestId('result-sha256').textContent();
    expect(md5).toBe(await sumOf(`${bundlePath}.md5`));
    expect(sha256).toBe(await sumOf(`${bundlePath}.sha256`));
    expect(sha256).toBe(createHash('sha256').update(await readFile(bundlePath)).digest('hex'));
    // The copy button puts the exact value on the clipboard.
    await page.getByRole('button', { name: 'Copy the SHA-256' }).first().click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(sha256);
    // No native dialogs in a browser: no "Open folder".
    expect(await byTestId('result-open-folder').count()).toBe(0);
    expect((await bundleJson(bundlePath)).plugins.map((p) => p.name).sort()).toEqual([...PLUGINS].sort());
    await screenshot(page, 'flow-build-result-en');

    // The result's primary button opens the new bundle on Import.
    await byTestId('result-import').click();
    await byTestId('bundle-summary').waitFor();
    expect(await byTestId('bundle-path').textContent()).toBe(bundlePath);
    expect(errors).toEqual([]);
  });
});

describe('the offline side in Chromium', () => {
  it('opens a bundle in Import and verifies it: every file ok, and the exported report says so', async () => {
    await openOnImport(await bundleBuiltByCli());
    expect(await byTestId('bundle-release').textContent()).toBe('2.2.3');
    for (const name of PLUGINS) expect(await byTestId(`bundle-plugin-${name}`).count()).toBe(1);
    await byTestId('verify-start').click();
    await byTestId('verify-report').waitFor();
    expect(await byTestId('verify-verdict').getAttribute('data-ok')).toBe('true');
    const rows = await byTestId('verify-file').count();
    expect(rows).toBeGreaterThan(10);
    expect(await page.locator('[data-testid="verify-file"]:not([data-status="ok"])').count()).toBe(0);

    const [download] = await Promise.all([page.waitForEvent('download'), byTestId('verify-export').click()]);
    expect(download.suggestedFilename()).toBe('higress-2.2.3.tar.verify.json');
    const report = JSON.parse(await readFile(await download.path(), 'utf8'));
    expect(report.ok).toBe(true);
    expect(report.files.length).toBe(rows);
    await screenshot(page, 'flow-import-verified-en');
    expect(errors).toEqual([]);
  });

  it('shows the damage in a corrupted copy by file name, and turns Push off for it', async () => {
    const damagedPath = join(await folder('damaged'), 'higress-2.2.3.tar');
    const damaged = await corruptCopy(await bundleBuiltByCli(), damagedPath);
    await openOnImport(damagedPath);
    await byTestId('verify-start').click();
    await byTestId('verify-report').waitFor();
    expect(await byTestId('verify-verdict').getAttribute('data-ok')).toBe('false');
    // Problems first: the damaged blob leads the table, named.
    const first = byTestId('verify-file').first();
    expect(await first.getAttribute('data-status')).toBe('mismatch');
    expect(await first.getByTestId('verify-file-path').textContent()).toBe(damaged);
    await byTestId('verify-filter').selectOption('problems-only');
    const bad = await page.locator('[data-testid="verify-file"]').evaluateAll((rows) => rows.map((r) => r.querySelector('[data-testid="verify-file-path"]')?.textContent));
    expect(bad).toEqual([damaged]);
    expect(await byTestId('import-damaged').isVisible()).toBe(true);
    await screenshot(page, 'flow-import-damaged-en');

    await fillTarget('damaged');
    // The push is off, with the reason, even with a complete target (the engine refuses it as well).
    expect(await byTestId('push-blocked').textContent()).toBe(en['verify.blocked.push']);
    expect(await byTestId('push-start').isDisabled()).toBe(true);
    const tags = await skopeo(['list-tags', ...skopeoFlags(target), `docker://${target.host}/damaged/plugins/key-auth`]);
    expect(tags.code).not.toBe(0);
    expect(errors).toEqual([]);
  });

  it('pushes the good bundle (opened from Home’s recent list) to the TLS + basic-auth registry: test, preview, push, digests as in the bundle', async () => {
    const bundlePath = await bundleBuiltByCli();
    // Opened once, the bundle is on Home's recent list; a reload starts the page over with nothing open.
    await openOnImport(bundlePath);
    await page.reload();
    await page.waitForFunction(() => !location.hash.includes('token'));
    await byTestId('nav-home').click();
    await byTestId('recent-list').waitFor();
    expect(await byTestId('bundle-path').count()).toBe(0);
    await page.locator('[data-testid="recent-list"] li', { hasText: bundlePath }).getByTestId('recent-open').click();
    await expect.poll(() => byTestId('bundle-path').textContent(), ENGINE_WAIT).toBe(bundlePath);

    await fillTarget('higress');
    await byTestId('target-test').click();
    await byTestId('preflight-steps').waitFor();
    for (const step of ['reach', 'login', 'push']) expect(await byTestId(`preflight-${step}`).getAttribute('data-ok')).toBe('true');

    await byTestId('preview-check').click();
    await expect.poll(() => byTestId('preview-status').allTextContents(), ENGINE_WAIT).toEqual(Array(1 + PLUGINS.length).fill('Will push'));
    const previewTargets = await byTestId('preview-target').allTextContents();
    expect(previewTargets).toContain(`${target.host}/higress/plugins/key-auth:2.0.0`);

    await byTestId('push-start').click();
    await byTestId('push-results').waitFor({ timeout: 60_000 });
    expect(await byTestId('push-verdict').getAttribute('data-ok')).toBe('true');
    // The password is gone from the form once used.
    expect(await byTestId('target-password').inputValue()).toBe('');

    const manifest = await bundleJson(bundlePath);
    const items = await page.locator('[data-testid="push-item"]').evaluateAll((rows) =>
      rows.map((r) => ({ kind: r.getAttribute('data-kind'), target: r.querySelector('[data-testid="push-item-target"]')?.textContent, digest: r.querySelector('[data-testid="push-item-digest"]')?.textContent })),
    );
    expect(items.map((i) => i.target).sort()).toEqual([...previewTargets].sort());
    for (const p of manifest.plugins) {
      const item = items.find((i) => i.target?.includes(`/${p.source.split('/').slice(1).join('/').replace(/:.*$/, '')}:`));
      expect(item?.digest, p.name).toBe(p.digest);
    }
    // skopeo, an independent client, sees the same manifest bytes in the registry.
    const keyAuth = manifest.plugins.find((p) => p.name === 'key-auth');
    const raw = await runOk('/usr/bin/skopeo', ['inspect', '--raw', ...skopeoFlags(target), `docker://${target.host}/higress/plugins/key-auth:2.0.0`]);
    expect(`sha256:${createHash('sha256').update(raw.stdout).digest('hex')}`).toBe(keyAuth?.digest);
    await screenshot(page, 'flow-push-results-en');
    expect(errors).toEqual([]);
  });

  it('loads the bundle into the Docker engine', async () => {
    const bundlePath = await bundleBuiltByCli();
    await openOnImport(bundlePath);
    await byTestId('docker-load').click();
    await byTestId('docker-loaded').waitFor({ timeout: 60_000 });
    const loaded = await byTestId('docker-loaded').textContent();
    const server = (await bundleJson(bundlePath)).images.find((i) => i.role === 'plugin-server');
    expect(loaded).toContain(server?.source);
    const inspect = await dockerd.cli(['image', 'inspect', server?.source as string]);
    expect(inspect.code).toBe(0);
    expect(errors).toEqual([]);
  });

  it('generates the deployment: live YAML with the pushed Plugin Server image, namespace errors beside the form, saved to a folder', async () => {
    // Deploy starts from a push: this test's own, of the CLI's bundle.
    await openOnImport(await bundleBuiltByCli());
    await fillTarget('deploy');
    await byTestId('push-start').click();
    await byTestId('push-results').waitFor({ timeout: 60_000 });
    expect(await byTestId('push-verdict').getAttribute('data-ok')).toBe('true');
    const pushedServer = await page.locator('[data-testid="push-item"][data-kind="image"] [data-testid="push-item-target"]').textContent();
    expect(pushedServer).toBe(`${target.host}/deploy/higress/plugin-server:2.2.3`);
    await byTestId('import-to-deploy').click();
    await expect.poll(() => byTestId('deploy-registry').inputValue(), ENGINE_WAIT).toBe(`${target.host}/deploy`);
    expect(await byTestId('deploy-mode-http').isChecked()).toBe(true);
    const yaml = () => byTestId('deploy-yaml').textContent();
    await expect.poll(yaml, ENGINE_WAIT).toContain(`image: ${pushedServer}`);
    expect(await yaml()).toContain('namespace: higress-system');

    await byTestId('deploy-namespace').fill('gateway-system');
    await expect.poll(yaml, ENGINE_WAIT).toContain('namespace: gateway-system');
    expect(await yaml()).not.toContain('namespace: higress-system');

    await byTestId('deploy-namespace').fill('Not_A_Namespace');
    await byTestId('deploy-error').waitFor();
    expect(await byTestId('deploy-error').textContent()).toContain('Invalid namespace "Not_A_Namespace"');
    expect(await byTestId('deploy-yaml').count()).toBe(0);
    expect(await byTestId('deploy-save').isDisabled()).toBe(true);
    await screenshot(page, 'flow-deploy-error-en');

    await byTestId('deploy-namespace').fill('gateway-system');
    await expect.poll(yaml, ENGINE_WAIT).toContain('namespace: gateway-system');
    await screenshot(page, 'flow-deploy-preview-en');
    const shown = await yaml();
    const out = app.path('deploy-out');
    await byTestId('deploy-dir').fill(out);
    await byTestId('deploy-save').click();
    await byTestId('deploy-saved').waitFor();
    expect(await readFile(join(out, 'all.yaml'), 'utf8')).toBe(shown);
    expect((await readdir(out)).sort()).toEqual(expect.arrayContaining(['README.md', 'all.yaml', 'helm', 'manifests']));

    // A 2.2.4 cluster runs one of two Console builds: the choice appears, and names follow it.
    expect(await byTestId('deploy-console-build').count()).toBe(0);
    await byTestId('deploy-release').selectOption('2.2.4');
    await byTestId('deploy-console-build').waitFor();
    expect(await byTestId('deploy-console-build').locator('option').count()).toBe(2);
    await expect.poll(yaml, ENGINE_WAIT).toContain('name: key-auth-1.0.0');
    await byTestId('deploy-release').selectOption('');
    expect(errors).toEqual([]);
  }, 120_000);

  it('shows the same screens, full of real results, in Chinese with nothing left untranslated', async () => {
    // The results first, in English, as a user makes them: a build, a push and a load of it, the deployment.
    await buildThroughForm(join(await folder('zh'), 'higress-2.2.3.tar'));
    await byTestId('result-import').click();
    await byTestId('bundle-summary').waitFor();
    await fillTarget('zh');
    await byTestId('target-test').click();
    await byTestId('preflight-steps').waitFor();
    await byTestId('preview-check').click();
    await expect.poll(() => byTestId('preview-status').allTextContents(), ENGINE_WAIT).toEqual(Array(1 + PLUGINS.length).fill('Will push'));
    await byTestId('push-start').click();
    await byTestId('push-results').waitFor({ timeout: 60_000 });
    expect(await byTestId('push-verdict').getAttribute('data-ok')).toBe('true');
    await byTestId('docker-load').click();
    await byTestId('docker-loaded').waitFor({ timeout: 60_000 });
    await byTestId('import-to-deploy').click();
    await expect.poll(() => byTestId('deploy-yaml').textContent(), ENGINE_WAIT).toContain(`image: ${target.host}/zh/higress/plugin-server:2.2.3`);

    await byTestId('lang').selectOption('zh-CN');
    for (const screen of ['build', 'import', 'deploy']) {
      await byTestId(`nav-${screen}`).click();
      await byTestId(`screen-${screen}`).waitFor();
      expect(languageProblems(await readableText(page), 'zh-CN'), screen).toEqual([]);
      await screenshot(page, `flow-${screen}-zh-CN`);
    }
    expect(await byTestId('push-verdict').textContent()).toMatch(new RegExp(`^全部 ${1 + PLUGINS.length} 项已在 `));
    await byTestId('lang').selectOption('en');
    expect(errors).toEqual([]);
  }, 180_000);

  it('logs in from Settings only after the registry accepts the password, and logs out', async () => {
    await byTestId('nav-settings').click();
    const login = async (password: string) => {
      await byTestId('login-host').fill(target.host);
      await byTestId('login-ca-file').fill(target.caFile as string);
      await byTestId('login-username').fill(TEST_USER);
      await byTestId('login-password').fill(password);
      await byTestId('login-save').click();
    };
    await login('not the password');
    await byTestId('login-error').waitFor();
    expect(await byTestId('login-error').textContent()).toMatch(/401|unauthori[sz]ed|password/i);
    expect(await byTestId('login-password').inputValue()).toBe('');
    expect(await byTestId('logins-list').count()).toBe(0);

    await login(TEST_PASSWORD);
    await byTestId('logins-list').waitFor();
    expect(await byTestId('logins-list').textContent()).toContain(`${target.host} · ${TEST_USER}`);
    expect(await byTestId('login-password').inputValue()).toBe('');
    expect(await byTestId('logins-protection').textContent()).toContain('not encrypted');

    await page.getByRole('button', { name: `Log out of ${target.host}` }).click();
    await byTestId('logout-dialog-ok').click();
    await expect.poll(() => byTestId('logins-list').count(), ENGINE_WAIT).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe('keyboard only', () => {
  it('builds through the Build form, then opens, verifies and pushes through the Import flow with Tab, Space and Enter', async () => {
    const key = (k: string) => page.keyboard.press(k);
    const type = (text: string) => page.keyboard.type(text);
    const id = byTestId;
    const out = join(await folder('keyboard'), 'keyboard.tar');
    await tabTo(page, 'nav-build');
    await key('Enter');
    await id('screen-build').waitFor();
    await tabTo(page, 'build-release');
    await key('ArrowDown');
    expect(await id('build-release').inputValue()).toBe('2.2.3');
    await tabTo(page, 'build-source');
    await key('End');
    expect(await id('build-source').inputValue()).toBe('custom');
    await tabTo(page, 'build-source-host');
    await type(source.host);
    await tabTo(page, 'build-source-plain-http');
    await key('Space');
    await tabTo(page, 'build-follow-tags');
    await key('Space');
    expect(await id('build-follow-tags').isChecked()).toBe(true);
    await tabTo(page, 'build-source-test');
    await key('Enter');
    await id('build-source-ok').waitFor();
    await tabTo(page, 'catalog-search');
    await type('key-auth');
    await tabTo(page, 'plugin-check-key-auth');
    await key('Space');
    expect(await id('plugin-check-key-auth').isChecked()).toBe(true);
    await tabTo(page, 'build-out');
    await type(out);
    // Tab enters a radio group at its checked radio; arrows move the choice.
    await tabTo(page, 'split-none');
    await key('ArrowRight');
    await key('ArrowRight');
    expect(await id('split-custom').isChecked()).toBe(true);
    await tabTo(page, 'split-size', 3);
    await type('512K');
    await tabTo(page, 'build-start');
    await key('Enter');
    await id('build-result').waitFor({ timeout: 60_000 });
    // Split into volumes: each has its own checksums, matching its own sidecars.
    const volumes = await id('result-path').allTextContents();
    expect(volumes.length).toBeGreaterThan(1);
    expect(volumes[0]).toBe(`${out}.000`);
    const sha = await id('result-sha256').allTextContents();
    for (const [i, v] of volumes.entries()) expect(sha[i]).toBe(await sumOf(`${v}.sha256`));

    // The result's primary button leads to Import; Enter in the path field submits the form.
    await tabTo(page, 'result-import');
    await key('Enter');
    await id('bundle-summary').waitFor();
    expect(await id('bundle-kind').textContent()).toBe(`${volumes.length} volumes`);
    await tabTo(page, 'import-path', 3);
    expect(await id('import-path').inputValue()).toBe(`${out}.000`);
    // Opening again replaces the steps below: mark the old ones to wait for the new.
    await id('bundle-summary').evaluate((el) => el.setAttribute('data-old', ''));
    await key('Enter');
    await page.locator('[data-testid="bundle-summary"]:not([data-old])').waitFor();
    await tabTo(page, 'verify-start');
    await key('Enter');
    await id('verify-report').waitFor();
    expect(await id('verify-verdict').getAttribute('data-ok')).toBe('true');

    await tabTo(page, 'target-registry');
    await type(`${target.host}/keyboard`);
    await tabTo(page, 'target-ca-file');
    await type(target.caFile as string);
    await tabTo(page, 'target-username');
    await type(TEST_USER);
    await tabTo(page, 'target-password');
    await type(TEST_PASSWORD);
    await tabTo(page, 'target-test');
    await key('Enter');
    await id('preflight-steps').waitFor();
    expect(await id('preflight-push').getAttribute('data-ok')).toBe('true');
    await tabTo(page, 'push-start');
    await key('Enter');
    await id('push-results').waitFor({ timeout: 60_000 });
    expect(await id('push-verdict').getAttribute('data-ok')).toBe('true');
    expect(errors).toEqual([]);
  }, 120_000);
});
