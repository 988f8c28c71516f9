import { chmod, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseParts } from '../../shared/catalog/release-parts';
import { allInOnePluginUrl, dockerRunTarget, SCRIPT_FILE } from '../../shared/deploy/targets/docker-run';
import type { TargetOutput } from '../../shared/deploy/targets/common';
import { parseTarget } from '../../shared/oci/retag';
import { startDockerd, type TestDockerd } from '../env/dockerd';
import { blob, manifestOf, MT, pushManifestTree, sha256, tarOf } from '../env/fixtures';
import { RawRegistryClient } from '../env/raw-registry';
import { startRegistry, type TestRegistry } from '../env/registry';
import { freePort, run, tempDir, waitFor, type TempDir } from '../env/tools';
import { tinyWasm } from '../env/wasm';

/**
 * An image shaped like higress-standalone's all-in-one (written here, not upstream's): busybox, a
 * Plugin Server tree under /usr/share/nginx/html/plugins served on a loopback port only when
 * USE_PLUGIN_SERVER is on (this fixture defaults to off, so the script must turn it on), and /data.
 */
const START = `#!/bin/sh
mkdir -p /data && echo started > /data/.fixture-started
case "\${USE_PLUGIN_SERVER:-off}" in
  on) /bin/busybox httpd -p "127.0.0.1:\${AIO_PS_PORT:-8002}" -h /usr/share/nginx/html ;;
esac
exec /bin/busybox httpd -f -p "127.0.0.1:\${AIO_HTTP_PORT:-8080}" -h /www
`;
const BUILTIN = tinyWasm('aio fixture built-in key-auth');

async function allInOneFixture() {
  const busybox = readFileSync('/bin/busybox');
  const base = await tarOf([
    { name: 'bin/', type: 'directory' },
    { name: 'bin/busybox', data: busybox, mode: 0o755 },
    { name: 'bin/sh', type: 'symlink', linkname: 'busybox' },
    { name: 'tmp/', type: 'directory', mode: 0o1777 },
  ]);
  const app = await tarOf([
    { name: 'start.sh', data: START, mode: 0o755 },
    { name: 'www/', type: 'directory' },
    { name: 'www/index.html', data: 'all-in-one fixture\n' },
    { name: 'usr/', type: 'directory' },
    { name: 'usr/share/', type: 'directory' },
    { name: 'usr/share/nginx/', type: 'directory' },
    { name: 'usr/share/nginx/html/', type: 'directory' },
    { name: 'usr/share/nginx/html/plugins/', type: 'directory' },
    { name: 'usr/share/nginx/html/plugins/key-auth/', type: 'directory' },
    { name: 'usr/share/nginx/html/plugins/key-auth/1.0.0/', type: 'directory' },
    { name: 'usr/share/nginx/html/plugins/key-auth/1.0.0/plugin.wasm', data: BUILTIN },
  ]);
  const config = blob(MT.ociConfig, Buffer.from(JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: { Env: ['PATH=/usr/sbin:/usr/bin:/sbin:/bin'], ExposedPorts: { '8080/tcp': {}, '8443/tcp': {}, '8001/tcp': {} }, Cmd: ['/bin/sh', '/start.sh'], WorkingDir: '/' },
    rootfs: { type: 'layers', diff_ids: [sha256(base), sha256(app)] },
  })));
  return manifestOf(MT.ociManifest, config, [blob(MT.ociLayerGzip, gzipSync(base)), blob(MT.ociLayerGzip, gzipSync(app))]);
}

const RELEASE = '2.2.4';
let registry: TestRegistry;
let dockerd: TestDockerd;
let dir: TempDir;
let digest: string;

beforeAll(async () => {
  dir = await tempDir('docker-target');
  [registry, dockerd] = await Promise.all([startRegistry('plain'), startDockerd()]);
  // As push would have placed it: <registry>/airgap/<source repository>:<tag>
  const manifest = await allInOneFixture();
  await pushManifestTree(new RawRegistryClient(registry), 'airgap/higress/all-in-one', RELEASE, manifest);
  digest = manifest.digest;
});
afterAll(async () => {
  await Promise.all([registry?.stop(), dockerd?.stop()]);
  await dir?.remove();
});

/** Writes the output as the deploy writer will: files (with their mode) and copies. */
async function writeOut(out: TargetOutput, root: string) {
  for (const f of out.files) {
    await mkdir(dirname(join(root, f.path)), { recursive: true });
    await writeFile(join(root, f.path), f.content);
    if (f.mode) await chmod(join(root, f.path), f.mode);
  }
  for (const c of out.copies) {
    await mkdir(dirname(join(root, c.path)), { recursive: true });
    await copyFile(c.from, join(root, c.path));
  }
}

describe('docker (all-in-one) target on the private dockerd', () => {
  it('the generated script runs the all-in-one image from the private registry, and the mounted custom plugin is served at its Plugin Server URL', async () => {
    const parts = releaseParts(RELEASE);
    const source = parts.images.find((i) => i.group === 'all-in-one')?.ref as string;
    const wasm = tinyWasm('my custom plugin 1.0.0');
    const wasmPath = join(dir.path, 'bundle-plugin.wasm');
    await writeFile(wasmPath, wasm);
    const out = dockerRunTarget({
      release: RELEASE,
      target: parseTarget(`${registry.host}/airgap`),
      images: [{ source, digest }],
      customPlugins: [{ name: 'my-plugin', version: '1.0.0', servedVersions: ['1.0.0', '1.0'], wasmPath }],
    });
    expect(out.notices).toEqual([]);
    const ref = `${registry.host}/airgap/higress/all-in-one:${RELEASE}@${digest}`;
    expect(out.images).toEqual([{ source, ref, bundled: true }]);
    const root = join(dir.path, 'out');
    await writeOut(out, root);
    expect(out.copies.map((c) => c.path)).toEqual(['docker/plugins/my-plugin/1.0.0/plugin.wasm', 'docker/plugins/my-plugin/1.0/plugin.wasm']);

    const [psPort, httpPort] = [await freePort(), await freePort()];
    const data = join(dir.path, 'data');
    const started = await run('/bin/sh', [join(root, SCRIPT_FILE), '--network', 'host', '-e', `AIO_PS_PORT=${psPort}`, '-e', `AIO_HTTP_PORT=${httpPort}`], {
      env: { PATH: '/usr/bin:/bin', DOCKER_HOST: dockerd.host, HOME: dir.path, HIGRESS_NAME: 'higress-aio-test', HIGRESS_DATA: data },
    });
    expect(started.code, started.stderr).toBe(0);

    // The URL the all-in-one gives its Console, on the port this fixture was told to use.
    const url = (name: string, version: string) => (allInOnePluginUrl(parts, name, version) as string).replace('localhost:8002', `127.0.0.1:${psPort}`);
    expect(url('my-plugin', '1.0.0')).toBe(`http://127.0.0.1:${psPort}/plugins/my-plugin/1.0.0/plugin.wasm`);
    let body = Buffer.alloc(0);
    await waitFor('the all-in-one Plugin Server', async () => {
      const res = await fetch(url('my-plugin', '1.0.0'));
      if (!res.ok) return false;
      body = Buffer.from(await res.arrayBuffer());
      return true;
    });
    expect(body.equals(wasm)).toBe(true);
    expect(Buffer.from(await (await fetch(url('my-plugin', '1.0'))).arrayBuffer()).equals(wasm)).toBe(true);
    // the image's own plugins are still served next to the mounted one
    expect(Buffer.from(await (await fetch(url('key-auth', '1.0.0'))).arrayBuffer()).equals(BUILTIN)).toBe(true);

    // The container: the private image by digest, the Plugin Server switch, /data bound, the plugin read-only.
    const inspect = JSON.parse((await dockerd.cli(['inspect', 'higress-aio-test'])).stdout)[0];
    expect(inspect.Config.Image).toBe(ref);
    expect(inspect.Config.Env).toContain('USE_PLUGIN_SERVER=on');
    const mounts = Object.fromEntries(inspect.Mounts.map((m: { Destination: string; Source: string; RW: boolean }) => [m.Destination, m]));
    expect(mounts['/data']).toMatchObject({ Source: data, RW: true });
    expect(mounts['/usr/share/nginx/html/plugins/my-plugin/1.0.0']).toMatchObject({ Source: join(root, 'docker/plugins/my-plugin/1.0.0'), RW: false });
    expect(existsSync(join(data, '.fixture-started'))).toBe(true);
    const write = await dockerd.cli(['exec', 'higress-aio-test', '/bin/sh', '-c', 'echo x > /usr/share/nginx/html/plugins/my-plugin/1.0.0/plugin.wasm']);
    expect(write.code).not.toBe(0);
    expect((await readFile(join(root, 'docker/plugins/my-plugin/1.0.0/plugin.wasm'))).equals(wasm)).toBe(true);
  });

  it('publishes the documented ports, and says when the image or a plugin file is missing', () => {
    const out = dockerRunTarget({ release: RELEASE, target: parseTarget('harbor.example.com/higress'), images: [], customPlugins: [{ name: 'no-file', version: '1.0.0' }] });
    const script = out.files[0]?.content ?? '';
    for (const p of releaseParts(RELEASE).allInOne?.ports ?? []) expect(script).toContain(`-p "\${HIGRESS_PORT_${p}:-${p}}:${p}"`);
    expect(script).toContain("IMAGE=harbor.example.com/higress/higress/all-in-one:2.2.4\n");
    expect(out.notices.map((n) => n.code)).toEqual(['TARGET_ALL_IN_ONE_NOT_IN_BUNDLE', 'TARGET_PLUGIN_NOT_MOUNTABLE']);
    expect(() => dockerRunTarget({ release: '2.1.9', target: parseTarget('harbor.example.com/higress'), images: [], customPlugins: [] })).toThrow(expect.objectContaining({ code: 'TARGET_NO_ALL_IN_ONE_DATA' }));
  });
});
