/**
 * Exact-size reads over an async stream of chunks, without copying data chunks: headers are read
 * as whole blocks, entry bodies are passed through as the chunks that carry them.
 */
export class ByteReader {
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private done = false;
  private readonly iterator: AsyncIterator<Buffer>;
  /** Bytes handed out so far (the position in the stream). */
  position = 0;

  constructor(source: AsyncIterable<Buffer | Uint8Array>) {
    const it = source[Symbol.asyncIterator]();
    this.iterator = {
      next: async () => {
        const r = await it.next();
        return r.done ? r : { done: false, value: Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength) };
      },
      return: async () => (it.return ? (await it.return(), { done: true, value: undefined }) : { done: true, value: undefined }),
    };
  }

  private async fill(): Promise<boolean> {
    if (this.done) return false;
    const r = await this.iterator.next();
    if (r.done) {
      this.done = true;
      return false;
    }
    if (r.value.length > 0) {
      this.buffered.push(r.value);
      this.bufferedBytes += r.value.length;
    }
    return true;
  }

  /** Exactly `n` bytes, or fewer only at the end of the stream. */
  async read(n: number): Promise<Buffer> {
    while (this.bufferedBytes < n && (await this.fill()));
    const take = Math.min(n, this.bufferedBytes);
    const out = Buffer.allocUnsafe(take);
    let copied = 0;
    while (copied < take) {
      const head = this.buffered[0] as Buffer;
      const part = Math.min(head.length, take - copied);
      head.copy(out, copied, 0, part);
      copied += part;
      if (part === head.length) this.buffered.shift();
      else this.buffered[0] = head.subarray(part);
    }
    this.bufferedBytes -= take;
    this.position += take;
    return out;
  }

  /** Yields the next `n` bytes as they arrive; stops early only at the end of the stream. */
  async *chunks(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.bufferedBytes === 0 && !(await this.fill())) return;
      if (this.bufferedBytes === 0) continue;
      const head = this.buffered[0] as Buffer;
      const part = Math.min(head.length, left);
      const piece = part === head.length ? head : head.subarray(0, part);
      if (part === head.length) this.buffered.shift();
      else this.buffered[0] = head.subarray(part);
      this.bufferedBytes -= part;
      this.position += part;
      left -= part;
      yield piece;
    }
  }

  async skip(n: number): Promise<number> {
    let skipped = 0;
    for await (const c of this.chunks(n)) skipped += c.length;
    return skipped;
  }

  /** Whatever remains, for trailing-garbage checks. */
  async *rest(): AsyncGenerator<Buffer> {
    for (;;) {
      if (this.bufferedBytes === 0 && !(await this.fill())) return;
      const head = this.buffered.shift();
      if (!head) continue;
      this.bufferedBytes -= head.length;
      this.position += head.length;
      yield head;
    }
  }

  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}
