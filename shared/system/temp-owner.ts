import { createHash } from 'node:crypto';
import { lstat, readdir, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * Temporary files and folders (bundle `.partial` volumes, the spool) carry their owner in their
 * name: `<pid>-<host>`, the process id and a short hash of the host name. A later run removes the
 * ones whose owner is gone (killed with SIGKILL, power cut), and never one a live process owns:
 * another host's (a shared network folder), another user's, or one whose pid is alive.
 */
export const OWNER_PATTERN = '(\\d{1,10})-([0-9a-f]{8})';

const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

/** `<pid>-<host>` of this process, for temporary names. */
export function ownerTag(): string {
  return `${process.pid}-${HOST}`;
}

/** True only when the owner ran on this host and its process no longer exists. */
export function ownerIsGone(pid: number, host: string): boolean {
  if (host !== HOST || !Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  return !processExists(pid);
}

/** Whether a process of this host has this pid (another user's counts: EPERM means it exists). */
export function processExists(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes the entries of `dir` whose names match `pattern` (its first two groups: pid and host,
 * see OWNER_PATTERN), are of `kind` (never a symlink), belong to this user and whose owner is
 * gone. Returns the removed paths. Best effort: an unreadable folder or entry is left alone.
 */
export async function removeStaleTemps(dir: string, pattern: RegExp, kind: 'file' | 'directory'): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const uid = process.getuid?.();
  const removed: string[] = [];
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m || !ownerIsGone(Number(m[1]), m[2] ?? '')) continue;
    const path = join(dir, name);
    try {
      const s = await lstat(path);
      if (kind === 'file' ? !s.isFile() : !s.isDirectory()) continue;
      if (uid !== undefined && s.uid !== uid) continue;
      await rm(path, { recursive: kind === 'directory', force: true });
      removed.push(path);
    } catch {
      // Gone already, or not ours to remove.
    }
  }
  return removed;
}
