import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copy } from '../../shared/copy';
import { inspectPlugin } from '../../shared/plugins/inspect-plugin';
import { packageWasm } from '../../shared/plugins/wasm-artifact';
import { OciLayoutStore } from '../../shared/store/oci-layout-store';
import { RegistryStore } from '../../shared/store/registry-store';
import { cli } from '../env/cli';
import { connectTest } from '../env/engine';
import { defaultPluginFixtures, pluginFixture, pushFixtures, pushManifestTree, type PluginFixture } from '../env/fixtures';
import { RawRegistryClient } from '../env/raw-registry';
import { startRegistry, type TestRegistry } from '../env/registry';
import { skopeo, skopeoFlags } from '../env/skopeo';
import { failureOf, tempDir, type TempDir } from '../env/tools';
import { tinyWasm } from '../env/wasm';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

let plain: TestRegistry;
let token: TestRegistry;
let plugins: PluginFixture[];
let dir: TempDir;

beforeAll(async () => {
  dir = await tempDir('plugins');
  [plain, token] = await Promise.all([startRegistry('plain'), startRegistry('token')]);
  plugins = [
    ...(await defaultPluginFixtures()),
    await pluginFixture({ name: 'bad-no-wasm', layout: 'no-plugin-wasm' }),
    await pluginFixture({ name: 'bad-empty', layout: 'empty-config-only' }),
    await pluginFixture({ name: 'odd-name', layout: 'oci-compat', wasmPath: 'build/filter.wasm' }),
  ];
  await Promise.all([pushFixtures(plain, { plugins }), pushFixtures(token, { plugins })]);
});
afterAll(async () => {
  await Promise.all([plain?.stop(), token?.stop()]);
  await dir?.remove();
});

describe.each(['plain', 'token'] as const)('plugins on the %s registry', (flavour) => {
  const reg = () => (flavour === 'plain' ? plain : token);

  it('accepted layouts extract wasm byte-identical to the fixture', async () => {
    const client = await connectTest(dir.path, reg(), { credentials: false });
    for (const fx of plugins.filter((p) => p.accepted)) {
      const p = await inspectPlugin(new RegistryStore(client, fx.repo), fx.tag, { name: fx.name });
      expect(p.layout, fx.name).toBe(fx.layout);
      expect(p.wasm.bytes.equals(fx.wasm), fx.name).toBe(true);
      expect(p.digest).toBe(fx.manifest.digest);
      if (fx.layout === 'oci-compat') {
        expect(p.docs.readme).toBe(fx.readme);
        expect(p.docs.spec).toMatchObject({ name: fx.name, version: fx.tag, phase: 'AUTHN', priority: 310 });
      }
    }
  });

  it('broken plugins are refused with the reason', async () => {
    const client = await connectTest(dir.path, reg(), { credentials: false });
    const expected: Record<string, RegExp> = {
      'bad-single-layer': /single raw-wasm layer/,
      'bad-not-wasm': /not WebAssembly \(no \\0asm magic/,
      'bad-no-wasm': /holds no plugin\.wasm/,
      'bad-empty': /empty \{\} blob/,
    };
    for (const [name, reason] of Object.entries(expected)) {
      const fx = plugins.find((p) => p.name === name)!;
      const err = await failureOf(inspectPlugin(new RegistryStore(client, fx.repo), fx.tag, { name }));
      expect(err.code).toBe('PLUGIN_REFUSED');
      expect(err.message).toMatch(new RegExp(`^Plugin ${name} \\(`));
      expect(err.message).toMatch(reason);
    }
  });
});

describe('plugin checks against pins and local files', () => {
  it('refuses a plugin whose digest differs from the pinned one, showing both', async () => {
    const client = await connectTest(dir.path, plain);
    const fx = plugins[0]!;
    const pinned = `sha256:${'1'.repeat(64)}`;
    const err = await failureOf(inspectPlugin(new RegistryStore(client, fx.repo), fx.tag, { name: fx.name, pinnedDigest: pinned }));
    expect(err.message).toContain(fx.manifest.digest);
    expect(err.message).toContain(pinned);
  });

  it('warns when the module is not named plugin.wasm', async () => {
    const client = await connectTest(dir.path, plain);
    const p = await inspectPlugin(new RegistryStore(client, 'plugins/odd-name'), '2.0.0', { name: 'odd-name' });
    expect(p.warnings.join()).toContain('build/filter.wasm, not plugin.wasm');
  });

  it('a local .wasm becomes an artifact that skopeo copies and our extractor reads back identical', async () => {
    const wasm = tinyWasm('my local filter', 20_000);
    const artifact = packageWasm(wasm, { name: 'my-filter', version: '1.0.0' });
    const client = await connectTest(dir.path, token);
    await copy(artifact.store, artifact.reference, new RegistryStore(client, 'plugins/my-filter'), '1.0.0');
    const out = await tempDir('skopeo-wasm');
    try {
      const cp = await skopeo(['copy', ...skopeoFlags(token, 'src'), `docker://${token.host}/plugins/my-filter:1.0.0`, `oci:${out.path}:my-filter`]);
      expect(cp.code, cp.stderr).toBe(0);
      const layout = new OciLayoutStore(out.path);
      const p = await inspectPlugin(layout, 'my-filter', { name: 'my-filter' });
      expect(p.layout).toBe('oci-wasm');
      expect(p.digest).toBe(artifact.manifest.digest);
      expect(p.wasm.bytes.equals(wasm)).toBe(true);
    } finally {
      await out.remove();
    }
  });
});

describe('plugin and catalog commands', () => {
  const env = () => ({ HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), DOCKER_CONFIG: dir.path });

  it('plugin inspect reports layout, size, MD5, SHA-256 and digest; exit 1 with the reason when refused', async () => {
    const fx = plugins.find((p) => p.name === 'basic-auth')!;
    const ok = await cli(['plugin', 'inspect', `${plain.host}/${fx.repo}:${fx.tag}`, '--plain-http', '--json'], { env: env() });
    expect(ok.code, ok.stderr).toBe(0);
    const v = JSON.parse(ok.stdout);
    expect(v).toMatchObject({ name: 'basic-auth', layout: 'docker-compat', digest: fx.manifest.digest, wasm: { size: fx.wasm.length } });
    expect(v.wasm.md5).toMatch(/^[a-f0-9]{32}$/);
    const bad = await cli(['plugin', 'inspect', `${plain.host}/plugins/bad-single-layer:2.0.0`, '--plain-http'], { env: env() });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('single raw-wasm layer');
    expect(bad.stderr).toContain('hint:');
  });

  it('plugin package pushes a local module (and refuses a non-wasm file)', async () => {
    const file = join(dir.path, 'f.wasm');
    await writeFile(file, tinyWasm('packaged by cli'));
    const r = await cli(['plugin', 'package', file, '--name', 'cli-filter', '--version', '0.1.0', '--to', `${plain.host}/plugins/cli-filter:0.1.0`, '--plain-http', '--json'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(await new RawRegistryClient(plain).tags('plugins/cli-filter')).toEqual(['0.1.0']);
    await writeFile(join(dir.path, 'bad.wasm'), 'text');
    const bad = await cli(['plugin', 'package', join(dir.path, 'bad.wasm'), '--name', 'x', '--version', '1', '--oci-layout', join(dir.path, 'o')], { env: env() });
    expect(bad.code).toBe(2);
  });

  it('catalog lists a release; --refresh shows newer tags but never latest', async () => {
    const list = await cli(['catalog', '--release', '2.2.4', '--json'], { env: env() });
    expect(list.code).toBe(0);
    const cat = JSON.parse(list.stdout);
    expect(cat.plugins.find((p: any) => p.name === 'ai-proxy')).toMatchObject({ repository: 'plugins/ai-proxy', tag: '2.0.1', digest: 'sha256:754c4d6c9e8aed2cabc4aa37c21f1e6dbf3b4973f01c18765ab83c17ad4d40db' });
    const raw = new RawRegistryClient(plain);
    const fx = plugins.find((p) => p.name === 'key-auth')!;
    await pushManifestTree(raw, fx.repo, '2.0.1', fx.manifest);
    await pushManifestTree(raw, fx.repo, 'latest', fx.manifest);
    const refreshed = await cli(['catalog', '--release', '2.2.3', '--refresh', '--source', plain.host, '--plain-http', '--json'], { env: env() });
    expect(refreshed.code, refreshed.stderr).toBe(0);
    const keyAuth = JSON.parse(refreshed.stdout).plugins.find((p: any) => p.name === 'key-auth');
    expect(keyAuth.tag).toBe('2.0.0');
    expect(keyAuth.newerTags).toEqual(['2.0.1']);
    const human = await cli(['catalog', '--release', '2.2.3'], { env: env() });
    expect(human.stdout).toMatch(/^key-auth +plugins\/key-auth +2\.0\.0 +AUTHN +310 +\(not pinned\)/m);
  });
});
