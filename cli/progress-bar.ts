import { localeFromEnv, renderError, type Locale } from '../shared/messages/catalog';
import { countForm } from '../shared/messages/texts/progress';
import type { ProgressEvent, ProgressSink } from '../shared/progress';
import { applyProgress, initialProgress, type ProgressView } from '../shared/progress-view';
import type { CliIo } from './io';
import { formatBytes } from './output';

/** The bar's numbers, read from the shared progress model: never negative, never over their total. */
export interface BarLine {
  readonly view: ProgressView;
  readonly percent: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** Bytes per second over the last few seconds of this phase; 0 when not known. Never negative. */
  readonly rate: number;
  readonly etaSeconds: number | undefined;
  readonly itemsDone: number | undefined;
  readonly itemsTotal: number | undefined;
}

export function barLine(view: ProgressView): BarLine {
  const total = view.bytesTotal ?? 0;
  const done = total > 0 ? Math.min(view.bytesDone, total) : view.bytesDone;
  const rate = Math.max(0, view.bytesPerSecond ?? 0);
  const itemsTotal = view.itemsTotal;
  return {
    view,
    percent: Math.min(100, Math.floor((view.fraction ?? 0) * 100)),
    bytesDone: done,
    bytesTotal: total,
    rate,
    etaSeconds: rate > 0 && total > done ? Math.ceil((total - done) / rate) : undefined,
    itemsDone: itemsTotal !== undefined ? Math.min(Math.max(view.itemsDone ?? 0, 0), itemsTotal) : undefined,
    itemsTotal,
  };
}

const say = (locale: Locale, code: string, details: Readonly<Record<string, unknown>>) => renderError({ code, message: code, details }, locale, 'cli').message;

/** The bar as text in the reader's language: stage, bar, bytes, speed, time left, counts (`1 blob`, `2 blobs`), retries. */
export function barText(line: BarLine, locale: Locale): string {
  const width = 24;
  const filled = Math.round((line.percent / 100) * width);
  const phase = say(locale, 'PROGRESS_PHASE', { phase: line.view.phase ?? '' });
  const parts = [`${phase} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${line.percent}%`, `${formatBytes(line.bytesDone)}/${formatBytes(line.bytesTotal)}`, `${formatBytes(line.rate)}/s`];
  if (line.etaSeconds !== undefined) parts.push(say(locale, 'PROGRESS_ETA', { seconds: line.etaSeconds }));
  if (line.itemsTotal) {
    const counted = line.view.phase === 'push' || line.view.phase === 'docker-push' ? 'PROGRESS_BLOBS' : 'PROGRESS_ITEMS';
    parts.push(say(locale, counted, { done: line.itemsDone ?? 0, total: line.itemsTotal, form: countForm(line.itemsTotal) }));
  }
  if (line.view.retries) parts.push(say(locale, 'PROGRESS_RETRIES', { count: line.view.retries, form: countForm(line.view.retries) }));
  return parts.join(' ');
}

/**
 * A one-line progress bar on stderr when it is a terminal; silent otherwise (scripts, CI, --json).
 * The numbers are the app's (one progress model): speed over the last few seconds of the current
 * phase, time left from it, retries counted.
 */
export function progressBar(io: CliIo, enabled = io.isTTY): { sink: ProgressSink; done: () => void } {
  if (!enabled) return { sink: () => {}, done: () => {} };
  const locale = localeFromEnv(io.env);
  let view = initialProgress;
  let last = '';
  const sink: ProgressSink = (e: ProgressEvent) => {
    view = applyProgress(view, e, Date.now());
    const text = barText(barLine(view), locale);
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
