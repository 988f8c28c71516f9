import { AppError } from '../errors';
import { ByteReader } from './byte-reader';
import { BLOCK, decodeHeader, isZeroBlock, padding, parsePax, type TarHeader } from './tar-format';

/**
 * Reads a tar archive and refuses anything unsafe before its entry is acted on: absolute paths,
 * `..`, backslashes, links, devices and FIFOs, duplicate names, oversized pax/GNU long headers,
 * damaged headers, and a missing end (truncation). Only regular files and folders come out.
 */
export interface SafeEntry {
  readonly name: string;
  readonly type: 'file' | 'directory';
  readonly size: number;
  /** Offset of the entry's data in the archive stream. */
  readonly offset: number;
  /** The body; consume it or leave it, the reader skips what is left. */
  readonly body: AsyncIterable<Buffer>;
}

export const MAX_EXTENDED_HEADER = 64 * 1024;
// Bundles hold thousands of entries; the cap keeps a hostile archive from filling memory with names.
const MAX_ENTRIES = 200_000;

export class UnsafeArchiveError extends AppError {
  override name = 'UnsafeArchiveError';
  constructor(message: string, hint = 'Do not use this file: it is damaged or was not written by Higress Airgap.') {
    super('UNSAFE_ARCHIVE', message, { hint });
  }
}

/** Checks one path: relative, normalised, no `..`, no backslash or control characters. */
export function checkEntryName(name: string): string | undefined {
  if (name.length === 0) return 'an empty name';
  if (name.length > 1024) return 'a name longer than 1024 characters';
  if (name.startsWith('/')) return `an absolute path (${name})`;
  if (/^[A-Za-z]:/.test(name)) return `a drive path (${name})`;
  if (name.includes('\\')) return `a backslash in ${name}`;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(name)) return `control characters in ${JSON.stringify(name)}`;
  const parts = name.replace(/\/$/, '').split('/');
  if (parts.some((p) => p === '..')) return `a path leaving the bundle (${name})`;
  if (parts.some((p) => p === '' || p === '.')) return `a non-normalised path (${name})`;
  return undefined;
}

/**
 * The checks every header goes through, shared by the streaming reader and the index scan:
 * extended headers (pax, GNU long names) are capped and folded into the next entry; only
 * regular files and folders with safe, unique names pass.
 */
export class EntryChecker {
  private readonly seen = new Set<string>();
  private pax: Record<string, string> | undefined;
  private longName: string | undefined;
  private count = 0;

  /** For an extended header: how many bytes to read (capped), to be passed to `extended`. */
  isExtended(h: TarHeader, at: number): boolean {
    if (h.type !== 'pax-header' && h.type !== 'gnu-longname') return false;
    if (h.size > MAX_EXTENDED_HEADER) throw new UnsafeArchiveError(`An extended header of ${h.size} bytes at byte ${at} (more than ${MAX_EXTENDED_HEADER} allowed)`);
    return true;
  }

  extended(h: TarHeader, data: Buffer): void {
    if (h.type === 'pax-header') this.pax = parsePax(data);
    else this.longName = data.toString('utf8').replace(/\0+$/, '');
  }

  /** Checks a regular header; returns the entry's effective name and size. */
  entry(h: TarHeader): { name: string; type: 'file' | 'directory'; size: number } {
    if (++this.count > MAX_ENTRIES) throw new UnsafeArchiveError(`The archive has more than ${MAX_ENTRIES} entries`);
    const name = this.pax?.path ?? this.longName ?? h.name;
    const size = this.pax?.size !== undefined ? Number(this.pax.size) : h.size;
    this.pax = undefined;
    this.longName = undefined;
    if (h.type !== 'file' && h.type !== 'directory') {
      throw new UnsafeArchiveError(`The archive contains ${describeType(h.type)} (${name}${h.linkname ? ` -> ${h.linkname}` : ''}); bundles hold only files and folders`);
    }
    if (!Number.isSafeInteger(size) || size < 0) throw new UnsafeArchiveError(`Invalid size for ${name}`);
    const problem = checkEntryName(name);
    if (problem) throw new UnsafeArchiveError(`The archive contains ${problem}`);
    const key = name.replace(/\/$/, '');
    if (this.seen.has(key)) throw new UnsafeArchiveError(`The archive contains ${key} twice`);
    this.seen.add(key);
    return { name: key, type: h.type, size: h.type === 'directory' ? 0 : size };
  }
}

export async function* readSafeTar(source: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<SafeEntry> {
  const reader = new ByteReader(source);
  const checker = new EntryChecker();
  try {
    for (;;) {
      const at = reader.position;
      const block = await reader.read(BLOCK);
      if (block.length < BLOCK) throw new AppError('TRUNCATED', `The bundle ends early at byte ${reader.position}: it is truncated (no end-of-archive marker)`, { hint: 'Copy it again from the source; a volume may be missing or cut short.' });
      if (isZeroBlock(block)) {
        const second = await reader.read(BLOCK);
        if (second.length < BLOCK || !isZeroBlock(second)) throw new AppError('TRUNCATED', `The bundle's end-of-archive marker at byte ${at} is incomplete`);
        for await (const rest of reader.rest()) {
          if (!isZeroBlock(rest)) throw new UnsafeArchiveError(`Unexpected data after the end of the archive (byte ${reader.position - rest.length})`);
        }
        return;
      }
      const h = decodeHeader(block, at);
      if (checker.isExtended(h, at)) {
        const data = await reader.read(h.size);
        await zeros(reader, padding(h.size), 'an extended header');
        checker.extended(h, data);
        continue;
      }
      const { name: key, type, size: checkedSize } = checker.entry(h);
      const size = type === 'directory' ? h.size : checkedSize;
      const offset = reader.position;
      if (type === 'directory') {
        if (size !== 0) throw new UnsafeArchiveError(`Folder entry ${key} carries data`);
        yield { name: key, type: 'directory', size: 0, offset, body: empty() };
        continue;
      }
      const body = reader.chunks(size);
      let consumed = false;
      const tracked = {
        async *[Symbol.asyncIterator]() {
          consumed = true;
          yield* body;
        },
      };
      yield { name: key, type: 'file', size, offset, body: tracked };
      // Skip what the consumer left (the generator body was maybe never started).
      const left = offset + size - reader.position;
      if (left > 0) {
        const skipped = consumed ? await reader.skip(left) : await drain(body);
        if (skipped < left) throw new AppError('TRUNCATED', `The bundle ends in the middle of ${key}: it is truncated`);
      }
      if (reader.position < offset + size) throw new AppError('TRUNCATED', `The bundle ends in the middle of ${key}: it is truncated`);
      await zeros(reader, padding(size), key);
    }
  } finally {
    await reader.close();
  }
}

/** Reads `n` padding bytes, which must be zeros (a flipped byte there is damage too). */
async function zeros(reader: ByteReader, n: number, after: string): Promise<void> {
  if (n === 0) return;
  const pad = await reader.read(n);
  if (pad.length < n) throw new AppError('TRUNCATED', `The bundle ends after ${after}: it is truncated`);
  if (!isZeroBlock(pad)) throw new AppError('TAR_DAMAGED', `Damaged padding after ${after} (byte ${reader.position - n})`);
}

async function drain(it: AsyncIterable<Buffer>): Promise<number> {
  let n = 0;
  for await (const c of it) n += c.length;
  return n;
}

async function* empty(): AsyncGenerator<Buffer> {}

function describeType(t: string): string {
  switch (t) {
    case 'symlink':
      return 'a symbolic link';
    case 'hardlink':
      return 'a hard link';
    case 'char-device':
    case 'block-device':
      return 'a device file';
    case 'fifo':
      return 'a FIFO';
    case 'pax-global':
      return 'a global pax header';
    default:
      return `an entry of unsupported type ${t}`;
  }
}
