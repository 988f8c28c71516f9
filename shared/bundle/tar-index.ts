import { AppError } from '../errors';
import { TarRules, UnsafeArchiveError } from './safe-tar';
import { BLOCK, padding } from './tar-format';
import type { VolumeReader } from './volume-reader';

export interface IndexedEntry {
  readonly name: string;
  readonly type: 'file' | 'directory';
  readonly size: number;
  /** Where the data starts in the (concatenated) archive. */
  readonly offset: number;
}

/** Headers are read through a window of this size: small entries cost one read per many headers. */
const WINDOW = 64 * 1024;

/**
 * Reads only the headers (seeking over data) to map every entry to its offset: how `list`,
 * `serve` and `push` find blobs without unpacking. The same rules as the streaming reader
 * (`TarRules`): headers, padding, the end marker and what follows it are all checked. `accept`
 * sees each entry before it is indexed and may refuse it by throwing (the bundle layout does).
 */
export async function scanTarIndex(
  reader: VolumeReader,
  totalSize: number,
  options: { accept?: ((entry: { name: string; type: 'file' | 'directory'; size: number }) => void) | undefined } = {},
): Promise<Map<string, IndexedEntry>> {
  const entries = new Map<string, IndexedEntry>();
  const rules = new TarRules();
  const window = new Window(reader, totalSize);
  let pos = 0;
  // Padding owed by the previous entry, read together with the next header.
  let pad = 0;
  let last = '';
  const truncated = (message: string, at: number) => new AppError('TRUNCATED', message, { hint: 'Copy it again from the source; a volume may be missing or cut short.', details: { at } });
  for (;;) {
    if (pos + pad > totalSize) throw truncated(`The bundle ends after ${last}: it is truncated`, totalSize);
    if (pad) rules.padding(await window.bytes(pos, pad), pad, last, pos);
    pos += pad;
    if (pos + BLOCK > totalSize) throw truncated(`The bundle ends early at byte ${totalSize}: it is truncated (no end-of-archive marker)`, totalSize);
    const step = rules.header(await window.bytes(pos, BLOCK), pos);
    const data = pos + BLOCK;
    if (step.kind === 'end') {
      rules.endMarker(data + BLOCK <= totalSize ? await window.bytes(data, BLOCK) : Buffer.alloc(0), pos);
      for (let at = data + BLOCK; at < totalSize; at += WINDOW) rules.afterEnd(await window.bytes(at, Math.min(WINDOW, totalSize - at)), at);
      return entries;
    }
    if (step.kind === 'extended') {
      // In stream order, as the streaming reader sees it: data, padding, then the header is read.
      if (data + step.size > totalSize) throw truncated('The bundle ends inside an extended header', totalSize);
      const bytes = await window.bytes(data, step.size);
      const padAt = data + step.size;
      const p = padding(step.size);
      if (padAt + p > totalSize) throw truncated('The bundle ends after an extended header: it is truncated', totalSize);
      if (p) rules.padding(await window.bytes(padAt, p), p, 'an extended header', padAt);
      rules.extended(step.header, bytes);
      pos = padAt + p;
      pad = 0;
      continue;
    }
    if (data + step.size > totalSize) throw truncated(`The bundle ends in the middle of ${step.name}: it is truncated`, totalSize);
    options.accept?.(step);
    entries.set(step.name, { name: step.name, type: step.type, size: step.size, offset: data });
    pos = data + step.size;
    pad = padding(step.size);
    last = step.name;
  }
}

/** Positional reads through one cached window (a copy, so no window is kept alive by a caller). */
class Window {
  private start = 0;
  private buf: Buffer = Buffer.alloc(0);

  constructor(
    private readonly reader: VolumeReader,
    private readonly totalSize: number,
  ) {}

  async bytes(at: number, length: number): Promise<Buffer> {
    if (length === 0) return Buffer.alloc(0);
    if (at < this.start || at + length > this.start + this.buf.length) {
      this.start = at;
      this.buf = await this.reader.read(at, Math.min(Math.max(length, WINDOW), this.totalSize - at));
      if (this.buf.length < length) throw new AppError('TRUNCATED', `The bundle ends early at byte ${at + this.buf.length}`, { details: { at: at + this.buf.length } });
    }
    return Buffer.from(this.buf.subarray(at - this.start, at - this.start + length));
  }
}

export { UnsafeArchiveError };
