import { localeFromEnv, renderError, type Locale } from '../shared/messages/catalog';
import { countForm } from '../shared/messages/texts/progress';
import type { ProgressEvent, ProgressSink } from '../shared/progress';
import type { CliIo } from './io';
import { formatBytes } from './output';

/** The bar's numbers for one event: never negative, never over their total. Pure, so it is unit-tested. */
export interface BarState {
  readonly phase: string | undefined;
  readonly samples: ReadonlyArray<{ readonly t: number; readonly bytes: number }>;
  readonly retries: number;
}

export const initialBar: BarState = { phase: undefined, samples: [], retries: 0 };

export interface BarLine {
  readonly state: BarState;
  readonly percent: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** Bytes per second over the last few seconds of this phase; 0 when not known. Never negative. */
  readonly rate: number;
  readonly etaSeconds: number | undefined;
  readonly itemsDone: number | undefined;
  readonly itemsTotal: number | undefined;
}

const WINDOW_MS = 5000;

export function barStep(prev: BarState, e: ProgressEvent, now: number): BarLine {
  // A new phase counts its own bytes from zero: its samples must not be set against the last phase's.
  const samePhase = prev.phase === e.phase;
  const kept = samePhase ? prev.samples : [];
  const last = kept[kept.length - 1];
  // A retry notice carries no counts of its own (and a counter never goes back): keep the highest.
  const bytes = Math.max(e.bytesDone, last?.bytes ?? 0);
  const samples = [...kept, { t: now, bytes }].filter((s, i, all) => i >= all.length - 2 || now - s.t <= WINDOW_MS);
  const first = samples[0] as { t: number; bytes: number };
  const rate = now > first.t ? Math.max(0, ((bytes - first.bytes) * 1000) / (now - first.t)) : 0;
  const total = Math.max(e.bytesTotal ?? 0, 0);
  const done = total > 0 ? Math.min(bytes, total) : bytes;
  const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
  const itemsTotal = e.itemsTotal;
  const itemsDone = itemsTotal !== undefined ? Math.min(Math.max(e.itemsDone ?? 0, 0), itemsTotal) : undefined;
  return {
    state: { phase: e.phase, samples, retries: prev.retries + (e.retry ? 1 : 0) },
    percent,
    bytesDone: done,
    bytesTotal: total,
    rate,
    etaSeconds: rate > 0 && total > done ? Math.ceil((total - done) / rate) : undefined,
    itemsDone,
    itemsTotal,
  };
}

const say = (locale: Locale, code: string, details: Readonly<Record<string, unknown>>) => renderError({ code, message: code, details }, locale, 'cli').message;

/** The bar as text in the reader's language: stage, bar, bytes, speed, time left, counts (`1 blob`, `2 blobs`), retries. */
export function barText(line: BarLine, locale: Locale): string {
  const width = 24;
  const filled = Math.round((line.percent / 100) * width);
  const phase = say(locale, 'PROGRESS_PHASE', { phase: line.state.phase ?? '' });
  const parts = [`${phase} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${line.percent}%`, `${formatBytes(line.bytesDone)}/${formatBytes(line.bytesTotal)}`, `${formatBytes(line.rate)}/s`];
  if (line.etaSeconds !== undefined) parts.push(say(locale, 'PROGRESS_ETA', { seconds: line.etaSeconds }));
  if (line.itemsTotal) {
    const counted = line.state.phase === 'push' || line.state.phase === 'docker-push' ? 'PROGRESS_BLOBS' : 'PROGRESS_ITEMS';
    parts.push(say(locale, counted, { done: line.itemsDone ?? 0, total: line.itemsTotal, form: countForm(line.itemsTotal) }));
  }
  if (line.state.retries) parts.push(say(locale, 'PROGRESS_RETRIES', { count: line.state.retries, form: countForm(line.state.retries) }));
  return parts.join(' ');
}

/**
 * A one-line progress bar on stderr when it is a terminal; silent otherwise (scripts, CI, --json).
 * Speed is averaged over the last few seconds of the current phase; time left follows from it.
 */
export function progressBar(io: CliIo, enabled = io.isTTY): { sink: ProgressSink; done: () => void } {
  if (!enabled) return { sink: () => {}, done: () => {} };
  const locale = localeFromEnv(io.env);
  let state = initialBar;
  let last = '';
  const sink: ProgressSink = (e: ProgressEvent) => {
    const line = barStep(state, e, Date.now());
    state = line.state;
    const text = barText(line, locale);
    if (text !== last) {
      io.stderr(`\r${text.padEnd(last.length)}`);
      last = text;
    }
  };
  return {
    sink,
    done: () => {
      if (last) io.stderr('\n');
      last = '';
    },
  };
}
