/**
 * Hand-made tar archives for the unsafe-archive tests and crafted bundles: headers are built here
 * byte by byte, independently of the product's encoder, so hostile shapes (links, devices, `..`,
 * duplicates, oversized extended headers) can be produced exactly.
 */
export interface CraftedEntry {
  readonly name: string;
  /** ustar type flag: '0' file, '5' dir, '1' hard link, '2' symlink, '3' char dev, '4' block dev, '6' fifo, 'x' pax, 'L' GNU long name. */
  readonly flag?: string | undefined;
  readonly data?: Buffer | string | undefined;
  readonly linkname?: string | undefined;
  /** Lie about the size in the header (the data written stays `data`). */
  readonly declaredSize?: number | undefined;
  /** Seconds since the epoch (default 0). */
  readonly mtime?: number | undefined;
}

export function craftedTar(entries: readonly CraftedEntry[], options: { end?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data) : (e.data ?? Buffer.alloc(0));
    parts.push(craftedHeader(e, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  if (options.end !== false) parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** One ustar header block; names over 100 bytes are split at a slash into prefix and name. */
export function craftedHeader(e: CraftedEntry, dataLength: number): Buffer {
  const h = Buffer.alloc(512, 0);
  let name = e.name;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', name.length - 2);
    if (cut > 0 && Buffer.byteLength(name.slice(cut + 1)) <= 100 && Buffer.byteLength(name.slice(0, cut)) <= 155) {
      prefix = name.slice(0, cut);
      name = name.slice(cut + 1);
    } else name = name.slice(0, 100);
  }
  h.write(name, 0, 100, 'utf8');
  h.write(e.flag === '5' ? '0000755\0' : '0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(`${(e.declaredSize ?? dataLength).toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  h.write(`${(e.mtime ?? 0).toString(8).padStart(11, '0')}\0`, 136, 'latin1');
  h.fill(0x20, 148, 156);
  h.write(e.flag ?? '0', 156, 'latin1');
  if (e.linkname) h.write(e.linkname, 157, 100, 'utf8');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  if (prefix) h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

/** A pax record `len key=value\n`. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = body.length + 1;
  while (String(len).length + body.length !== len) len = String(len).length + body.length;
  return `${len}${body}`;
}
