import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GENERATED_PATHS, type DeployFile } from '../deploy';
import { UsageError } from '../errors';

/**
 * Writes the folder so that no file is ever half-written under its final name: every file goes to a
 * temporary name first, and only when all are written are they renamed into place.
 */
export async function writeDeployFolder(out: string, files: ReadonlyArray<Pick<DeployFile, 'path' | 'content'>>, force: boolean): Promise<void> {
  const info = await stat(out).catch(() => undefined);
  if (info && !info.isDirectory()) throw new UsageError(`${out} exists and is not a folder`, { hint: 'Give --out a folder path.' });
  if (info && !force && (await readdir(out)).length > 0) {
    throw new UsageError(`${out} is not empty`, { hint: 'Choose an empty or new folder, or pass --force to replace the files of an earlier run.' });
  }
  const temps: Array<[string, string]> = [];
  try {
    for (const f of files) {
      const target = join(out, ...f.path.split('/'));
      await mkdir(dirname(target), { recursive: true });
      const temp = `${target}.tmp-${process.pid}`;
      // Owner-only: a filled pull Secret holds a password (and the rest is cluster configuration).
      await writeFile(temp, f.content, { mode: f.path.endsWith('.sh') ? 0o700 : 0o600 });
      temps.push([temp, target]);
    }
  } catch (e) {
    await Promise.all(temps.map(([temp]) => rm(temp, { force: true })));
    throw e;
  }
  // Files an earlier run wrote that this one does not (e.g. a pull Secret no longer asked for).
  const written = new Set(files.map((f) => f.path));
  await Promise.all(GENERATED_PATHS.filter((p) => !written.has(p)).map((p) => rm(join(out, ...p.split('/')), { force: true })));
  for (const [temp, target] of temps) await rename(temp, target);
}

