import { Readable } from 'node:stream';
import { AppError } from '../errors';
import { sha256Digest } from '../oci/digest';
import { parseManifestBytes, type Descriptor, type ParsedManifest } from '../oci/schemas';
import { readAll } from '../stream/verify';
import type { BlobPushResult, BlobSource, ContentStore } from './content-store';

/** Small content held in memory (a packaged local .wasm, test material). */
export class MemoryStore implements ContentStore {
  private readonly blobs = new Map<string, Buffer>();
  private readonly tags = new Map<string, Descriptor>();

  constructor(readonly label = 'memory') {}

  put(bytes: Uint8Array): string {
    const digest = sha256Digest(bytes);
    this.blobs.set(digest, Buffer.from(bytes));
    return digest;
  }

  /** Stores manifest bytes and tags them, synchronously (for content built in memory). */
  putTagged(desc: Descriptor, bytes: Uint8Array, reference: string): void {
    if (sha256Digest(bytes) !== desc.digest) throw new AppError('DIGEST_MISMATCH', `manifest ${desc.digest} does not match its content`, { details: { kind: 'manifest', digest: desc.digest } });
    this.blobs.set(desc.digest, Buffer.from(bytes));
    this.tags.set(reference, desc);
  }

  async resolve(reference: string): Promise<ParsedManifest> {
    const desc = this.tags.get(reference) ?? [...this.tags.values()].find((d) => d.digest === reference);
    if (!desc) throw new AppError('NOT_FOUND', `${reference} is not in ${this.label}`);
    return this.fetchManifest(desc);
  }

  async fetchManifest(desc: Descriptor): Promise<ParsedManifest> {
    const bytes = this.blobs.get(desc.digest);
    if (!bytes) throw new AppError('NOT_FOUND', `manifest ${desc.digest} is not in ${this.label}`);
    return parseManifestBytes(bytes, desc.digest, desc.mediaType);
  }

  blobSource(desc: Descriptor): BlobSource {
    return {
      open: async (offset) => {
        const bytes = this.blobs.get(desc.digest);
        if (!bytes) throw new AppError('NOT_FOUND', `blob ${desc.digest} is not in ${this.label}`);
        return Readable.from([bytes.subarray(offset)]);
      },
    };
  }

  async hasBlob(desc: Descriptor): Promise<boolean> {
    return this.blobs.has(desc.digest);
  }

  hasManifest(desc: Descriptor): Promise<boolean> {
    return this.hasBlob(desc);
  }

  async pushBlob(desc: Descriptor, source: BlobSource): Promise<BlobPushResult> {
    if (this.blobs.has(desc.digest)) return 'exists';
    const bytes = await readAll(await source.open(0), desc.size, desc.digest);
    if (sha256Digest(bytes) !== desc.digest) throw new AppError('DIGEST_MISMATCH', `blob ${desc.digest} does not match its content`, { details: { kind: 'blob', digest: desc.digest } });
    this.blobs.set(desc.digest, bytes);
    return 'uploaded';
  }

  async pushManifest(desc: Descriptor, bytes: Uint8Array): Promise<void> {
    if (sha256Digest(bytes) !== desc.digest) throw new AppError('DIGEST_MISMATCH', `manifest ${desc.digest} does not match its content`, { details: { kind: 'manifest', digest: desc.digest } });
    this.blobs.set(desc.digest, Buffer.from(bytes));
  }

  async tag(desc: Descriptor, bytes: Uint8Array, reference: string): Promise<void> {
    this.putTagged(desc, bytes, reference);
  }
}
