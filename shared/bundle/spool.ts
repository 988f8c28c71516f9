import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { digestHex } from '../oci/digest';
import type { Descriptor } from '../oci/schemas';
import type { BlobSource } from '../store/content-store';
import { VerifyingStream } from '../stream/verify';
import { explainFsError } from '../system/fs-errors';
import { OWNER_PATTERN, ownerTag, removeStaleTemps } from '../system/temp-owner';

const PREFIX = 'higress-airgap-spool-';
/** `higress-airgap-spool-<pid>-<host>-XXXXXX` (mkdtemp adds the six characters). */
const STALE = new RegExp(`^${PREFIX}${OWNER_PATTERN}-[A-Za-z0-9]{6}$`);

/**
 * A private temporary folder where small blobs are fetched in parallel before the (sequential)
 * tar is written, so many small plugin blobs cost one round of latency instead of one each.
 * Its name carries the owner's pid: creating a spool first removes the spools of runs that were
 * killed (SIGKILL, power cut), never one whose process is alive.
 */
export class Spool {
  private readonly held = new Map<string, Promise<string>>();

  private constructor(
    readonly dir: string,
    /** Spools of earlier, killed runs removed on the way. */
    readonly staleRemoved: readonly string[],
  ) {}

  /** Removes the spools in `parent` that killed runs left (owner pid gone); returns their paths. */
  static removeStale(parent: string): Promise<string[]> {
    return removeStaleTemps(parent, STALE, 'directory');
  }

  static async create(parent: string): Promise<Spool> {
    const staleRemoved = await Spool.removeStale(parent);
    const prefix = join(parent, `${PREFIX}${ownerTag()}-`);
    try {
      return new Spool(await mkdtemp(prefix), staleRemoved);
    } catch (e) {
      throw await explainFsError(e, { path: `${prefix}XXXXXX`, action: 'create' });
    }
  }

  /** Fetches a blob into the spool (once per digest), verified while written (here: the source need not check it too). */
  fetch(desc: Descriptor, source: BlobSource, signal?: AbortSignal, onBytes?: (n: number) => void): Promise<string> {
    let p = this.held.get(desc.digest);
    if (!p) {
      const file = join(this.dir, digestHex(desc.digest));
      p = (async () => {
        const input = await source.open(0, signal, { verify: false });
        const sink = createWriteStream(file);
        let sinkError: unknown;
        sink.once('error', (e) => (sinkError = e));
        try {
          await pipeline(input, new VerifyingStream(desc.digest, desc.size, `blob ${desc.digest}`, onBytes), sink, signal ? { signal } : {});
        } catch (e) {
          // A full or read-only temporary folder is named; network and digest errors pass through.
          throw e === sinkError ? await explainFsError(e, { path: file, action: 'write' }) : e;
        }
        return file;
      })();
      this.held.set(desc.digest, p);
      p.catch(() => this.held.delete(desc.digest));
    }
    return p;
  }

  has(digest: string): boolean {
    return this.held.has(digest);
  }

  /** The spooled file of a fetched blob. */
  file(digest: string): Promise<string> {
    const p = this.held.get(digest);
    if (!p) throw new Error(`blob ${digest} was not spooled`);
    return p;
  }

  /** A source reading the spooled copy (after fetch resolved). */
  source(digest: string): BlobSource {
    return {
      open: async (offset): Promise<Readable> => {
        const file = await this.file(digest);
        return createReadStream(file, { start: offset, highWaterMark: 1024 * 1024 });
      },
    };
  }

  async size(): Promise<number> {
    let total = 0;
    for (const p of this.held.values()) total += (await stat(await p).catch(() => ({ size: 0 }))).size;
    return total;
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
