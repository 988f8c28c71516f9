import type { Descriptor, ParsedManifest } from '../oci/schemas';
import type { BlobPushResult, BlobSource, ContentStore } from './content-store';
import type { MemoryStore } from './memory-store';

/** New content held in memory on top of a read-only base (a rebuilt image over the bundle). */
export class OverlayStore implements ContentStore {
  constructor(
    private readonly top: MemoryStore,
    private readonly base: ContentStore,
  ) {}

  get label(): string {
    return `${this.top.label} over ${this.base.label}`;
  }

  resolve(reference: string, signal?: AbortSignal): Promise<ParsedManifest> {
    return this.top.resolve(reference).catch(() => this.base.resolve(reference, signal));
  }

  async fetchManifest(desc: Descriptor, signal?: AbortSignal): Promise<ParsedManifest> {
    return (await this.top.hasBlob(desc)) ? this.top.fetchManifest(desc) : this.base.fetchManifest(desc, signal);
  }

  blobSource(desc: Descriptor): BlobSource {
    return {
      open: async (offset, signal, options) => ((await this.top.hasBlob(desc)) ? this.top.blobSource(desc).open(offset, signal, options) : this.base.blobSource(desc).open(offset, signal, options)),
    };
  }

  async hasBlob(desc: Descriptor, signal?: AbortSignal): Promise<boolean> {
    return (await this.top.hasBlob(desc)) || this.base.hasBlob(desc, signal);
  }

  hasManifest(desc: Descriptor, signal?: AbortSignal): Promise<boolean> {
    return this.hasBlob(desc, signal);
  }

  pushBlob(desc: Descriptor, source: BlobSource): Promise<BlobPushResult> {
    return this.top.pushBlob(desc, source);
  }

  pushManifest(desc: Descriptor, bytes: Uint8Array): Promise<void> {
    return this.top.pushManifest(desc, bytes);
  }

  tag(desc: Descriptor, bytes: Uint8Array, reference: string): Promise<void> {
    return this.top.tag(desc, bytes, reference);
  }
}
