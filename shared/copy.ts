import pLimit, { type LimitFunction } from 'p-limit';
import { AppError, throwIfAborted } from './errors';
import { filterIndex, type PlatformSpec } from './oci/platform-filter';
import { formatPlatform, type Descriptor, type ParsedManifest } from './oci/schemas';
import { successors, type ImageManifest } from './oci/successors';
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
  /** A limit on blob transfers shared with other copies running at once (instead of `concurrency`). */
  readonly limit?: LimitFunction | undefined;
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
 * Copies what `srcRef` names from one content store to another (pull, bundle, push, docker save and
 * load, the custom Plugin Server image are all this). Walks the graph with `successors`, filters an
 * index to the wanted platforms (`filterIndex`), sends only the
 * blobs the destination lacks, writes every manifest after its blobs and the tag last — so the
 * destination never has a tag pointing at missing content.
 */
export async function copy(src: ContentStore, srcRef: string, dst: ContentStore, dstRef: string, options: CopyOptions = {}): Promise<CopyResult> {
  const tracker = options.tracker ?? new ProgressTracker(options.onProgress ?? noProgress, 'copy');
  const limit = options.limit ?? pLimit(options.concurrency ?? 4);
  const stats = { uploaded: 0, mounted: 0, skipped: 0, bytesSent: 0 };
  const signal = options.signal;
  // When one blob fails its siblings stop too (an upload in flight finishes its request first).
  // AbortSignal.any follows the caller's signal without a listener on it: a bundle runs 32 copies on
  // one signal, and 32 listeners would make Node warn about a leak on stderr.
  const stopSiblings = new AbortController();
  const siblings = { signal: signal ? AbortSignal.any([signal, stopSiblings.signal]) : stopSiblings.signal, abort: () => stopSiblings.abort() };
  return run();

  async function run(): Promise<CopyResult> {
    const root = await src.resolve(srcRef, signal);
    const label = `${src.label}:${srcRef}`;
    const manifests: Array<{ platform: string; digest: string; size: number }> = [];
    // What is written: the root itself, or the index keeping only the wanted platforms.
    const written = root.kind === 'index' ? filterIndex(root, options.platforms, label).index : root;
    if (written.kind === 'index') {
      for (const child of successors(written)) {
        await copyManifest(asImageManifest(await src.fetchManifest(child, signal), label), child);
        manifests.push({ platform: child.platform ? formatPlatform(child.platform) : 'unknown', digest: child.digest, size: child.size });
      }
    } else {
      await copyManifest(written, { mediaType: written.mediaType, digest: written.digest, size: written.bytes.length });
      manifests.push({ platform: 'single', digest: written.digest, size: written.bytes.length });
    }
    throwIfAborted(signal);
    if (options.expectDigest && written.digest !== options.expectDigest) {
      throw new AppError('DIGEST_MISMATCH', `${label} is ${written.digest}, expected ${options.expectDigest}; the tag ${dstRef} was not written`, { details: { kind: 'copy', source: label, digest: written.digest, expected: options.expectDigest, tag: dstRef } });
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

  async function copyManifest(m: ImageManifest, desc: Descriptor): Promise<void> {
    const blobs = successors(m);
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
    // The destination moves a deferred blob later and reports its bytes itself (a bundle being written).
    if (result === 'deferred') return;
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

/**
 * The image manifest an index entry names. Indexes nested in an index are refused here, the one
 * place (resolve and inspect come here too): nothing this tool writes or reads has them.
 */
export function asImageManifest(m: ParsedManifest, label: string): ImageManifest {
  if (m.kind === 'index') throw new AppError('UNSUPPORTED', `${label} nests an index inside an index; not supported`, { details: { kind: 'nested-index', image: label } });
  return m;
}

function isCancel(e: unknown): boolean {
  return (e as { code?: string })?.code === 'CANCELLED';
}
