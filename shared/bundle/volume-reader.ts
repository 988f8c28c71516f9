import { open, type FileHandle } from 'node:fs/promises';
import { AppError } from '../errors';
import type { BundleLocation, BundleVolume } from './volume-set';

/** Bytes per positional read: large enough for few system calls, small enough to stream. */
const READ_SIZE = 256 * 1024;

/**
 * Positional reads across volumes, as if they were one file (for serving and pushing blobs).
 *
 * Streams over a reader may outlive the work that opened them (an upload body a failed request
 * left behind, read-ahead of a stream nobody consumes any more). Closing therefore waits for the
 * reads in flight, and any read asked for afterwards fails with `BUNDLE_CLOSED` — never with the
 * file system's EBADF on a handle closed under it.
 */
export class VolumeReader {
  private readonly handles = new Map<string, Promise<FileHandle>>();
  private readonly starts: number[] = [];
  private readonly inflight = new Set<Promise<unknown>>();
  private closing: Promise<void> | undefined;

  constructor(readonly loc: BundleLocation) {
    let at = 0;
    for (const v of loc.volumes) {
      this.starts.push(at);
      at += v.size;
    }
  }

  get closed(): boolean {
    return this.closing !== undefined;
  }

  private refuseClosed(): void {
    if (this.closing) throw new AppError('BUNDLE_CLOSED', `${this.loc.name} was closed while still being read`, { details: { bundle: this.loc.name } });
  }

  private handle(path: string): Promise<FileHandle> {
    let h = this.handles.get(path);
    if (!h) {
      h = open(path, 'r');
      // A failed open is reported to the reader that asked; it must not surface again at close.
      h.catch(() => undefined);
      this.handles.set(path, h);
    }
    return h;
  }

  /** One positional read, tracked so that close() waits for it. */
  private async readAt(v: BundleVolume, buf: Buffer, n: number, within: number): Promise<number> {
    this.refuseClosed();
    const op = this.handle(v.path).then((h) => h.read(buf, 0, n, within));
    this.inflight.add(op);
    try {
      return (await op).bytesRead;
    } catch (e) {
      // A handle closed by someone else: say so instead of EBADF.
      if ((e as { code?: string }).code === 'EBADF') this.refuseClosed();
      throw e;
    } finally {
      this.inflight.delete(op);
    }
  }

  /**
   * Streams bytes [start, start + length) of the concatenated volumes, one positional read per
   * chunk (a fresh buffer each: the consumer may keep it, e.g. a socket still sending it).
   */
  async *range(start: number, length: number, chunkSize = READ_SIZE): AsyncGenerator<Buffer> {
    let pos = start;
    const end = start + length;
    while (pos < end) {
      let i = this.starts.length - 1;
      while (i > 0 && (this.starts[i] as number) > pos) i--;
      const v = this.loc.volumes[i] as BundleVolume;
      const within = pos - (this.starts[i] as number);
      const n = Math.min(chunkSize, end - pos, v.size - within);
      if (n <= 0) throw new AppError('TRUNCATED', `Read past the end of ${v.name}`);
      const buf = Buffer.allocUnsafe(n);
      const bytesRead = await this.readAt(v, buf, n, within);
      if (bytesRead === 0) throw new AppError('TRUNCATED', `${v.name} ended early`);
      pos += bytesRead;
      yield bytesRead === n ? buf : buf.subarray(0, bytesRead);
    }
  }

  async read(start: number, length: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const c of this.range(start, length)) parts.push(c);
    return Buffer.concat(parts);
  }

  /** Closes the volumes once the reads in flight have finished; later reads fail with BUNDLE_CLOSED. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
      for (const h of this.handles.values()) await (await h.catch(() => undefined))?.close().catch(() => undefined);
      this.handles.clear();
    })();
    return this.closing;
  }
}
