import { createHash } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from '../settings/json-file';

/**
 * A small job journal for a push, in the settings folder: which items are finished and which
 * chunked uploads are in progress, so a rerun after an interruption re-sends nothing that was done
 * and continues large blobs where they stopped. Removed when the push completes.
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

export class PushJournal {
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    readonly file: string,
    private readonly data: Data,
  ) {}

  /** The journal of pushing this bundle (identified by its bundle.json) to this target. */
  static async open(settingsDir: string, bundleId: string, target: string): Promise<PushJournal> {
    const key = createHash('sha256').update(`${bundleId}\n${target}`).digest('hex').slice(0, 32);
    const file = join(settingsDir, 'jobs', `push-${key}.json`);
    const fresh: Data = { version: 1, bundle: bundleId, target, done: {}, uploads: {}, blobs: {} };
    const data = await readJsonFile(file, schema, fresh).catch(() => fresh);
    return new PushJournal(file, data);
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
    if (url === undefined) delete this.data.uploads[key];
    else if (this.data.uploads[key] === url) return;
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

  // Writes are serialised so a later state never loses to an earlier one.
  private save(): Promise<void> {
    const snapshot = JSON.parse(JSON.stringify(this.data)) as Data;
    this.saving = this.saving.then(() => writeJsonFile(this.file, snapshot, 0o600)).catch(() => undefined);
    return this.saving;
  }
}
