import { mkdir, readdir, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleOutput } from '../../shared/bundle/bundle-output';
import { AppError } from '../../shared/errors';
import { checkFreeSpace } from '../../shared/system/free-space';
import { explainFsError } from '../../shared/system/fs-errors';
import { mountPointOf } from '../../shared/system/folder-status';
import { failureOf, run, runOk, tempDir, type TempDir } from '../env/tools';

/**
 * Disk errors on real file systems: small tmpfs mounts that fill up, and a read-only one (the
 * suite runs as root; mount(8) is how a full USB stick or a write-protected one is played here).
 */
let dir: TempDir;
let full: string;
let readOnly: string;
let small: string;
const mounted: string[] = [];

async function mountTmpfs(path: string, options: string): Promise<void> {
  await mkdir(path, { recursive: true });
  const r = await run('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', path]);
  if (r.code !== 0) throw new Error(`mount -t tmpfs ${path} failed (the suite needs root with CAP_SYS_ADMIN): ${r.stderr}`);
  mounted.push(path);
}

beforeAll(async () => {
  dir = await tempDir('fs-hygiene');
  full = join(dir.path, 'full');
  readOnly = join(dir.path, 'ro');
  small = join(dir.path, 'small');
  await mountTmpfs(full, 'size=1m,mode=0755');
  await mountTmpfs(readOnly, 'ro,size=1m,mode=0755');
  await mountTmpfs(small, 'size=8m,mode=0755');
});
afterAll(async () => {
  for (const m of mounted.reverse()) await runOk('umount', [m]);
  await dir?.remove();
});

/** Offers `bytes` to a new output (aborted on failure); its error, and how many bytes it took before. */
async function writeBytes(path: string, bytes: number, volumeSize?: number): Promise<AppError & { accepted: number }> {
  const output = await BundleOutput.create(path, { volumeSize });
  let accepted = 0;
  const e = await failureOf(
    (async () => {
      try {
        for (; accepted < bytes; accepted += 256 * 1024) await output.write(Buffer.alloc(256 * 1024, 7));
        await output.finish();
      } catch (err) {
        await output.abort();
        throw err;
      }
    })(),
  );
  return Object.assign(e, { accepted });
}

describe('the bundle writer explains disk errors', () => {
  it('a full disk: DISK_FULL names the file and the mount point, and leaves no temporary file', async () => {
    const e = await writeBytes(join(full, 'b.tar'), 2 * 1024 * 1024);
    expect(e.code).toBe('DISK_FULL');
    expect(e.message).toMatch(new RegExp(`^Cannot write ${join(full, 'b\\.tar')}: no space left on ${full} \\(.+ free\\)$`));
    expect(e.details).toMatchObject({ path: join(full, 'b.tar'), errno: 'ENOSPC', mount: full, fileSystem: 'tmpfs' });
    expect(String(e.details?.tempPath)).toMatch(/\/\.b\.tar\.\d+-[0-9a-f]{8}\.[0-9a-f]{12}\.partial$/);
    expect(e.hint).toBeTruthy();
    expect(await readdir(full)).toEqual([]);
  });

  it('a full disk stops the writer within the writes in flight, not at the end of a long stream', async () => {
    // 256 MiB offered to a 1 MiB file system: the writer must fail long before taking it all.
    const e = await writeBytes(join(full, 'long.tar'), 256 * 1024 * 1024);
    expect(e.code).toBe('DISK_FULL');
    expect(e.accepted).toBeLessThan(16 * 1024 * 1024);
    expect(await readdir(full)).toEqual([]);
  });

  it('a full disk while writing volumes names the volume that did not fit', async () => {
    const e = await writeBytes(join(full, 'v.tar'), 2 * 1024 * 1024, 384 * 1024);
    expect(e.code).toBe('DISK_FULL');
    expect(e.message).toMatch(new RegExp(`^Cannot (write|finish writing) ${join(full, 'v.tar')}\\.00[1-3]: no space left on ${full}`));
    expect(await readdir(full)).toEqual([]);
  });

  it('a read-only file system: READ_ONLY_FILE_SYSTEM, not a raw EROFS or ENOENT', async () => {
    const e = await writeBytes(join(readOnly, 'b.tar'), 1024);
    expect(e.code).toBe('READ_ONLY_FILE_SYSTEM');
    expect(e.message).toBe(`Cannot create ${join(readOnly, 'b.tar')}: the file system on ${readOnly} is read-only`);
    expect(e.details).toMatchObject({ errno: 'EROFS', syscall: 'open', mount: readOnly });
  });

  it('a missing folder: PATH_MISSING names the folder', async () => {
    const e = await writeBytes(join(dir.path, 'nowhere', 'b.tar'), 1024);
    expect(e.code).toBe('PATH_MISSING');
    expect(e.message).toContain(`the folder ${join(dir.path, 'nowhere')} does not exist`);
  });

  it('leaves errors that are not fs errors alone', async () => {
    const app = new AppError('X', 'y');
    expect(await explainFsError(app, { path: '/x', action: 'write' })).toBe(app);
    const plain = new Error('not from the file system');
    expect(await explainFsError(plain, { path: '/x', action: 'write' })).toBe(plain);
  });
});

describe('free space is checked per file system', () => {
  it('finds the mount point of a path, existing or not', async () => {
    expect(await mountPointOf(join(small, 'a', 'b', 'c.tar'))).toBe(small);
    expect(await mountPointOf(small)).toBe(small);
  });

  it('adds up needs on the same file system (output + temporary folder on one disk)', async () => {
    const free = (await statfs(small)).bavail * (await statfs(small)).bsize;
    const out = join(small, 'out');
    const temp = join(small, 'tmp');
    await mkdir(out);
    await mkdir(temp);
    const each = Math.floor(free * 0.6);
    // Each alone fits: the old check passed both and the run failed half-way with ENOSPC.
    await checkFreeSpace([{ folder: out, bytes: each, what: 'the output folder' }]);
    await checkFreeSpace([{ folder: temp, bytes: each, what: 'the temporary folder' }]);
    const e = await failureOf(
      checkFreeSpace([
        { folder: out, bytes: each, what: 'the output folder' },
        { folder: temp, bytes: each, what: 'the temporary folder' },
      ]),
    );
    expect(e.code).toBe('INSUFFICIENT_SPACE_SHARED');
    expect(e.message).toContain(`Not enough free space on ${small}, which holds the output folder and the temporary folder`);
    expect(e.details).toMatchObject({ needed: 2 * each, mount: small, folders: [{ folder: out }, { folder: temp }] });
  });

  it('keeps needs on different file systems apart', async () => {
    const free = (await statfs(small)).bavail * (await statfs(small)).bsize;
    await checkFreeSpace([
      { folder: join(small, 'out'), bytes: Math.floor(free * 0.6), what: 'the output folder' },
      { folder: dir.path, bytes: Math.floor(free * 0.6), what: 'the temporary folder' },
    ]);
    const e = await failureOf(checkFreeSpace([{ folder: join(small, 'out'), bytes: free + 1, what: 'the output folder' }]));
    expect(e.code).toBe('INSUFFICIENT_SPACE');
    expect(e.hint).toContain('output folder');
  });

  it('says why a folder is not writable: a read-only file system', async () => {
    const e = await failureOf(checkFreeSpace([{ folder: join(readOnly, 'sub'), bytes: 1, what: 'the output folder' }]));
    expect(e.code).toBe('READ_ONLY_FILE_SYSTEM');
    expect(e.message).toContain(`the file system on ${readOnly} is read-only`);
  });

  it('refuses a path through a file with NO_FOLDER', async () => {
    const file = join(dir.path, 'plain-file');
    await writeFile(file, 'x');
    const e = await failureOf(checkFreeSpace([{ folder: join(file, 'sub'), bytes: 1, what: 'the output folder' }]));
    expect(e.code).toBe('NO_FOLDER');
  });
});
