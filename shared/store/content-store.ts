import type { Readable } from 'node:stream';
import type { Descriptor, ParsedManifest } from '../oci/schemas';

/** Re-openable blob bytes (at an offset, for retries and resumed uploads). */
export interface BlobSource {
  /**
   * From `offset`. At 0 the bytes are verified against the descriptor while read, unless the
   * caller passes `verify: false` because it hashes them itself (and fails on a mismatch).
   */
  open(offset: number, signal?: AbortSignal, options?: { readonly verify?: boolean }): Promise<Readable>;
}

export interface BlobPushOptions {
  readonly signal?: AbortSignal | undefined;
  /** Absolute bytes of this blob delivered so far. */
  readonly onBytes?: ((bytesSoFar: number) => void) | undefined;
}

export type BlobPushResult = 'exists' | 'mounted' | 'uploaded';

/**
 * One storage abstraction for registries and OCI layouts (oras-go's Target): pull, push, save
 * and load are all `copy(src, dst)` between two of these.
 */
export interface ContentStore {
  /** For messages: `registry 127.0.0.1:5000/plugins/key-auth`, `layout /tmp/x`. */
  readonly label: string;
  /** The manifest or index a tag or digest names, raw bytes kept. */
  resolve(reference: string, signal?: AbortSignal): Promise<ParsedManifest>;
  fetchManifest(desc: Descriptor, signal?: AbortSignal): Promise<ParsedManifest>;
  /** Bytes of a blob, verified against the descriptor while read (from offset 0). */
  blobSource(desc: Descriptor): BlobSource;
  hasBlob(desc: Descriptor, signal?: AbortSignal): Promise<boolean>;
  hasManifest(desc: Descriptor, signal?: AbortSignal): Promise<boolean>;
  pushBlob(desc: Descriptor, source: BlobSource, options?: BlobPushOptions): Promise<BlobPushResult>;
  /** Stores manifest bytes under their digest (no tag). */
  pushManifest(desc: Descriptor, bytes: Uint8Array, signal?: AbortSignal): Promise<void>;
  /** Points `reference` at the manifest (last step of a copy). */
  tag(desc: Descriptor, bytes: Uint8Array, reference: string, signal?: AbortSignal): Promise<void>;
}
