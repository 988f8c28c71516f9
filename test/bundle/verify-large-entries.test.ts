import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushBigImage } from '../../bench/big-image';
import { HashWorker } from '../../shared/bundle/hash-worker';
import { OpenBundle } from '../../shared/bundle/open-bundle';
import { verifyBundle } from '../../shared/bundle/verify';
import { rangesOf } from '../../shared/bundle/volume-set';
import { cli } from '../env/cli';
import { startRegistry, type TestRegistry } from '../env/registry';
import { tempDir, type TempDir } from '../env/tools';

/**
 * A 20 MiB layer (random bytes, from a real registry) in a bundle split into 3 MiB volumes crosses
 * several volumes and several pieces: its SHA-256 must be the one of its bytes (a blob carries no
 * MD5 since format 2), each volume's SHA-256 — computed on a pool worker that reads the volume
 * itself right behind the main thread — the one of that volume's bytes, and a flipped byte
 * anywhere in the layer must be caught.
 */
let registry: TestRegistry;
let dir: TempDir;
let master: string;
let layer: { path: string; offset: number; size: number };
const env = () => ({ HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), SOURCE_DATE_EPOCH: '1767225600' });

beforeAll(async () => {
  dir = await tempDir('verify-large');
  registry = await startRegistry('plain');
  await pushBigImage(registry.host, 'bench/big', '1', 20 * 1024 * 1024, dir.path);
  master = join(dir.path, 'master');
  await mkdir(master);
  const r = await cli(['bundle', '--out', join(master, 'v.tar'), '--no-plugin-server', '--image', `${registry.host}/bench/big:1`, '--plain-http', '--split', '3M'], { env: env() });
  expect(r.code, r.stderr).toBe(0);
  const open = await OpenBundle.open(join(master, 'v.tar.000'));
  try {
    const big = [...open.entries.values()].find((e) => e.type === 'file' && e.size === 20 * 1024 * 1024);
    expect(big).toBeDefined();
    layer = { path: big!.name, offset: big!.offset, size: big!.size };
  } finally {
    await open.close();
  }
}, 120_000);
afterAll(async () => {
  await registry?.stop();
  await dir?.remove();
});

let count = 0;
async function copySet(): Promise<string> {
  const folder = join(dir.path, `set-${count++}`);
  await mkdir(folder);
  for (const n of await readdir(master)) await copyFile(join(master, n), join(folder, n));
  return folder;
}

/** The whole stream of a set, and a writer that puts it back into the same volumes. */
async function stream(folder: string): Promise<{ bytes: Buffer; write(): Promise<void> }> {
  const names = (await readdir(folder)).filter((n) => /^v\.tar\.\d{3}$/.test(n)).sort();
  const parts = await Promise.all(names.map((n) => readFile(join(folder, n))));
  const bytes = Buffer.concat(parts);
  return {
    bytes,
    async write() {
      let at = 0;
      for (const [i, n] of names.entries()) {
        const size = (parts[i] as Buffer).length;
        await writeFile(join(folder, n), bytes.subarray(at, at + size));
        at += size;
      }
    },
  };
}

describe('a large entry across volumes', () => {
  it('verifies, with the SHA-256 of its own bytes and of each volume', async () => {
    const r = await verifyBundle(join(master, 'v.tar.000'));
    expect(r.ok, JSON.stringify(r.problems)).toBe(true);
    expect(r.volumes.length).toBeGreaterThanOrEqual(7);
    const { bytes } = await stream(master);
    const body = bytes.subarray(layer.offset, layer.offset + layer.size);
    const check = r.files.find((f) => f.path === layer.path);
    expect(check).toMatchObject({ status: 'ok', size: layer.size, sha256: createHash('sha256').update(body).digest('hex') });
    expect(check?.md5).toBeUndefined();
    for (const v of r.volumes) {
      const own = await readFile(join(master, v.name));
      expect(v, v.name).toMatchObject({ status: 'ok', size: own.length, sha256: createHash('sha256').update(own).digest('hex') });
    }
  });

  for (const [where, at] of [
    ['in its first piece', 100],
    ['in a later volume, past the first 8 MiB piece', 13 * 1024 * 1024 + 7],
    ['in its last byte', 20 * 1024 * 1024 - 1],
  ] as const) {
    it(`a flipped byte ${where} is caught (file, blob digest and volume)`, async () => {
      const folder = await copySet();
      const s = await stream(folder);
      const i = layer.offset + at;
      s.bytes[i] = (s.bytes[i] as number) ^ 0x01;
      await s.write();
      const r = await verifyBundle(join(folder, 'v.tar.000'));
      expect(r.ok).toBe(false);
      expect(r.files.find((f) => f.path === layer.path)?.status).toBe('mismatch');
      expect(r.issues?.map((p) => p.code)).toContain('BLOB_DIGEST_MISMATCH');
      expect(r.volumes.filter((v) => v.status === 'mismatch')).toHaveLength(1);
    });
  }
});

describe('the worker reads file ranges itself', () => {
  it('hashes ranges of several files in pieces, and refuses a range past the end by name', async () => {
    const a = join(dir.path, 'a.bin');
    const b = join(dir.path, 'b.bin');
    const da = Buffer.alloc(3000, 1);
    const db = Buffer.alloc(5000, 2);
    await writeFile(a, da);
    await writeFile(b, db);
    const loc = { kind: 'split' as const, name: 'x', folder: dir.path, totalSize: 8000, volumes: [{ path: a, name: 'a.bin', size: 3000 }, { path: b, name: 'b.bin', size: 5000 }] };
    expect(rangesOf(loc, 2500, 1000)).toEqual([{ path: a, offset: 2500, length: 500 }, { path: b, offset: 0, length: 500 }]);
    const h = new HashWorker(4096);
    try {
      await h.hashFileRanges('md5:x', rangesOf(loc, 0, 2800), false);
      const { digest } = await h.hashFileRanges('md5:x', rangesOf(loc, 2800, 5200), true);
      expect(await digest).toBe(createHash('md5').update(Buffer.concat([da, db])).digest('hex'));
      const past = await h.hashFileRanges('sha256:y', [{ path: b, offset: 4000, length: 2000 }], true);
      await expect(past.digest).rejects.toMatchObject({ code: 'HASH_READ_FAILED', message: expect.stringContaining('b.bin ended at byte 5000') });
      const gone = await h.hashFileRanges('md5:z', [{ path: join(dir.path, 'missing.bin'), offset: 0, length: 1 }], true);
      await expect(gone.digest).rejects.toMatchObject({ code: 'HASH_READ_FAILED' });
    } finally {
      await h.close();
    }
  });

  it('no hashing thread outlives a verify, whether it passed, failed or was cancelled', async () => {
    const threads = async () => (await readdir('/proc/self/task')).length;
    // A first run starts whatever thread pools the process keeps; its worker is gone afterwards.
    await verifyBundle(join(master, 'v.tar.000'));
    await expect.poll(threads).toBeLessThanOrEqual(await threads());
    const before = await threads();

    const folder = await copySet();
    const s = await stream(folder);
    const at = layer.offset + 9 * 1024 * 1024;
    s.bytes[at] = (s.bytes[at] as number) ^ 0x01;
    await s.write();
    expect((await verifyBundle(join(folder, 'v.tar.000'))).ok).toBe(false);
    await expect.poll(threads).toBeLessThanOrEqual(before);

    const ac = new AbortController();
    // Cancelled at the first progress event (the first chunk read, well before the end): waiting for
    // a later one could see the pass finish first on a busy machine, and then nothing is cancelled.
    const r = verifyBundle(join(master, 'v.tar.000'), { signal: ac.signal, onProgress: (p) => void (p.bytesDone > 0 && p.bytesDone < (p.bytesTotal ?? Infinity) && ac.abort()) });
    await expect(r).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect.poll(threads).toBeLessThanOrEqual(before);
  });
});
