import { createHash, type Hash } from 'node:crypto';

/** MD5 and SHA-256 of the same bytes, side by side (the bundle records both for every file). */
export class DualHash {
  private readonly md5: Hash = createHash('md5');
  private readonly sha256: Hash = createHash('sha256');
  size = 0;

  update(chunk: Buffer): void {
    this.md5.update(chunk);
    this.sha256.update(chunk);
    this.size += chunk.length;
  }

  digest(): { size: number; md5: string; sha256: string } {
    return { size: this.size, md5: this.md5.digest('hex'), sha256: this.sha256.digest('hex') };
  }
}

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
