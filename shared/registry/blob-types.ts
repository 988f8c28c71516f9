import type { Readable } from 'node:stream';
import type { RegistryTransport } from './transport';

/**
 * The blob types of the registry client, in one place: what a blob push reads from, how it is
 * told about progress, and what it did. `blob-upload.ts` and `repository.ts` both import them
 * from here (neither imports the other's types).
 */

/** Where a blob's bytes come from when pushing: reopenable at an offset for retries and resume. */
export interface BlobSource {
  /**
   * From `offset`. At 0 the bytes are verified against the descriptor while read, unless the
   * caller passes `verify: false` because it hashes them itself (and fails on a mismatch).
   */
  open(offset: number, signal?: AbortSignal, options?: { readonly verify?: boolean }): Promise<Readable>;
}

export interface PushBlobOptions {
  readonly signal?: AbortSignal | undefined;
  /** Bytes sent (may repeat after a restart; callers keep the maximum). */
  readonly onBytes?: ((sentSoFar: number) => void) | undefined;
  /** Repositories on the same registry that may already hold the blob (cross-repo mount). */
  readonly mountFrom?: readonly string[] | undefined;
  /** Blobs up to this size go in one PUT (default: the tuned chunk size, see upload-tuner.ts). */
  readonly monolithicLimit?: number | undefined;
  /** A fixed PATCH size instead of the tuned one. */
  readonly chunkSize?: number | undefined;
  /** Resume a chunked upload left by an interrupted run (from a job journal). */
  readonly resumeUrl?: string | undefined;
  /**
   * Told the upload URL as soon as there is one and after every chunk, so a journal can record it.
   * Awaited: the next chunk starts only once the URL is recorded.
   */
  readonly onUploadUrl?: ((url: string) => void | Promise<void>) | undefined;
}

export type PushBlobResult = 'exists' | 'mounted' | 'uploaded';

/** The repository an upload goes to: its name, its host's transport, and the existence check. */
export interface UploadTarget {
  readonly name: string;
  readonly transport: RegistryTransport;
  hasBlob(digest: string, size?: number, signal?: AbortSignal): Promise<boolean>;
}
