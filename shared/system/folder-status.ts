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

/** Free space, writability and file system of a folder (or of its nearest existing parent). */
export async function folderStatus(folder: string): Promise<FolderStatus> {
  const path = resolve(folder);
  let probe = path;
  let exists = true;
  for (;;) {
    try {
      const s = await stat(probe);
      if (!s.isDirectory()) return { path, exists: probe === path, writable: false, error: `${probe} is not a folder` };
      break;
    } catch {
      exists = false;
      const parent = dirname(probe);
      if (parent === probe) return { path, exists: false, writable: false, error: 'No existing parent folder' };
      probe = parent;
    }
  }
  let writable = true;
  try {
    await access(probe, constants.W_OK);
  } catch {
    writable = false;
  }
  try {
    const fs = await statfs(probe);
    return {
      path,
      exists,
      writable,
      freeBytes: fs.bavail * fs.bsize,
      totalBytes: fs.blocks * fs.bsize,
      fileSystem: FS_NAMES.get(fs.type) ?? `0x${fs.type.toString(16)}`,
    };
  } catch (e) {
    return { path, exists, writable, error: e instanceof Error ? e.message : String(e) };
  }
}
