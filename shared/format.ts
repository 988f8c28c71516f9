const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Bytes for people, in powers of 1024 (the unit --split and the file managers use). Pure. */
export function formatBytes(n: number | undefined, unknown = '?'): string {
  if (n === undefined || !Number.isFinite(n)) return unknown;
  let v = n;
  let i = 0;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(v >= 100 ? 0 : 1)} ${UNITS[i]}`;
}
