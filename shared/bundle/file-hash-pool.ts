import { availableParallelism } from 'node:os';
import { createHash } from 'node:crypto';
import { CancelledError } from '../errors';
import { HashWorker, type FileRange } from './hash-worker';

/**
 * One worker per core, at least one, at most four: past that the disk, not the CPU, is what a
 * bundle's files wait for.
 */
export function fileHashPoolSize(cores: number = availableParallelism()): number {
  return Math.max(1, Math.min(4, Math.floor(cores) || 1));
}

/** How far (bytes queued, not hashed yet) a worker may lag behind the reader before it waits. */
const WINDOW = 128 * 1024 * 1024;

/** One file's hash on one worker of the pool, fed in order. */
export interface PooledFileHash {
  /** Queues the next ranges of the file; waits while its worker is more than the window behind. */
  add(ranges: readonly FileRange[]): Promise<void>;
  /**
   * Queues the last ranges; resolves, once queued, with the digest to come (rejected with
   * HASH_READ_FAILED when the worker could not read every byte, HASH_WORKER_* when it died or the
   * pool was closed).
   */
  finish(ranges: readonly FileRange[]): Promise<{ readonly digest: Promise<string> }>;
}

interface Slot {
  readonly worker: HashWorker;
  /** Files started on this worker whose digest has not come back. */
  files: number;
}

/**
 * Hashes of whole files (or of byte ranges across files: a split archive) on a small pool of
 * worker threads: each hash goes to the next free worker, so different hashes run at the same
 * time, one per core. A hash stays on one worker (neither MD5 nor SHA-256 can be split). Each
 * worker reads its bytes from the volumes itself (right behind the caller, from the page cache)
 * into one small reused buffer, so memory does not grow with the files or the pool. Workers start
 * on first use.
 */
export class FileHashPool {
  private readonly slots: Slot[] = [];
  private count = 0;

  constructor(
    private readonly size: number = fileHashPoolSize(),
    private readonly window: number = WINDOW,
  ) {}

  /** Workers started so far. */
  get workers(): number {
    return this.slots.length;
  }

  /** Starts one file's hash on the next free worker (a new one while the pool is not full, else the least behind). */
  start(algorithm: 'md5' | 'sha256'): PooledFileHash {
    const slot = this.pick();
    slot.files++;
    const id = `${algorithm}:f${this.count++}`;
    return {
      add: async (ranges) => {
        await slot.worker.hashFileRanges(id, ranges, false, this.window);
      },
      finish: async (ranges) => {
        const queued = await slot.worker.hashFileRanges(id, ranges, true, this.window);
        const digest = (queued.digest as Promise<string>).finally(() => void slot.files--);
        // Awaited by the caller, or never when an earlier problem ended its work.
        digest.catch(() => undefined);
        return { digest };
      },
    };
  }

  private pick(): Slot {
    const idle = this.slots.find((s) => s.files === 0);
    if (idle) return idle;
    if (this.slots.length < this.size) {
      // The ring is for chunks copied in; these workers only read files, so it stays tiny.
      const slot = { worker: new HashWorker(4096), files: 0 };
      this.slots.push(slot);
      return slot;
    }
    return this.slots.reduce((a, b) => (b.worker.pendingFileBytes < a.worker.pendingFileBytes ? b : a));
  }

  /** Stops every worker; digests still pending are rejected (HASH_WORKER_CLOSED). */
  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.close()));
  }
}

/** Bytes handed to a pool worker at once: fewer messages, and the worker still follows closely. */
const PIECE = 8 * 1024 * 1024;

/** A hash of bytes a reader has just read from files, fed in order. */
export interface HashOfReads {
  /** The next bytes: `chunk`, read from `ranges` of the files (one range, or two across volumes). */
  add(ranges: readonly FileRange[], chunk: Buffer): Promise<void>;
  digest(): Promise<string>;
}

/**
 * With a pool, the hash runs on one of its workers, which reads the same ranges of the files
 * itself (from the page cache, right behind the reader): this thread neither copies nor hashes the
 * bytes. Without one, it is computed here from the chunks.
 */
export function hashOfReads(algorithm: 'md5' | 'sha256', pool: FileHashPool | undefined): HashOfReads {
  if (!pool) {
    const hash = createHash(algorithm);
    return {
      add: async (_ranges, chunk) => void hash.update(chunk),
      digest: async () => hash.digest('hex'),
    };
  }
  const job = pool.start(algorithm);
  let pending: FileRange[] = [];
  let pendingBytes = 0;
  return {
    add: async (read) => {
      for (const range of read) {
        const last = pending[pending.length - 1];
        if (last && last.path === range.path && last.offset + last.length === range.offset) pending[pending.length - 1] = { ...last, length: last.length + range.length };
        else pending.push(range);
        pendingBytes += range.length;
      }
      if (pendingBytes < PIECE) return;
      const piece = pending;
      pending = [];
      pendingBytes = 0;
      await job.add(piece);
    },
    digest: async () => (await job.finish(pending)).digest,
  };
}

/** Waits for `work`, or throws CANCELLED as soon as `signal` fires (the work is left to be stopped by its owner). */
export async function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) throw new CancelledError();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new CancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
