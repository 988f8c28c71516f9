import { copyFile, readFile, readdir, rename, rm, symlink, truncate, unlink, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenBundle } from '../../shared/bundle/open-bundle';
import { verifyBundle } from '../../shared/bundle/verify';
import { cli } from '../env/cli';
import { craftedTar, paxRecord } from '../env/crafted-tar';
import { startFaultProxy, type FaultProxy } from '../env/fault-proxy';
import { pluginServerFixture, pushFixtures, pushManifestTree, type PushedFixtures } from '../env/fixtures';
import { RawRegistryClient } from '../env/raw-registry';
import { startRegistry, type TestRegistry } from '../env/registry';
import { failureOf, runOk, tempDir, type TempDir } from '../env/tools';

let registry: TestRegistry;
let proxy: FaultProxy;
let dir: TempDir;
let bundle: string;
let fixtures: PushedFixtures;
const env = () => ({ HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), SOURCE_DATE_EPOCH: '1767225600' });

beforeAll(async () => {
  dir = await tempDir('bundle-integrity');
  registry = await startRegistry('plain');
  fixtures = await pushFixtures(registry, { pluginServer: await pluginServerFixture('2.2.3') });
  proxy = await startFaultProxy(registry.host);
  bundle = join(dir.path, 'b.tar');
  const r = await cli(['bundle', '--out', bundle, '--source', registry.host, '--plain-http', '--release', '2.2.3', '--follow-tags', '--plugins', 'key-auth,basic-auth,ai-proxy'], { env: env() });
  expect(r.code, r.stderr).toBe(0);
});
afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
  await dir?.remove();
});

async function damagedCopy(name: string, mutate: (b: Buffer) => void): Promise<string> {
  const file = join(dir.path, name);
  const bytes = Buffer.from(await readFile(bundle));
  mutate(bytes);
  await writeFile(file, bytes);
  await copyFile(`${bundle}.sha256`, `${file}.sha256`);
  await writeFile(`${file}.sha256`, (await readFile(`${bundle}.sha256`, 'utf8')).replace('b.tar', name));
  return file;
}

describe('damage is caught and named', () => {
  it('a flipped byte anywhere: in a blob, in the Plugin Server tree, in bundle.json, in a header, in padding', async () => {
    const open = await OpenBundle.open(bundle);
    const entries = [...open.entries.values()].filter((e) => e.type === 'file');
    await open.close();
    const bigBlob = entries.filter((e) => e.name.startsWith('blobs/')).sort((a, b) => b.size - a.size)[0]!;
    const wasm = entries.find((e) => e.name === 'plugins/key-auth/1.0.0/plugin.wasm')!;
    const manifest = entries.find((e) => e.name === 'bundle.json')!;
    const cases: Array<{ at: number; expect: RegExp; what: string }> = [
      { at: bigBlob.offset + Math.floor(bigBlob.size / 2), expect: new RegExp(bigBlob.name), what: 'blob' },
      { at: wasm.offset + 10, expect: /plugins\/key-auth\/1\.0\.0\/plugin\.wasm/, what: 'tree' },
      { at: manifest.offset + 20, expect: /bundle\.json/, what: 'bundle.json' },
      { at: wasm.offset - 512 + 3, expect: /Damaged tar header at byte \d+|b\.tar/, what: 'header' },
      { at: wasm.offset + wasm.size + 1, expect: /Damaged padding after plugins\/key-auth\/1\.0\.0\/plugin\.wasm|sidecar/, what: 'padding' },
    ];
    for (const [i, c] of cases.entries()) {
      const file = await damagedCopy(`flip-${i}.tar`, (b) => void (b[c.at] = (b[c.at] as number) ^ 0x5a));
      const r = await verifyBundle(file);
      expect(r.ok, c.what).toBe(false);
      const said = [...r.problems, ...r.files.filter((f) => f.status !== 'ok').map((f) => `${f.status} ${f.path}`), ...r.volumes.filter((v) => v.status !== 'ok').map((v) => `${v.name} ${v.detail}`)].join('\n');
      expect(said, c.what).toMatch(c.expect);
    }
  });

  it('a truncated bundle is caught (and the CLI exits 1 naming it)', async () => {
    const file = join(dir.path, 'short.tar');
    await copyFile(bundle, file);
    await truncate(file, (await readFile(bundle)).length - 5000);
    const r = await verifyBundle(file);
    expect(r.ok).toBe(false);
    expect(r.problems.join()).toMatch(/truncated/);
    const c = await cli(['verify', file], { env: env() });
    expect(c.code).toBe(1);
    expect(c.stdout + c.stderr).toMatch(/truncated/);
    expect(c.stderr).toContain('short.tar failed verification');
  });

  it('a removed volume is named before anything is read; a swapped pair is named too', async () => {
    const splitDir = join(dir.path, 'split');
    await mkdir(splitDir);
    const out = join(splitDir, 'v.tar');
    const r = await cli(['bundle', '--out', out, '--source', registry.host, '--plain-http', '--release', '2.2.3', '--follow-tags', '--plugins', 'key-auth,basic-auth,ai-proxy', '--split', '128K'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const good = await verifyBundle(out);
    expect(good.ok).toBe(true);

    await rename(join(splitDir, 'v.tar.002'), join(dir.path, 'aside'));
    const missing = await failureOf(verifyBundle(join(splitDir, 'v.tar.000')));
    expect(missing.code).toBe('VOLUME_MISSING');
    expect(missing.message).toBe('Missing volume: v.tar.002');
    await rename(join(dir.path, 'aside'), join(splitDir, 'v.tar.002'));

    await rename(join(splitDir, 'v.tar.001'), join(splitDir, 'tmp'));
    await rename(join(splitDir, 'v.tar.002'), join(splitDir, 'v.tar.001'));
    await rename(join(splitDir, 'tmp'), join(splitDir, 'v.tar.002'));
    const swapped = await verifyBundle(join(splitDir, 'v.tar.000'));
    expect(swapped.ok).toBe(false);
    const bad = swapped.volumes.filter((v) => v.status === 'mismatch').map((v) => v.name);
    expect(bad).toEqual(expect.arrayContaining(['v.tar.001', 'v.tar.002']));
    expect(swapped.volumes.find((v) => v.name === 'v.tar.000')?.status).toBe('ok');

    // and without the volume list, a gap is still named
    await unlink(join(splitDir, 'v.tar.volumes.json'));
    await rm(join(splitDir, 'v.tar.001'));
    const gap = await failureOf(verifyBundle(join(splitDir, 'v.tar.000')));
    expect(gap.message).toBe('Missing volume: v.tar.001');
  });
});

describe('damage outside file contents is caught even without sidecars', () => {
  async function bare(name: string, mutate: (b: Buffer, entries: Map<string, { offset: number; size: number }>) => void): Promise<string> {
    const open = await OpenBundle.open(bundle);
    const entries = new Map([...open.entries].map(([k, v]) => [k, { offset: v.offset, size: v.size }]));
    await open.close();
    const folder = join(dir.path, `bare-${name}`);
    await mkdir(folder);
    const file = join(folder, 'b.tar');
    const bytes = Buffer.from(await readFile(bundle));
    mutate(bytes, entries);
    await writeFile(file, bytes);
    return file;
  }

  it('a flipped byte in padding', async () => {
    const file = await bare('padding', (b, e) => {
      const layout = e.get('oci-layout')!;
      b[layout.offset + layout.size + 3] = 0x41;
    });
    const r = await verifyBundle(file);
    expect(r.ok).toBe(false);
    expect(r.problems.join()).toMatch(/Damaged padding after oci-layout/);
  });

  it('a changed byte in a header checksum field', async () => {
    const file = await bare('checksum', (b, e) => {
      const header = e.get('oci-layout')!.offset - 512;
      b[header + 155] = 0; // "%06o\0 " → "%06o\0\0": same number, damaged field
    });
    const r = await verifyBundle(file);
    expect(r.ok).toBe(false);
    expect(r.problems.join()).toMatch(/Damaged tar header at byte \d+ \(checksum field\)/);
  });

  it('a damaged line in MD5SUMS (which md5sum -c would reject)', async () => {
    const file = await bare('sums', (b, e) => {
      const sums = e.get('MD5SUMS')!;
      b[sums.offset] = 0x79; // 'y': no longer hex
    });
    const r = await verifyBundle(file);
    expect(r.ok).toBe(false);
    expect(r.problems.join()).toMatch(/MD5SUMS has a damaged line/);
  });

  it('a device or a FIFO posing as the bundle is refused at once', async () => {
    const folder = join(dir.path, 'special');
    await mkdir(folder);
    await symlink('/dev/zero', join(folder, 'zero.tar'));
    expect((await failureOf(verifyBundle(join(folder, 'zero.tar')))).code).toBe('NOT_A_FILE');
    await runOk('mkfifo', [join(folder, 'fifo.tar')]);
    expect((await failureOf(verifyBundle(join(folder, 'fifo.tar')))).code).toBe('NOT_A_FILE');
  });
});

describe('unsafe archives are refused, nothing written outside', () => {
  const wasm = Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  const cases: Array<[string, Buffer, RegExp]> = [
    ['dot-dot', craftedTar([{ name: '../evil.txt', data: 'x' }]), /leaving the bundle/],
    ['nested dot-dot', craftedTar([{ name: 'plugins/../../evil.txt', data: 'x' }]), /leaving the bundle/],
    ['absolute', craftedTar([{ name: '/tmp/evil.txt', data: 'x' }]), /absolute path/],
    ['symlink', craftedTar([{ name: 'plugins/link', flag: '2', linkname: '/etc/passwd' }]), /symbolic link \(plugins\/link -> \/etc\/passwd\)/],
    ['hard link', craftedTar([{ name: 'oci-layout', data: 'x' }, { name: 'plugins/b/1.0.0/plugin.wasm', flag: '1', linkname: '../../etc/shadow' }]), /hard link/],
    ['char device', craftedTar([{ name: 'dev', flag: '3' }]), /device file/],
    ['fifo', craftedTar([{ name: 'pipe', flag: '6' }]), /FIFO/],
    ['duplicate', craftedTar([{ name: 'plugins/x/1.0.0/plugin.wasm', data: wasm }, { name: 'plugins/x/1.0.0/plugin.wasm', data: 'evil' }]), /twice/],
    // verify lists the stray file; opening says the whole file is a tar of other files
    ['outside the layout', craftedTar([{ name: 'etc/passwd', data: 'x' }]), /a file outside the bundle layout: etc\/passwd|not a Higress Airgap bundle \(it holds etc\/passwd, which no bundle holds\)/],
    ['huge pax header', craftedTar([{ name: 'PaxHeader', flag: 'x', data: 'x', declaredSize: 500 * 1024 * 1024 }], { end: false }), /extended header of 524288000 bytes/],
    ['pax path escape', craftedTar([{ name: 'PaxHeader', flag: 'x', data: paxRecord('path', '../../escape') }, { name: 'harmless', data: 'x' }]), /leaving the bundle/],
    ['backslash', craftedTar([{ name: '..\\evil', data: 'x' }]), /backslash/],
  ];

  it.each(cases)('%s', async (label, tar, reason) => {
    const folder = join(dir.path, `unsafe-${label.replace(/\W/g, '-')}`, 'inner');
    await mkdir(folder, { recursive: true });
    const file = join(folder, 'bundle.tar');
    await writeFile(file, tar);
    const before = await readdir(join(folder, '..'));
    const report = await verifyBundle(file);
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toMatch(reason);
    const opened = await failureOf(OpenBundle.open(file));
    expect(opened.message).toMatch(reason);
    const listed = await cli(['list', file], { env: env() });
    expect(listed.code).toBe(1);
    // nothing appeared beside or above the bundle
    expect(await readdir(join(folder, '..'))).toEqual(before);
    expect(await readdir(folder)).toEqual(['bundle.tar']);
    await expect(readFile(join(dir.path, 'evil.txt'))).rejects.toThrow();
  });
});

describe('cancel and failure leave nothing that looks like a bundle', () => {
  it('a cancelled bundle leaves no file behind', async () => {
    const out = join(dir.path, 'cancel');
    await mkdir(out);
    proxy.add({ method: 'GET', path: /\/blobs\//, fault: { kind: 'delay', ms: 2000 }, times: Infinity });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const r = await cli(['bundle', '--out', join(out, 'c.tar'), '--source', proxy.host, '--plain-http', '--release', '2.2.3', '--follow-tags', '--plugins', 'key-auth,basic-auth,ai-proxy', '--temp-dir', out], { env: env(), signal: ac.signal });
    proxy.rules.length = 0;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Cancelled');
    expect(await readdir(out)).toEqual([]);
  });

  it('a refused plugin stops the bundle before anything is written', async () => {
    const out = join(dir.path, 'refused');
    await mkdir(out);
    const r = await cli(['bundle', '--out', join(out, 'r.tar'), '--source', registry.host, '--plain-http', '--release', '2.2.3', '--follow-tags', '--plugins', 'key-auth', '--plugin', `${registry.host}/plugins/bad-single-layer:2.0.0`, '--temp-dir', out], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Plugin bad-single-layer \(.*\) was refused: it is a single raw-wasm layer/);
    expect(await readdir(out)).toEqual([]);
  });

  it('a moved catalog pin is refused with both digests', async () => {
    // Our ai-proxy fixture under the 2.2.4 tag: a different build than the one the catalog pins.
    const aiProxy = fixtures.plugins.find((p) => p.name === 'ai-proxy')!;
    await pushManifestTree(new RawRegistryClient(registry), aiProxy.repo, '2.0.1', aiProxy.manifest);
    const r = await cli(['bundle', '--out', join(dir.path, 'pinned.tar'), '--source', registry.host, '--plain-http', '--release', '2.2.4', '--no-plugin-server', '--plugins', 'ai-proxy'], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('sha256:754c4d6c9e8aed2cabc4aa37c21f1e6dbf3b4973f01c18765ab83c17ad4d40db');
    expect(r.stderr).toContain(aiProxy.manifest.digest);
  });
});
