import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { AppError } from '../errors';

/**
 * A pass-through that hashes what flows and fails at end of stream unless the bytes have exactly
 * the expected size and digest. Also fails early as soon as more bytes arrive than expected, so a
 * hostile server cannot make us buffer or write without bound.
 */
export class VerifyingStream extends Transform {
  private readonly hash: Hash;
  private seen = 0;

  constructor(
    private readonly expectedDigest: string,
    private readonly expectedSize: number | undefined,
    private readonly label: string,
    private readonly onBytes?: (n: number) => void,
  ) {
    super();
    const algo = expectedDigest.slice(0, expectedDigest.indexOf(':'));
    if (algo !== 'sha256' && algo !== 'sha512') throw new AppError('BAD_DIGEST', `Unsupported digest algorithm in ${expectedDigest}`, { details: { kind: 'algorithm', digest: expectedDigest } });
    this.hash = createHash(algo);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.seen += chunk.length;
    if (this.expectedSize !== undefined && this.seen > this.expectedSize) {
      cb(new AppError('SIZE_MISMATCH', `${this.label}: more than the expected ${this.expectedSize} bytes`, { details: { kind: 'more', what: this.label, expected: this.expectedSize } }));
      return;
    }
    this.hash.update(chunk);
    this.onBytes?.(chunk.length);
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    if (this.expectedSize !== undefined && this.seen !== this.expectedSize) {
      cb(new AppError('SIZE_MISMATCH', `${this.label}: got ${this.seen} bytes, expected ${this.expectedSize}`, { details: { kind: 'other', what: this.label, got: this.seen, expected: this.expectedSize } }));
      return;
    }
    const got = `${this.expectedDigest.slice(0, this.expectedDigest.indexOf(':'))}:${this.hash.digest('hex')}`;
    if (got !== this.expectedDigest) {
      cb(new AppError('DIGEST_MISMATCH', `${this.label}: content digest ${got} does not match ${this.expectedDigest}`, { details: { kind: 'stream', what: this.label, digest: got, expected: this.expectedDigest } }));
      return;
    }
    cb();
  }

  get bytesSeen(): number {
    return this.seen;
  }
}

/** Passes at most `limit` bytes and fails at the end unless exactly that many came. */
export class SizeLimitStream extends Transform {
  private seen = 0;

  constructor(
    private readonly size: number,
    private readonly label: string,
    private readonly onBytes?: (n: number) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.size) return cb(new AppError('SIZE_MISMATCH', `${this.label}: more than the expected ${this.size} bytes`, { details: { kind: 'more', what: this.label, expected: this.size } }));
    this.onBytes?.(chunk.length);
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    cb(this.seen === this.size ? null : new AppError('SIZE_MISMATCH', `${this.label}: got ${this.seen} bytes, expected ${this.size}`, { details: { kind: 'other', what: this.label, got: this.seen, expected: this.size } }));
  }
}

/** Reads a whole (small) stream into memory, refusing more than `limit` bytes. */
export async function readAll(stream: AsyncIterable<Buffer | Uint8Array>, limit: number, label: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stream) {
    size += c.length;
    if (size > limit) throw new AppError('TOO_LARGE', `${label} is larger than ${limit} bytes`, { details: { file: label, limit } });
    chunks.push(Buffer.from(c));
  }
  return Buffer.concat(chunks);
}
