import { open, type FileHandle } from 'node:fs/promises';
import { AppError } from '../errors';
import type { BundleLocation, BundleVolume } from './volume-set';

/** Positional reads across volumes, as if they were one file (for serving and pushing blobs). */
export class VolumeReader {
  private readonly handles = new Map<string, Promise<FileHandle>>();
  private readonly starts: number[] = [];

  constructor(readonly loc: BundleLocation) {
    let at = 0;
    for (const v of loc.volumes) {
      this.starts.push(at);
      at += v.size;
    }
  }

  private handle(path: string): Promise<FileHandle> {
    let h = this.handles.get(path);
    if (!h) this.handles.set(path, (h = open(path, 'r')));
    return h;
  }

  /** Streams bytes [start, start + length) of the concatenated volumes. */
  async *range(start: number, length: number, chunkSize = 1024 * 1024): AsyncGenerator<Buffer> {
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
      const { bytesRead } = await (await this.handle(v.path)).read(buf, 0, n, within);
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

  async close(): Promise<void> {
    for (const h of this.handles.values()) await (await h).close().catch(() => undefined);
    this.handles.clear();
  }
}
