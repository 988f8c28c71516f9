import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError, isAbortError } from '../errors';
import { formatBytes } from '../format';
import { fileSystemName, mountPointOf } from './folder-status';

/** What was being done to the file when the error happened (said in the message). */
export type FsAction = 'create' | 'write' | 'finish' | 'rename' | 'read' | 'remove';

const VERB: Readonly<Record<FsAction, string>> = {
  create: 'create',
  write: 'write',
  finish: 'finish writing',
  rename: 'rename into place',
  read: 'read',
  remove: 'remove',
};

export interface FsErrorContext {
  /** The file the operator knows (the bundle or volume), named in the message. */
  readonly path: string;
  readonly action: FsAction;
  /** The file actually touched, when it differs (a hidden temporary name); kept in details. */
  readonly tempPath?: string | undefined;
}

/**
 * Turns a raw fs error (`ENOSPC`, `EROFS`, `EACCES`, …) into an AppError that names the file and
 * says what happened in words: no space on which mount, a read-only file system, permission
 * denied, a missing folder, a file too large for FAT32. Anything that is not an fs error (an
 * AppError already, a cancel) is returned unchanged. Use as `throw await explainFsError(e, …)`.
 */
export async function explainFsError(e: unknown, context: FsErrorContext): Promise<unknown> {
  if (e instanceof AppError || isAbortError(e)) return e;
  const errno = e as NodeJS.ErrnoException;
  if (!(e instanceof Error) || typeof errno.code !== 'string' || typeof errno.syscall !== 'string') return e;
  const { path, action } = context;
  const touched = context.tempPath ?? path;
  const verb = VERB[action];
  const mount = await mountPointOf(dirname(touched)).catch(() => undefined);
  const fs = mount ? await statfs(mount).catch(() => undefined) : undefined;
  const fileSystem = fs ? fileSystemName(fs.type) : undefined;
  const freeBytes = fs ? fs.bavail * fs.bsize : undefined;
  const details = {
    path,
    action,
    errno: errno.code,
    syscall: errno.syscall,
    ...(context.tempPath ? { tempPath: context.tempPath } : {}),
    ...(mount ? { mount } : {}),
    ...(fileSystem ? { fileSystem } : {}),
    ...(freeBytes !== undefined ? { freeBytes } : {}),
  };
  const on = mount ? ` on ${mount}` : '';
  const options = (hint: string) => ({ hint, details, cause: e });
  switch (errno.code) {
    case 'ENOSPC':
      return new AppError('DISK_FULL', `Cannot ${verb} ${path}: no space left${on}${freeBytes !== undefined ? ` (${formatBytes(freeBytes)} free)` : ''}`, options('Free some space there, or choose a folder on another disk.'));
    case 'EDQUOT':
      return new AppError('DISK_QUOTA_EXCEEDED', `Cannot ${verb} ${path}: your disk quota${on} is used up`, options('Free some of your files there, or choose a folder on another disk.'));
    case 'EROFS':
      return new AppError('READ_ONLY_FILE_SYSTEM', `Cannot ${verb} ${path}: the file system${on} is read-only`, options('Choose a folder on a writable disk, or remount this one read-write (a USB stick may have a write-protect switch).'));
    case 'EACCES':
    case 'EPERM':
      return new AppError('PERMISSION_DENIED', `Cannot ${verb} ${path}: permission denied`, options(`Choose a folder you may write to, or ask for write permission on ${dirname(path)}.`));
    case 'ENOENT':
      return new AppError('PATH_MISSING', `Cannot ${verb} ${path}: the folder ${dirname(path)} does not exist (or the disk was removed)`, options('Create the folder first, or check that the disk is still mounted.'));
    case 'ENOTDIR':
      return new AppError('PATH_MISSING', `Cannot ${verb} ${path}: a part of the path is a file, not a folder`, options('Check the path.'));
    case 'EFBIG':
      return new AppError('FILE_TOO_LARGE', `Cannot ${verb} ${path}: the file is too large for the file system${on}${fileSystem ? ` (${fileSystem})` : ''}`, options('Split the bundle into volumes (--split fat32 holds under 4 GiB per file), or use a disk formatted with exFAT, NTFS or ext4.'));
    case 'EIO':
      return new AppError('IO_ERROR', `Cannot ${verb} ${path}: input/output error${on}`, options('The disk may be failing or was unplugged; check it and try again.'));
    default:
      return new AppError('FILE_SYSTEM_ERROR', `Cannot ${verb} ${path}: ${errno.code} (${errno.syscall})`, options('Check the disk and the path, then try again.'));
  }
}
