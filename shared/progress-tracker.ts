import type { ProgressEvent, ProgressNotice, ProgressSink } from './progress';

/**
 * Byte accounting for long transfers: totals grow as work is discovered, each item's count only
 * goes up (a retried blob never makes the bar move backwards), and events are throttled.
 */
export class ProgressTracker {
  private total = 0;
  private done = 0;
  private itemsTotal = 0;
  private itemsDone = 0;
  private readonly items = new Map<string, { done: number; total: number; complete?: boolean }>();
  private lastEmit = 0;

  constructor(
    private readonly sink: ProgressSink,
    private readonly phase: string,
    private readonly intervalMs = 100,
  ) {}

  /** Registers an item of `bytes` (counted once per key). */
  add(key: string, bytes: number): void {
    if (this.items.has(key)) return;
    this.items.set(key, { done: 0, total: bytes });
    this.total += bytes;
    this.itemsTotal++;
  }

  /** The item has reached `bytesSoFar` (absolute); lower values (restarts) are ignored. */
  advance(key: string, bytesSoFar: number): void {
    const item = this.items.get(key);
    if (!item) return;
    const capped = Math.min(item.total, bytesSoFar);
    if (capped > item.done) {
      this.done += capped - item.done;
      item.done = capped;
      this.emit(key, false);
    }
  }

  /** Marks an item complete (also when it was skipped because the destination had it). */
  complete(key: string, message?: string): void {
    const item = this.items.get(key);
    if (!item) return;
    this.advance(key, item.total);
    // Counted once: an item reported complete twice (a skipped blob, then its mount) is one item.
    if (!item.complete) {
      item.complete = true;
      this.itemsDone++;
    }
    this.emit(key, true, message);
  }

  retry(key: string, info: NonNullable<ProgressEvent['retry']>): void {
    this.sink({ ...this.snapshot(key), retry: info, message: `retrying: ${info.reason}` });
  }

  /** A stage note: a coded notice (rendered in the reader's language) or, where none exists yet, English text. */
  note(note: string | ProgressNotice): void {
    this.sink({ ...this.snapshot(undefined), ...(typeof note === 'string' ? { message: note } : { message: note.message, notice: note }) });
  }

  private emit(key: string, force: boolean, message?: string): void {
    const now = Date.now();
    if (!force && now - this.lastEmit < this.intervalMs) return;
    this.lastEmit = now;
    this.sink({ ...this.snapshot(key), ...(message ? { message } : {}) });
  }

  private snapshot(key: string | undefined): ProgressEvent {
    const item = key ? this.items.get(key) : undefined;
    return {
      phase: this.phase,
      item: key,
      itemBytesDone: item?.done,
      itemBytesTotal: item?.total,
      bytesDone: this.done,
      bytesTotal: this.total,
      itemsDone: this.itemsDone,
      itemsTotal: this.itemsTotal,
    };
  }

  get bytesDone(): number {
    return this.done;
  }
}
