import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * A pass-through that learns the sha256 digest and size of what flows (VerifyingStream checks a
 * known digest; this one finds it out). Read `digest` once the stream has finished.
 */
export class DigestingStream extends Transform {
  private readonly hash = createHash('sha256');
  private count = 0;
  private result: string | undefined;

  constructor(private readonly onBytes?: (bytesSoFar: number) => void) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.hash.update(chunk);
    this.count += chunk.length;
    this.onBytes?.(this.count);
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    this.result = `sha256:${this.hash.digest('hex')}`;
    cb();
  }

  get digest(): string {
    if (this.result === undefined) throw new Error('DigestingStream: digest read before the stream finished');
    return this.result;
  }

  get size(): number {
    return this.count;
  }
}
