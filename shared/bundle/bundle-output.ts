import { randomBytes } from 'node:crypto';
import { open, readdir, rename, unlink, writeFile, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError, throwIfAborted } from '../errors';
import { explainFsError, type FsAction } from '../system/fs-errors';
import { OWNER_PATTERN, ownerTag, removeStaleTemps } from '../system/temp-owner';
import { sumLine } from './checksum-lines';
import { HashWorker } from './hash-worker';
import { sidecarNames, volumeListName, volumeName } from '../model/volume-names';
import type { VolumeList } from './volume-list';

export interface WrittenFile {
  readonly path: string;
  readonly size: number;
  readonly md5: string;
  readonly sha256: string;
}

export interface OutputResult {
  /** The bundle file, or the volumes in order. */
  readonly files: readonly WrittenFile[];
  readonly whole: { readonly size: number; readonly md5: string; readonly sha256: string };
  readonly sidecars: readonly string[];
  readonly volumeList?: string | undefined;
}

const FLUSH_AT = 1024 * 1024;
/**
 * Bytes handed to the disk and not yet written: the next megabytes are received and hashed while
 * the earlier ones are written (each write names its position, so order does not matter).
 * Waiting for every write before going on left the main thread idle a third of the time.
 */
const WRITES_IN_FLIGHT = 8 * 1024 * 1024;

/** `.<final name>.<pid>-<host>.<random>.partial`: hidden, and naming the run that owns it. */
const PARTIAL = new RegExp(`^\\..+\\.${OWNER_PATTERN}\\.[0-9a-f]{12}\\.partial$`);

/**
 * Removes the `.partial` files in `dir` that runs killed earlier left behind (their owner pid is
 * gone); never one a live run is writing. Returns the removed paths.
 */
export function removeStaleOutputTemps(dir: string): Promise<string[]> {
  return removeStaleTemps(dir, PARTIAL, 'file');
}

function tempNameFor(final: string): string {
  return join(dirname(final), `.${basename(final)}.${ownerTag()}.${randomBytes(6).toString('hex')}.partial`);
}

/** Runs one fs step; a raw fs error becomes an explained AppError naming `path`. */
async function fsStep<T>(path: string, action: FsAction, tempPath: string | undefined, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    throw await explainFsError(e, { path, action, tempPath });
  }
}

/**
 * Where the bundle's bytes go: one file, or volumes of a fixed size written while streaming (no
 * second copy on disk). Everything is written under hidden temporary names and renamed only when
 * complete; then the coreutils sidecars (and the volume list) are written. A failure or cancel
 * deletes the temporary files: nothing that looks like a bundle is left behind. Temporary names
 * carry the owner's pid, so the next run removes what a killed one left (see temp-owner.ts). Disk
 * errors name the file and say what happened (fs-errors.ts).
 */
export class BundleOutput {
  private readonly temps: string[] = [];
  private readonly done: WrittenFile[] = [];
  // Every hash of the archive (whole stream and volumes, MD5 and SHA-256) and the entries' MD5s
  // on the second core; this thread keeps each entry's SHA-256 (a blob's digest check), the
  // receiving and the writes. Since blobs carry no MD5 (format 2) the worker has room for both
  // archive hashes, and this thread was the one setting the pace.
  private readonly hasher = new HashWorker();
  private wholeSize = 0;
  private current: OpenVolume | undefined;
  private finished = false;

  private constructor(
    readonly path: string,
    private readonly volumeSize: number | undefined,
    /** Temporary files of earlier runs that were killed, removed when this output was created. */
    readonly staleRemoved: readonly string[],
  ) {}

  /** Refuses to overwrite an existing bundle unless `force`. */
  static async create(path: string, options: { volumeSize?: number | undefined; force?: boolean | undefined } = {}): Promise<BundleOutput> {
    const existing = [path, volumeName(path, 0), volumeListName(path)];
    if (!options.force) {
      for (const f of existing) {
        if (await exists(f)) throw new AppError('OUTPUT_EXISTS', `${f} already exists`, { hint: 'Choose another --out, or pass --force to replace it.', details: { path: f } });
      }
    }
    const staleRemoved = await removeStaleOutputTemps(dirname(path));
    return new BundleOutput(path, options.volumeSize, staleRemoved);
  }

  get bytesWritten(): number {
    return this.wholeSize;
  }

  // A single file is its own whole stream: hash it once.
  private ids(index: number): string[] {
    return this.volumeSize === undefined ? ['md5:whole', 'sha256:whole'] : ['md5:whole', 'sha256:whole', `md5:v${index}`, `sha256:v${index}`];
  }

  /**
   * Appends bytes. `alsoHash` names more hash contexts these bytes go into (a tar entry's own MD5):
   * one copy to the hashing worker serves the archive's and the entry's hashes alike.
   */
  async write(chunk: Buffer, signal?: AbortSignal, alsoHash: readonly string[] = []): Promise<void> {
    throwIfAborted(signal);
    let rest = chunk;
    while (rest.length > 0) {
      const file = this.current ?? (await this.openNext());
      const room = this.volumeSize === undefined ? rest.length : this.volumeSize - file.size;
      const part = rest.length <= room ? rest : rest.subarray(0, room);
      await this.hasher.update(alsoHash.length ? [...this.ids(file.index), ...alsoHash] : this.ids(file.index), part);
      file.size += part.length;
      this.wholeSize += part.length;
      file.pending.push(part);
      file.pendingBytes += part.length;
      if (file.pendingBytes >= FLUSH_AT) await this.flush(file);
      rest = rest.subarray(part.length);
      if (this.volumeSize !== undefined && file.size >= this.volumeSize) await this.closeCurrent();
    }
  }

  /** The digest of a context fed through `alsoHash` (asked for once, after its last bytes). */
  digestOf(id: string): Promise<string> {
    return this.hasher.digest(id);
  }

  private async openNext() {
    const index = this.done.length;
    const final = this.volumeSize === undefined ? this.path : volumeName(this.path, index);
    const temp = tempNameFor(final);
    const fh = await fsStep(final, 'create', temp, () => open(temp, 'wx', 0o644));
    this.temps.push(temp);
    this.current = { fh, temp, final, index, size: 0, pending: [], pendingBytes: 0, handed: 0, writing: [] };
    return this.current;
  }

  /** Hands the pending bytes to the disk; waits only while more than WRITES_IN_FLIGHT are on their way. */
  private async flush(file: OpenVolume): Promise<void> {
    if (file.pendingBytes === 0) return;
    const batch = file.pending;
    const length = file.pendingBytes;
    const write = writeAt(file, batch, file.handed).then(
      () => undefined,
      (e: unknown) => explainFsError(e, { path: file.final, action: 'write', tempPath: file.temp }).then((explained) => Promise.reject(explained)),
    );
    // Awaited below or when the volume is closed; a failure in between must not go unhandled.
    write.catch(() => undefined);
    file.writing.push({ done: write, length });
    file.handed += length;
    file.pending = [];
    file.pendingBytes = 0;
    while (inFlight(file) > WRITES_IN_FLIGHT) await (file.writing.shift() as { done: Promise<void> }).done;
  }

  /** Every write of the volume done (the first failure thrown). */
  private async settle(file: OpenVolume): Promise<void> {
    await this.flush(file);
    while (file.writing.length > 0) await (file.writing.shift() as { done: Promise<void> }).done;
  }

  private async closeCurrent(): Promise<void> {
    const file = this.current;
    if (!file) return;
    await this.settle(file);
    await fsStep(file.final, 'finish', file.temp, async () => {
      await file.fh.sync();
      await file.fh.close();
    });
    this.current = undefined;
    const [md5, sha256] = this.volumeSize === undefined ? ['', ''] : await Promise.all([this.hasher.digest(`md5:v${file.index}`), this.hasher.digest(`sha256:v${file.index}`)]);
    this.done.push({ path: file.temp, size: file.size, md5, sha256 });
  }

  /** Completes the bundle: final names, sidecars, and for volumes the list (written last). */
  async finish(): Promise<OutputResult> {
    await this.closeCurrent();
    if (this.done.length === 0) await this.openNext().then(() => this.closeCurrent());
    const wholeMd5 = await this.hasher.digest('md5:whole');
    const wholeSha = await this.hasher.digest('sha256:whole');
    await this.hasher.close();
    const whole = { size: this.wholeSize, md5: wholeMd5, sha256: wholeSha };
    const files: WrittenFile[] = [];
    for (let i = 0; i < this.done.length; i++) {
      const final = this.volumeSize === undefined ? this.path : volumeName(this.path, i);
      const d = this.done[i] as WrittenFile;
      await fsStep(final, 'rename', d.path, () => rename(d.path, final));
      files.push(this.volumeSize === undefined ? { ...whole, path: final } : { ...d, path: final });
    }
    this.temps.length = 0;
    this.finished = true;
    const sidecars: string[] = [];
    for (const f of files) sidecars.push(...(await writeSidecars(f)));
    let volumeList: string | undefined;
    if (this.volumeSize !== undefined) {
      await removeStaleVolumes(this.path, files.length);
      const list: VolumeList = {
        format: 'higress-airgap-volumes',
        formatVersion: 1,
        bundle: basename(this.path),
        size: whole.size,
        md5: whole.md5,
        sha256: whole.sha256,
        volumeSize: this.volumeSize,
        volumes: files.map((f) => ({ name: basename(f.path), size: f.size, md5: f.md5, sha256: f.sha256 })),
      };
      volumeList = volumeListName(this.path);
      await atomicWrite(volumeList, `${JSON.stringify(list, null, 2)}\n`);
    }
    return { files, whole, sidecars, volumeList };
  }

  /** Removes every temporary file (cancel, failure). */
  async abort(): Promise<void> {
    if (this.finished) return;
    await this.hasher.close();
    if (this.current) {
      await Promise.allSettled(this.current.writing.map((w) => w.done));
      await this.current.fh.close().catch(() => undefined);
    }
    this.current = undefined;
    await Promise.all(this.temps.map((t) => unlink(t).catch(() => undefined)));
    this.temps.length = 0;
  }
}

interface OpenVolume {
  readonly fh: FileHandle;
  readonly temp: string;
  readonly final: string;
  readonly index: number;
  /** Bytes appended (pending or handed to the disk). */
  size: number;
  pending: Buffer[];
  pendingBytes: number;
  /** Bytes handed to the disk: where the next write goes. */
  handed: number;
  writing: Array<{ readonly done: Promise<void>; readonly length: number }>;
}

function inFlight(file: OpenVolume): number {
  return file.writing.reduce((n, w) => n + w.length, 0);
}

/** Writes the chunks at `position` (writev: no concatenated copy), going on after a short write. */
async function writeAt(file: OpenVolume, chunks: Buffer[], position: number): Promise<void> {
  let pending = chunks;
  let at = position;
  while (pending.length > 0) {
    let { bytesWritten } = await file.fh.writev(pending, at);
    at += bytesWritten;
    while (pending.length > 0 && bytesWritten >= (pending[0] as Buffer).length) bytesWritten -= (pending.shift() as Buffer).length;
    if (bytesWritten > 0 && pending.length > 0) pending = [(pending[0] as Buffer).subarray(bytesWritten), ...pending.slice(1)];
  }
}

async function writeSidecars(f: WrittenFile): Promise<string[]> {
  const names = sidecarNames(f.path);
  await atomicWrite(names.md5, sumLine(f.md5, basename(f.path)));
  await atomicWrite(names.sha256, sumLine(f.sha256, basename(f.path)));
  return [names.md5, names.sha256];
}

async function atomicWrite(file: string, text: string): Promise<void> {
  const temp = tempNameFor(file);
  try {
    await fsStep(file, 'write', temp, () => writeFile(temp, text, { mode: 0o644 }));
    await fsStep(file, 'rename', temp, () => rename(temp, file));
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
}

// A previous, longer run may have left bundle.tar.007: remove volumes past the new last one.
async function removeStaleVolumes(base: string, count: number): Promise<void> {
  const dir = dirname(base);
  const prefix = `${basename(base)}.`;
  for (const name of await readdir(dir)) {
    const m = name.startsWith(prefix) ? /^(\d{3})(\.md5|\.sha256)?$/.exec(name.slice(prefix.length)) : null;
    if (m && Number(m[1]) >= count) await unlink(join(dir, name)).catch(() => undefined);
  }
}

async function exists(f: string): Promise<boolean> {
  try {
    await stat(f);
    return true;
  } catch {
    return false;
  }
}
