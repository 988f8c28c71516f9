import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileHashPool, fileHashPoolSize, unlessAborted } from '../../shared/bundle/file-hash-pool';
import { OpenBundle } from '../../shared/bundle/open-bundle';
import { verifyBundle } from '../../shared/bundle/verify';
import { cli } from '../env/cli';
import { tempDir, type TempDir } from '../env/tools';
import { tinyWasm } from '../env/wasm';

/**
 * The MD5s of large files run on a pool of workers, one file per worker at a time, each worker
 * reading its file's bytes from the volumes itself. Three local plugins of 3, 5 and 9 MiB (each
 * above the size from which the pool takes over; a plugin.wasm keeps its MD5, a blob has none since
 * format 2) in a bundle split into 2 MiB volumes: every plugin.wasm's MD5 must be the one of its
 * own bytes whichever worker hashed it, the report must list the files in bundle.json's order, and
 * a flipped byte in any one of them must be caught on it alone.
 */
let dir: TempDir;
let master: string;
const modules: Array<{ bytes: Buffer; path: string; offset: number }> = [];
const MiB = 1024 * 1024;

beforeAll(async () => {
  dir = await tempDir('verify-pool');
  const sizes = [3, 5, 9];
  const args: string[] = [];
  for (const [i, n] of sizes.entries()) {
    const file = join(dir.path, `m${i}.wasm`);
    await writeFile(file, tinyWasm(`pool-${i}`, n * MiB));
    args.push('--wasm', `big-${i}@1.0.0=${file}`);
  }
  master = join(dir.path, 'master');
  await mkdir(master);
  const r = await cli(['bundle', '--out', join(master, 'v.tar'), '--no-plugin-server', ...args, '--split', '2M'], {
    env: { HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), SOURCE_DATE_EPOCH: '1767225600' },
  });
  expect(r.code, r.stderr).toBe(0);
  const open = await OpenBundle.open(join(master, 'v.tar.000'));
  try {
    for (const i of sizes.keys()) {
      const path = `plugins/big-${i}/1.0.0/plugin.wasm`;
      const entry = open.entries.get(path);
      expect(entry, path).toBeDefined();
      modules.push({ bytes: await readFile(join(dir.path, `m${i}.wasm`)), path, offset: entry!.offset });
    }
  } finally {
    await open.close();
  }
}, 120_000);
afterAll(async () => {
  await dir?.remove();
});

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

/** A copy of the bundle's volumes with one byte flipped at `at` of the whole stream. */
async function flippedCopy(name: string, at: number): Promise<string> {
  const folder = join(dir.path, name);
  await mkdir(folder);
  const names = (await readdir(master)).sort();
  let start = 0;
  for (const n of names) {
    if (!/^v\.tar\.\d{3}$/.test(n)) {
      await copyFile(join(master, n), join(folder, n));
      continue;
    }
    const bytes = await readFile(join(master, n));
    if (at >= start && at < start + bytes.length) bytes[at - start] = (bytes[at - start] as number) ^ 0x01;
    await writeFile(join(folder, n), bytes);
    start += bytes.length;
  }
  return folder;
}

describe('verify with a pool of MD5 workers', () => {
  it('gives every large file the MD5 of its own bytes, in bundle.json order', async () => {
    const r = await verifyBundle(join(master, 'v.tar.000'));
    expect(r.ok, JSON.stringify(r.problems)).toBe(true);
    for (const l of modules) expect(r.files.find((f) => f.path === l.path)).toMatchObject({ status: 'ok', size: l.bytes.length, md5: md5(l.bytes) });
    expect(r.files.map((f) => f.path)).toEqual(r.manifest?.files.map((f) => f.path));
  });

  for (const i of [0, 1, 2]) {
    it(`a flipped byte in module ${i + 1} of 3 is caught on that module alone`, async () => {
      const l = modules[i]!;
      const folder = await flippedCopy(`flip-${i}`, l.offset + Math.floor(l.bytes.length / 2));
      const r = await verifyBundle(join(folder, 'v.tar.000'));
      expect(r.ok).toBe(false);
      const bad = r.files.filter((f) => f.status !== 'ok');
      expect(bad.map((f) => f.path)).toEqual([l.path]);
      expect(bad[0]).toMatchObject({ code: 'FILE_CONTENT_MISMATCH', md5: md5(Buffer.concat([l.bytes.subarray(0, Math.floor(l.bytes.length / 2)), Buffer.from([(l.bytes[Math.floor(l.bytes.length / 2)] as number) ^ 0x01]), l.bytes.subarray(Math.floor(l.bytes.length / 2) + 1)])) });
    });
  }
});

describe('the file hash pool', () => {
  it('sizes itself from the cores: at least one worker, at most four', () => {
    expect([0, 1, 2, 3, 4, 8, 64].map((n) => fileHashPoolSize(n))).toEqual([1, 1, 2, 3, 4, 4, 4]);
    expect(fileHashPoolSize()).toBeGreaterThanOrEqual(1);
  });

  it('hashes files open at the same time on different workers, each file whole on one', async () => {
    const files = await Promise.all(
      [1, 2, 3].map(async (n) => {
        const path = join(dir.path, `pool-${n}.bin`);
        const bytes = randomBytes(n * 100_000 + 17);
        await writeFile(path, bytes);
        return { path, bytes };
      }),
    );
    const pool = new FileHashPool(2);
    try {
      expect(pool.workers).toBe(0);
      // All three open before any finishes: two workers, the third file on the one least behind.
      const jobs = files.map((f) => ({ f, job: pool.start('md5') }));
      expect(pool.workers).toBe(2);
      for (const { f, job } of jobs) await job.add([{ path: f.path, offset: 0, length: 1000 }]);
      const digests = await Promise.all(jobs.map(async ({ f, job }) => (await job.finish([{ path: f.path, offset: 1000, length: f.bytes.length - 1000 }])).digest));
      expect(digests).toEqual(files.map((f) => md5(f.bytes)));
      // Both workers are free again: the next file goes to one of them, none is added.
      const again = pool.start('md5');
      const { digest } = await again.finish([{ path: files[0]!.path, offset: 0, length: files[0]!.bytes.length }]);
      expect(await digest).toBe(md5(files[0]!.bytes));
      expect(pool.workers).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('a file it cannot read fails alone, with its code; closing rejects what is still pending', async () => {
    const path = join(dir.path, 'short.bin');
    await writeFile(path, Buffer.alloc(4000, 7));
    const pool = new FileHashPool(2);
    try {
      const bad = await pool.start('md5').finish([{ path, offset: 3000, length: 2000 }]);
      const good = await pool.start('md5').finish([{ path, offset: 0, length: 4000 }]);
      await expect(bad.digest).rejects.toMatchObject({ code: 'HASH_READ_FAILED', message: expect.stringContaining('short.bin ended at byte 4000') });
      expect(await good.digest).toBe(md5(Buffer.alloc(4000, 7)));
      const open = pool.start('md5');
      await open.add([{ path, offset: 0, length: 10 }]);
      const closing = pool.close();
      await expect(open.finish([{ path, offset: 10, length: 10 }])).rejects.toMatchObject({ code: expect.stringMatching(/^HASH_WORKER_(CLOSED|FAILED)$/) });
      await closing;
    } finally {
      await pool.close();
    }
  });

  it('closing stops every worker, busy or not: no thread outlives the pool', async () => {
    const threads = async () => (await readdir('/proc/self/task')).length;
    const path = join(dir.path, 'busy.bin');
    await writeFile(path, randomBytes(4 * MiB));
    const pool = new FileHashPool(2);
    const before = await threads();
    const jobs = [pool.start('md5'), pool.start('md5')];
    expect(pool.workers).toBe(2);
    // Each worker is given 64 MiB to read (the same file, over and over) and no end.
    const lots = Array.from({ length: 16 }, () => ({ path, offset: 0, length: 4 * MiB }));
    for (const job of jobs) await job.add(lots);
    await pool.close();
    await expect.poll(threads).toBeLessThanOrEqual(before);
    for (const job of jobs) await expect(job.finish([])).rejects.toMatchObject({ code: expect.stringMatching(/^HASH_WORKER_(CLOSED|FAILED)$/) });
  });

  it('a cancel does not wait for work still running', async () => {
    const ac = new AbortController();
    const never = new Promise<void>(() => undefined);
    const waiting = unlessAborted(never, ac.signal);
    ac.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(unlessAborted(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
    await expect(unlessAborted(never, ac.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
