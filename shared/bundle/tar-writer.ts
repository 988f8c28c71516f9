import type { BundleFile } from '../model/bundle-manifest';
import { AppError } from '../errors';
import type { BundleOutput } from './bundle-output';
import { createHash } from 'node:crypto';
import { HashWorker } from './hash-worker';
import { encodeHeader, END_OF_ARCHIVE, padding } from './tar-format';

/**
 * Appends entries to the bundle's tar stream, hashing each file's content (MD5 + SHA-256) as it
 * passes so bundle.json and the SUMS files cost no second read. Parent folders get their own
 * entries once, in order.
 */
export class TarWriter {
  readonly files: BundleFile[] = [];
  private readonly dirs = new Set<string>();
  // Entry MD5s on another core; SHA-256 (which also proves blob digests) here.
  private readonly md5 = new HashWorker();
  private entries = 0;

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
    const sha = createHash('sha256');
    const md5Id = `md5:e${this.entries++}`;
    let seen = 0;
    for await (const chunk of source) {
      if (seen + chunk.length > size) throw new AppError('SIZE_MISMATCH', `${path}: more bytes than the expected ${size}`);
      seen += chunk.length;
      sha.update(chunk);
      await this.md5.update([md5Id], chunk);
      await this.out.write(chunk, this.signal);
      onBytes?.(seen);
    }
    if (seen !== size) throw new AppError('SIZE_MISMATCH', `${path}: got ${seen} bytes, expected ${size}`);
    const pad = padding(size);
    if (pad) await this.out.write(Buffer.alloc(pad), this.signal);
    const record: BundleFile = { path, size, md5: await this.md5.digest(md5Id), sha256: sha.digest('hex') };
    this.files.push(record);
    return record;
  }

  async end(): Promise<void> {
    await this.out.write(END_OF_ARCHIVE, this.signal);
    await this.close();
  }

  async close(): Promise<void> {
    await this.md5.close();
  }
}
