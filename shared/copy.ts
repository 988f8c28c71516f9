import pLimit from 'p-limit';
import { AppError, throwIfAborted } from './errors';
import { filterIndex, type PlatformSpec } from './oci/platform-filter';
import { formatPlatform, type Descriptor, type ParsedManifest } from './oci/schemas';
import { noProgress, type ProgressSink } from './progress';
import { ProgressTracker } from './progress-tracker';
import type { ContentStore } from './store/content-store';

export interface CopyOptions {
  /** Keep only these platforms of an index (default: all it has). */
  readonly platforms?: readonly PlatformSpec[] | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ProgressSink | undefined;
  /** Shared tracker when several copies report as one task. */
  readonly tracker?: ProgressTracker | undefined;
  /** Parallel blob transfers (default 4). */
  readonly concurrency?: number | undefined;
  /** Refuse to tag unless what would be written has this digest (push checks bundle.json's). */
  readonly expectDigest?: string | undefined;
}

export interface CopyResult {
  /** The source's own top manifest/index. */
  readonly sourceDigest: string;
  /** What was written to the destination (differs from the source only when an index was filtered). */
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
  readonly platforms: readonly string[];
  /** Image manifests written (one per platform for an index). */
  readonly manifests: ReadonlyArray<{ readonly platform: string; readonly digest: string; readonly size: number }>;
  readonly blobs: { uploaded: number; mounted: number; skipped: number; bytesSent: number };
}

/**
 * Copies what `srcRef` names from one content store to another (pull, push, save and load are all
 * this). Walks indexes and manifests, filters an index to the wanted platforms, sends only the
 * blobs the destination lacks, writes every manifest after its blobs and the tag last — so the
 * destination never has a tag pointing at missing content.
 */
export async function copy(src: ContentStore, srcRef: string, dst: ContentStore, dstRef: string, options: CopyOptions = {}): Promise<CopyResult> {
  const tracker = options.tracker ?? new ProgressTracker(options.onProgress ?? noProgress, 'copy');
  const limit = pLimit(options.concurrency ?? 4);
  const stats = { uploaded: 0, mounted: 0, skipped: 0, bytesSent: 0 };
  const signal = options.signal;
  // When one blob fails its siblings stop too (an upload in flight finishes its request first).
  const siblings = new AbortController();
  const onAbort = () => siblings.abort();
  if (signal?.aborted) siblings.abort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await run();
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }

  async function run(): Promise<CopyResult> {
    const root = await src.resolve(srcRef, signal);
    const manifests: Array<{ platform: string; digest: string; size: number }> = [];
    let written: { bytes: Uint8Array; digest: string };
    if (root.kind === 'index') {
      const filtered = filterIndex(root, options.platforms, `${src.label}:${srcRef}`);
      for (const child of filtered.children) {
        const m = await src.fetchManifest(child, signal);
        if (m.kind === 'index') throw new AppError('UNSUPPORTED', `${src.label}:${srcRef} nests an index inside an index; not supported`, { details: { kind: 'nested-index', image: `${src.label}:${srcRef}` } });
        await copyManifest(m, child);
        manifests.push({ platform: child.platform ? formatPlatform(child.platform) : 'unknown', digest: child.digest, size: child.size });
      }
      written = filtered;
    } else {
      const desc: Descriptor = { mediaType: root.mediaType, digest: root.digest, size: root.bytes.length };
      await copyManifest(root, desc);
      manifests.push({ platform: 'single', digest: root.digest, size: root.bytes.length });
      written = root;
    }
    throwIfAborted(signal);
    if (options.expectDigest && written.digest !== options.expectDigest) {
      throw new AppError('DIGEST_MISMATCH', `${src.label}:${srcRef} is ${written.digest}, expected ${options.expectDigest}; the tag ${dstRef} was not written`, { details: { kind: 'copy', source: `${src.label}:${srcRef}`, digest: written.digest, expected: options.expectDigest, tag: dstRef } });
    }
    const top: Descriptor = { mediaType: root.mediaType, digest: written.digest, size: written.bytes.length };
    await dst.tag(top, written.bytes, dstRef, signal);
    return {
      sourceDigest: root.digest,
      digest: written.digest,
      mediaType: root.mediaType,
      size: written.bytes.length,
      platforms: manifests.map((m) => m.platform).filter((p) => p !== 'unknown/unknown' && p !== 'single'),
      manifests,
      blobs: stats,
    };
  }

  async function copyManifest(m: Extract<ParsedManifest, { kind: 'manifest' }>, desc: Descriptor): Promise<void> {
    const blobs = uniqueBlobs([m.manifest.config, ...m.manifest.layers]);
    for (const b of blobs) tracker.add(b.digest, b.size);
    // A registry only holds a manifest whose blobs it has: nothing to send.
    if (await dst.hasManifest(desc, signal)) {
      for (const b of blobs) tracker.complete(b.digest, 'already present');
      stats.skipped += blobs.length;
      return;
    }
    await settleAll(
      blobs.map((b) => limit(() => copyBlob(b))),
      () => siblings.abort(),
    );
    throwIfAborted(signal);
    await dst.pushManifest(desc, m.bytes, signal);
  }

  async function copyBlob(b: Descriptor): Promise<void> {
    throwIfAborted(siblings.signal);
    const result = await dst.pushBlob(b, src.blobSource(b), { signal: siblings.signal, onBytes: (n) => tracker.advance(b.digest, n) });
    if (result === 'uploaded') {
      stats.uploaded++;
      stats.bytesSent += b.size;
    } else if (result === 'mounted') stats.mounted++;
    else stats.skipped++;
    tracker.complete(b.digest, result === 'uploaded' ? undefined : result === 'mounted' ? 'mounted' : 'already present');
  }
}

/**
 * Waits for every task, even after one failed (nothing may keep reading a source its caller is
 * about to close), then throws the first failure — a real one rather than the cancellations it
 * caused in the others.
 */
export async function settleAll(tasks: ReadonlyArray<Promise<unknown>>, onFirstFailure?: () => void): Promise<void> {
  let first: unknown;
  let failed = false;
  const watched = tasks.map((t) =>
    t.catch((e: unknown) => {
      if (!failed || (isCancel(first) && !isCancel(e))) first = e;
      if (!failed) {
        failed = true;
        onFirstFailure?.();
      }
    }),
  );
  await Promise.all(watched);
  if (failed) throw first;
}

function isCancel(e: unknown): boolean {
  return (e as { code?: string })?.code === 'CANCELLED';
}

function uniqueBlobs(descs: readonly Descriptor[]): Descriptor[] {
  const seen = new Set<string>();
  return descs.filter((d) => (seen.has(d.digest) ? false : (seen.add(d.digest), true)));
}
