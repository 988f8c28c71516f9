import type { ProgressEvent, ProgressSink } from '../shared/progress';
import type { CliIo } from './io';
import { formatBytes } from './output';

/**
 * A one-line progress bar on stderr when it is a terminal; silent otherwise (scripts, CI, --json).
 * Speed is averaged over the last few seconds; time left follows from it.
 */
export function progressBar(io: CliIo, enabled = io.isTTY): { sink: ProgressSink; done: () => void } {
  if (!enabled) return { sink: () => {}, done: () => {} };
  const samples: Array<{ t: number; bytes: number }> = [];
  let last = '';
  let retries = 0;
  const sink: ProgressSink = (e: ProgressEvent) => {
    const now = Date.now();
    samples.push({ t: now, bytes: e.bytesDone });
    while (samples.length > 2 && now - (samples[0] as { t: number }).t > 5000) samples.shift();
    if (e.retry) retries++;
    const first = samples[0] as { t: number; bytes: number };
    const rate = now > first.t ? ((e.bytesDone - first.bytes) * 1000) / (now - first.t) : 0;
    const total = e.bytesTotal ?? 0;
    const pct = total > 0 ? Math.min(100, Math.floor((e.bytesDone / total) * 100)) : 0;
    const width = 24;
    const filled = Math.round((pct / 100) * width);
    const eta = rate > 0 && total > e.bytesDone ? `${Math.ceil((total - e.bytesDone) / rate)}s left` : '';
    const items = e.itemsTotal ? ` ${e.itemsDone ?? 0}/${e.itemsTotal}` : '';
    const line = `${e.phase} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${pct}% ${formatBytes(e.bytesDone)}/${formatBytes(total)} ${formatBytes(rate)}/s ${eta}${items}${retries ? ` (${retries} retries)` : ''}`;
    if (line !== last) {
      io.stderr(`\r${line.padEnd(last.length)}`);
      last = line;
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
