import type { ProgressEvent, ProgressNotice } from './progress';

/**
 * What a progress display shows for one task, folded from its events — the one model behind the
 * app's bar (renderer/src/hooks/useTask.ts) and the CLI's (cli/progress-bar.ts). Pure, so the rules
 * are unit-tested: within a phase bytes and the bar only grow (a retried blob or a grown total never
 * moves them back), speed comes from a sliding window, and every retry is counted.
 */
export interface ProgressView {
  readonly phase?: string | undefined;
  /** The engine's latest stage note (`resolving references`, `writing`…), retries excluded. */
  readonly note?: string | undefined;
  /** The same note as a coded message, when the engine sent one (rendered in the UI's language). */
  readonly notice?: ProgressNotice | undefined;
  readonly item?: string | undefined;
  readonly itemBytesDone?: number | undefined;
  readonly itemBytesTotal?: number | undefined;
  readonly bytesDone: number;
  readonly bytesTotal?: number | undefined;
  /** 0…1, never lower than before within a phase; undefined while the total is unknown. */
  readonly fraction?: number | undefined;
  readonly itemsDone?: number | undefined;
  readonly itemsTotal?: number | undefined;
  readonly retries: number;
  readonly lastRetry?: ProgressEvent['retry'];
  readonly bytesPerSecond?: number | undefined;
  readonly etaSeconds?: number | undefined;
  readonly samples: ReadonlyArray<{ readonly t: number; readonly bytes: number }>;
}

export const initialProgress: ProgressView = { bytesDone: 0, retries: 0, samples: [] };

export const SPEED_WINDOW_MS = 5000;
const MIN_SPAN_MS = 200;

export function applyProgress(prev: ProgressView, event: ProgressEvent, now: number, windowMs = SPEED_WINDOW_MS): ProgressView {
  const retries = prev.retries + (event.retry ? 1 : 0);
  const lastRetry = event.retry ?? prev.lastRetry;
  // A retry notice from the transport carries no byte counts: it must not reset anything.
  if (event.retry && event.bytesTotal === undefined) return { ...prev, retries, lastRetry, phase: prev.phase ?? event.phase };

  const base: ProgressView = event.phase !== prev.phase && prev.phase !== undefined ? { ...initialProgress, retries, lastRetry, phase: event.phase } : prev;
  const bytesDone = Math.max(base.bytesDone, event.bytesDone);
  const bytesTotal = event.bytesTotal !== undefined && event.bytesTotal > 0 ? Math.max(event.bytesTotal, bytesDone) : base.bytesTotal;
  const fraction = bytesTotal ? Math.max(base.fraction ?? 0, Math.min(1, bytesDone / bytesTotal)) : base.fraction;

  const samples = bytesDone !== base.bytesDone || base.samples.length === 0 ? windowed([...base.samples, { t: now, bytes: bytesDone }], now, windowMs) : base.samples;
  const first = samples[0];
  const last = samples[samples.length - 1];
  const span = first && last ? last.t - first.t : 0;
  const bytesPerSecond = first && last && span >= MIN_SPAN_MS ? ((last.bytes - first.bytes) * 1000) / span : base.bytesPerSecond;
  const etaSeconds = bytesPerSecond && bytesPerSecond > 0 && bytesTotal !== undefined ? Math.max(0, bytesTotal - bytesDone) / bytesPerSecond : undefined;

  const sameItem = event.item !== undefined && event.item === base.item;
  return {
    phase: event.phase,
    note: event.retry ? base.note : (event.message ?? base.note),
    // A newer plain note replaces an older coded one: the two always describe the same moment.
    notice: event.retry ? base.notice : event.message !== undefined ? event.notice : base.notice,
    item: event.item ?? base.item,
    itemBytesDone: event.item !== undefined ? Math.max(sameItem ? (base.itemBytesDone ?? 0) : 0, event.itemBytesDone ?? 0) : base.itemBytesDone,
    itemBytesTotal: event.item !== undefined ? event.itemBytesTotal : base.itemBytesTotal,
    bytesDone,
    bytesTotal,
    fraction,
    itemsDone: event.itemsDone !== undefined ? Math.max(base.itemsDone ?? 0, event.itemsDone) : base.itemsDone,
    itemsTotal: event.itemsTotal ?? base.itemsTotal,
    retries,
    lastRetry,
    bytesPerSecond,
    etaSeconds,
    samples,
  };
}

// Only recent samples count, so the speed follows the current pace (a lone sample keeps the last speed).
function windowed(samples: ReadonlyArray<{ t: number; bytes: number }>, now: number, windowMs: number) {
  return samples.filter((s) => s.t >= now - windowMs);
}
