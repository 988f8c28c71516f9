import type { RegistryClient } from '../registry/client';
import type { RegistryRepository } from '../registry/repository';
import type { Descriptor, ParsedManifest } from '../oci/schemas';
import { AppError } from '../errors';
import type { BlobPushOptions, BlobPushResult, BlobSource, ContentStore } from './content-store';
import type { MountHints } from './mount-hints';

/** Where chunked uploads in progress are remembered, so an interrupted push can continue them. */
export interface UploadJournal {
  uploadUrl(repository: string, digest: string): string | undefined;
  recordUpload(repository: string, digest: string, url: string | undefined): Promise<void>;
}

/** A repository on a registry as a content store. */
export class RegistryStore implements ContentStore {
  readonly repo: RegistryRepository;

  constructor(
    readonly client: RegistryClient,
    readonly repository: string,
    private readonly mounts?: MountHints,
    private readonly uploads?: UploadJournal,
  ) {
    this.repo = client.repository(repository);
  }

  get label(): string {
    return `${this.client.host}/${this.repository}`;
  }

  resolve(reference: string, signal?: AbortSignal): Promise<ParsedManifest> {
    return this.repo.getManifest(reference, signal);
  }

  async fetchManifest(desc: Descriptor, signal?: AbortSignal): Promise<ParsedManifest> {
    const m = await this.repo.getManifest(desc.digest, signal);
    if (m.bytes.length !== desc.size) throw new AppError('SIZE_MISMATCH', `manifest ${this.label}@${desc.digest} is ${m.bytes.length} bytes, its descriptor says ${desc.size}`, { details: { kind: 'manifest', what: `${this.label}@${desc.digest}`, got: m.bytes.length, expected: desc.size } });
    return m;
  }

  blobSource(desc: Descriptor): BlobSource {
    return { open: async (offset, signal, options) => this.repo.openBlob(desc, { signal, offset, verify: options?.verify }) };
  }

  hasBlob(desc: Descriptor, signal?: AbortSignal): Promise<boolean> {
    return this.repo.hasBlob(desc.digest, desc.size, signal);
  }

  async hasManifest(desc: Descriptor, signal?: AbortSignal): Promise<boolean> {
    return (await this.repo.headManifest(desc.digest, signal)) !== undefined;
  }

  async pushBlob(desc: Descriptor, source: BlobSource, options: BlobPushOptions = {}): Promise<BlobPushResult> {
    const resumeUrl = this.uploads?.uploadUrl(this.repository, desc.digest);
    const result = await this.repo.pushBlob(desc, source, {
      signal: options.signal,
      onBytes: options.onBytes,
      mountFrom: this.mounts?.repositoriesWith(this.client.host, desc.digest, this.repository),
      resumeUrl,
      // Awaited by the upload before its next chunk: a run stopped between chunks continues from the last one.
      onUploadUrl: this.uploads ? (url) => this.uploads?.recordUpload(this.repository, desc.digest, url) : undefined,
    });
    if (this.uploads && (resumeUrl || result === 'uploaded')) await this.uploads.recordUpload(this.repository, desc.digest, undefined);
    this.mounts?.record(this.client.host, desc.digest, this.repository);
    return result;
  }

  async pushManifest(desc: Descriptor, bytes: Uint8Array, signal?: AbortSignal): Promise<void> {
    await this.repo.putManifest(desc.digest, bytes, desc.mediaType, signal);
  }

  async tag(desc: Descriptor, bytes: Uint8Array, reference: string, signal?: AbortSignal): Promise<void> {
    await this.repo.putManifest(reference, bytes, desc.mediaType, signal);
  }
}
