import { Worker } from 'node:worker_threads';

/**
 * Hashing on the second core. Chunks are copied into a fixed shared ring buffer and the worker is
 * told where they are; it hashes them in place and hands the space back. Memory stays fixed (no
 * per-chunk allocations for the GC to catch up with) and a slow worker slows the producer.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const ring = new Uint8Array(workerData.ring);
const hashes = new Map();
parentPort.on('message', (m) => {
  if (m.op === 'update') {
    const view = ring.subarray(m.at, m.at + m.len);
    for (const id of m.ids) {
      let h = hashes.get(id);
      if (!h) hashes.set(id, (h = createHash(id.slice(0, id.indexOf(':')))));
      h.update(view);
    }
    parentPort.postMessage({ op: 'ack', len: m.len });
  } else if (m.op === 'digest') {
    const h = hashes.get(m.id) || createHash(m.id.slice(0, m.id.indexOf(':')));
    hashes.delete(m.id);
    parentPort.postMessage({ op: 'digest', id: m.id, hex: h.digest('hex') });
  }
});
`;

export class HashWorker {
  private readonly worker: Worker;
  private readonly ring: Uint8Array;
  /** Next write position in the ring, and bytes written but not yet hashed. */
  private head = 0;
  private used = 0;
  /** Bytes copied into the ring but not yet announced: small chunks are announced together. */
  private batch: { at: number; len: number; ids: readonly string[]; key: string } | undefined;
  private waiters: Array<() => void> = [];
  private readonly digests = new Map<string, (hex: string) => void>();
  private failure: Error | undefined;

  constructor(ringBytes = 8 * 1024 * 1024) {
    const shared = new SharedArrayBuffer(ringBytes);
    this.ring = new Uint8Array(shared);
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ring: shared }, resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 8 } });
    this.worker.on('message', (m: { op: string; len?: number; id?: string; hex?: string }) => {
      if (m.op === 'ack') {
        this.used -= m.len ?? 0;
        this.release();
      } else if (m.op === 'digest' && m.id) {
        this.digests.get(m.id)?.(m.hex ?? '');
        this.digests.delete(m.id);
      }
    });
    this.worker.on('error', (e) => {
      this.failure = e;
      this.release();
    });
  }

  private release(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }

  /** Feeds a chunk to the contexts `ids` (`md5:<name>`, `sha256:<name>`). */
  async update(ids: readonly string[], chunk: Uint8Array): Promise<void> {
    const size = this.ring.length;
    let rest = chunk;
    while (rest.length > 0) {
      if (this.failure) throw this.failure;
      // A piece must fit before the ring's end and in the free space.
      const piece = Math.min(rest.length, size - this.head, size / 4);
      while (size - this.used < piece) {
        this.flush();
        await new Promise<void>((r) => this.waiters.push(r));
        if (this.failure) throw this.failure;
      }
      const key = ids.join('\n');
      if (this.batch && (this.batch.key !== key || this.batch.at + this.batch.len !== this.head)) this.flush();
      this.ring.set(rest.subarray(0, piece), this.head);
      this.batch = this.batch ? { ...this.batch, len: this.batch.len + piece } : { at: this.head, len: piece, ids, key };
      this.used += piece;
      this.head = (this.head + piece) % size;
      rest = rest.subarray(piece);
      // One message per megabyte or so, not per network chunk: messages cost more than hashing 64 KiB.
      if (this.batch.len >= size / 4 || this.head === 0) this.flush();
    }
  }

  private flush(): void {
    if (!this.batch) return;
    this.worker.postMessage({ op: 'update', ids: this.batch.ids, at: this.batch.at, len: this.batch.len });
    this.batch = undefined;
  }

  digest(id: string): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    this.flush();
    return new Promise((resolve) => {
      this.digests.set(id, resolve);
      this.worker.postMessage({ op: 'digest', id });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
