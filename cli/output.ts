import type { CliIo } from './io';

/** Prints a command's result: JSON (stable, for scripts) with --json, else the human text. */
export function report<T>(io: CliIo, json: boolean | undefined, value: T, human: (v: T) => string): void {
  if (json) io.stdout(`${JSON.stringify(value, null, 2)}\n`);
  else {
    const text = human(value);
    io.stdout(text.endsWith('\n') ? text : `${text}\n`);
  }
}

export { formatBytes } from '../shared/format';

/** Left-aligned columns for human tables. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}
