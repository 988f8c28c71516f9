import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { AppError } from '../errors';
import { formatBytes } from '../format';
import { mountPointOf, nearestExisting, spaceForFolder } from './folder-status';
import { explainFsError } from './fs-errors';

/** Bytes a step will write into a folder, e.g. the bundle into the output folder. */
export interface SpaceNeed {
  readonly folder: string;
  readonly bytes: number;
  /** How the message names the folder: `the output folder`, `the temporary folder`. */
  readonly what: string;
}

/**
 * Checks that every folder is usable and that each file system has room for everything that will
 * be written to it: needs on the same file system (same st_dev — an output and a temporary folder
 * on one disk) are added up before they are compared with its free space.
 */
export async function checkFreeSpace(needs: readonly SpaceNeed[]): Promise<void> {
  const groups = new Map<number, { needs: SpaceNeed[]; freeBytes: number | undefined; probe: string }>();
  for (const need of needs) {
    const status = await spaceForFolder(need.folder);
    if (status.error && !status.exists) {
      throw new AppError('NO_FOLDER', `${need.what} ${need.folder} is not usable: ${status.error}`, { details: { folder: need.folder, what: need.what, reason: status.error } });
    }
    const where = await nearestExisting(need.folder);
    if (!status.writable) {
      // Say why: a read-only file system, or permission denied.
      const why = await access(where.path, constants.W_OK).then(() => undefined, (e: unknown) => explainFsError(e, { path: status.path, action: 'write' }));
      if (why instanceof AppError) throw why;
      throw new AppError('NOT_WRITABLE', `${need.what} ${status.path} is not writable`, { details: { folder: status.path, what: need.what } });
    }
    const group = groups.get(where.dev) ?? { needs: [], freeBytes: status.freeBytes, probe: where.path };
    group.needs.push({ ...need, folder: status.path });
    groups.set(where.dev, group);
  }
  for (const group of groups.values()) {
    const needed = group.needs.reduce((s, n) => s + n.bytes, 0);
    if (group.freeBytes === undefined || group.freeBytes >= needed) continue;
    const first = group.needs[0] as SpaceNeed;
    const details = {
      needed,
      free: group.freeBytes,
      folders: group.needs.map((n) => ({ folder: n.folder, what: n.what, bytes: n.bytes })),
    };
    if (group.needs.length === 1) {
      throw new AppError('INSUFFICIENT_SPACE', `Not enough free space in ${first.what} ${first.folder}: ${needed} bytes needed, ${group.freeBytes} free`, {
        hint: first.what === 'the temporary folder' ? 'Choose another temporary folder (--temp-dir) or free some space.' : 'Choose another output folder or free some space.',
        details,
      });
    }
    const mount = await mountPointOf(group.probe);
    const parts = group.needs.map((n) => `${n.what} ${n.folder} ${formatBytes(n.bytes)}`).join(' + ');
    throw new AppError(
      'INSUFFICIENT_SPACE_SHARED',
      `Not enough free space on ${mount}, which holds ${group.needs.map((n) => n.what).join(' and ')}: ${parts} = ${needed} bytes needed, ${group.freeBytes} free`,
      { hint: 'Put the temporary folder (--temp-dir) on another disk than the output, choose another output folder, or free some space.', details: { ...details, mount } },
    );
  }
}
