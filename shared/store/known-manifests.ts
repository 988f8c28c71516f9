import type { Descriptor, ParsedManifest } from '../oci/schemas';
import type { BlobPushOptions, BlobPushResult, BlobSource, ContentStore } from './content-store';

/**
 * A source store whose manifests were already fetched — and checked against their digests — by
 * the bundle plan (resolvePlan): a copy from it reads them from memory instead of asking the
 * registry a second time; blobs and everything else come from the store underneath.
 *
 * Why a wrapper rather than `copy` taking the resolved root: copy keeps one signature and one code
 * path for every caller, and this answers the children too (an index's manifests), which a root
 * argument would not.
 */
export class KnownManifestsStore implements ContentStore {
  private readonly known = new Map<string, ParsedManifest>();

  constructor(
    private readonly base: ContentStore,
    manifests: readonly ParsedManifest[],
  ) {
    for (const m of manifests) this.known.set(m.digest, m);
  }

  get label(): string {
    return this.base.label;
  }

  /** A digest this store knows is answered from memory; anything else (a tag) goes to the base. */
  resolve(reference: string, signal?: AbortSignal): Promise<ParsedManifest> {
    const m = this.known.get(reference);
    return m ? Promise.resolve(m) : this.base.resolve(reference, signal);
  }

  fetchManifest(desc: Descriptor, signal?: AbortSignal): Promise<ParsedManifest> {
    const m = this.known.get(desc.digest);
    return m && m.bytes.length === desc.size ? Promise.resolve(m) : this.base.fetchManifest(desc, signal);
  }

  blobSource(desc: Descriptor): BlobSource {
    return this.base.blobSource(desc);
  }

  hasBlob(desc: Descriptor, signal?: AbortSignal): Promise<boolean> {
    return this.base.hasBlob(desc, signal);
  }

  hasManifest(desc: Descriptor, signal?: AbortSignal): Promise<boolean> {
    return this.base.hasManifest(desc, signal);
  }

  pushBlob(desc: Descriptor, source: BlobSource, options?: BlobPushOptions): Promise<BlobPushResult> {
    return this.base.pushBlob(desc, source, options);
  }

  pushManifest(desc: Descriptor, bytes: Uint8Array, signal?: AbortSignal): Promise<void> {
    return this.base.pushManifest(desc, bytes, signal);
  }

  tag(desc: Descriptor, bytes: Uint8Array, reference: string, signal?: AbortSignal): Promise<void> {
    return this.base.tag(desc, bytes, reference, signal);
  }
}
