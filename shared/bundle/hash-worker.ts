import { Worker } from 'node:worker_threads';
import { AppError } from '../errors';

/**
 * Hashing on another core (the bundle output's worker, or one worker of verify's pool). Chunks are copied into a fixed shared ring buffer and the worker is
 * told where they are; it hashes them in place and hands the space back. Memory stays fixed (no
 * per-chunk allocations for the GC to catch up with) and a slow worker slows the producer.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const ring = new Uint8Array(workerData.ring);
const hashes = new Map();
const failed = new Map();
let readBuffer;
parentPort.on('message', (m) => {
  if (m.op === 'file') {
    // Ranges of files the worker reads itself, into one reused buffer: the caller's thread
    // neither copies nor hashes them. A context runs over several messages until 'final'.
    readBuffer ??= Buffer.allocUnsafe(1024 * 1024);
    let h = hashes.get(m.id);
    if (!h) hashes.set(m.id, (h = createHash(m.algorithm)));
    if (!failed.has(m.id)) {
      try {
        for (const r of m.ranges) {
          const fd = openSync(r.path, 'r');
          try {
            for (let at = r.offset, end = r.offset + r.length; at < end; ) {
              const n = readSync(fd, readBuffer, 0, Math.min(readBuffer.length, end - at), at);
              if (n === 0) throw new Error(r.path + ' ended at byte ' + at + ', before byte ' + end);
              h.update(readBuffer.subarray(0, n));
              at += n;
            }
          } finally {
            closeSync(fd);
          }
        }
      } catch (e) {
        failed.set(m.id, String((e && e.message) || e));
      }
    }
    if (!m.final) parentPort.postMessage({ op: 'file', len: m.len });
    else {
      hashes.delete(m.id);
      const error = failed.get(m.id);
      failed.delete(m.id);
      parentPort.postMessage(error === undefined ? { op: 'file', id: m.id, hex: h.digest('hex'), len: m.len } : { op: 'file', id: m.id, error, len: m.len });
    }
  } else if (m.op === 'update') {
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

/** Bytes [offset, offset + length) of one file. */
export interface FileRange {
  readonly path: string;
  readonly offset: number;
  readonly length: number;
}

export class HashWorker {
  private readonly worker: Worker;
  private readonly ring: Uint8Array;
  /** Next write position in the ring, and bytes written but not yet hashed. */
  private head = 0;
  private used = 0;
  /** Bytes copied into the ring but not yet announced: small chunks are announced together. */
  private batch: { at: number; len: number; ids: readonly string[]; key: string } | undefined;
  private waiters: Array<() => void> = [];
  /** Digests asked for and not answered yet: settled by the worker, or rejected if it dies. */
  private readonly digests = new Map<string, { resolve: (hex: string) => void; reject: (e: Error) => void }>();
  private failure: Error | undefined;
  private closing = false;
  /** Bytes of file ranges asked for and not hashed yet (hashFileRanges keeps it bounded). */
  private fileBytes = 0;

  constructor(ringBytes = 8 * 1024 * 1024) {
    const shared = new SharedArrayBuffer(ringBytes);
    this.ring = new Uint8Array(shared);
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ring: shared }, resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 8 } });
    this.worker.on('message', (m: { op: string; len?: number; id?: string; hex?: string; error?: string }) => {
      if (m.op === 'file') {
        this.fileBytes -= m.len ?? 0;
        if (m.id) {
          const p = this.digests.get(m.id);
          this.digests.delete(m.id);
          if (m.error !== undefined) p?.reject(new AppError('HASH_READ_FAILED', `The hashing worker could not read the bundle: ${m.error}`, { details: { reason: m.error } }));
          else p?.resolve(m.hex ?? '');
        }
        this.release();
      } else if (m.op === 'ack') {
        this.used -= m.len ?? 0;
        this.release();
      } else if (m.op === 'digest' && m.id) {
        this.digests.get(m.id)?.resolve(m.hex ?? '');
        this.digests.delete(m.id);
      }
    });
    this.worker.on('error', (e) => {
      this.fail(new AppError('HASH_WORKER_FAILED', `The hashing worker failed: ${e.message}`, { details: { reason: e.message }, cause: e }));
    });
    this.worker.on('exit', (code) => {
      if (this.closing) this.fail(new AppError('HASH_WORKER_CLOSED', 'The hashing worker was stopped before it answered'));
      else this.fail(new AppError('HASH_WORKER_FAILED', `The hashing worker exited unexpectedly (exit code ${code})`, { details: { exitCode: code } }));
    });
  }

  /** The worker is gone: every waiting producer and every pending digest gets the error. */
  private fail(error: Error): void {
    this.failure ??= error;
    const pending = [...this.digests.values()];
    this.digests.clear();
    for (const p of pending) p.reject(this.failure);
    this.release();
  }

  private release(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }

  /** Bytes of file ranges queued on this worker and not hashed yet: how far it is behind. */
  get pendingFileBytes(): number {
    return this.fileBytes;
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
    if (this.closing) return Promise.reject(new AppError('HASH_WORKER_CLOSED', 'The hashing worker was stopped before it answered'));
    this.flush();
    return new Promise((resolve, reject) => {
      this.digests.get(id)?.reject(new AppError('HASH_WORKER_FAILED', `Digest ${id} was asked for twice`, { details: { id } }));
      this.digests.set(id, { resolve, reject });
      this.worker.postMessage({ op: 'digest', id });
    });
  }

  /**
   * Feeds byte ranges of files to the context `id` (`md5:<name>` or `sha256:<name>`) in the worker, which reads them
   * itself: the caller's thread neither copies nor hashes those bytes. Meant for bytes the
   * caller has just read (the page cache holds them); at most `window` bytes are outstanding,
   * so the worker follows closely. Resolves once queued; with `final`, also hands back the
   * digest to come, which is rejected (HASH_READ_FAILED) if the worker could not read every byte.
   */
  async hashFileRanges(id: string, ranges: readonly FileRange[], final: boolean, window = 64 * 1024 * 1024): Promise<{ readonly digest?: Promise<string> | undefined }> {
    const len = ranges.reduce((n, r) => n + r.length, 0);
    while (this.fileBytes > 0 && this.fileBytes + len > window) {
      if (this.failure) throw this.failure;
      await new Promise<void>((r) => this.waiters.push(r));
    }
    if (this.failure) throw this.failure;
    if (this.closing) throw new AppError('HASH_WORKER_CLOSED', 'The hashing worker was stopped before it answered');
    this.fileBytes += len;
    let digest: Promise<string> | undefined;
    if (final) {
      digest = new Promise<string>((resolve, reject) => this.digests.set(id, { resolve, reject }));
      // Awaited by the caller later, or never when an earlier problem ended its work.
      digest.catch(() => undefined);
    }
    this.worker.postMessage({ op: 'file', id, algorithm: id.slice(0, id.indexOf(':')), ranges, len, final });
    return { digest };
  }

  /** Stops the worker; digests still pending are rejected (HASH_WORKER_CLOSED). */
  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }
}
