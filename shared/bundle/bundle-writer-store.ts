import { AppError, throwIfAborted } from '../errors';
import { sha256Digest } from '../oci/digest';
import { parseManifestBytes, type Descriptor, type ParsedManifest } from '../oci/schemas';
import { successors } from '../oci/successors';
import type { ProgressTracker } from '../progress-tracker';
import type { BlobPushOptions, BlobPushResult, BlobSource, ContentStore } from '../store/content-store';
import type { BundleFile } from '../model/bundle-manifest';
import { blobPath, ociIndex } from './archive-documents';
import { sumLine } from './checksum-lines';
import type { Spool } from './spool';
import type { TarWriter } from './tar-writer';

/** Blobs up to this size are fetched (in parallel) into the spool; larger ones stream from their source into the tar when it is sealed. */
export const SPOOL_LIMIT = 16 * 1024 * 1024;

/** Does a bundle spool this blob (small, or one the writer must read before sealing: a plugin's)? */
export function spoolsBlob(desc: Descriptor, mustSpool: ReadonlySet<string>): boolean {
  return desc.size <= SPOOL_LIMIT || mustSpool.has(desc.digest);
}

export interface BundleWriterOptions {
  /** Blobs spooled whatever their size (the writer reads them before sealing: plugin modules, spec.yaml). */
  readonly mustSpool: ReadonlySet<string>;
  /** Where streamed blobs report their bytes (the copies report the spooled ones). */
  readonly tracker: ProgressTracker;
}

/** What `seal` writes after the OCI layout, given by the bundle writer (it alone knows plugins, charts and bundle.json). */
export interface SealContent {
  /** index.json names, in their order: images, then plugins. The order blobs and manifests are written in follows it. */
  readonly order: readonly string[];
  /** The Plugin Server tree and the charts, written after the layout. */
  readonly tree: (tar: TarWriter) => Promise<void>;
  /** Docker's manifest.json. */
  readonly dockerManifest: Buffer;
  /** bundle.json, from every file written before it. */
  readonly bundleJson: (files: readonly BundleFile[]) => Buffer;
}

/**
 * A bundle being written, as the destination of `copy()` (one copy path for pull, bundle and
 * push). `pushBlob` spools a small blob (copies run in parallel, so many small blobs cost one
 * round of latency) and, for a large one, keeps its source and answers `deferred`: it streams from
 * the registry straight into the tar when the bundle is sealed, so memory and temporary space stay
 * flat. `pushManifest` and `tag` record manifests and index.json names. `seal` writes the tar in an
 * order that depends only on the plan — the walk (`successors`) from each name of `order` — never on
 * which blob arrived first, so the same inputs give the same bytes.
 */
export class BundleWriterStore implements ContentStore {
  readonly label = 'bundle';
  private readonly deferred = new Map<string, { readonly desc: Descriptor; readonly source: BlobSource }>();
  private readonly manifests = new Map<string, { readonly desc: Descriptor; readonly bytes: Uint8Array }>();
  private readonly tags = new Map<string, Descriptor>();

  constructor(
    private readonly spool: Spool,
    private readonly options: BundleWriterOptions,
  ) {}

  async resolve(reference: string): Promise<ParsedManifest> {
    const desc = this.tags.get(reference);
    if (!desc) throw internal(`${reference} was never copied into the bundle`);
    return this.fetchManifest(desc);
  }

  async fetchManifest(desc: Descriptor): Promise<ParsedManifest> {
    const m = this.manifests.get(desc.digest);
    if (!m) throw internal(`manifest ${desc.digest} was never copied into the bundle`);
    return parseManifestBytes(m.bytes, desc.digest, m.desc.mediaType);
  }

  blobSource(desc: Descriptor): BlobSource {
    return this.deferred.get(desc.digest)?.source ?? this.spool.source(desc.digest);
  }

  async hasBlob(desc: Descriptor): Promise<boolean> {
    return this.spool.has(desc.digest) || this.deferred.has(desc.digest);
  }

  // Never "present": copy would then count the manifest's blobs as done, while a deferred one has
  // not moved yet (its bytes come at seal). Pushing a blob here again costs nothing (memory, or a
  // wait for the spool).
  async hasManifest(): Promise<boolean> {
    return false;
  }

  async pushBlob(desc: Descriptor, source: BlobSource, options: BlobPushOptions = {}): Promise<BlobPushResult> {
    // Another copy deferred it: it moves at seal, so it is not "present" yet for this copy either.
    // (Whether a blob is spooled or deferred depends on its digest alone: `mustSpool` is fixed
    // before any copy starts, so a blob a plugin needs is never deferred by an image first.)
    if (this.deferred.has(desc.digest)) return 'deferred';
    if (this.spool.has(desc.digest)) {
      // Another copy is fetching it: present only once that fetch has ended well.
      await this.spool.file(desc.digest);
      return 'exists';
    }
    if (!spoolsBlob(desc, this.options.mustSpool)) {
      this.deferred.set(desc.digest, { desc, source });
      return 'deferred';
    }
    await this.spool.fetch(desc, source, options.signal, options.onBytes);
    return 'uploaded';
  }

  async pushManifest(desc: Descriptor, bytes: Uint8Array): Promise<void> {
    if (sha256Digest(bytes) !== desc.digest || bytes.length !== desc.size) throw new AppError('DIGEST_MISMATCH', `manifest ${desc.digest} does not match its content`, { details: { kind: 'manifest', digest: desc.digest } });
    if (!this.manifests.has(desc.digest)) this.manifests.set(desc.digest, { desc, bytes });
  }

  async tag(desc: Descriptor, bytes: Uint8Array, reference: string): Promise<void> {
    await this.pushManifest(desc, bytes);
    this.tags.set(reference, desc);
  }

  /** The spooled copy of a blob (plugin modules and spec.yaml, image configs), for what the writer reads before sealing. */
  spooledFile(digest: string): Promise<string> {
    return this.spool.file(digest);
  }

  /**
   * Writes the whole tar: `oci-layout`; every blob, walking from each name of `order` (an index's
   * manifests in order, each manifest's config and layers), each once — spooled ones from the spool,
   * deferred ones streamed from their source, the tar writer's SHA-256 being the digest check (no
   * second hash); then the manifests (children before their index); the Plugin Server tree and
   * charts (`tree`); index.json, manifest.json, bundle.json and the SUMS files.
   */
  async seal(tar: TarWriter, content: SealContent, signal?: AbortSignal): Promise<void> {
    const { blobs, manifests } = this.walk(content.order);
    await tar.file('oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}\n'));
    for (const b of blobs) {
      throwIfAborted(signal);
      const path = blobPath(b.digest);
      const later = this.deferred.get(b.digest);
      const source = later?.source ?? this.spool.source(b.digest);
      const tracker = this.options.tracker;
      const record = await tar.stream(path, b.size, (await source.open(0, signal, { verify: false })) as AsyncIterable<Buffer>, later ? (n) => tracker.advance(b.digest, n) : undefined);
      if (`sha256:${record.sha256}` !== b.digest) throw new AppError('DIGEST_MISMATCH', `${path}: content does not match its digest`, { details: { kind: 'content', path, digest: b.digest } });
      if (later) tracker.complete(b.digest);
    }
    for (const m of manifests) await tar.file(blobPath(m.desc.digest), Buffer.from(m.bytes));
    await content.tree(tar);
    await tar.file('index.json', ociIndex(content.order.map((name) => ({ descriptor: this.tags.get(name) as Descriptor, name }))));
    await tar.file('manifest.json', content.dockerManifest);
    await tar.file('bundle.json', content.bundleJson(await tar.files()));
    const listed = await tar.files();
    await tar.file('MD5SUMS', Buffer.from(listed.flatMap((f) => (f.md5 === undefined ? [] : [sumLine(f.md5, f.path)])).join('')));
    await tar.file('SHA256SUMS', Buffer.from(listed.map((f) => sumLine(f.sha256, f.path)).join('')));
    await tar.end();
  }

  /** Blobs and manifests in plan order, each once: what `seal` writes. */
  private walk(order: readonly string[]): { blobs: Descriptor[]; manifests: Array<{ desc: Descriptor; bytes: Uint8Array }> } {
    const blobs: Descriptor[] = [];
    const manifests: Array<{ desc: Descriptor; bytes: Uint8Array }> = [];
    const seenBlobs = new Set<string>();
    const seenManifests = new Set<string>();
    const visit = (desc: Descriptor): void => {
      const recorded = this.manifests.get(desc.digest);
      if (!recorded) throw internal(`manifest ${desc.digest} was never copied into the bundle`);
      if (seenManifests.has(desc.digest)) return;
      seenManifests.add(desc.digest);
      const node = parseManifestBytes(recorded.bytes, desc.digest, recorded.desc.mediaType);
      for (const child of successors(node)) {
        if (node.kind === 'index') visit(child);
        else if (!seenBlobs.has(child.digest)) {
          seenBlobs.add(child.digest);
          blobs.push(child);
        }
      }
      manifests.push(recorded);
    };
    for (const name of order) {
      const top = this.tags.get(name);
      if (!top) throw internal(`${name} was never copied into the bundle`);
      visit(top);
    }
    return { blobs, manifests };
  }
}

// The writer asks only for what it copied in: anything else is a bug here, not a problem of the inputs.
function internal(reason: string): AppError {
  return new AppError('INTERNAL', reason, { details: { reason } });
}
