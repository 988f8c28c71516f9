import { createHash } from 'node:crypto';
import { open as openFile } from 'node:fs/promises';
import { pipeline, Readable } from 'node:stream';
import { AppError } from '../errors';
import { renderError } from '../messages/catalog';
import { sha256Digest } from '../oci/digest';
import { Annotation } from '../oci/media-types';
import { indexSchema, parseManifestBytes, type Descriptor, type Index, type ParsedManifest } from '../oci/schemas';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, bundleManifestSchema, type BundleManifest } from '../model/bundle-manifest';
import type { BlobPushResult, BlobSource, ContentStore } from '../store/content-store';
import { VerifyingStream } from '../stream/verify';
import { blobPath } from './archive-documents';
import { checkBundleEntry, layoutProblem } from './bundle-layout';
import { crossCheckBundle, MAX_BUNDLE_JSON, MAX_DOCUMENT, MAX_MANIFEST, type BundleIssue, type BundleView } from './cross-check';
import { scanTarIndex, type IndexedEntry } from './tar-index';
import { BLOCK, decodeHeader } from './tar-format';
import { locateBundle, type BundleLocation } from './volume-set';
import { VolumeReader } from './volume-reader';

/** Chunks (of VolumeReader's read size) an entry stream reads ahead of its consumer. */
const STREAM_READ_AHEAD = 4;

/**
 * A bundle opened for random access: its location (one file or volumes), the header index, and
 * bundle.json. Opening runs every check that does not hash the content — the tar rules on every
 * header, the bundle layout on every name, and the cross-checks of bundle.json, index.json, the
 * manifests, manifest.json, the Plugin Server tree and the SUMS files against each other and the
 * blob sizes — so list, yaml, serve, load and push refuse what verify refuses for its structure.
 * Only `verifyBundle` proves the content (every byte hashed); callers that act verify first.
 */
export class OpenBundle implements BundleView {
  private constructor(
    readonly location: BundleLocation,
    readonly reader: VolumeReader,
    readonly entries: ReadonlyMap<string, IndexedEntry>,
    readonly manifest: BundleManifest,
    readonly bundleJson: { readonly md5: string; readonly sha256: string },
  ) {}

  static async open(input: string): Promise<OpenBundle> {
    const location = await locateBundle(input);
    const reader = new VolumeReader(location);
    try {
      const entries = await scanTarIndex(reader, location.totalSize, { accept: checkBundleEntry });
      const raw = entries.get('bundle.json');
      if (!raw || raw.type !== 'file') throw new AppError('BAD_BUNDLE', `${location.name} has no bundle.json: it is not a Higress Airgap bundle`, { details: { bundle: location.name } });
      if (raw.size > MAX_BUNDLE_JSON) throw bundleJsonTooLarge(location.name, raw.size);
      const bytes = await reader.read(raw.offset, raw.size);
      const bundle = new OpenBundle(location, reader, entries, parseBundleJson(bytes, location.name), hashesOf(bytes));
      const issues = await crossCheckBundle(bundle);
      if (issues.length) throw inconsistentBundle(location.name, issues);
      return bundle;
    } catch (e) {
      await reader.close();
      // A file that is no bundle at all is said so, with what to choose instead.
      if (e instanceof AppError && STRUCTURE_CODES.has(e.code)) {
        const foreign = e.code === 'BAD_BUNDLE' && e.details?.reason === undefined ? { kind: 'tar-without-bundle-json' } : await foreignKind(location);
        if (foreign) throw notABundle(location.name, foreign);
        throw new AppError(e.code, e.message, { hint: e.hint, details: { bundle: location.name, ...e.details }, cause: e });
      }
      throw e;
    }
  }

  /**
   * An open bundle over entries the caller scanned itself (verify streams the archive through
   * the same tar rules and layout check); nothing is checked here — the caller runs the
   * cross-checks and reports what they find. Close it when done.
   */
  static over(location: BundleLocation, entries: ReadonlyMap<string, IndexedEntry>, manifest: BundleManifest, bundleJson: Buffer): OpenBundle {
    return new OpenBundle(location, new VolumeReader(location), entries, manifest, hashesOf(bundleJson));
  }

  /**
   * An entry's bytes as a stream, read from the volumes as it is consumed: at most
   * STREAM_READ_AHEAD chunks ahead of the reader (Readable.from would otherwise keep 16), so a
   * stream costs about a MiB however large the entry and however slow its consumer.
   */
  stream(name: string, start = 0): Readable {
    const e = this.entries.get(name);
    if (!e || e.type !== 'file') throw new AppError('NOT_FOUND', `${name} is not in the bundle`);
    return Readable.from(this.reader.range(e.offset + start, e.size - start), { highWaterMark: STREAM_READ_AHEAD });
  }

  async readSmall(name: string, limit = MAX_DOCUMENT): Promise<Buffer> {
    const e = this.entries.get(name);
    if (!e || e.type !== 'file') throw new AppError('NOT_FOUND', `${name} is not in the bundle`);
    if (e.size > limit) throw new AppError('TOO_LARGE', `${name} is larger than ${limit} bytes`, { details: { file: name, size: e.size, limit } });
    return this.reader.read(e.offset, e.size);
  }

  async ociIndex(): Promise<Index> {
    let json: unknown;
    try {
      json = JSON.parse((await this.readSmall('index.json', MAX_DOCUMENT)).toString('utf8'));
    } catch (e) {
      if (e instanceof AppError) throw e;
      json = undefined;
    }
    const parsed = indexSchema.safeParse(json);
    if (!parsed.success) throw new AppError('BAD_BUNDLE', 'index.json of the bundle is malformed', { details: { file: 'index.json' } });
    return parsed.data;
  }

  /** The bundle's OCI layout as a read-only content store (for push and serve). */
  store(): BundleStore {
    return new BundleStore(this);
  }

  async close(): Promise<void> {
    await this.reader.close();
  }
}

/** Read-only ContentStore over an open bundle's `blobs/` and `index.json`. */
export class BundleStore implements ContentStore {
  constructor(private readonly bundle: OpenBundle) {}

  get label(): string {
    return `bundle ${this.bundle.location.name}`;
  }

  async resolve(reference: string): Promise<ParsedManifest> {
    const index = await this.bundle.ociIndex();
    const desc = index.manifests.find((m) => m.annotations?.[Annotation.refName] === reference || m.digest === reference);
    if (!desc) throw new AppError('NOT_FOUND', `${reference} is not in ${this.label}`);
    return this.fetchManifest(desc);
  }

  async fetchManifest(desc: Descriptor): Promise<ParsedManifest> {
    const bytes = await this.bundle.readSmall(blobPath(desc.digest), MAX_MANIFEST);
    if (sha256Digest(bytes) !== desc.digest) throw new AppError('DIGEST_MISMATCH', `${this.label}: manifest ${desc.digest} is damaged`, { details: { kind: 'manifest-damaged', source: this.label, digest: desc.digest } });
    return parseManifestBytes(bytes, desc.digest, desc.mediaType);
  }

  blobSource(desc: Descriptor): BlobSource {
    return {
      open: async (offset, _signal, options) => {
        const s = this.bundle.stream(blobPath(desc.digest), offset);
        if (offset !== 0 || options?.verify === false) return s;
        // pipeline, not pipe: a read error of the source reaches the verifying stream's reader
        // instead of becoming an unhandled 'error' event.
        const verified = new VerifyingStream(desc.digest, desc.size, `${this.label} blob ${desc.digest}`);
        pipeline(s, verified, () => undefined);
        return verified;
      },
    };
  }

  async hasBlob(desc: Descriptor): Promise<boolean> {
    return this.bundle.entries.get(blobPath(desc.digest))?.size === desc.size;
  }

  hasManifest(desc: Descriptor): Promise<boolean> {
    return this.hasBlob(desc);
  }

  pushBlob(): Promise<BlobPushResult> {
    return Promise.reject(new AppError('READ_ONLY', 'A bundle is read-only'));
  }

  pushManifest(): Promise<void> {
    return Promise.reject(new AppError('READ_ONLY', 'A bundle is read-only'));
  }

  tag(): Promise<void> {
    return Promise.reject(new AppError('READ_ONLY', 'A bundle is read-only'));
  }
}

/** Parses and validates bundle.json (untrusted: unknown fields and unsafe paths are refused). */
export function parseBundleJson(bytes: Buffer, bundle: string): BundleManifest {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new AppError('BAD_BUNDLE', `bundle.json in ${bundle} is not valid JSON`, { details: { bundle, file: 'bundle.json', reason: 'not valid JSON' } });
  }
  // A format this reader does not know yet is said as such, not as a damaged bundle.json.
  const version = (json as { format?: unknown; formatVersion?: unknown } | null)?.formatVersion;
  if ((json as { format?: unknown } | null)?.format === BUNDLE_FORMAT && typeof version === 'number' && version > BUNDLE_FORMAT_VERSION) {
    throw new AppError('BAD_BUNDLE', `${bundle} was written by a newer Higress Airgap (bundle format ${version}); this one reads formats up to ${BUNDLE_FORMAT_VERSION}`, {
      hint: 'Use the Higress Airgap version that wrote the bundle (or a newer one) on this machine; the bundle itself is not damaged.',
      details: { bundle, file: 'bundle.json', reason: 'newer format', version, supported: BUNDLE_FORMAT_VERSION },
    });
  }
  const parsed = bundleManifestSchema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    const at = i?.path.map(String).join('.') || '(root)';
    throw new AppError('BAD_BUNDLE', `bundle.json in ${bundle} is invalid at ${at}: ${i?.message}`, { details: { bundle, file: 'bundle.json', at, reason: i?.message } });
  }
  return parsed.data;
}

export function bundleJsonTooLarge(bundle: string, size: number): AppError {
  return new AppError('BAD_BUNDLE', `bundle.json in ${bundle} is ${size} bytes, more than the ${MAX_BUNDLE_JSON} allowed`, { details: { bundle, file: 'bundle.json', size, limit: MAX_BUNDLE_JSON } });
}

/** The error every reader gives for a bundle whose parts disagree: the first few issues, all in details. */
export function inconsistentBundle(bundle: string, issues: readonly BundleIssue[]): AppError {
  const shown = issues.slice(0, 3).map((i) => i.message);
  return new AppError('BUNDLE_INCONSISTENT', `${bundle} is inconsistent: ${shown.join('; ')}${issues.length > shown.length ? ` (and ${issues.length - shown.length} more)` : ''}`, {
    hint: 'Do not use this bundle: its parts disagree with each other (it was altered or badly written). `higress-airgap verify` lists every problem.',
    details: { bundle, issues: issues.map((i) => ({ code: i.code, message: i.message, ...i.details })) },
  });
}

function hashesOf(bytes: Buffer): { md5: string; sha256: string } {
  return { md5: createHash('md5').update(bytes).digest('hex'), sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * Errors of a file's structure that a file which is no bundle at all also gives. An unsafe entry
 * (a link, a device, a path leaving the folder) keeps its own refusal, which names it.
 */
const STRUCTURE_CODES: ReadonlySet<string> = new Set(['TAR_DAMAGED', 'TRUNCATED', 'BUNDLE_ENTRY_UNEXPECTED', 'BAD_BUNDLE']);

/**
 * What a file is when it is plainly not a bundle, from its first bytes: empty, a ZIP or gzip
 * file, not tar at all, or a tar whose first entry (with an intact header) has no place in a
 * bundle. Undefined when it starts like a bundle (then a problem further on is damage).
 */
export async function foreignKind(loc: BundleLocation): Promise<{ kind: string; entry?: string } | undefined> {
  if (loc.totalSize === 0) return { kind: 'empty' };
  const first = loc.volumes[0];
  const fh = first ? await openFile(first.path, 'r').catch(() => undefined) : undefined;
  if (!fh) return undefined;
  const head = Buffer.alloc(BLOCK);
  let n: number;
  try {
    n = (await fh.read(head, 0, BLOCK, 0)).bytesRead;
  } finally {
    await fh.close();
  }
  if (n >= 4 && head.toString('latin1', 0, 4) === 'PK\x03\x04') return { kind: 'zip' };
  if (n >= 2 && head[0] === 0x1f && head[1] === 0x8b) return { kind: 'gzip' };
  if (n < 263 || head.toString('latin1', 257, 262) !== 'ustar') {
    // A tar header with a damaged magic still has its checksum field: that is damage, not a foreign file.
    return n >= 156 && /^[0-7]{6}\0 $|^[0-7]{6} \0$|^[0-7]{7}\0$/.test(head.toString('latin1', 148, 156)) ? undefined : { kind: 'other' };
  }
  if (n < BLOCK) return undefined;
  try {
    const h = decodeHeader(head, 0);
    const type = h.type === 'directory' ? 'directory' : 'file';
    const name = h.name.replace(/\/$/, '');
    if (layoutProblem(name, type)) return { kind: 'tar', entry: name };
  } catch {
    // A damaged first header of something that says it is ustar: damage, not a foreign file.
  }
  return undefined;
}

/** The refusal of a file that is not a bundle: one sentence, and what to choose instead (NOT_A_BUNDLE). */
export function notABundle(bundle: string, foreign: { kind: string; entry?: string | undefined }): AppError {
  const details = { bundle, ...foreign };
  const r = renderError({ code: 'NOT_A_BUNDLE', message: 'NOT_A_BUNDLE', details }, 'en', 'cli');
  return new AppError('NOT_A_BUNDLE', r.message, { hint: r.hint, details });
}
