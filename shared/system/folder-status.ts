import { constants } from 'node:fs';
import { access, stat, statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { FolderStatus } from '../ipc/contract';

// statfs f_type magic numbers of the file systems an operator is likely to write a bundle to.
const FS_NAMES: ReadonlyMap<number, string> = new Map([
  [0xef53, 'ext4'],
  [0x58465342, 'xfs'],
  [0x9123683e, 'btrfs'],
  [0x01021994, 'tmpfs'],
  [0x794c7630, 'overlay'],
  [0x4d44, 'vfat'],
  [0x2011bab0, 'exfat'],
  [0x5346544e, 'ntfs'],
  [0x65735546, 'fuse'],
  [0x6969, 'nfs'],
  [0xff534d42, 'cifs'],
  [0x2fc12fc1, 'zfs'],
]);

/** A readable name for a statfs `type` (`ext4`, `vfat`, … or its hex magic). */
export function fileSystemName(type: number): string {
  return FS_NAMES.get(type) ?? `0x${type.toString(16)}`;
}

/** The path itself if it exists, else its nearest existing ancestor (never fails: `/` exists). */
export async function nearestExisting(path: string): Promise<{ path: string; dev: number; isDirectory: boolean }> {
  let probe = resolve(path);
  for (;;) {
    try {
      const s = await stat(probe);
      return { path: probe, dev: s.dev, isDirectory: s.isDirectory() };
    } catch {
      const parent = dirname(probe);
      if (parent === probe) return { path: probe, dev: -1, isDirectory: false };
      probe = parent;
    }
  }
}

/**
 * The mount point holding `path`: the highest ancestor on the same device (st_dev). Works for
 * paths that do not exist yet (their nearest existing ancestor is used).
 */
export async function mountPointOf(path: string): Promise<string> {
  const start = await nearestExisting(path);
  let mount = start.isDirectory ? start.path : dirname(start.path);
  for (;;) {
    const parent = dirname(mount);
    if (parent === mount) return mount;
    try {
      if ((await stat(parent)).dev !== start.dev) return mount;
    } catch {
      return mount;
    }
    mount = parent;
  }
}

/**
 * Free space, writability and file system of a folder that exists. A missing folder is reported as
 * missing — never with the free space of a parent, which may be another disk (the root file system
 * instead of a USB stick that is not mounted).
 */
export async function folderStatus(folder: string): Promise<FolderStatus> {
  const path = resolve(folder);
  const probe = await nearestExisting(path);
  if (probe.path !== path) return { path, exists: false, writable: false, error: `${path} does not exist` };
  return statusOf(path, probe);
}

/**
 * The free space a folder would have once created: the folder's own status if it exists, else that
 * of its nearest existing parent (`exists: false`). For the free-space check before writing, which
 * creates the folder; not for telling a person about a folder.
 */
export async function spaceForFolder(folder: string): Promise<FolderStatus> {
  const path = resolve(folder);
  return statusOf(path, await nearestExisting(path));
}

async function statusOf(path: string, probe: { path: string; dev: number; isDirectory: boolean }): Promise<FolderStatus> {
  const exists = probe.path === path;
  if (probe.dev === -1) return { path, exists: false, writable: false, error: 'No existing parent folder' };
  if (!probe.isDirectory) return { path, exists, writable: false, error: `${probe.path} is not a folder` };
  let writable = true;
  try {
    await access(probe.path, constants.W_OK);
  } catch {
    writable = false;
  }
  try {
    const fs = await statfs(probe.path);
    return {
      path,
      exists,
      writable,
      freeBytes: fs.bavail * fs.bsize,
      totalBytes: fs.blocks * fs.bsize,
      fileSystem: fileSystemName(fs.type),
    };
  } catch (e) {
    return { path, exists, writable, error: e instanceof Error ? e.message : String(e) };
  }
}
