/** A coreutils checksum line: `<hex>  <name>` (two spaces: text mode, as md5sum writes). */
export function sumLine(hex: string, name: string): string {
  return `${hex}  ${name}\n`;
}

/** Parses `md5sum`/`sha256sum` output lines into name → hex. */
export function parseSums(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^([a-f0-9]{32}|[a-f0-9]{64}) [ *](.+)$/.exec(line.trim());
    if (m) out.set(m[2] as string, m[1] as string);
  }
  return out;
}
