import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zh-CN';
import { cli } from '../env/cli';
import { startDockerd, type TestDockerd } from '../env/dockerd';
import { pluginServerFixture, pushFixtures, sha256, type PushedFixtures } from '../env/fixtures';
import { startRegistry, type TestRegistry } from '../env/registry';
import { skopeo, skopeoFlags } from '../env/skopeo';
import { runOk } from '../env/tools';
import { useAppSession } from './app-session';
import { ENGINE_WAIT, languageProblems, readableText, screenshot, type Lang } from './helpers';

// Issue 13, items 1 and 2, in Chromium through the real `higress-airgap ui`, against real
// registries and the private dockerd, in English and Chinese: a push through Docker says before
// which platform goes and that the digest changes, and afterwards shows the digest the registry
// holds; an overwrite is confirmed tag by tag (digest now → after) and reported; "Skip it" says
// what it does. Also: a push result goes when the target changes; the retag preview stays checked.
let source: TestRegistry;
let dockerd: TestDockerd;
let fixtures: PushedFixtures;
const bundle = () => join(app.dir, 'higress-2.2.3.tar');
const dict = (lang: Lang) => (lang === 'en' ? en : zhCN);
const fill = (text: string, params: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? '');

interface BundleJson {
  images: Array<{ role: string; source: string; digest: string; platforms: string[] }>;
  plugins: Array<{ name: string; digest: string; source: string }>;
}
let manifest: BundleJson;

const app = useAppSession('truth-push', {
  prepare: async ({ dir, stopAtEnd }) => {
    [source, dockerd] = await Promise.all([startRegistry('plain').then(stopAtEnd), startDockerd().then(stopAtEnd)]);
    fixtures = await pushFixtures(source, { pluginServer: await pluginServerFixture('2.2.3') });
    const built = await cli(['bundle', '--out', bundle(), '--source', source.host, '--plain-http', '--release', '2.2.3', '--follow-tags', '--plugins', 'key-auth'], {
      env: { HIGRESS_AIRGAP_CONFIG: join(dir, 'cli-cfg'), SOURCE_DATE_EPOCH: '1767225600' },
    });
    expect(built.code, built.stderr).toBe(0);
    manifest = JSON.parse((await runOk('tar', ['-xOf', bundle(), 'bundle.json'])).stdout) as BundleJson;
    return { DOCKER_HOST: dockerd.host };
  },
  timeoutMs: 180_000,
});

/** What the registry holds under a tag, asked with skopeo (an independent client): the digest of its manifest bytes. */
async function registryDigest(r: TestRegistry, ref: string): Promise<string | undefined> {
  const raw = await skopeo(['inspect', '--raw', ...skopeoFlags(r), `docker://${ref}`]);
  return raw.code === 0 ? sha256(Buffer.from(raw.stdout)) : undefined;
}

async function openBundle(page: Page, target: TestRegistry): Promise<void> {
  await page.getByTestId('nav-import').click();
  await page.getByTestId('import-path').fill(bundle());
  await page.getByTestId('import-open').click();
  await page.getByTestId('bundle-summary').waitFor();
  await page.getByTestId('target-registry').fill(`${target.host}/higress`);
  await page.getByTestId('target-plain-http').check();
}

describe.each<Lang>(['en', 'zh-CN'])('push tells the truth (%s)', (lang) => {
  const t = dict(lang);

  it('through Docker: says before which platform goes and that the digest changes; shows the digest the registry holds after', async () => {
    const target = await startRegistry('plain');
    const { context, page, errors } = await app.open(lang);
    try {
      await openBundle(page, target);
      const server = manifest.images.find((i) => i.role === 'plugin-server')!;
      expect(server.platforms).toEqual(['linux/amd64', 'linux/arm64']);
      const targetRef = `${target.host}/higress/higress/plugin-server:2.2.3`;

      await page.getByTestId('push-via').selectOption('docker');
      expect(await page.getByTestId('push-docker-note').textContent()).toBe(t['push.via.dockerNote']);
      // The retag preview no longer promises the bundle's digest for the image: Docker sets a new one, for one platform.
      const previewDigest = page.getByTestId('preview-docker-digest');
      const short = `${server.digest.slice(0, 'sha256:'.length + 12)}…`;
      expect(await previewDigest.textContent()).toBe(fill(t['preview.byDockerUnchecked'], { digest: short }));
      await page.getByTestId('preview-check').click();
      await expect.poll(() => previewDigest.textContent(), ENGINE_WAIT).toBe(fill(t['preview.byDocker'], { platform: 'linux/amd64', digest: short }));
      await page.getByTestId('push-start').click();
      // Before anything is sent: the confirmation names the target, the platform, the others and the bundle's digest.
      const dialog = page.getByTestId('push-confirm');
      await dialog.waitFor();
      const said = (await page.getByTestId('push-confirm-docker').textContent()) ?? '';
      expect(said).toContain(targetRef);
      expect(said).toContain('linux/amd64');
      expect(said).toContain('linux/arm64');
      expect(said).toContain(server.digest);
      expect(said).toContain(lang === 'en' ? 'as a single-platform manifest' : '且是单平台清单');
      expect(languageProblems(await readableText(page), lang)).toEqual([]);
      await screenshot(page, `truth-push-docker-confirm-${lang}`);
      // Nothing was pushed while the question is open.
      expect((await fetch(`http://${target.host}/v2/_catalog`).then((r) => r.json())) as unknown).toEqual({ repositories: [] });
      await page.getByTestId('push-confirm-ok').click();

      await page.getByTestId('push-results').waitFor({ timeout: 120_000 });
      expect(await page.getByTestId('push-verdict').getAttribute('data-ok')).toBe('true');
      const row = page.locator('[data-testid="push-item"][data-kind="image"]');
      expect(await row.getAttribute('data-via')).toBe('docker');
      expect(await row.getAttribute('data-platform')).toBe('linux/amd64');
      const shown = await row.getByTestId('push-item-digest').textContent();
      const held = await registryDigest(target, targetRef);
      expect(held).toMatch(/^sha256:/);
      expect(shown).toBe(held);
      expect(shown).not.toBe(server.digest);
      const note = (await row.getByTestId('push-item-note').textContent()) ?? '';
      expect(note).toContain(held);
      expect(note).toContain(server.digest);
      expect(note).toContain(lang === 'en' ? 'as Docker pushed it' : '由 Docker 推送');
      // The registry holds one platform: the amd64 image's config, under a manifest Docker built.
      const raw = JSON.parse((await skopeo(['inspect', '--raw', ...skopeoFlags(target), `docker://${targetRef}`])).stdout) as { config: { digest: string }; manifests?: unknown };
      expect(raw.manifests).toBeUndefined();
      expect(raw.config.digest).toBe((JSON.parse(fixtures.pluginServer.index.children[0]!.bytes.toString()) as { config: { digest: string } }).config.digest);
      // Plugins still went byte for byte.
      const keyAuth = manifest.plugins.find((p) => p.name === 'key-auth')!;
      expect(await registryDigest(target, `${target.host}/higress/plugins/key-auth:2.0.0`)).toBe(keyAuth.digest);
      expect(languageProblems(await readableText(page), lang)).toEqual([]);
      await screenshot(page, `truth-push-docker-result-${lang}`);

      // Load into Docker names the platform and says the plugins are not loaded.
      await page.getByTestId('docker-load').click();
      await page.getByTestId('docker-result').waitFor({ timeout: 120_000 });
      expect(await page.getByTestId('docker-loaded-image').getAttribute('data-platform')).toBe('linux/amd64');
      expect(await page.getByTestId('docker-loaded-image').textContent()).toBe(lang === 'en' ? `${server.source} (linux/amd64)` : `${server.source}（平台 linux/amd64）`);
      expect(await page.getByTestId('docker-plugins-note').textContent()).toBe(
        lang === 'en' ? 'The bundle’s plugin is not loaded into Docker (Docker cannot hold Wasm plugins): push it to the registry.' : '离线包中的 1 个插件不会导入 Docker（Docker 不能存放 Wasm 插件）：请把它推送到镜像仓库。',
      );
      expect(languageProblems(await readableText(page), lang)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await target.stop();
    }
  }, 240_000);

  it('"Skip it" says what it does and leaves a differing tag; "Overwrite it" confirms each tag (digest now → after) and reports it replaced', async () => {
    const target = await startRegistry('plain');
    const { context, page, errors } = await app.open(lang);
    try {
      // The target tag holds another plugin already.
      const other = fixtures.plugins.find((p) => p.name === 'basic-auth')!;
      const tagRef = `${target.host}/higress/plugins/key-auth:2.0.0`;
      const cp = await skopeo(['copy', ...skopeoFlags(source, 'src'), ...skopeoFlags(target, 'dest'), `docker://${source.host}/${other.repo}:${other.tag}`, `docker://${tagRef}`]);
      expect(cp.code, cp.stderr).toBe(0);
      const keyAuth = manifest.plugins.find((p) => p.name === 'key-auth')!;
      await openBundle(page, target);

      // The preview is checked before the push…
      await page.getByTestId('preview-check').click();
      await expect.poll(() => page.getByTestId('preview-status').allTextContents(), ENGINE_WAIT).not.toContain(t['preview.unchecked']);

      expect(await page.getByTestId('push-policy-explained').textContent()).toBe(t['push.policy.explain.skip']);
      await page.getByTestId('push-start').click();
      await page.getByTestId('push-results').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('push-verdict').getAttribute('data-ok')).toBe('false');
      const conflict = page.locator('[data-testid="push-item"]', { has: page.locator(`[data-testid="push-item-target"]:text-is("${tagRef}")`) });
      const problem = conflict.getByTestId('push-item-problem');
      expect(await problem.getAttribute('data-code')).toBe('PUSH_TAG_CONFLICT');
      const problemText = (await problem.textContent()) ?? '';
      expect(problemText).toContain(other.manifest.digest);
      // The next step names the choice on the screen, never a flag.
      expect(problemText).toContain(`${t['push.policy.overwrite']}`);
      expect(problemText).not.toMatch(/(^|\s)--[a-z]/);
      expect(await registryDigest(target, tagRef)).toBe(other.manifest.digest);
      // …and stays checked after it (showing what the registry holds now).
      await expect.poll(() => page.getByTestId('preview-status').allTextContents(), ENGINE_WAIT).not.toContain(t['preview.unchecked']);
      expect(languageProblems(await readableText(page), lang)).toEqual([]);

      await page.getByTestId('push-policy').selectOption('overwrite');
      expect(await page.getByTestId('push-policy-explained').textContent()).toBe(t['push.policy.explain.overwrite']);
      await page.getByTestId('push-start').click();
      await page.getByTestId('push-confirm').waitFor();
      const rows = await page.getByTestId('push-confirm-row').evaluateAll((trs) =>
        trs.map((tr) => ({
          tag: tr.querySelector('[data-testid="push-confirm-tag"]')?.textContent,
          old: tr.querySelector('[data-testid="push-confirm-old"]')?.textContent,
          new: tr.querySelector('[data-testid="push-confirm-new"]')?.textContent,
        })),
      );
      expect(rows).toEqual([{ tag: tagRef, old: other.manifest.digest, new: keyAuth.digest }]);
      expect(await page.getByTestId('push-confirm-ok').textContent()).toBe(t['push.confirm.okReplace']);
      expect(languageProblems(await readableText(page), lang)).toEqual([]);
      await screenshot(page, `truth-push-overwrite-confirm-${lang}`);
      // Still untouched while the question is open.
      expect(await registryDigest(target, tagRef)).toBe(other.manifest.digest);
      await page.getByTestId('push-confirm-ok').click();

      await expect.poll(() => page.getByTestId('push-verdict').getAttribute('data-ok'), { timeout: 60_000 }).toBe('true');
      expect(await registryDigest(target, tagRef)).toBe(keyAuth.digest);
      const replaced = page.locator('[data-testid="push-item"]', { has: page.locator(`[data-testid="push-item-target"]:text-is("${tagRef}")`) });
      expect(await replaced.getByTestId('push-item-note').textContent()).toBe(
        lang === 'en' ? `${tagRef} replaced: ${other.manifest.digest} → ${keyAuth.digest}` : `${tagRef} 已替换：${other.manifest.digest} → ${keyAuth.digest}`,
      );
      expect(languageProblems(await readableText(page), lang)).toEqual([]);
      await screenshot(page, `truth-push-overwrite-result-${lang}`);

      // Another target: the result (which says nothing about it) goes away.
      await page.getByTestId('target-registry').fill(`${target.host}/elsewhere`);
      expect(await page.getByTestId('push-results').count()).toBe(0);
      expect(await page.getByTestId('import-to-deploy').count()).toBe(0);
      await page.getByTestId('target-registry').fill(`${target.host}/higress`);
      expect(await page.getByTestId('push-results').count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await target.stop();
    }
  }, 240_000);

  it('the connection test reads in the UI language', async () => {
    const target = await startRegistry('plain');
    const { context, page, errors } = await app.open(lang);
    try {
      await openBundle(page, target);
      await page.getByTestId('target-test').click();
      await page.getByTestId('preflight-steps').waitFor();
      const reach = (await page.getByTestId('preflight-reach').textContent()) ?? '';
      expect(reach).toContain(lang === 'en' ? `${target.host} answers (authentication: none)` : `${target.host} 有应答（认证方式：none）`);
      expect(await page.getByTestId('preflight-push').textContent()).toContain(fill(lang === 'en' ? 'may push under {target}' : '可以推送到 {target}', { target: `${target.host}/higress` }));
      expect(languageProblems(await readableText(page), lang)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await target.stop();
    }
  }, 240_000);
});
