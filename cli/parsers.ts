import { InvalidArgumentError } from 'commander';

/** Option parsers: commander turns InvalidArgumentError into a usage error (exit 2). */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number 0-65535.');
  return n;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1.');
  return n;
}

export function parseList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
