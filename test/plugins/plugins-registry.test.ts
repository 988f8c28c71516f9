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
import { goCommandWasm, invalidBodyWasm, tinyWasm } from '../env/wasm';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

let plain: TestRegistry;
let token: TestRegistry;
let plugins: PluginFixture[];
let notProxyWasm: PluginFixture[];
let dir: TempDir;

beforeAll(async () => {
  dir = await tempDir('plugins');
  [plain, token] = await Promise.all([startRegistry('plain'), startRegistry('token')]);
  plugins = [
    ...(await defaultPluginFixtures()),
    await pluginFixture({ name: 'bad-no-wasm', layout: 'no-plugin-wasm' }),
    await pluginFixture({ name: 'bad-empty', layout: 'empty-config-only' }),
    await pluginFixture({ name: 'nested', layout: 'docker-compat', wasmPath: 'build/plugin.wasm' }),
    await pluginFixture({ name: 'bad-foo-wasm', layout: 'oci-compat', wasmPath: 'foo.wasm' }),
  ];
  notProxyWasm = [
    await pluginFixture({ name: 'go-command', layout: 'oci-compat', wasm: goCommandWasm('go-command') }),
    await pluginFixture({ name: 'broken-body', layout: 'oci-wasm', wasm: invalidBodyWasm('broken-body') }),
  ];
  await Promise.all([pushFixtures(plain, { plugins: [...plugins, ...notProxyWasm] }), pushFixtures(token, { plugins })]);
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
      expect(p.wasm.abiVersion, fx.name).toBe('0.2.1');
      expect(p.digest).toBe(fx.manifest.digest);
      if (fx.layout === 'oci-compat') {
        expect(p.docs.readme).toBe(fx.readme);
        expect(p.docs.spec).toMatchObject({ name: fx.name, version: fx.tag, phase: 'AUTHN', priority: 310 });
      }
    }
  });

  it('broken plugins are refused with the reason', async () => {
    const client = await connectTest(dir.path, reg(), { credentials: false });
    const expected: Record<string, [string, RegExp]> = {
      'bad-single-layer': ['PLUGIN_REFUSED', /single raw-wasm layer/],
      'bad-not-wasm': ['PLUGIN_WASM_INVALID', /plugin\.wasm is not a valid WebAssembly module \(no \\0asm magic/],
      'bad-no-wasm': ['PLUGIN_WASM_NOT_FOUND', /holds no plugin\.wasm$/],
      'bad-empty': ['PLUGIN_REFUSED', /empty \{\} blob/],
      'bad-foo-wasm': ['PLUGIN_WASM_NOT_FOUND', /holds no plugin\.wasm \(it holds foo\.wasm; the gateway loads only an entry named plugin\.wasm\)$/],
    };
    for (const [name, [code, reason]] of Object.entries(expected)) {
      const fx = plugins.find((p) => p.name === name)!;
      const err = await failureOf(inspectPlugin(new RegistryStore(client, fx.repo), fx.tag, { name }));
      expect(err.code, name).toBe(code);
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

  it('takes plugin.wasm from a sub-folder of the layer, as the gateway does', async () => {
    const client = await connectTest(dir.path, plain);
    const p = await inspectPlugin(new RegistryStore(client, 'plugins/nested'), '2.0.0', { name: 'nested' });
    expect(p.wasm.entry).toBe('build/plugin.wasm');
    expect(p.warnings).toEqual([]);
  });

  it('refuses modules that are not proxy-wasm, naming the module and the cause', async () => {
    const client = await connectTest(dir.path, plain);
    const [go, broken] = notProxyWasm as [PluginFixture, PluginFixture];
    const goErr = await failureOf(inspectPlugin(new RegistryStore(client, go.repo), go.tag, { name: go.name }));
    expect(goErr.code).toBe('PLUGIN_NOT_PROXY_WASM');
    expect(goErr.message).toMatch(/^Plugin go-command \(2\.0\.0\) was refused: plugin\.wasm exports no proxy_abi_version_\* function: it is a Go program built without GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared/);
    const brokenErr = await failureOf(inspectPlugin(new RegistryStore(client, broken.repo), broken.tag, { name: broken.name, label: `${plain.host}/${broken.repo}:${broken.tag}` }));
    expect(brokenErr.code).toBe('PLUGIN_WASM_INVALID');
    expect(brokenErr.message).toContain(`Plugin broken-body (${plain.host}/plugins/broken-body:2.0.0) was refused: the module in its wasm layer is not a valid WebAssembly module (`);
  });

  it('a local .wasm becomes an artifact that skopeo copies and our extractor reads back identical', async () => {
    const wasm = tinyWasm('my local filter', 20_000);
    const artifact = await packageWasm(wasm, { name: 'my-filter', version: '1.0.0' });
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
    expect(v).toMatchObject({ name: 'basic-auth', layout: 'docker-compat', digest: fx.manifest.digest, wasm: { size: fx.wasm.length, entry: 'plugin.wasm', abiVersion: '0.2.1' } });
    expect(v.wasm.md5).toMatch(/^[a-f0-9]{32}$/);
    const human = await cli(['plugin', 'inspect', `${plain.host}/${fx.repo}:${fx.tag}`, '--plain-http'], { env: env() });
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^ {2}proxy-wasm ABI {3}0\.2\.1$/m);
    const bad = await cli(['plugin', 'inspect', `${plain.host}/plugins/bad-single-layer:2.0.0`, '--plain-http'], { env: env() });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('single raw-wasm layer');
    expect(bad.stderr).toContain('hint:');
    const foo = await cli(['plugin', 'inspect', `${plain.host}/plugins/bad-foo-wasm:2.0.0`, '--plain-http'], { env: env() });
    expect(foo.code).toBe(1);
    expect(foo.stderr).toContain(`error: Plugin bad-foo-wasm (${plain.host}/plugins/bad-foo-wasm:2.0.0) was refused: its last layer holds no plugin.wasm (it holds foo.wasm; the gateway loads only an entry named plugin.wasm)`);
    expect(foo.stderr).toContain('hint: Rename the module to plugin.wasm');
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
    expect(bad.stderr).toContain('error: Plugin x (bad.wasm) was refused: bad.wasm is not a valid WebAssembly module (no \\0asm magic at the start; it begins with "text")');
  });

  it('plugin package refuses a Go program and a module that does not compile, naming the file and the cause', async () => {
    await writeFile(join(dir.path, 'main.wasm'), goCommandWasm('go main'));
    const go = await cli(['plugin', 'package', join(dir.path, 'main.wasm'), '--name', 'go-filter', '--version', '1.0.0', '--to', `${plain.host}/plugins/go-filter:1.0.0`, '--plain-http'], { env: env() });
    expect(go.code).toBe(2);
    expect(go.stderr).toContain('error: Plugin go-filter (main.wasm) was refused: main.wasm exports no proxy_abi_version_* function: it is a Go program built without GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared (imports wasi_snapshot_preview1, exports _start)');
    expect(go.stderr).toContain('hint: Rebuild it as a proxy-wasm plugin: GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared');
    expect(await new RawRegistryClient(plain).tags('plugins/go-filter')).toEqual([]);
    await writeFile(join(dir.path, 'broken.wasm'), invalidBodyWasm('broken'));
    const broken = await cli(['plugin', 'package', join(dir.path, 'broken.wasm'), '--name', 'broken', '--version', '1.0.0', '--oci-layout', join(dir.path, 'o2'), '--json'], { env: env() });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/error: Plugin broken \(broken\.wasm\) was refused: broken\.wasm is not a valid WebAssembly module \(.+\)/);
    const ok = await cli(['plugin', 'package', join(dir.path, 'f.wasm'), '--name', 'ok-filter', '--version', '1.0.0', '--oci-layout', join(dir.path, 'o3'), '--json'], { env: env() });
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ name: 'ok-filter', abiVersion: '0.2.1' });
  });

  it('bundle refuses a --wasm file and a --plugin reference that are not proxy-wasm, writing nothing', async () => {
    await writeFile(join(dir.path, 'go-plugin.wasm'), goCommandWasm('go for bundle'));
    const out = join(dir.path, 'refused.tar');
    const wasm = await cli(['bundle', '--out', out, '--no-plugin-server', '--wasm', `go-plugin@1.0.0=${join(dir.path, 'go-plugin.wasm')}`], { env: env() });
    expect(wasm.code).toBe(2);
    expect(wasm.stderr).toContain('error: Plugin go-plugin (go-plugin.wasm) was refused: go-plugin.wasm exports no proxy_abi_version_* function: it is a Go program built without');
    const ref = `${plain.host}/plugins/go-command:2.0.0`;
    const oci = await cli(['bundle', '--out', out, '--no-plugin-server', '--plain-http', '--plugin', ref], { env: env() });
    expect(oci.code).toBe(1);
    expect(oci.stderr).toContain(`error: Plugin go-command (${ref}) was refused: plugin.wasm exports no proxy_abi_version_* function: it is a Go program built without GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared`);
    expect(oci.stderr).toContain('hint: Rebuild it as a proxy-wasm plugin');
    const broken = await cli(['bundle', '--out', out, '--no-plugin-server', '--plain-http', '--plugin', `${plain.host}/plugins/broken-body:2.0.0`], { env: env() });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`error: Plugin broken-body (${plain.host}/plugins/broken-body:2.0.0) was refused: the module in its wasm layer is not a valid WebAssembly module (`);
    await expect(stat(out)).rejects.toThrow(/ENOENT/);
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
    expect(human.stdout).toMatch(/^key-auth +plugins\/key-auth +2\.0\.0 +1\.0\.0,2\.0\.0 +AUTHN +310 +auth +sha256:c9cddda9b7dc… +yes$/m);
  });
});
