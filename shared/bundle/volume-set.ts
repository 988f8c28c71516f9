import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError, UsageError } from '../errors';
import { parseSums } from './checksum-lines';
import type { FileRange } from './hash-worker';
import { hashOfReads, type FileHashPool } from './file-hash-pool';
import { MAX_VOLUME_LIST, parseVolumeList, type VolumeList } from './volume-list';
import { sidecarNames, volumeBase, volumeListName, volumeName } from '../model/volume-names';

export interface BundleVolume {
  readonly path: string;
  readonly name: string;
  readonly size: number;
  /** From the volume list (split bundles). */
  readonly listed?: { readonly md5: string; readonly sha256: string } | undefined;
  /**
   * From `<volume>.md5` / `.sha256` beside it. `describes`: the file names the sidecars give when
   * none is this volume's own (they were copied or renamed from another file).
   */
  readonly sidecar?: { readonly md5?: string | undefined; readonly sha256?: string | undefined; readonly describes?: readonly string[] | undefined } | undefined;
}

export interface BundleLocation {
  readonly kind: 'single' | 'split';
  /** The bundle's name: `bundle.tar`. */
  readonly name: string;
  readonly folder: string;
  readonly volumes: readonly BundleVolume[];
  readonly totalSize: number;
  readonly list?: VolumeList | undefined;
}

/**
 * Finds a bundle from what the operator points at: the tar, its first (or any) volume, the
 * volume list, or a folder holding one bundle. Missing, resized or foreign volumes are named
 * here, before anything is read.
 */
export async function locateBundle(input: string): Promise<BundleLocation> {
  const info = await stat(input).catch(() => undefined);
  if (info?.isDirectory()) return locateInFolder(input);
  if (input.endsWith('.volumes.json')) return locateSplit(input.slice(0, -'.volumes.json'.length));
  const base = volumeBase(input);
  if (base) return locateSplit(base);
  if (!info) {
    if (await stat(volumeListName(input)).catch(() => undefined)) return locateSplit(input);
    if (await stat(volumeName(input, 0)).catch(() => undefined)) return locateSplit(input);
    throw new AppError('NOT_FOUND', `${input} does not exist`, { hint: 'Give the bundle file, its first volume (.000), or the folder holding it.', details: { path: input } });
  }
  if (!info.isFile()) throw new AppError('NOT_A_FILE', `${input} is not a regular file`, { details: { file: input } });
  const sidecar = await readSidecars(input);
  return { kind: 'single', name: basename(input), folder: dirname(input), volumes: [{ path: input, name: basename(input), size: info.size, sidecar }], totalSize: info.size };
}

async function locateInFolder(dir: string): Promise<BundleLocation> {
  const names = await readdir(dir);
  const lists = names.filter((n) => n.endsWith('.volumes.json'));
  const tars = names.filter((n) => n.endsWith('.tar'));
  const candidates = [...lists.map((l) => l.slice(0, -'.volumes.json'.length)), ...tars.filter((t) => !lists.includes(`${t}.volumes.json`))];
  if (candidates.length === 0) throw new UsageError(`No bundle in ${dir}`, { code: 'NO_BUNDLE_IN_FOLDER', details: { folder: dir }, hint: 'Expected a .tar bundle or a .volumes.json list of volumes.' });
  if (candidates.length > 1) throw new UsageError(`${dir} holds several bundles: ${candidates.join(', ')}`, { code: 'SEVERAL_BUNDLES_IN_FOLDER', details: { folder: dir, bundles: candidates.join(', ') }, hint: 'Name the one you mean.' });
  return locateBundle(join(dir, candidates[0] as string));
}

async function locateSplit(base: string): Promise<BundleLocation> {
  const folder = dirname(base);
  const name = basename(base);
  const listFile = volumeListName(base);
  let list: VolumeList | undefined;
  const listText = await readSmallFile(listFile, MAX_VOLUME_LIST, 'VOLUME_LIST_TOO_LARGE', 'the volume list');
  if (listText !== undefined) list = parseVolumeList(listText, basename(listFile));
  const present = new Set((await readdir(folder)).filter((n) => n.startsWith(`${name}.`) && /^\d{3}$/.test(n.slice(name.length + 1))));
  const expectedNames = list ? list.volumes.map((v) => v.name) : contiguous(name, present);
  const missing = expectedNames.filter((n) => !present.has(n));
  if (missing.length) {
    throw new AppError('VOLUME_MISSING', `Missing volume${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`, { hint: `Copy ${missing.length > 1 ? 'them' : 'it'} next to ${expectedNames[0]} and try again.`, details: { missing: missing.join(', '), first: expectedNames[0] } });
  }
  const extra = [...present].filter((n) => !expectedNames.includes(n)).sort();
  if (list && extra.length) throw new AppError('VOLUME_UNEXPECTED', `Volumes not in ${basename(listFile)}: ${extra.join(', ')}`, { hint: 'Remove stray volumes from an older bundle of the same name.', details: { list: basename(listFile), extra: extra.join(', ') } });
  const volumes: BundleVolume[] = [];
  const resized: Array<{ name: string; size: number; expected: number; sizeOf?: string }> = [];
  for (const [i, n] of expectedNames.entries()) {
    const path = join(folder, n);
    const st = await stat(path);
    if (!st.isFile()) throw new AppError('NOT_A_FILE', `Volume ${n} is not a regular file`, { details: { volume: n, file: n } });
    const size = st.size;
    const listed = list?.volumes[i];
    if (listed && listed.size !== size) {
      // Only the last volume may differ in size: another volume's size here means a swap with it.
      const sizeOf = list?.volumes.find((o) => o.name !== n && o.size === size)?.name;
      resized.push({ name: n, size, expected: listed.size, ...(sizeOf ? { sizeOf } : {}) });
    }
    volumes.push({ path, name: n, size, listed: listed ? { md5: listed.md5, sha256: listed.sha256 } : undefined, sidecar: await readSidecars(path) });
  }
  if (resized.length) {
    const say = (r: (typeof resized)[number]) => `${r.name} is ${r.size} bytes, but the volume list says ${r.expected}${r.sizeOf ? ` (the size of ${r.sizeOf}: swapped?)` : ''}`;
    throw new AppError('VOLUME_DAMAGED', resized.length === 1 ? `Volume ${say(resized[0] as (typeof resized)[number])}` : `Volumes of the wrong size: ${resized.map(say).join('; ')}`, {
      hint: resized.some((r) => r.sizeOf) ? 'Volumes may have been renamed or swapped; give each its original name, or copy them again.' : 'It was cut short or is a different volume; copy it again.',
      details: { volumes: resized, names: resized.map((r) => r.name).join(', ') },
    });
  }
  return { kind: 'split', name, folder, volumes, totalSize: volumes.reduce((s, v) => s + v.size, 0), list };
}

// Without a list: .000, .001, … up to the highest present; a gap is a missing volume.
function contiguous(name: string, present: Set<string>): string[] {
  const indexes = [...present].map((n) => Number(n.slice(name.length + 1))).sort((a, b) => a - b);
  const last = indexes[indexes.length - 1];
  if (last === undefined) throw new AppError('NOT_FOUND', `No volumes of ${name} found`);
  return Array.from({ length: last + 1 }, (_, i) => volumeName(name, i));
}

/** A sidecar holds one line; anything near this is not one. */
const MAX_SIDECAR = 64 * 1024;

async function readSidecars(file: string): Promise<BundleVolume['sidecar']> {
  const names = sidecarNames(file);
  const own = basename(file);
  const read = async (f: string) => parseSums((await readSmallFile(f, MAX_SIDECAR, 'SIDECAR_TOO_LARGE', 'a sidecar file')) ?? '');
  const [md5s, shas] = await Promise.all([read(names.md5), read(names.sha256)]);
  const md5 = md5s.get(own);
  const sha256 = shas.get(own);
  if (md5 || sha256) return { md5, sha256 };
  const describes = [...new Set([...md5s.keys(), ...shas.keys()])];
  return describes.length ? { describes } : undefined;
}

/**
 * A small regular file's text (sidecars, the volume list), or undefined when there is none;
 * one that is there but too large, or not a regular file, is refused by name (never ignored).
 */
async function readSmallFile(path: string, limit: number, code: string, what: string): Promise<string | undefined> {
  const st = await stat(path).catch(() => undefined);
  if (!st) return undefined;
  if (!st.isFile()) throw new AppError('NOT_A_FILE', `${basename(path)} (${what}) is not a regular file`, { details: { file: basename(path) } });
  if (st.size > limit) {
    throw new AppError(code, `${basename(path)} is ${st.size} bytes, more than the ${limit} allowed for ${what}`, {
      hint: `This is not ${what} written by Higress Airgap; copy the original again, or remove it.`,
      details: { file: basename(path), size: st.size, limit },
    });
  }
  return readFile(path, 'utf8');
}

/**
 * The volumes read as one stream, hashing each volume (SHA-256, and MD5 only where a volume has
 * no SHA-256 to compare with) and, for volume sets, the whole stream — on the workers of `pool`
 * when one is given (they read the same bytes from the files themselves), else on this thread.
 * `onVolume` hears about each volume, in order, once its hashes are known; `onWhole` at the end,
 * after the last volume.
 */
export async function* readVolumes(
  loc: BundleLocation,
  options: {
    onVolume?: (v: BundleVolume, digest: { size: number; md5?: string | undefined; sha256: string }) => void;
    onWhole?: (sha256: string) => void;
    pool?: FileHashPool | undefined;
    chunkSize?: number;
  } = {},
): AsyncGenerator<Buffer> {
  const pool = options.pool;
  // Nobody listening (docker load streams the volumes): nothing is hashed.
  const hashing = options.onVolume !== undefined || options.onWhole !== undefined;
  const whole = hashing && loc.kind === 'split' ? hashOfReads('sha256', pool) : undefined;
  // Each volume is reported once its own digests are in, in order, while the next one is read.
  let reported: Promise<void> = Promise.resolve();
  try {
    for (const v of loc.volumes) {
      const wantMd5 = !(v.listed?.sha256 || v.sidecar?.sha256);
      const sha = hashing ? hashOfReads('sha256', pool) : undefined;
      const md5 = hashing && wantMd5 ? hashOfReads('md5', pool) : undefined;
      let size = 0;
      const fh = await open(v.path, 'r');
      const chunkSize = options.chunkSize ?? 1024 * 1024;
      // One read ahead: the next chunk comes off the disk while this one is hashed and parsed.
      // At most the size seen when the bundle was located: a file that grows is not read on.
      let requested = 0;
      const readNext = async (): Promise<Buffer> => {
        const want = Math.min(chunkSize, v.size - requested);
        if (want <= 0) return Buffer.alloc(0);
        const at = requested;
        requested += want;
        const buf = Buffer.allocUnsafe(want);
        const { bytesRead } = await fh.read(buf, 0, want, at);
        return bytesRead === want ? buf : buf.subarray(0, bytesRead);
      };
      let ahead: Promise<Buffer> | undefined = readNext();
      try {
        while (ahead) {
          const chunk = await ahead;
          ahead = undefined;
          if (chunk.length === 0) break;
          // A short read is the end (the file shrank since it was located): nothing more is asked.
          const complete = size + chunk.length === requested;
          if (complete && requested < v.size) ahead = readNext();
          const ranges = [{ path: v.path, offset: size, length: chunk.length }];
          await sha?.add(ranges, chunk);
          await md5?.add(ranges, chunk);
          await whole?.add(ranges, chunk);
          size += chunk.length;
          yield chunk;
        }
      } finally {
        await ahead?.catch(() => undefined);
        await fh.close();
      }
      if (!sha) continue;
      const digests = Promise.all([sha.digest(), md5?.digest()]);
      const read = size;
      reported = reported.then(async () => {
        const [sha256, md5hex] = await digests;
        options.onVolume?.(v, { size: read, sha256, md5: md5hex });
      });
    }
    await reported;
    if (whole) options.onWhole?.(await whole.digest());
  } finally {
    // Left early (a problem in the archive, a cancel): the volumes read whole so far are still
    // reported (their hashes are at most the pool's window behind), not left "unchecked".
    await reported.catch(() => undefined);
  }
}

/** Bytes [start, start + length) of the volumes read as one stream, as ranges of the volume files. */
export function rangesOf(loc: BundleLocation, start: number, length: number): FileRange[] {
  const ranges: FileRange[] = [];
  let at = 0;
  for (const v of loc.volumes) {
    const from = Math.max(start, at);
    const to = Math.min(start + length, at + v.size);
    if (to > from) ranges.push({ path: v.path, offset: from - at, length: to - from });
    at += v.size;
  }
  return ranges;
}
