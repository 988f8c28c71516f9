import { AppError } from '../errors';
import { EntryChecker, UnsafeArchiveError } from './safe-tar';
import { BLOCK, decodeHeader, isZeroBlock, padding } from './tar-format';
import type { VolumeReader } from './volume-reader';

export interface IndexedEntry {
  readonly name: string;
  readonly type: 'file' | 'directory';
  readonly size: number;
  /** Where the data starts in the (concatenated) archive. */
  readonly offset: number;
}

/**
 * Reads only the headers (seeking over data) to map every entry to its offset: how `list`,
 * `serve` and `push` find blobs without unpacking. The same safety checks as the full reader.
 */
export async function scanTarIndex(reader: VolumeReader, totalSize: number): Promise<Map<string, IndexedEntry>> {
  const entries = new Map<string, IndexedEntry>();
  const checker = new EntryChecker();
  let pos = 0;
  for (;;) {
    if (pos + BLOCK > totalSize) throw new AppError('TRUNCATED', `The bundle ends early at byte ${totalSize}: it is truncated (no end-of-archive marker)`);
    const block = await reader.read(pos, BLOCK);
    if (isZeroBlock(block)) {
      if (pos + 2 * BLOCK > totalSize || !isZeroBlock(await reader.read(pos + BLOCK, BLOCK))) throw new AppError('TRUNCATED', `The bundle's end-of-archive marker at byte ${pos} is incomplete`);
      return entries;
    }
    const h = decodeHeader(block, pos);
    const data = pos + BLOCK;
    if (checker.isExtended(h, pos)) {
      if (data + h.size > totalSize) throw new AppError('TRUNCATED', 'The bundle ends inside an extended header');
      checker.extended(h, await reader.read(data, h.size));
      pos = data + h.size + padding(h.size);
      continue;
    }
    const e = checker.entry(h);
    const size = e.type === 'directory' ? h.size : e.size;
    if (data + size > totalSize) throw new AppError('TRUNCATED', `The bundle ends in the middle of ${e.name}: it is truncated`);
    entries.set(e.name, { name: e.name, type: e.type, size: e.type === 'directory' ? 0 : size, offset: data });
    pos = data + size + padding(size);
  }
}

export { UnsafeArchiveError };
