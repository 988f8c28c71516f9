import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { AppError, messageOf } from '../errors';
import { readJsonFile } from '../settings/json-file';
import { OWNER_PATTERN, ownerIsGone, ownerTag, processExists } from '../system/temp-owner';

/**
 * A small job journal for a push, in the settings folder: which items are finished and which
 * chunked uploads are in progress, so a rerun after an interruption re-sends nothing that was done
 * and continues large blobs where they stopped. Removed when the push completes.
 *
 * The journal only saves work: a journal that cannot be read starts empty and one that cannot be
 * written does not stop the push — but both are reported (`problems`), since a rerun would then
 * send everything again. Writes go to `<file>.<pid>.<random>.tmp` and are renamed; temporary files
 * of processes that are gone (a run killed mid-write) are removed when a journal is opened.
 */
const schema = z
  .object({
    version: z.literal(1),
    bundle: z.string(),
    target: z.string(),
    done: z.record(z.string(), z.string()),
    uploads: z.record(z.string(), z.string().url()),
    /** host → digest → repositories that hold it (for mounts after a restart). */
    blobs: z.record(z.string(), z.record(z.string(), z.array(z.string()))).default({}),
  })
  .strict();

type Data = z.infer<typeof schema>;

// `<file>.<pid>-<host>.<random>.tmp` (OWNER_PATTERN); older writers left `<pid>.` or nothing.
const TEMP = new RegExp(`^push-[0-9a-f]{32}\\.json\\.(?:${OWNER_PATTERN}\\.|(\\d+)\\.)?[0-9a-f]+\\.tmp$`);
/** Temporary files without an owner pid (older versions) are stale once this old. */
const OWNERLESS_TEMP_AGE_MS = 60_000;

export class PushJournal {
  private saving: Promise<void> = Promise.resolve();
  private readonly reported: AppError[] = [];
  private writeFailed = false;

  private constructor(
    readonly file: string,
    private readonly data: Data,
  ) {}

  /** The journal of pushing this bundle (identified by its bundle.json) to this target. */
  static async open(settingsDir: string, bundleId: string, target: string): Promise<PushJournal> {
    const key = createHash('sha256').update(`${bundleId}\n${target}`).digest('hex').slice(0, 32);
    const dir = join(settingsDir, 'jobs');
    const file = join(dir, `push-${key}.json`);
    await removeStaleTemps(dir);
    const fresh: Data = { version: 1, bundle: bundleId, target, done: {}, uploads: {}, blobs: {} };
    let problem: AppError | undefined;
    const data = await readJsonFile(file, schema, fresh).catch((e: unknown) => {
      problem = new AppError('JOURNAL_UNREADABLE', `The push journal ${file} could not be read (${messageOf(e)}); this run starts without it`, {
        hint: 'Items already in the registry are still skipped; interrupted uploads start again.',
        details: { file, reason: messageOf(e) },
      });
      return fresh;
    });
    const journal = new PushJournal(file, data);
    if (problem) journal.reported.push(problem);
    return journal;
  }

  /** What went wrong with the journal itself (the push goes on; a rerun may re-send more). */
  get problems(): readonly AppError[] {
    return this.reported;
  }

  /** The digest an item was finished with, if it was. */
  finished(item: string): string | undefined {
    return this.data.done[item];
  }

  get finishedCount(): number {
    return Object.keys(this.data.done).length;
  }

  async markDone(item: string, digest: string): Promise<void> {
    this.data.done[item] = digest;
    await this.save();
  }

  uploadUrl(repository: string, digest: string): string | undefined {
    return this.data.uploads[`${repository}@${digest}`];
  }

  async recordUpload(repository: string, digest: string, url: string | undefined): Promise<void> {
    const key = `${repository}@${digest}`;
    if (url === undefined) {
      if (!(key in this.data.uploads)) return;
      delete this.data.uploads[key];
    } else if (this.data.uploads[key] === url) return;
    else this.data.uploads[key] = url;
    await this.save();
  }

  /** Blobs known to be in repositories of the target registry, from earlier runs. */
  knownBlobs(): Array<{ host: string; digest: string; repository: string }> {
    return Object.entries(this.data.blobs).flatMap(([host, digests]) => Object.entries(digests).flatMap(([digest, repos]) => repos.map((repository) => ({ host, digest, repository }))));
  }

  recordBlob(host: string, digest: string, repository: string): void {
    const repos = ((this.data.blobs[host] ??= {})[digest] ??= []);
    if (repos.includes(repository)) return;
    repos.push(repository);
    void this.save();
  }

  /** Everything pushed: the journal is no longer needed. */
  async complete(): Promise<void> {
    await this.saving;
    await unlink(this.file).catch(() => undefined);
  }

  // Writes are serialised so a later state never loses to an earlier one. They never reject: a
  // failure is kept in `problems` (once) and the next save tries again.
  private save(): Promise<void> {
    const text = `${JSON.stringify(this.data, null, 2)}\n`;
    this.saving = this.saving.then(() =>
      writeAtomically(this.file, text).then(
        () => {
          this.writeFailed = false;
        },
        (e: unknown) => {
          if (!this.writeFailed && !this.reported.some((p) => p.code === 'JOURNAL_WRITE_FAILED')) this.reported.push(journalWriteError(this.file, e));
          this.writeFailed = true;
        },
      ),
    );
    return this.saving;
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${ownerTag()}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

function journalWriteError(file: string, e: unknown): AppError {
  const errno = String((e as { code?: unknown })?.code ?? '');
  const why =
    errno === 'ENOSPC' || errno === 'EDQUOT'
      ? 'no space is left on the disk that holds it'
      : errno === 'EROFS'
        ? 'its folder is on a read-only file system'
        : errno === 'EACCES' || errno === 'EPERM'
          ? 'permission was denied'
          : messageOf(e);
  return new AppError('JOURNAL_WRITE_FAILED', `The push journal ${file} could not be written: ${why}. The push goes on, but if it is interrupted the next run cannot continue where this one stopped`, {
    hint: 'Free space in (or fix the permissions of) the settings folder, or point HIGRESS_AIRGAP_CONFIG at a writable folder.',
    details: { file, errno, reason: why },
  });
}

/**
 * Removes journal temp files whose writer is gone (a run killed between write and rename): at
 * once when the name says its owner was a process of this host that no longer exists; otherwise
 * (another host's, on a shared settings folder, or an older name without owner) only once it is
 * older than any write can take, and never while a live local owner holds it.
 */
async function removeStaleTemps(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names.map(async (name) => {
      const m = TEMP.exec(name);
      if (!m) return;
      const path = join(dir, name);
      const [pid, host, legacyPid] = [m[1], m[2], m[3]];
      const goneHere = pid !== undefined && ownerIsGone(Number(pid), host ?? '');
      if (!goneHere) {
        if (legacyPid !== undefined && processExists(Number(legacyPid))) return;
        const info = await stat(path).catch(() => undefined);
        if (!info || Date.now() - info.mtimeMs < OWNERLESS_TEMP_AGE_MS) return;
      }
      await unlink(path).catch(() => undefined);
    }),
  );
}
