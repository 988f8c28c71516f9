import { describe, expect, it } from 'vitest';
import { applyProgress, initialProgress, type ProgressView } from '../../shared/progress-view';
import type { ProgressEvent } from '../../shared/progress';

/** Folds events at the given times (ms). */
function fold(events: ReadonlyArray<readonly [number, ProgressEvent]>, start: ProgressView = initialProgress): ProgressView[] {
  const out: ProgressView[] = [];
  let view = start;
  for (const [t, e] of events) {
    view = applyProgress(view, e, t);
    out.push(view);
  }
  return out;
}

describe('the progress bar model', () => {
  it('never moves bytes or the bar backwards within a phase, even when totals grow or a retry reports less', () => {
    const views = fold([
      [0, { phase: 'push', bytesDone: 0, bytesTotal: 100 }],
      [100, { phase: 'push', bytesDone: 50, bytesTotal: 100 }],
      [200, { phase: 'push', bytesDone: 40, bytesTotal: 100, retry: { attempt: 1, reason: 'ECONNRESET', delayMs: 200 } }],
      [300, { phase: 'push', bytesDone: 60, bytesTotal: 400 }],
      [400, { phase: 'push', bytesDone: 400, bytesTotal: 400 }],
    ]);
    const bytes = views.map((v) => v.bytesDone);
    const fractions = views.map((v) => v.fraction ?? 0);
    expect(bytes).toEqual([0, 50, 50, 60, 400]);
    for (let i = 1; i < views.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1] as number);
    expect(fractions.at(-1)).toBe(1);
  });

  it('counts every retry and keeps the last reason, without letting a bare retry notice reset the bytes', () => {
    const views = fold([
      [0, { phase: 'bundle', bytesDone: 300, bytesTotal: 1000 }],
      [10, { phase: 'bundle', bytesDone: 0, retry: { attempt: 1, reason: 'HTTP 503', delayMs: 100 } }],
      [20, { phase: 'bundle', bytesDone: 0, retry: { attempt: 2, reason: 'socket hang up', delayMs: 200 } }],
    ]);
    const last = views.at(-1) as ProgressView;
    expect(last.retries).toBe(2);
    expect(last.lastRetry?.reason).toBe('socket hang up');
    expect(last.bytesDone).toBe(300);
    expect(last.fraction).toBeCloseTo(0.3);
  });

  it('starts a new phase from zero but keeps the retry count', () => {
    const views = fold([
      [0, { phase: 'verify', bytesDone: 900, bytesTotal: 1000 }],
      [5, { phase: 'verify', bytesDone: 900, retry: { attempt: 1, reason: 'x', delayMs: 1 } }],
      [10, { phase: 'push', bytesDone: 10, bytesTotal: 500 }],
    ]);
    const last = views.at(-1) as ProgressView;
    expect(last.phase).toBe('push');
    expect(last.bytesDone).toBe(10);
    expect(last.fraction).toBeCloseTo(0.02);
    expect(last.retries).toBe(1);
  });

  it('computes speed over a sliding window and the time left from it', () => {
    const views = fold([
      [0, { phase: 'push', bytesDone: 0, bytesTotal: 10_000 }],
      [1000, { phase: 'push', bytesDone: 1000, bytesTotal: 10_000 }],
      [2000, { phase: 'push', bytesDone: 2000, bytesTotal: 10_000 }],
    ]);
    const last = views.at(-1) as ProgressView;
    expect(last.bytesPerSecond).toBeCloseTo(1000);
    expect(last.etaSeconds).toBeCloseTo(8);
    // Ten seconds later at a new pace, the old samples have left the 5 s window.
    const later = fold(
      [
        [12_000, { phase: 'push', bytesDone: 4000, bytesTotal: 10_000 }],
        [14_000, { phase: 'push', bytesDone: 8000, bytesTotal: 10_000 }],
      ],
      last,
    ).at(-1) as ProgressView;
    expect(later.bytesPerSecond).toBeCloseTo(2000);
    expect(later.etaSeconds).toBeCloseTo(1);
  });

  it('keeps the engine’s stage note but not retry messages as the stage, and follows the current item', () => {
    const views = fold([
      [0, { phase: 'bundle', bytesDone: 0, message: 'downloading' }],
      [1, { phase: 'bundle', bytesDone: 0, bytesTotal: 10, message: 'retrying: boom', retry: { attempt: 1, reason: 'boom', delayMs: 1 } }],
      [2, { phase: 'bundle', bytesDone: 5, bytesTotal: 10, item: 'sha256:aa', itemBytesDone: 5, itemBytesTotal: 8 }],
      [3, { phase: 'bundle', bytesDone: 6, bytesTotal: 10, item: 'sha256:aa', itemBytesDone: 3, itemBytesTotal: 8 }],
    ]);
    expect(views.map((v) => v.note)).toEqual(['downloading', 'downloading', 'downloading', 'downloading']);
    expect(views.at(-1)?.item).toBe('sha256:aa');
    expect(views.at(-1)?.itemBytesDone).toBe(5);
  });
});
