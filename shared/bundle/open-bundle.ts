import { Readable } from 'node:stream';
import { AppError } from '../errors';
import { sha256Digest } from '../oci/digest';
import { Annotation } from '../oci/media-types';
import { indexSchema, parseManifestBytes, type Descriptor, type Index, type ParsedManifest } from '../oci/schemas';
import { bundleManifestSchema, type BundleManifest } from '../model/bundle-manifest';
import type { BlobPushResult, BlobSource, ContentStore } from '../store/content-store';
import { VerifyingStream } from '../stream/verify';
import { blobPath } from './archive-documents';
import { scanTarIndex, type IndexedEntry } from './tar-index';
import { locateBundle, type BundleLocation } from './volume-set';
import { VolumeReader } from './volume-reader';

const MAX_JSON = 64 * 1024 * 1024;

/**
 * A bundle opened for random access: its location (one file or volumes), the header index, and
 * bundle.json. Reading it proves nothing — `verifyBundle` does; callers that act (push, load)
 * verify first.
 */
export class OpenBundle {
  private constructor(
    readonly location: BundleLocation,
    readonly reader: VolumeReader,
    readonly entries: ReadonlyMap<string, IndexedEntry>,
    readonly manifest: BundleManifest,
  ) {}

  static async open(input: string): Promise<OpenBundle> {
    const location = await locateBundle(input);
    const reader = new VolumeReader(location);
    try {
      const entries = await scanTarIndex(reader, location.totalSize);
      const raw = entries.get('bundle.json');
      if (!raw) throw new AppError('BAD_BUNDLE', `${location.name} has no bundle.json: it is not a Higress Airgap bundle`);
      if (raw.size > MAX_JSON) throw new AppError('BAD_BUNDLE', 'bundle.json is too large');
      let json: unknown;
      try {
        json = JSON.parse((await reader.read(raw.offset, raw.size)).toString('utf8'));
      } catch {
        throw new AppError('BAD_BUNDLE', `bundle.json in ${location.name} is not valid JSON`);
      }
      const parsed = bundleManifestSchema.safeParse(json);
      if (!parsed.success) {
        const i = parsed.error.issues[0];
        throw new AppError('BAD_BUNDLE', `bundle.json in ${location.name} is invalid at ${i?.path.join('.') || '(root)'}: ${i?.message}`);
      }
      return new OpenBundle(location, reader, entries, parsed.data);
    } catch (e) {
      await reader.close();
      throw e;
    }
  }

  /** An entry's bytes as a stream. */
  stream(name: string, start = 0): Readable {
    const e = this.entries.get(name);
    if (!e || e.type !== 'file') throw new AppError('NOT_FOUND', `${name} is not in the bundle`);
    return Readable.from(this.reader.range(e.offset + start, e.size - start));
  }

  async readSmall(name: string, limit = MAX_JSON): Promise<Buffer> {
    const e = this.entries.get(name);
    if (!e || e.type !== 'file') throw new AppError('NOT_FOUND', `${name} is not in the bundle`);
    if (e.size > limit) throw new AppError('TOO_LARGE', `${name} is larger than ${limit} bytes`);
    return this.reader.read(e.offset, e.size);
  }

  async ociIndex(): Promise<Index> {
    const parsed = indexSchema.safeParse(JSON.parse((await this.readSmall('index.json')).toString('utf8')));
    if (!parsed.success) throw new AppError('BAD_BUNDLE', 'index.json of the bundle is malformed');
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
    const bytes = await this.bundle.readSmall(blobPath(desc.digest), 4 * 1024 * 1024);
    if (sha256Digest(bytes) !== desc.digest) throw new AppError('DIGEST_MISMATCH', `${this.label}: manifest ${desc.digest} is damaged`);
    return parseManifestBytes(bytes, desc.digest, desc.mediaType);
  }

  blobSource(desc: Descriptor): BlobSource {
    return {
      open: async (offset, _signal, options) => {
        const s = this.bundle.stream(blobPath(desc.digest), offset);
        return offset === 0 && options?.verify !== false ? s.pipe(new VerifyingStream(desc.digest, desc.size, `${this.label} blob ${desc.digest}`)) : s;
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
