import pLimit from 'p-limit';
import { copy, settleAll } from '../copy';
import { AppError, messageOf, throwIfAborted } from '../errors';
import { notice, type Notice } from '../messages/catalog';
import type { OpenBundle } from '../bundle/open-bundle';
import { formatTarget, type RetagTarget } from '../oci/retag';
import { noProgress, type ProgressSink } from '../progress';
import { ProgressTracker } from '../progress-tracker';
import type { RegistryClient } from '../registry/client';
import type { ContentStore } from '../store/content-store';
import { successors } from '../oci/successors';
import { MountHints } from '../store/mount-hints';
import { RegistryStore } from '../store/registry-store';
import type { PushJournal } from './journal';
import { checkDistinctTargets, planPush, type CollisionPolicy, type PushItem } from './push-plan';

export type ItemStatus = 'pushed' | 'identical' | 'failed' | 'would-push' | 'would-skip' | 'conflict';

export interface PushedItem extends PushItem {
  readonly status: ItemStatus;
  /** What the target tag held before (when it existed). */
  readonly existing?: string | undefined;
  /** Why it failed or was refused, in English (see `problem` for the code and its parameters). */
  readonly error?: string | undefined;
  /** The failure as a coded message: the reader's language renders it (code, message, hint, details). */
  readonly problem?: PushProblem | undefined;
  /** The digest the tag held before this push replaced it (set only when it was replaced by other content). */
  readonly replaced?: string | undefined;
  /** Through the Docker engine: the platform that went, and the bundle's own digest (which the registry does not hold). */
  readonly via?: 'registry' | 'docker' | undefined;
  readonly platform?: string | undefined;
  readonly bundleDigest?: string | undefined;
  /** What the operator should know about this item (a replaced tag, a rewritten manifest), coded. */
  readonly notes?: readonly Notice[] | undefined;
  readonly blobs?: { readonly uploaded: number; readonly mounted: number; readonly skipped: number; readonly bytesSent: number } | undefined;
}

export interface PushProblem {
  readonly code: string;
  readonly message: string;
  readonly hint?: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;
}

/** An error as a coded problem of one item (the target added to its parameters). */
export function problemOf(e: unknown, target: string): PushProblem {
  if (e instanceof AppError) return { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}), details: { target, ...(e.details ?? {}) } };
  const reason = messageOf(e);
  return { code: 'PUSH_ITEM_FAILED', message: `${target} was not pushed: ${reason}`, details: { target, reason } };
}

/** Something the operator should know that did not fail an item (e.g. the journal could not be written). */
export interface PushWarning {
  readonly code: string;
  readonly message: string;
  readonly hint?: string | undefined;
  readonly details?: Readonly<Record<string, unknown>> | undefined;
}

export interface PushReport {
  readonly target: string;
  readonly ok: boolean;
  readonly dryRun: boolean;
  readonly items: readonly PushedItem[];
  readonly warnings?: readonly PushWarning[] | undefined;
}

export interface PushOptions {
  readonly policy: CollisionPolicy;
  readonly dryRun?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ProgressSink | undefined;
  readonly journal?: PushJournal | undefined;
  /** Items pushed in parallel (each also sends its blobs in parallel). */
  readonly concurrency?: number | undefined;
  /** Push only these kinds (the Docker path sends images through the engine, plugins here). */
  readonly only?: PushItem['kind'] | undefined;
  /** Extra items built from the bundle (the custom Plugin Server image). */
  readonly extra?: ReadonlyArray<{ readonly item: PushItem; readonly store: ContentStore }> | undefined;
}

/**
 * Pushes a bundle's images and plugins to the private registry straight from the tar, byte for
 * byte (manifest digests unchanged), without Docker and without unpacking. Blobs the registry has
 * are skipped, siblings mounted, uploads retried; each item's tag is written only after all it
 * points to. With a journal, a rerun skips finished items and continues interrupted uploads.
 * The caller verifies the bundle first.
 */
export async function pushBundle(bundle: OpenBundle, client: RegistryClient, target: RetagTarget, options: PushOptions): Promise<PushReport> {
  if (client.host !== target.registry) throw new AppError('INTERNAL', 'client and target registry differ', { details: { reason: 'client and target registry differ' } });
  const items: Array<{ item: PushItem; store: ContentStore }> = [
    ...planPush(bundle.manifest, target)
      .filter((item) => !options.only || item.kind === options.only)
      .map((item) => ({ item, store: bundle.store() })),
    ...(options.extra ?? []),
  ];
  // Two items racing for one tag would each check it free and the last would win.
  checkDistinctTargets(items.map((i) => i.item));
  const tracker = new ProgressTracker(options.onProgress ?? noProgress, 'push');
  const journal = options.journal;
  const mounts = new MountHints(journal ? (host, digest, repo) => journal.recordBlob(host, digest, repo) : undefined);
  for (const b of journal?.knownBlobs() ?? []) mounts.record(b.host, b.digest, b.repository);
  // Items share blobs (configs, base layers): each may mount from the others' repositories.
  for (const { item, store } of items) {
    for (const digest of await blobsOf(store, item.bundleRef, options.signal)) mounts.suggest(client.host, digest, item.target.repository);
  }
  const limit = pLimit(options.concurrency ?? 2);
  const results: PushedItem[] = new Array(items.length);
  // Every item has ended before this returns (a cancel included): the caller closes the bundle next.
  await settleAll(items.map(({ item, store }, i) => limit(async () => void (results[i] = await pushOne(item, store)))));
  const ok = results.every((r) => r.status !== 'failed' && r.status !== 'conflict');
  if (ok && !options.dryRun) await options.journal?.complete();
  const warnings = (journal?.problems ?? []).map((p) => ({ code: p.code, message: p.message, hint: p.hint, details: p.details }));
  return { target: formatTarget(target), ok, dryRun: Boolean(options.dryRun), items: results, ...(warnings.length ? { warnings } : {}) };

  async function pushOne(item: PushItem, store: ContentStore): Promise<PushedItem> {
    try {
      throwIfAborted(options.signal);
      const repo = client.repository(item.target.repository);
      const tag = item.target.tag ?? 'latest';
      if (options.journal?.finished(item.targetRef) === item.digest) {
        // Finished in an earlier run; confirm the tag still says so (cheap HEAD), else push again.
        const now = await repo.headManifest(tag, options.signal);
        if (now?.digest === item.digest) return { ...item, status: options.dryRun ? 'would-skip' : 'identical', existing: item.digest };
      }
      const existing = await repo.headManifest(tag, options.signal).catch((e: unknown) => {
        if ((e as AppError).code === 'REGISTRY_NAME_UNKNOWN' || (e as AppError).code === 'REGISTRY_NOT_FOUND') return undefined;
        throw e;
      });
      if (existing) {
        if (existing.digest === item.digest && options.policy !== 'overwrite') {
          await options.journal?.markDone(item.targetRef, item.digest);
          return { ...item, status: options.dryRun ? 'would-skip' : 'identical', existing: existing.digest };
        }
        if (options.policy === 'fail' || (options.policy === 'skip' && existing.digest !== item.digest)) {
          const code = options.policy === 'skip' ? 'PUSH_TAG_CONFLICT' : 'PUSH_TAG_EXISTS';
          const n = notice(code, { target: item.targetRef, existing: existing.digest, digest: item.digest });
          return { ...item, status: 'conflict', existing: existing.digest, error: n.message, problem: n };
        }
      }
      const replacing = existing && existing.digest !== item.digest ? existing.digest : undefined;
      if (options.dryRun) {
        return { ...item, status: 'would-push', existing: existing?.digest, ...(replacing ? { notes: [notice('PUSH_WOULD_REPLACE', { target: item.targetRef, old: replacing, new: item.digest })] } : {}) };
      }
      const dst = new RegistryStore(client, item.target.repository, mounts, options.journal);
      const result = await copy(store, item.bundleRef, dst, tag, { signal: options.signal, tracker, expectDigest: item.digest });
      await options.journal?.markDone(item.targetRef, item.digest);
      return {
        ...item,
        status: 'pushed',
        existing: existing?.digest,
        blobs: result.blobs,
        ...(replacing ? { replaced: replacing, notes: [notice('PUSH_REPLACED', { target: item.targetRef, old: replacing, new: item.digest })] } : {}),
      };
    } catch (e) {
      if ((e as AppError).code === 'CANCELLED') throw e;
      return { ...item, status: 'failed', error: messageOf(e), problem: problemOf(e, item.targetRef) };
    }
  }
}

/** The blobs an item's manifests point to (for mount hints between items). */
async function blobsOf(store: ContentStore, reference: string, signal?: AbortSignal): Promise<string[]> {
  const root = await store.resolve(reference, signal);
  const manifests = root.kind === 'manifest' ? [root] : await Promise.all(successors(root).map((d) => store.fetchManifest(d, signal)));
  return manifests.flatMap((m) => (m.kind === 'manifest' ? successors(m).map((d) => d.digest) : []));
}
