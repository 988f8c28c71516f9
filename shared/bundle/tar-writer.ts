import type { BundleFile } from '../model/bundle-manifest';
import { AppError } from '../errors';
import type { BundleOutput } from './bundle-output';
import { DualHash } from './dual-hash';
import { encodeHeader, END_OF_ARCHIVE, padding } from './tar-format';

/**
 * Appends entries to the bundle's tar stream, hashing each file's content (MD5 + SHA-256) as it
 * passes so bundle.json and the SUMS files cost no second read. Parent folders get their own
 * entries once, in order.
 */
export class TarWriter {
  readonly files: BundleFile[] = [];
  private readonly dirs = new Set<string>();

  constructor(
    private readonly out: BundleOutput,
    private readonly mtime: number,
    private readonly signal?: AbortSignal,
  ) {}

  private async parents(path: string): Promise<void> {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (this.dirs.has(dir)) continue;
      this.dirs.add(dir);
      await this.out.write(encodeHeader({ name: `${dir}/`, size: 0, type: 'directory', mtime: this.mtime }), this.signal);
    }
  }

  async file(path: string, data: Buffer): Promise<BundleFile> {
    return this.stream(path, data.length, [data]);
  }

  /** Streams `size` bytes into an entry; the source must deliver exactly that many. */
  async stream(path: string, size: number, source: AsyncIterable<Buffer> | Iterable<Buffer>, onBytes?: (sent: number) => void): Promise<BundleFile> {
    await this.parents(path);
    await this.out.write(encodeHeader({ name: path, size, type: 'file', mtime: this.mtime }), this.signal);
    const hash = new DualHash();
    for await (const chunk of source) {
      if (hash.size + chunk.length > size) throw new AppError('SIZE_MISMATCH', `${path}: more bytes than the expected ${size}`);
      hash.update(chunk);
      await this.out.write(chunk, this.signal);
      onBytes?.(hash.size);
    }
    if (hash.size !== size) throw new AppError('SIZE_MISMATCH', `${path}: got ${hash.size} bytes, expected ${size}`);
    const pad = padding(size);
    if (pad) await this.out.write(Buffer.alloc(pad), this.signal);
    const record: BundleFile = { path, ...hash.digest() };
    this.files.push(record);
    return record;
  }

  async end(): Promise<void> {
    await this.out.write(END_OF_ARCHIVE, this.signal);
  }
}
