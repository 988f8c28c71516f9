import { copyFile, mkdir, readdir, readFile, rename, stat, truncate, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../shared/bundle/verify';
import { locateBundle, readVolumes } from '../../shared/bundle/volume-set';
import { cli } from '../env/cli';
import { pluginServerFixture, pushFixtures } from '../env/fixtures';
import { startRegistry, type TestRegistry } from '../env/registry';
import { failureOf, tempDir, type TempDir } from '../env/tools';

/**
 * Split bundles: each volume is checked against its own entry in the volume list and its own
 * sidecars, so a report says which volumes are swapped (and with which), replaced by something
 * else, or resized. The set is written by the CLI from fixtures in a real registry.
 */
let registry: TestRegistry;
let dir: TempDir;
let master: string;
let names: string[];
const env = () => ({ HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), SOURCE_DATE_EPOCH: '1767225600' });

beforeAll(async () => {
  dir = await tempDir('bundle-volumes');
  registry = await startRegistry('plain');
  await pushFixtures(registry, { pluginServer: await pluginServerFixture('2.2.3') });
  master = join(dir.path, 'master');
  await mkdir(master);
  const h = registry.host;
  const r = await cli(['bundle', '--out', join(master, 'v.tar'), '--source', h, '--plain-http', '--plugin-server', `${h}/higress/plugin-server:2.2.3`, '--plugin', `key-auth@2.0.0=${h}/plugins/key-auth:2.0.0`, '--split', '256K'], { env: env() });
  expect(r.code, r.stderr).toBe(0);
  names = (await readdir(master)).filter((n) => /^v\.tar\.\d{3}$/.test(n)).sort();
  expect(names.length).toBeGreaterThanOrEqual(4);
});
afterAll(async () => {
  await registry?.stop();
  await dir?.remove();
});

let count = 0;
/** A fresh copy of the whole set (volumes, sidecars, list) to damage. */
async function copySet(): Promise<string> {
  const folder = join(dir.path, `set-${count++}`);
  await mkdir(folder);
  for (const n of await readdir(master)) await copyFile(join(master, n), join(folder, n));
  return folder;
}

async function swap(folder: string, a: string, b: string): Promise<void> {
  await rename(join(folder, a), join(folder, 'tmp'));
  await rename(join(folder, b), join(folder, a));
  await rename(join(folder, 'tmp'), join(folder, b));
}

describe('volumes are named for what happened to them', () => {
  it('the untouched set verifies', async () => {
    const r = await verifyBundle(join(master, 'v.tar.000'));
    expect(r.ok).toBe(true);
    expect(r.volumes.every((v) => v.status === 'ok')).toBe(true);
  });

  it('read as one stream (as docker load reads them), the volumes give their bytes in order, with or without hashing', async () => {
    const loc = await locateBundle(join(master, 'v.tar.000'));
    const expected = Buffer.concat(await Promise.all(names.map((n) => readFile(join(master, n)))));
    const plain: Buffer[] = [];
    for await (const c of readVolumes(loc)) plain.push(c);
    expect(Buffer.concat(plain).equals(expected)).toBe(true);
    const heard: string[] = [];
    const hashed: Buffer[] = [];
    for await (const c of readVolumes(loc, { chunkSize: 100_000, onVolume: (v, d) => heard.push(`${v.name} ${d.size}`) })) hashed.push(c);
    expect(Buffer.concat(hashed).equals(expected)).toBe(true);
    expect(heard).toEqual(await Promise.all(names.map(async (n) => `${n} ${(await stat(join(master, n))).size}`)));
  });

  it('two swapped volumes: each says whose content it holds', async () => {
    const folder = await copySet();
    await swap(folder, 'v.tar.001', 'v.tar.002');
    const r = await verifyBundle(join(folder, 'v.tar.000'));
    expect(r.ok).toBe(false);
    const bad = r.volumes.filter((v) => v.status === 'mismatch');
    expect(bad.map((v) => [v.name, v.code, v.holds])).toEqual([
      ['v.tar.001', 'VOLUME_SWAPPED', 'v.tar.002'],
      ['v.tar.002', 'VOLUME_SWAPPED', 'v.tar.001'],
    ]);
    expect(bad[0]?.detail).toBe('holds what the volume list says is v.tar.002 (volumes swapped or renamed)');
    const c = await cli(['verify', join(folder, 'v.tar.000')], { env: env() });
    expect(c.code).toBe(1);
    expect(c.stdout).toContain('✗ volume v.tar.001: holds what the volume list says is v.tar.002 (volumes swapped or renamed)');
  });

  it('without the volume list, a swap is named from the sidecars', async () => {
    const folder = await copySet();
    await unlink(join(folder, 'v.tar.volumes.json'));
    await swap(folder, 'v.tar.001', 'v.tar.002');
    const r = await verifyBundle(join(folder, 'v.tar.000'));
    const v1 = r.volumes.find((v) => v.name === 'v.tar.001');
    expect([v1?.code, v1?.holds, v1?.detail]).toEqual(['VOLUME_SWAPPED', 'v.tar.002', 'holds what the sidecar files say is v.tar.002 (volumes swapped or renamed)']);
  });

  it('a volume replaced by other bytes of the same size: replaced, not swapped', async () => {
    const folder = await copySet();
    const size = (await stat(join(folder, 'v.tar.002'))).size;
    await writeFile(join(folder, 'v.tar.002'), Buffer.alloc(size, 0x42));
    const r = await verifyBundle(join(folder, 'v.tar.000'));
    const v2 = r.volumes.find((v) => v.name === 'v.tar.002');
    expect([v2?.status, v2?.code]).toEqual(['mismatch', 'VOLUME_REPLACED']);
    expect(v2?.detail).toBe('does not match the volume list, nor any other volume of this bundle (damaged, or replaced by another file)');
    expect(r.volumes.find((v) => v.name === 'v.tar.001')?.status).toBe('ok');
  });

  it('resized volumes are all named before anything is read, and a swap with the last one is suspected', async () => {
    const folder = await copySet();
    await truncate(join(folder, 'v.tar.001'), 1000);
    await truncate(join(folder, 'v.tar.002'), 2000);
    const e = await failureOf(verifyBundle(join(folder, 'v.tar.000')));
    expect(e.code).toBe('VOLUME_DAMAGED');
    expect(e.message).toBe(`Volumes of the wrong size: v.tar.001 is 1000 bytes, but the volume list says ${256 * 1024}; v.tar.002 is 2000 bytes, but the volume list says ${256 * 1024}`);

    const last = names[names.length - 1] as string;
    const swapped = await copySet();
    await swap(swapped, 'v.tar.001', last);
    const s = await failureOf(verifyBundle(join(swapped, 'v.tar.000')));
    expect(s.message).toContain(`v.tar.001 is ${(await stat(join(master, last))).size} bytes, but the volume list says ${256 * 1024} (the size of ${last}: swapped?)`);
    // list refuses the same way: the volume set is located by the same code for every reader
    const list = await cli(['list', join(swapped, 'v.tar.000')], { env: env() });
    expect(list.code).toBe(1);
    expect(list.stderr).toContain('(the size of');
  });

  it('a sidecar swapped with another volume’s is named', async () => {
    const folder = await copySet();
    await copyFile(join(folder, 'v.tar.002.sha256'), join(folder, 'v.tar.001.sha256'));
    await copyFile(join(folder, 'v.tar.002.md5'), join(folder, 'v.tar.001.md5'));
    const r = await verifyBundle(join(folder, 'v.tar.000'));
    const v1 = r.volumes.find((v) => v.name === 'v.tar.001');
    expect([v1?.status, v1?.code, v1?.detail]).toEqual(['mismatch', 'SIDECAR_FOREIGN', 'its sidecar files describe v.tar.002, not v.tar.001']);
  });
});

describe('the volume list is read strictly', () => {
  it('a volume list over 1 MiB is refused by name, not ignored', async () => {
    const folder = await copySet();
    const list = await readFile(join(folder, 'v.tar.volumes.json'), 'utf8');
    // still valid JSON, and the same list: only padded past the limit
    await writeFile(join(folder, 'v.tar.volumes.json'), list.replace(/\n$/, `${' '.repeat(1024 * 1024)}\n`));
    for (const input of ['v.tar.000', 'v.tar.volumes.json', '.']) {
      const e = await failureOf(verifyBundle(join(folder, input)));
      expect(e.code, input).toBe('VOLUME_LIST_TOO_LARGE');
      expect(e.message).toMatch(/^v\.tar\.volumes\.json is 10\d{5} bytes, more than the 1048576 allowed for the volume list$/);
    }
    const c = await cli(['list', join(folder, 'v.tar.000')], { env: env() });
    expect(c.code).toBe(1);
    expect(c.stderr).toContain('more than the 1048576 allowed for the volume list');
  });

  it('a list whose volumes are out of order, or do not add up, is damaged', async () => {
    const folder = await copySet();
    const file = join(folder, 'v.tar.volumes.json');
    const list = JSON.parse(await readFile(file, 'utf8'));
    const reordered = { ...list, volumes: [list.volumes[1], list.volumes[0], ...list.volumes.slice(2)] };
    await writeFile(file, JSON.stringify(reordered));
    expect((await failureOf(verifyBundle(join(folder, 'v.tar.000')))).message).toBe('v.tar.volumes.json is damaged: volume 1 is named v.tar.001, expected v.tar.000');
    await writeFile(file, JSON.stringify({ ...list, size: list.size + 1 }));
    const e = await failureOf(verifyBundle(join(folder, 'v.tar.000')));
    expect(e.code).toBe('BAD_VOLUME_LIST');
    expect(e.details).toMatchObject({ file: 'v.tar.volumes.json', size: list.size + 1, total: list.size });
  });

  it('a set renamed as a whole is refused with the names it needs', async () => {
    const folder = await copySet();
    for (const n of await readdir(folder)) await rename(join(folder, n), join(folder, n.replace(/^v\.tar/, 'w.tar')));
    const e = await failureOf(verifyBundle(join(folder, 'w.tar.000')));
    expect(e.code).toBe('VOLUME_LIST_RENAMED');
    expect(e.message).toBe('w.tar.volumes.json describes the volumes of v.tar, not of w.tar');
  });
});
