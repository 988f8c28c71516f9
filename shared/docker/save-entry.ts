import { createReadStream, createWriteStream } from 'node:fs';
import { posix } from 'node:path';
import { Duplex, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { Header } from 'tar-stream';
import { AppError, isAbortError, messageOf } from '../errors';
import { MediaType } from '../oci/media-types';
import { readAll } from '../stream/verify';
import { DigestingStream } from './digesting-stream';
import { zstdDecompress } from './zstd-stream';

/** Fixed so the same layer always gzips to the same bytes (node writes no name or mtime). */
export const GZIP_LEVEL = 6;

/** JSON files (manifest.json, configs) are read into memory up to this size; larger non-layers are skipped. */
const MAX_DATA = 8 * 1024 * 1024;

/** What one entry of a `docker save` tar became. */
export type SpooledEntry =
  | {
      readonly kind: 'layer';
      /** The layer as it will be stored (tar+gzip), in the staging folder. */
      readonly file: string;
      readonly mediaType: string;
      readonly digest: string;
      readonly size: number;
      /** sha256 of the uncompressed tar: what the config's rootfs.diff_ids must say. */
      readonly diffId: string;
      /** sha256 of the bytes as they were in the save tar (names the blob in the OCI save format). */
      readonly sourceDigest: string;
    }
  | { readonly kind: 'data'; readonly bytes: Buffer }
  /** A symlink or hard link (legacy saves link a layer that appears twice). */
  | { readonly kind: 'link'; readonly target: string }
  | { readonly kind: 'skipped'; readonly why: string };

/** An entry of tar-stream's extract (a streamx Readable of Buffers). */
export interface TarEntry extends AsyncIterable<unknown> {
  readonly header: Header;
  resume(): unknown;
}

export interface SpoolOptions {
  readonly signal?: AbortSignal | undefined;
  /** Bytes of this entry read so far (absolute). */
  readonly onBytes?: ((bytesSoFar: number) => void) | undefined;
}

/**
 * Reads one entry of the save tar and keeps what we need of it: a layer (recognised by name or by
 * its first bytes: gzip, zstd or tar magic) streams into `file` as tar+gzip while its digests are
 * computed; small files stay in memory; anything else is drained.
 */
export async function spoolEntry(entry: TarEntry, name: string, file: string, options: SpoolOptions = {}): Promise<SpooledEntry> {
  const { type, size = 0, linkname } = entry.header;
  if (type === 'symlink' || type === 'link') {
    entry.resume();
    if (!linkname) throw new AppError('DOCKER_SAVE_INVALID', `${name} in the save archive is a link without a target`, { details: { kind: 'link-no-target', path: name } });
    // A symlink is relative to its folder; a hard link names a path from the archive root.
    return { kind: 'link', target: normaliseEntryName(type === 'symlink' ? posix.join(posix.dirname(name), linkname) : linkname) };
  }
  if (type !== 'file' && type !== 'contiguous-file') {
    entry.resume();
    return { kind: 'skipped', why: `a ${type ?? 'special'} entry` };
  }
  const { head, rest } = await readHead(entry, 512);
  const content = Readable.from(replay(head, rest), { objectMode: false });
  const kind = sniff(head, name);
  if (kind === 'data') {
    if (size > MAX_DATA) {
      await drain(content);
      return { kind: 'skipped', why: `not a layer, and larger than ${MAX_DATA} bytes` };
    }
    return { kind: 'data', bytes: await readAll(content, MAX_DATA, name) };
  }
  const source = new DigestingStream(options.onBytes);
  const signalOption = options.signal ? { signal: options.signal } : {};
  if (kind === 'gzip') {
    // Already compressed: kept byte for byte; the diff_id is read back from the spooled copy.
    await pipeline(content, source, createWriteStream(file), signalOption);
    const inflated = new DigestingStream();
    await pipeline(createReadStream(file), createGunzip(), inflated, discard(), signalOption).catch((e: unknown) => {
      throw isAbortError(e) ? e : new AppError('DOCKER_SAVE_INVALID', `${name} in the save archive is not a valid gzip stream: ${messageOf(e)}`, { details: { kind: 'bad-gzip', path: name, reason: messageOf(e) } });
    });
    return { kind: 'layer', file, mediaType: MediaType.ociLayerGzip, digest: source.digest, size: source.size, diffId: inflated.digest, sourceDigest: source.digest };
  }
  // An uncompressed tar is gzipped on the way to disk; zstd is transcoded so any engine can load it.
  const tar = new DigestingStream();
  const stored = new DigestingStream();
  const gzip = createGzip({ level: GZIP_LEVEL });
  if (kind === 'zstd') {
    const inflate = Duplex.from((s: AsyncIterable<Buffer>) => zstdDecompress(s, name));
    await pipeline(content, source, inflate, tar, gzip, stored, createWriteStream(file), signalOption);
  } else {
    await pipeline(content, source, tar, gzip, stored, createWriteStream(file), signalOption);
  }
  return { kind: 'layer', file, mediaType: MediaType.ociLayerGzip, digest: stored.digest, size: stored.size, diffId: tar.digest, sourceDigest: source.digest };
}

/** `./a/b` and `a//b` name the same entry as `a/b`. */
export function normaliseEntryName(name: string): string {
  return posix.normalize(name).replace(/^(\.\/|\/)+/, '').replace(/\/$/, '');
}

type ContentKind = 'gzip' | 'zstd' | 'tar' | 'data';

function sniff(head: Buffer, name: string): ContentKind {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  if (posix.basename(name) === 'layer.tar') return 'tar';
  // A tar has `ustar` at offset 257; an empty layer is just zero blocks.
  if (head.length >= 512 && (head.toString('latin1', 257, 262) === 'ustar' || head.every((b) => b === 0))) return 'tar';
  return 'data';
}

async function readHead(entry: AsyncIterable<unknown>, bytes: number): Promise<{ head: Buffer; rest: AsyncIterator<Buffer> }> {
  const rest = entry[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const parts: Buffer[] = [];
  let length = 0;
  while (length < bytes) {
    const next = await rest.next();
    if (next.done) break;
    parts.push(next.value);
    length += next.value.length;
  }
  return { head: Buffer.concat(parts), rest };
}

async function* replay(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

function discard(): Writable {
  return new Writable({ write: (_chunk, _enc, cb) => cb() });
}

async function drain(content: AsyncIterable<Buffer>): Promise<void> {
  for await (const _chunk of content) {
    // discard
  }
}
