import { createHash } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRelease } from '../../shared/catalog/catalog';
import type { CatalogPlugin, CatalogRelease } from '../../shared/catalog/types';
import { writeBundle } from '../../shared/bundle/write-bundle';
import type { BundlePlan } from '../../shared/bundle/plan';
import { pluginFixture, pluginServerFixture, pushManifestTree, type PluginFixture } from '../env/fixtures';
import { RawRegistryClient } from '../env/raw-registry';
import { startRegistry, type TestRegistry } from '../env/registry';
import { failureOf, tempDir, type TempDir } from '../env/tools';
import { cli } from '../env/cli';
import { renderError } from '../../shared/messages/catalog';

/**
 * Pull by the pinned digest, through the real bundle writer and a real registry. The upstream
 * catalog pins the release builds, which cannot be made here; so these tests hand the writer a
 * catalog release whose pins are fixture digests (the catalog is a dependency of resolve).
 */
let dir: TempDir;
let source: TestRegistry;
let released: PluginFixture; // the build the release pins
let moved: PluginFixture; // what the tag holds today
let other: PluginFixture;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function releaseWith(plugins: Array<Partial<CatalogPlugin> & Pick<CatalogPlugin, 'name' | 'repository' | 'tag'>>): CatalogRelease {
  const base = getRelease('2.2.3');
  return {
    ...base,
    release: '9.9.9',
    pluginServer: { repository: 'higress/plugin-server', tag: '9.9.9' },
    plugins: plugins.map((p) => ({ category: 'auth', phase: 'AUTHN', priority: 1, servedVersions: [p.tag], consoleBuilds: [], inPluginServerImage: true, pinSource: 'test', ...p })),
  };
}

async function bundle(name: string, release: CatalogRelease, plan: Partial<BundlePlan> = {}) {
  const deps = { registry: { settingsDir: join(dir.path, 'cfg'), env: {} }, flags: { plainHttp: true }, catalog: [release] };
  const out = join(dir.path, name, 'b.tar');
  await mkdir(join(dir.path, name), { recursive: true });
  return writeBundle({ release: release.release, source: source.host, pluginServer: null, allCatalogPlugins: true, ...plan }, deps, { out, tempDir: join(dir.path, 'tmp'), env: { SOURCE_DATE_EPOCH: '1767225600' } });
}

beforeAll(async () => {
  dir = await tempDir('pins');
  await mkdir(join(dir.path, 'tmp'));
  source = await startRegistry('plain');
  const client = new RawRegistryClient(source);
  released = await pluginFixture({ name: 'key-auth', layout: 'oci-compat', tag: 'released' });
  moved = await pluginFixture({ name: 'key-auth', layout: 'oci-compat', tag: 'moved' });
  other = await pluginFixture({ name: 'basic-auth', layout: 'oci-compat', tag: '2.0.0' });
  // The release build stays reachable by digest; the tag 2.0.0 now points at another build.
  await pushManifestTree(client, 'plugins/key-auth', undefined, released.manifest);
  await pushManifestTree(client, 'plugins/key-auth', '2.0.0', moved.manifest);
  await pushManifestTree(client, 'plugins/basic-auth', '2.0.0', other.manifest);
  const ps = await pluginServerFixture('9.9.9');
  await pushManifestTree(client, ps.repo, ps.tag, ps.index);
}, 120_000);

afterAll(async () => {
  await source?.stop();
  await dir?.remove();
});

describe('catalog plugins are pulled by the release pin', () => {
  it('takes the pinned build although the tag has moved, checks the published wasm SHA-256, and records the pin', async () => {
    const release = releaseWith([{ name: 'key-auth', repository: 'plugins/key-auth', tag: '2.0.0', digest: released.manifest.digest, pinStatus: 'locked', wasmSha256: sha256(released.wasm) }]);
    const r = await bundle('pinned', release);
    const p = r.manifest.plugins[0]!;
    expect(p.digest).toBe(released.manifest.digest);
    expect(p.wasm.sha256).toBe(sha256(released.wasm));
    expect(p.pin).toEqual({ kind: 'digest', status: 'locked', pinnedDigest: released.manifest.digest, wasmSha256: sha256(released.wasm) });
    // Fetched by digest, named by its tag: verify accepts it, and push puts the pinned build under the tag.
    expect(p.source).toBe(`${source.host}/plugins/key-auth:2.0.0`);
    const env = { HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg') };
    const file = r.output.files[0]!.path;
    expect((await cli(['verify', file], { env })).code).toBe(0);
    const pushed = await cli(['push', file, '--registry', `${source.host}/mirror`, '--plain-http'], { env });
    expect(pushed.code, pushed.stderr).toBe(0);
    const head = await fetch(`http://${source.host}/v2/mirror/plugins/key-auth/manifests/2.0.0`, { method: 'HEAD', headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } });
    expect(head.headers.get('docker-content-digest')).toBe(released.manifest.digest);
  });

  it('refuses a plugin.wasm whose SHA-256 differs from the published one, writing nothing', async () => {
    const release = releaseWith([{ name: 'key-auth', repository: 'plugins/key-auth', tag: '2.0.0', digest: released.manifest.digest, wasmSha256: 'f'.repeat(64) }]);
    const e = await failureOf(bundle('badwasm', release));
    expect(e.code).toBe('WASM_PIN_MISMATCH');
    expect(e.message).toContain(sha256(released.wasm));
    expect(await readdir(join(dir.path, 'badwasm')).catch(() => [])).toEqual([]);
  });

  it('a source without the pinned build is refused naming both digests; every refused plugin of the plan at once', async () => {
    const missing = `sha256:${'a'.repeat(64)}`;
    const one = releaseWith([{ name: 'key-auth', repository: 'plugins/key-auth', tag: '2.0.0', digest: missing, pinStatus: 'observed' }]);
    const e1 = await failureOf(bundle('missing', one));
    expect(e1.code).toBe('PIN_NOT_ON_SOURCE');
    expect(e1.message).toContain(missing);
    expect(e1.message).toContain(moved.manifest.digest); // what the tag holds there
    expect(e1.message).toContain('recorded after the release'); // an observed pin says what it is
    const two = releaseWith([
      { name: 'key-auth', repository: 'plugins/key-auth', tag: '2.0.0', digest: missing },
      { name: 'basic-auth', repository: 'plugins/basic-auth', tag: '2.0.0', digest: `sha256:${'b'.repeat(64)}` },
    ]);
    // Neither the pin nor the tag on the source: following tags cannot help, and the message says what to check.
    const none = releaseWith([{ name: 'key-auth', repository: 'plugins/key-auth', tag: '9.9.9', digest: missing }]);
    const e3 = await failureOf(bundle('missing-tag', none));
    expect(e3).toMatchObject({ code: 'PIN_NOT_ON_SOURCE', details: { kind: 'no-tag', plugin: 'key-auth', tag: '9.9.9' } });
    expect(renderError(e3, 'en')).toMatchObject({ message: `Plugin key-auth: ${source.host} has neither the pinned build plugins/key-auth@${missing} nor the tag 9.9.9`, hint: expect.stringContaining('Check the source registry') });
    expect(renderError(e3, 'zh-CN').message).toContain('也没有标签 9.9.9');
    const e2 = await failureOf(bundle('missing2', two));
    expect(e2.code).toBe('PLAN_REFUSED');
    const problems = (e2.details?.problems ?? []) as Array<{ code: string; details: { plugin: string } }>;
    expect(problems.map((p) => [p.code, p.details.plugin]).sort()).toEqual([
      ['PIN_NOT_ON_SOURCE', 'basic-auth'],
      ['PIN_NOT_ON_SOURCE', 'key-auth'],
    ]);
  });

  it('following tags takes what the tag holds, still gated, and records both digests; the image pin too', async () => {
    const release = {
      ...releaseWith([{ name: 'key-auth', repository: 'plugins/key-auth', tag: '2.0.0', digest: `sha256:${'c'.repeat(64)}`, pinStatus: 'observed' }]),
      pluginServer: { repository: 'higress/plugin-server', tag: '9.9.9', digest: `sha256:${'d'.repeat(64)}` },
    };
    const refused = await failureOf(bundle('image-missing', release, { pluginServer: undefined }));
    expect(refused.code).toBe('PLAN_REFUSED');
    const r = await bundle('followed', release, { pluginServer: undefined, followTags: true });
    const p = r.manifest.plugins[0]!;
    expect(p.digest).toBe(moved.manifest.digest);
    expect(p.pin).toEqual({ kind: 'followed-tag', status: 'observed', pinnedDigest: `sha256:${'c'.repeat(64)}` });
    const image = r.manifest.images[0]!;
    expect(image.pin).toEqual({ kind: 'followed-tag', pinnedDigest: `sha256:${'d'.repeat(64)}` });
    expect(r.warnings.some((w) => w.startsWith('key-auth: the source lacks'))).toBe(true);
    expect(r.warnings.some((w) => w.includes('higress/plugin-server:9.9.9: the source lacks'))).toBe(true);
  });

  it('warns about plugins a Console build of the release does not list', async () => {
    const base = releaseWith([{ name: 'key-auth', repository: 'plugins/key-auth', tag: '2.0.0', digest: released.manifest.digest, inPluginServerImage: false }]);
    const release = { ...base, consoleBuilds: [{ ...base.consoleBuilds[0]!, id: 'test-build', label: 'Test Console', plugins: {} }] };
    const r = await bundle('warn', release);
    expect(r.warnings).toContain('Test Console does not list key-auth as built-in: there the Console shows it as custom plugins, applied only through the generated WasmPlugins.');
    expect(r.warnings.some((w) => w.startsWith('The official Higress 9.9.9 Plugin Server image does not serve key-auth'))).toBe(true);
  });
});
