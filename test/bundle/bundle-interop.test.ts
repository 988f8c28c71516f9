import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../env/cli';
import { startDockerd, type TestDockerd } from '../env/dockerd';
import { pluginServerFixture, pushFixtures, type PushedFixtures } from '../env/fixtures';
import { startRegistry, type TestRegistry } from '../env/registry';
import { skopeo } from '../env/skopeo';
import { freePort, run, runOk, tempDir, waitFor, type TempDir } from '../env/tools';

let registry: TestRegistry;
let dockerd: TestDockerd;
let fixtures: PushedFixtures;
let dir: TempDir;
let bundle: string;
const env = () => ({ HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), SOURCE_DATE_EPOCH: '1767225600' });
// Catalog plugins of 2.2.3 (followed to the fixtures' builds); json-converter comes by reference, under its served name.
const PLUGINS = 'key-auth,basic-auth,ai-proxy';

async function makeBundle(out: string, extra: string[] = []) {
  const r = await cli(['bundle', '--out', out, '--source', registry.host, '--plain-http', '--release', '2.2.3', '--follow-tags', '--plugins', PLUGINS, '--plugin', `json-converter@2.0.0=${registry.host}/plugins/jsonrpc-converter:2.0.0`, '--json', ...extra], { env: env() });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

beforeAll(async () => {
  dir = await tempDir('bundle-interop');
  [registry, dockerd] = await Promise.all([startRegistry('plain'), startDockerd()]);
  fixtures = await pushFixtures(registry, { pluginServer: await pluginServerFixture('2.2.3') });
  bundle = join(dir.path, 'higress.tar');
  await makeBundle(bundle);
});
afterAll(async () => {
  await Promise.all([registry?.stop(), dockerd?.stop()]);
  await dir?.remove();
});

describe('bundle interoperability (docker, skopeo, GNU tar, coreutils as oracles)', () => {
  it('docker load -i <bundle> gives a runnable plugin-server image', async () => {
    const ref = `${registry.host}/higress/plugin-server:2.2.3`;
    const load = await dockerd.cli(['load', '-i', bundle]);
    expect(load.code, load.stderr).toBe(0);
    expect(load.stdout).toContain(`Loaded image: ${ref}`);
    const port = await freePort();
    const started = await dockerd.cli(['run', '-d', '--network', 'host', ref, '/bin/busybox', 'httpd', '-f', '-p', `127.0.0.1:${port}`, '-h', '/usr/share/nginx/html']);
    expect(started.code, started.stderr).toBe(0);
    const served = fixtures.pluginServer.servedPlugins[0]!;
    let body = Buffer.alloc(0);
    await waitFor('container', async () => {
      const res = await fetch(`http://127.0.0.1:${port}/plugins/${served.name}/${served.version}/plugin.wasm`);
      if (!res.ok) return false;
      body = Buffer.from(await res.arrayBuffer());
      return true;
    });
    expect(body.equals(served.wasm)).toBe(true);
  });

  it('skopeo inspect --raw oci-archive:<bundle>:<ref> returns the exact source manifests', async () => {
    const image = await skopeo(['inspect', '--raw', `oci-archive:${bundle}:${registry.host}/higress/plugin-server:2.2.3`]);
    expect(image.stderr).toBe('');
    expect(Buffer.from(image.stdout)).toEqual(fixtures.pluginServer.index.bytes);
    // skopeo's OCI layout reader only considers OCI media types in index.json (containers/image
    // oci/layout), so the Docker-v2 plugin is checked through GNU tar instead, below.
    for (const p of fixtures.plugins.filter((x) => x.accepted && x.layout !== 'docker-compat')) {
      const raw = await skopeo(['inspect', '--raw', `oci-archive:${bundle}:${registry.host}/${p.repo}:${p.tag}`]);
      expect(raw.stderr, p.name).toBe('');
      expect(Buffer.from(raw.stdout), p.name).toEqual(p.manifest.bytes);
    }
    const docker = fixtures.plugins.find((x) => x.layout === 'docker-compat')!;
    const blob = await runOk('tar', ['-xOf', bundle, `blobs/sha256/${docker.manifest.digest.slice(7)}`]);
    expect(Buffer.from(blob.stdout)).toEqual(docker.manifest.bytes);
    const index = JSON.parse((await runOk('tar', ['-xOf', bundle, 'index.json'])).stdout);
    expect(index.manifests.find((m: any) => m.annotations['org.opencontainers.image.ref.name'] === `${registry.host}/${docker.repo}:${docker.tag}`)).toMatchObject({
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      digest: docker.manifest.digest,
    });
  });

  it('skopeo copies an image and a plugin out of the bundle into a registry', async () => {
    const cp = await skopeo(['copy', '--all', '--dest-tls-verify=false', `oci-archive:${bundle}:${registry.host}/higress/plugin-server:2.2.3`, `docker://${registry.host}/from-bundle/plugin-server:x`]);
    expect(cp.code, cp.stderr).toBe(0);
    const raw = await skopeo(['inspect', '--raw', '--tls-verify=false', `docker://${registry.host}/from-bundle/plugin-server:x`]);
    expect(Buffer.from(raw.stdout)).toEqual(fixtures.pluginServer.index.bytes);
  });

  it('after tar -xf, md5sum -c MD5SUMS and sha256sum -c SHA256SUMS pass, and so do the sidecars', async () => {
    const out = join(dir.path, 'extracted');
    await runOk('mkdir', ['-p', out]);
    await runOk('tar', ['-xf', bundle, '-C', out]);
    const md5 = await run('md5sum', ['-c', 'MD5SUMS'], { cwd: out });
    expect(md5.code, md5.stdout + md5.stderr).toBe(0);
    // Format 2: what a person checks by hand has an MD5; blobs are named by (and checked with) their SHA-256.
    expect(md5.stdout).toContain('plugins/key-auth/1.0.0/plugin.wasm: OK');
    expect(md5.stdout).toContain('bundle.json: OK');
    expect(md5.stdout).not.toContain('blobs/');
    expect(JSON.parse(await readFile(join(out, 'bundle.json'), 'utf8')).formatVersion).toBe(2);
    const sha = await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out });
    expect(sha.code, sha.stdout + sha.stderr).toBe(0);
    expect(sha.stdout).toContain('bundle.json: OK');
    expect(sha.stdout).toMatch(/blobs\/sha256\/[a-f0-9]{64}: OK/);
    expect(sha.stdout).toContain('plugins/key-auth/1.0.0/plugin.wasm: OK');
    const sidecars = await run('sh', ['-c', 'md5sum -c higress.tar.md5 && sha256sum -c higress.tar.sha256'], { cwd: dir.path });
    expect(sidecars.code, sidecars.stdout + sidecars.stderr).toBe(0);
    // the Plugin Server tree holds the exact module under both served versions, with metadata
    for (const v of ['1.0.0', '2.0.0']) {
      const wasm = await readFile(join(out, 'plugins/key-auth', v, 'plugin.wasm'));
      expect(wasm.equals(fixtures.plugins.find((p) => p.name === 'key-auth')!.wasm)).toBe(true);
      const meta = await readFile(join(out, 'plugins/key-auth', v, 'metadata.txt'), 'utf8');
      expect(meta).toContain(`name: key-auth\nversion: ${v}\nsize: ${wasm.length}\n`);
    }
    // json-converter is served under its name, not its repository's
    expect((await stat(join(out, 'plugins/json-converter/2.0.0/plugin.wasm'))).isFile()).toBe(true);
    const list = (await runOk('tar', ['-tvf', bundle])).stdout;
    expect(list).toMatch(/root\/root|0\/0/);
    expect(list).not.toMatch(/^[lhcbp]/m);
  });

  it('two runs give identical bytes', async () => {
    const second = join(dir.path, 'again.tar');
    await makeBundle(second);
    expect((await readFile(second)).equals(await readFile(bundle))).toBe(true);
  });

  it('keeps only the chosen platform when asked', async () => {
    const amd = join(dir.path, 'amd64.tar');
    const r = await makeBundle(amd, ['--platform', 'linux/amd64']);
    const image = r.manifest.images[0];
    expect(image.platforms).toEqual(['linux/amd64']);
    expect(image.sourceDigest).toBe(fixtures.pluginServer.index.digest);
    const raw = JSON.parse((await skopeo(['inspect', '--raw', `oci-archive:${amd}:${registry.host}/higress/plugin-server:2.2.3`])).stdout);
    expect(raw.manifests.map((m: any) => m.platform.architecture)).toEqual(['amd64', 'unknown']);
    expect((await stat(amd)).size).toBeLessThan((await stat(bundle)).size);
  });

  it('writes volumes while streaming, readable from the first volume, with sidecars that coreutils accepts', async () => {
    const split = join(dir.path, 'split', 'higress.tar');
    await runOk('mkdir', ['-p', join(dir.path, 'split')]);
    const r = await makeBundle(split, ['--split', '256K']);
    const names = (await readdir(join(dir.path, 'split'))).sort();
    expect(names).toContain('higress.tar.000');
    expect(names).toContain('higress.tar.volumes.json');
    expect(names).not.toContain('higress.tar');
    const volumes = names.filter((n) => /\.\d{3}$/.test(n));
    expect(volumes.length).toBeGreaterThan(3);
    for (const v of volumes.slice(0, -1)) expect((await stat(join(dir.path, 'split', v))).size).toBe(256 * 1024);
    const check = await run('sh', ['-c', `for f in higress.tar.???; do sha256sum -c $f.sha256 && md5sum -c $f.md5 || exit 1; done`], { cwd: join(dir.path, 'split') });
    expect(check.code, check.stdout + check.stderr).toBe(0);
    // the volumes concatenated are the same bytes as the single-file bundle
    const joined = Buffer.concat(await Promise.all(volumes.map((v) => readFile(join(dir.path, 'split', v)))));
    expect(joined.equals(await readFile(bundle))).toBe(true);
    expect(r.output.whole.sha256).toBe((await readFile(`${bundle}.sha256`, 'utf8')).split(' ')[0]);
    const v = await cli(['verify', join(dir.path, 'split', 'higress.tar.000'), '--json'], { env: env() });
    expect(v.code, v.stdout).toBe(0);
    expect(JSON.parse(v.stdout).volumes.every((x: any) => x.status === 'ok')).toBe(true);
  });
});
