import { carriesMd5, type BundleFile } from '../model/bundle-manifest';
import { AppError } from '../errors';
import type { BundleOutput } from './bundle-output';
import { createHash } from 'node:crypto';
import { encodeHeader, END_OF_ARCHIVE, padding } from './tar-format';

/**
 * Appends entries to the bundle's tar stream, hashing each file's content as it passes (SHA-256,
 * and MD5 for the files that carry one: not the blobs, see `carriesMd5`) so bundle.json and the
 * SUMS files cost no second read. Parent folders get their own entries once, in order.
 */
export class TarWriter {
  private readonly records: Array<Promise<BundleFile>> = [];
  private readonly dirs = new Set<string>();
  // Entry MD5s on the output's hashing worker, fed by the same copy as the archive's hashes;
  // SHA-256 (which also proves blob digests) here.
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

  async file(path: string, data: Buffer): Promise<{ readonly sha256: string }> {
    return this.stream(path, data.length, [data]);
  }

  /**
   * Every file written so far, with its hashes. MD5s come back from the worker asynchronously;
   * waiting for them only here (not after each entry) keeps small entries from stalling.
   */
  files(): Promise<BundleFile[]> {
    return Promise.all(this.records);
  }

  /** Streams `size` bytes into an entry; the source must deliver exactly that many. */
  async stream(path: string, size: number, source: AsyncIterable<Buffer> | Iterable<Buffer>, onBytes?: (sent: number) => void): Promise<{ readonly sha256: string }> {
    await this.parents(path);
    await this.out.write(encodeHeader({ name: path, size, type: 'file', mtime: this.mtime }), this.signal);
    const sha = createHash('sha256');
    const md5Id = carriesMd5(path) ? `md5:e${this.entries++}` : undefined;
    const alsoHash = md5Id === undefined ? [] : [md5Id];
    let seen = 0;
    for await (const chunk of coalesce(source)) {
      if (seen + chunk.length > size) throw new AppError('SIZE_MISMATCH', `${path}: more bytes than the expected ${size}`, { details: { kind: 'more', what: path, expected: size } });
      seen += chunk.length;
      sha.update(chunk);
      await this.out.write(chunk, this.signal, alsoHash);
      onBytes?.(seen);
    }
    if (seen !== size) throw new AppError('SIZE_MISMATCH', `${path}: got ${seen} bytes, expected ${size}`, { details: { kind: 'other', what: path, got: seen, expected: size } });
    const pad = padding(size);
    if (pad) await this.out.write(Buffer.alloc(pad), this.signal);
    const sha256 = sha.digest('hex');
    const record = md5Id === undefined ? Promise.resolve<BundleFile>({ path, size, sha256 }) : this.out.digestOf(md5Id).then((md5): BundleFile => ({ path, size, md5, sha256 }));
    record.catch(() => undefined);
    this.records.push(record);
    return { sha256 };
  }

  async end(): Promise<void> {
    await this.out.write(END_OF_ARCHIVE, this.signal);
  }
}

const COALESCE = 1024 * 1024;

/** Network chunks are ~64 KiB; every stage below costs per chunk, so hand them on by the megabyte. */
async function* coalesce(source: AsyncIterable<Buffer> | Iterable<Buffer>): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let size = 0;
  for await (const c of source) {
    if (c.length >= COALESCE && size === 0) {
      yield c;
      continue;
    }
    parts.push(c);
    size += c.length;
    if (size >= COALESCE) {
      yield Buffer.concat(parts, size);
      parts = [];
      size = 0;
    }
  }
  if (size > 0) yield parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, size);
}
