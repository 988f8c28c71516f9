import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barLine, barText } from '../../cli/progress-bar';
import { applyProgress, initialProgress, type ProgressView } from '../../shared/progress-view';
import { progressBar } from '../../cli/progress-bar';
import { ProgressTracker } from '../../shared/progress-tracker';
import type { ProgressEvent } from '../../shared/progress';
import type { CliIo } from '../../cli/io';

const event = fc.record({
  phase: fc.constantFrom('verify', 'push', 'docker-load', 'docker-push'),
  bytesDone: fc.nat({ max: 1 << 30 }),
  bytesTotal: fc.option(fc.nat({ max: 1 << 30 }), { nil: undefined }),
  itemsDone: fc.option(fc.nat({ max: 50 }), { nil: undefined }),
  itemsTotal: fc.option(fc.nat({ max: 50 }), { nil: undefined }),
  dt: fc.nat({ max: 3000 }),
});

/** One step of the bar as the CLI takes it: the shared model, then the bar's numbers. */
function barStep(prev: ProgressView, e: ProgressEvent, now: number) {
  const view = applyProgress(prev, e, now);
  return { ...barLine(view), state: view };
}

describe('the CLI progress bar', () => {
  it('never shows a negative speed, a count over its total, or more than 100 %, whatever the events', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 60 }), (events) => {
        let state: ProgressView = initialProgress;
        let now = 1_000_000;
        for (const { dt, ...e } of events) {
          now += dt;
          const line = barStep(state, e, now);
          state = line.state;
          expect(line.rate).toBeGreaterThanOrEqual(0);
          expect(line.percent).toBeGreaterThanOrEqual(0);
          expect(line.percent).toBeLessThanOrEqual(100);
          if (line.bytesTotal > 0) expect(line.bytesDone).toBeLessThanOrEqual(line.bytesTotal);
          if (line.itemsTotal !== undefined) expect(line.itemsDone).toBeLessThanOrEqual(line.itemsTotal);
          for (const locale of ['en', 'zh-CN'] as const) expect(barText(line, locale)).not.toMatch(/-\d/);
        }
      }),
    );
  });

  it('starts the speed afresh in a new phase (verify had 900 MB, push starts at 0)', () => {
    const verify = barStep(initialProgress, { phase: 'verify', bytesDone: 900e6, bytesTotal: 900e6 }, 1000);
    const push = barStep(verify.state, { phase: 'push', bytesDone: 0, bytesTotal: 50e6, itemsDone: 0, itemsTotal: 3 }, 2000);
    expect(push.rate).toBe(0);
    const later = barStep(push.state, { phase: 'push', bytesDone: 10e6, bytesTotal: 50e6, itemsDone: 1, itemsTotal: 3 }, 3000);
    expect(later.rate).toBe(10e6);
    expect(later.etaSeconds).toBe(4);
  });

  it('counts blobs and retries with the right grammar in English and Chinese', () => {
    const one = barStep(initialProgress, { phase: 'push', bytesDone: 5, bytesTotal: 10, itemsDone: 0, itemsTotal: 1, retry: { attempt: 1, reason: 'reset', delayMs: 10 } }, 1);
    expect(barText(one, 'en')).toMatch(/^pushing \[.*\] 50% .* 0\/1 blob \(1 retry\)$/);
    expect(barText(one, 'zh-CN')).toMatch(/^推送 \[.*\] 50% .* 0\/1 个数据块 （重试 1 次）$/);
    const two = barStep(one.state, { phase: 'push', bytesDone: 6, bytesTotal: 10, itemsDone: 1, itemsTotal: 2, retry: { attempt: 2, reason: 'reset', delayMs: 10 } }, 2);
    expect(barText(two, 'en')).toMatch(/ 1\/2 blobs \(2 retries\)$/);
    const verify = barStep(initialProgress, { phase: 'verify', bytesDone: 1, bytesTotal: 2, itemsDone: 1, itemsTotal: 1 }, 1);
    expect(barText(verify, 'en')).toMatch(/^verifying .* 1\/1 item$/);
    expect(barText(verify, 'zh-CN')).toMatch(/^校验 .* 1\/1 项$/);
  });

  it('a blob reported complete twice counts once (the tracker never says 4/3)', () => {
    const seen: ProgressEvent[] = [];
    const tracker = new ProgressTracker((e) => seen.push(e), 'push', 0);
    tracker.add('a', 10);
    tracker.add('b', 10);
    tracker.add('c', 10);
    tracker.complete('a');
    tracker.complete('a');
    tracker.complete('b');
    expect(seen.at(-1)).toMatchObject({ itemsDone: 2, itemsTotal: 3, bytesDone: 20 });
  });

  it('renders in the language of LANG on a terminal', () => {
    const written: string[] = [];
    const io = { isTTY: true, env: { LANG: 'zh_CN.UTF-8' }, stderr: (s: string) => written.push(s) } as unknown as CliIo;
    const bar = progressBar(io);
    bar.sink({ phase: 'docker-push', bytesDone: 1, bytesTotal: 4, itemsDone: 0, itemsTotal: 2 });
    bar.done();
    expect(written.join('')).toMatch(/^\r通过 Docker 推送 \[.*\] 25% .* 0\/2 个数据块\n$/);
  });
});
