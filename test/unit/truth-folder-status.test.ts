import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../shared/ipc/envelope';
import { IpcSession } from '../../shared/ipc/session';
import { createHandlers } from '../../shared/services/handlers';
import { createEngine } from '../../shared/services/engine';
import { checkFreeSpace } from '../../shared/system/free-space';
import { cli } from '../env/cli';
import { tempDir, type TempDir } from '../env/tools';

// A folder that does not exist (a USB stick that is not mounted) is reported as missing: never
// with the free space of the parent it would be created in, which may be another disk.
let dir: TempDir;
let session: IpcSession;
beforeAll(async () => {
  dir = await tempDir('truth-folder');
  await mkdir(join(dir.path, 'usb'));
  await writeFile(join(dir.path, 'file.txt'), 'x');
  session = new IpcSession(createHandlers(createEngine({ env: { HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), HOME: dir.path, DOCKER_HOST: `unix://${join(dir.path, 'no.sock')}` } })), () => undefined);
});
afterAll(async () => {
  session?.close();
  await dir?.remove();
});
const check = async (folder: string) => (unwrap(await session.invoke('system:check', { folder })) as any).folder;

describe('system:check on a folder', () => {
  it('a missing folder: exists false, no free space, says it does not exist', async () => {
    const missing = join(dir.path, 'media', 'usb-not-mounted');
    expect(await check(missing)).toEqual({ path: missing, exists: false, writable: false, error: `${missing} does not exist` });
  });

  it('an existing folder: its free space and file system', async () => {
    const f = await check(join(dir.path, 'usb'));
    expect(f).toMatchObject({ path: join(dir.path, 'usb'), exists: true, writable: true });
    expect(f.freeBytes).toBeGreaterThan(0);
    expect(f.totalBytes).toBeGreaterThanOrEqual(f.freeBytes);
    expect(f.error).toBeUndefined();
  });

  it('a file: not a folder, no free space', async () => {
    const f = await check(join(dir.path, 'file.txt'));
    expect(f).toEqual({ path: join(dir.path, 'file.txt'), exists: true, writable: false, error: `${join(dir.path, 'file.txt')} is not a folder` });
  });

  it('the CLI says the same', async () => {
    const missing = join(dir.path, 'nowhere');
    const r = await cli(['system', 'check', '--folder', missing], { env: { DOCKER_HOST: 'tcp://127.0.0.1:1' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Folder ${missing}: ${missing} does not exist\n`);
    expect(r.stdout).not.toContain('free of');
  });

  it('the free-space check before writing still counts the disk a new output folder will be created on', async () => {
    await expect(checkFreeSpace([{ folder: join(dir.path, 'usb', 'new', 'deeper'), bytes: 1, what: 'the output folder' }])).resolves.toBeUndefined();
    await expect(checkFreeSpace([{ folder: join(dir.path, 'usb', 'new'), bytes: Number.MAX_SAFE_INTEGER, what: 'the output folder' }])).rejects.toMatchObject({ code: 'INSUFFICIENT_SPACE' });
  });
});
