/** Pure naming rules of bundle files (the renderer shows them before a build). */

/** `bundle.tar` → `bundle.tar.000`, `bundle.tar.001`, … */
export function volumeName(base: string, index: number): string {
  return `${base}.${String(index).padStart(3, '0')}`;
}

/** The small list beside split volumes. */
export function volumeListName(base: string): string {
  return `${base}.volumes.json`;
}

/** `…/bundle.tar.002` → `…/bundle.tar` (undefined when not a volume name). */
export function volumeBase(path: string): string | undefined {
  const m = /^(.*)\.(\d{3})$/.exec(path);
  return m ? m[1] : undefined;
}

export function sidecarNames(file: string): { md5: string; sha256: string } {
  return { md5: `${file}.md5`, sha256: `${file}.sha256` };
}

/** FAT32 caps a file at 4 GiB - 1 byte; stay a sector under it. */
export const FAT32_VOLUME = 4 * 1024 * 1024 * 1024 - 512;

/** Parses `--split`: `500M`, `2G`, `1024K`, plain bytes, or `fat32` (powers of 1024). */
export function parseSplitSize(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'fat32') return FAT32_VOLUME;
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/.exec(t);
  if (!m) return undefined;
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2] as '' | 'k' | 'm' | 'g' | 't'];
  const n = Math.floor(Number(m[1]) * mult);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
