import { AppError } from '../errors';
import { ByteReader } from './byte-reader';
import { BLOCK, decodeHeader, isZeroBlock, padding, parsePax, type TarHeader } from './tar-format';

/**
 * Reads a tar archive and refuses anything unsafe before its entry is acted on: absolute paths,
 * `..`, backslashes, links, devices and FIFOs, duplicate names, oversized pax/GNU long headers,
 * damaged headers and padding, and a missing end (truncation). Only regular files and folders
 * come out. The rules live in `TarRules`, which the streaming reader here and the header index
 * (`tar-index.ts`) both follow, so every reader of a bundle refuses the same archives.
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
// A bundle holds a few thousand entries; the cap keeps a hostile archive from filling memory with names.
export const MAX_ENTRIES = 50_000;
/** Zero bytes tolerated after the end-of-archive marker (tar pads to its record size; 10 KiB by default). */
export const MAX_TRAILING_ZEROS = 1024 * 1024;

export class UnsafeArchiveError extends AppError {
  override name = 'UnsafeArchiveError';
  constructor(message: string, details: Record<string, unknown> = {}, hint = 'Do not use this file: it is damaged or was not written by Higress Airgap.') {
    super('UNSAFE_ARCHIVE', message, { hint, details });
  }
}

const truncated = (message: string, at: number) => new AppError('TRUNCATED', message, { hint: 'Copy it again from the source; a volume may be missing or cut short.', details: { at } });

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

/** What a header block turned out to be. */
export type HeaderStep =
  | { readonly kind: 'end' }
  /** A pax or GNU long-name header: read `size` bytes (and their padding), pass them to `extended`. */
  | { readonly kind: 'extended'; readonly header: TarHeader; readonly size: number }
  | { readonly kind: 'entry'; readonly name: string; readonly type: 'file' | 'directory'; readonly size: number };

/**
 * The rules every header, padding run and archive end goes through, whichever way the archive is
 * read (streamed for verify, indexed by seeking for open): extended headers are capped and folded
 * into the next entry; only regular files and folders with safe, unique names pass; folders carry
 * no data; padding is zeros; the end marker is whole and only zeros (a bounded run) follow it.
 */
export class TarRules {
  private readonly seen = new Set<string>();
  private pax: Record<string, string> | undefined;
  private longName: string | undefined;
  private count = 0;
  private trailing = 0;

  /** Decodes and checks one header block read at byte `at`. */
  header(block: Buffer, at: number): HeaderStep {
    if (isZeroBlock(block)) {
      if (this.pax || this.longName !== undefined) throw new AppError('TAR_DAMAGED', `An extended header is followed by the end of the archive at byte ${at}`, { details: { at } });
      return { kind: 'end' };
    }
    const h = decodeHeader(block, at);
    if (h.type === 'pax-header' || h.type === 'gnu-longname') {
      if (h.size > MAX_EXTENDED_HEADER) throw new UnsafeArchiveError(`An extended header of ${h.size} bytes at byte ${at} (more than ${MAX_EXTENDED_HEADER} allowed)`, { at, size: h.size, limit: MAX_EXTENDED_HEADER });
      return { kind: 'extended', header: h, size: h.size };
    }
    return { kind: 'entry', ...this.entry(h, at) };
  }

  extended(h: TarHeader, data: Buffer): void {
    if (h.type === 'pax-header') this.pax = parsePax(data);
    else this.longName = data.toString('utf8').replace(/\0+$/, '');
  }

  private entry(h: TarHeader, at: number): { name: string; type: 'file' | 'directory'; size: number } {
    if (++this.count > MAX_ENTRIES) throw new UnsafeArchiveError(`The archive has more than ${MAX_ENTRIES} entries`, { limit: MAX_ENTRIES });
    const name = this.pax?.path ?? this.longName ?? h.name;
    const paxSize = this.pax?.size;
    const size = paxSize !== undefined ? (/^\d{1,16}$/.test(paxSize) ? Number(paxSize) : Number.NaN) : h.size;
    this.pax = undefined;
    this.longName = undefined;
    if (h.type !== 'file' && h.type !== 'directory') {
      throw new UnsafeArchiveError(`The archive contains ${describeType(h.type)} (${name}${h.linkname ? ` -> ${h.linkname}` : ''}); bundles hold only files and folders`, { entry: name, type: h.type, at });
    }
    if (!Number.isSafeInteger(size) || size < 0) throw new UnsafeArchiveError(`Invalid size for ${name}`, { entry: name, at });
    const problem = checkEntryName(name);
    if (problem) throw new UnsafeArchiveError(`The archive contains ${problem}`, { entry: name, at });
    if (h.type === 'file' && name.endsWith('/')) throw new UnsafeArchiveError(`The archive contains a file named like a folder (${name})`, { entry: name, at });
    const key = name.replace(/\/$/, '');
    if (h.type === 'directory' && size !== 0) throw new UnsafeArchiveError(`Folder entry ${key} carries data`, { entry: key, at });
    if (this.seen.has(key)) throw new UnsafeArchiveError(`The archive contains ${key} twice`, { entry: key, at });
    this.seen.add(key);
    return { name: key, type: h.type, size };
  }

  /** Padding after an entry's (or extended header's) data: exactly `expected` zero bytes. */
  padding(bytes: Buffer, expected: number, after: string, at: number): void {
    if (bytes.length < expected) throw truncated(`The bundle ends after ${after}: it is truncated`, at);
    if (!isZeroBlock(bytes)) throw new AppError('TAR_DAMAGED', `Damaged padding after ${after} (byte ${at})`, { details: { entry: after, at } });
  }

  /** The block after the first zero block: the end marker is two. */
  endMarker(second: Buffer, at: number): void {
    if (second.length < BLOCK || !isZeroBlock(second)) throw truncated(`The bundle's end-of-archive marker at byte ${at} is incomplete`, at);
  }

  /** Bytes after the end marker, as they come: zeros only, and not too many of them. */
  afterEnd(chunk: Buffer, at: number): void {
    if (!isZeroBlock(chunk)) {
      const first = chunk.findIndex((b) => b !== 0);
      throw new UnsafeArchiveError(`Unexpected data after the end of the archive (byte ${at + first})`, { at: at + first });
    }
    this.trailing += chunk.length;
    if (this.trailing > MAX_TRAILING_ZEROS) throw new UnsafeArchiveError(`More than ${MAX_TRAILING_ZEROS} bytes follow the end of the archive`, { limit: MAX_TRAILING_ZEROS });
  }
}

export async function* readSafeTar(source: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<SafeEntry> {
  const reader = new ByteReader(source);
  const rules = new TarRules();
  try {
    for (;;) {
      const at = reader.position;
      const block = await reader.read(BLOCK);
      if (block.length < BLOCK) throw truncated(`The bundle ends early at byte ${reader.position}: it is truncated (no end-of-archive marker)`, reader.position);
      const step = rules.header(block, at);
      if (step.kind === 'end') {
        rules.endMarker(await reader.read(BLOCK), at);
        for await (const rest of reader.rest()) rules.afterEnd(rest, reader.position - rest.length);
        return;
      }
      if (step.kind === 'extended') {
        const data = await reader.read(step.size);
        if (data.length < step.size) throw truncated('The bundle ends inside an extended header', reader.position);
        const padAt = reader.position;
        rules.padding(await reader.read(padding(step.size)), padding(step.size), 'an extended header', padAt);
        rules.extended(step.header, data);
        continue;
      }
      const { name, type, size } = step;
      const offset = reader.position;
      if (type === 'directory') {
        yield { name, type, size: 0, offset, body: empty() };
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
      yield { name, type, size, offset, body: tracked };
      // Skip what the consumer left (the generator body was maybe never started).
      const left = offset + size - reader.position;
      if (left > 0) {
        const skipped = consumed ? await reader.skip(left) : await drain(body);
        if (skipped < left) throw truncated(`The bundle ends in the middle of ${name}: it is truncated`, reader.position);
      }
      if (reader.position < offset + size) throw truncated(`The bundle ends in the middle of ${name}: it is truncated`, reader.position);
      const pad = padding(size);
      if (pad) rules.padding(await reader.read(pad), pad, name, offset + size);
    }
  } finally {
    await reader.close();
  }
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
