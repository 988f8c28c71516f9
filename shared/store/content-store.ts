import type { Descriptor, ParsedManifest } from '../oci/schemas';
import type { BlobSource, PushBlobResult } from '../registry/blob-types';

/** Blob bytes and push results are the registry client's types (one set of blob types). */
export type { BlobSource } from '../registry/blob-types';

/**
 * What a blob push did: the registry's results, or `deferred` — the destination kept the source
 * and moves (and verifies) the bytes later, in an order of its own (a bundle being written streams
 * large blobs into its tar when it is sealed, and reports their progress itself).
 */
export type BlobPushResult = PushBlobResult | 'deferred';

export interface BlobPushOptions {
  readonly signal?: AbortSignal | undefined;
  /** Absolute bytes of this blob delivered so far. */
  readonly onBytes?: ((bytesSoFar: number) => void) | undefined;
}

/**
 * One storage abstraction for registries, OCI layouts, an open bundle and a bundle being written
 * (oras-go's Target): pull, bundle, push, `copy` and `plugin package` are `copy(src, dst)` between
 * two of these.
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
