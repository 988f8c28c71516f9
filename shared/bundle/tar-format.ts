import { AppError } from '../errors';

/**
 * POSIX ustar headers, written and read by hand: the writer needs exact, deterministic bytes for
 * streamed entries of known size; the reader must refuse hostile archives before acting on them,
 * so it sees every header field itself (no library buffering a huge pax header for us).
 */
export const BLOCK = 512;

export type EntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'char-device' | 'block-device' | 'fifo' | 'pax-header' | 'pax-global' | 'gnu-longname' | 'gnu-longlink' | 'other';

export interface TarHeader {
  readonly name: string;
  readonly type: EntryType;
  readonly size: number;
  readonly mode: number;
  readonly mtime: number;
  readonly linkname: string;
}

const TYPE_FLAGS: Readonly<Record<string, EntryType>> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file',
  '5': 'directory',
  '2': 'symlink',
  '1': 'hardlink',
  '3': 'char-device',
  '4': 'block-device',
  '6': 'fifo',
  x: 'pax-header',
  g: 'pax-global',
  L: 'gnu-longname',
  K: 'gnu-longlink',
};

/** Encodes one ustar header for a file or directory (uid/gid 0, no user names: reproducible). */
export function encodeHeader(entry: { name: string; size: number; type: 'file' | 'directory'; mtime: number; mode?: number }): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  let name = entry.name;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    // ustar splits long paths at a slash into prefix (155) and name (100).
    const cut = name.lastIndexOf('/', name.length - 1 - (name.endsWith('/') ? 1 : 0));
    const candidate = cut > 0 ? cut : -1;
    if (candidate < 0 || Buffer.byteLength(name.slice(0, candidate)) > 155 || Buffer.byteLength(name.slice(candidate + 1)) > 100) {
      throw new AppError('TAR_NAME_TOO_LONG', `Path too long for a ustar header: ${entry.name}`, { details: { path: entry.name } });
    }
    prefix = name.slice(0, candidate);
    name = name.slice(candidate + 1);
  }
  h.write(name, 0, 100, 'utf8');
  writeOctal(h, 100, 8, entry.mode ?? (entry.type === 'directory' ? 0o755 : 0o644));
  writeOctal(h, 108, 8, 0);
  writeOctal(h, 116, 8, 0);
  writeSize(h, 124, entry.size);
  writeOctal(h, 136, 12, Math.max(0, Math.floor(entry.mtime)));
  h.fill(0x20, 148, 156); // checksum field counts as spaces while summing
  h.write(entry.type === 'directory' ? '5' : '0', 156, 1, 'latin1');
  h.write('ustar\0', 257, 6, 'latin1');
  h.write('00', 263, 2, 'latin1');
  writeOctal(h, 329, 8, 0);
  writeOctal(h, 337, 8, 0);
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += h[i] as number;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
  return h;
}

export function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** The two zero blocks that end an archive. */
export const END_OF_ARCHIVE = Buffer.alloc(BLOCK * 2, 0);

function writeOctal(h: Buffer, offset: number, length: number, value: number): void {
  h.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'latin1');
}

// Sizes of 8 GiB and more do not fit 11 octal digits: use the base-256 (GNU/star) encoding.
function writeSize(h: Buffer, offset: number, size: number): void {
  if (size < 0o77777777777) return writeOctal(h, offset, 12, size);
  h[offset] = 0x80;
  let v = BigInt(size);
  for (let i = offset + 11; i > offset; i--) {
    h[i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

export function isZeroBlock(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/** Decodes and checks a header block; throws on a bad checksum or malformed numbers. */
export function decodeHeader(b: Buffer, position: number): TarHeader {
  // The checksum field in the forms real writers use (GNU/libarchive/ours: "%06o\0 ", tar-stream:
  // "%06o \0", V7: "%07o\0"): any other shape means the header bytes were damaged.
  const field = b.toString('latin1', 148, 156);
  if (!/^[0-7]{6}\0 $|^[0-7]{6} \0$|^[0-7]{7}\0$/.test(field)) throw new AppError('TAR_DAMAGED', `Damaged tar header at byte ${position} (checksum field)`, { details: { at: position } });
  const stored = parseOctal(b.subarray(148, 156));
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (b[i] as number);
  if (stored === undefined || stored !== sum) throw new AppError('TAR_DAMAGED', `Damaged tar header at byte ${position} (checksum mismatch)`, { details: { at: position } });
  const magic = b.toString('latin1', 257, 263);
  const ustar = magic === 'ustar\0' || magic === 'ustar ';
  const rawName = cString(b, 0, 100);
  const prefix = ustar ? cString(b, 345, 155) : '';
  const name = prefix ? `${prefix}/${rawName}` : rawName;
  const flag = b.toString('latin1', 156, 157);
  const size = parseSize(b.subarray(124, 136));
  if (size === undefined) throw new AppError('TAR_DAMAGED', `Damaged tar header at byte ${position} (size field)`, { details: { at: position } });
  return {
    name,
    type: TYPE_FLAGS[flag] ?? 'other',
    size,
    mode: parseOctal(b.subarray(100, 108)) ?? 0,
    mtime: parseOctal(b.subarray(136, 148)) ?? 0,
    linkname: cString(b, 157, 100),
  };
}

function cString(b: Buffer, offset: number, length: number): string {
  const slice = b.subarray(offset, offset + length);
  const end = slice.indexOf(0);
  return slice.toString('utf8', 0, end < 0 ? length : end);
}

function parseOctal(field: Buffer): number | undefined {
  const s = field.toString('latin1').replace(/[\0 ]+$/g, '').replace(/^ +/, '');
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) return undefined;
  return Number.parseInt(s, 8);
}

function parseSize(field: Buffer): number | undefined {
  if (((field[0] as number) & 0x80) !== 0) {
    // base-256: 0x80 marks a positive number; 0xff (negative) and anything else are damage
    if (field[0] !== 0x80) return undefined;
    let v = 0n;
    for (let i = 1; i < field.length; i++) v = (v << 8n) | BigInt(field[i] as number);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(v);
  }
  return parseOctal(field);
}

/** Reads pax `len key=value\n` records (only `path` and `size` matter to us). */
export function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space < 0) break;
    const len = Number.parseInt(data.toString('latin1', i, space), 10);
    if (!Number.isFinite(len) || len <= 0 || i + len > data.length) throw new AppError('TAR_DAMAGED', 'Malformed pax header');
    const record = data.toString('utf8', space + 1, i + len - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    i += len;
  }
  return out;
}
