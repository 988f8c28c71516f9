import { AppError, throwIfAborted, UsageError } from '../errors';
import { OpenBundle } from '../bundle/open-bundle';
import { verifyBundle, verifyFailed, type VerifyReport } from '../bundle/verify';
import type { DockerConnector } from '../docker/engine';
import { sha256Digest } from '../oci/digest';
import { formatReference, parseReference } from '../oci/reference';
import { parseTarget, type RetagMode } from '../oci/retag';
import type { ProgressSink } from '../progress';
import { connectRegistry, type ConnectionFlags, type RegistryEnvironment } from '../registry/connect';
import { buildCustomPluginServer } from './custom-plugin-server';
import { notice, type Notice } from '../messages/catalog';
import type { RegistryClient } from '../registry/client';
import { loadBundleReport, planDockerImages, pushImagesViaDocker, type DockerLoadReport, type DockerPlanItem } from './docker-path';
import { PushJournal } from './journal';
import { preflight, type PreflightResult } from './preflight';
import { problemOf, pushBundle, type PushedItem, type PushReport } from './push';
import type { CollisionPolicy, PushItem } from './push-plan';

export interface PushRequest {
  readonly bundle: string;
  /** `host[:port]/project[/path]` */
  readonly registry: string;
  readonly targetMode?: RetagMode | undefined;
  readonly via?: 'registry' | 'docker' | undefined;
  readonly policy?: CollisionPolicy | undefined;
  /** Also build and push a Plugin Server image with the bundle's custom plugins, under this reference. */
  readonly pluginServerImage?: string | undefined;
  readonly createProject?: boolean | undefined;
  readonly dryRun?: boolean | undefined;
}

export interface PushOutcome {
  readonly verification: Pick<VerifyReport, 'ok' | 'bundle' | 'summary'>;
  readonly preflight: PreflightResult;
  readonly report: PushReport;
}

/** Reaches the Docker engine when the Docker path needs it (the engine's `docker()`: dockerode loads on first use). */

/**
 * The offline push end to end, shared by the CLI and the app: verify (nothing is pushed from a
 * bundle that fails), connection test, then push by the registry API — or images through the
 * Docker engine and plugins by the registry API — with a journal so a rerun resumes.
 */
export async function pushFromBundle(
  req: PushRequest,
  deps: { registry: RegistryEnvironment; flags?: ConnectionFlags | undefined; docker: DockerConnector },
  options: { signal?: AbortSignal | undefined; onProgress?: ProgressSink | undefined; onNotice?: ((n: Notice) => void) | undefined } = {},
): Promise<PushOutcome> {
  const target = parseTarget(req.registry, req.targetMode ?? 'keep');
  const verification = await verifyBundle(req.bundle, { signal: options.signal, onProgress: options.onProgress });
  if (!verification.ok) throw verifyFailed(verification, 'push');
  const bundle = await OpenBundle.open(req.bundle);
  try {
    const client = await connectRegistry(deps.registry, target.registry, deps.flags);
    const check = await preflight(client, target, { createProject: req.createProject, signal: options.signal });
    if (!check.ok) {
      const failed = check.steps[check.steps.length - 1];
      throw new AppError(failed?.code ?? 'PREFLIGHT_FAILED', failed?.message ?? 'The connection test failed', { hint: failed?.hint, details: { ...(failed?.details ?? {}), preflight: check } });
    }
    const bundleId = sha256Digest(await bundle.readSmall('bundle.json'));
    const journal = req.dryRun ? undefined : await PushJournal.open(deps.registry.settingsDir, bundleId, `${target.registry}/${target.prefix}|${target.mode}`);
    const extra = req.pluginServerImage ? [await customImageItem(bundle, req.pluginServerImage, target.registry)] : [];
    const report = await pushOpenedBundle(bundle, client, target, req, deps.docker, { ...options, journal, extra });
    return { verification, preflight: check, report };
  } finally {
    await bundle.close();
  }
}

/**
 * An open bundle to a connected registry, by the registry API or — `via: 'docker'` — images
 * through the Docker engine and plugins (and a custom image) byte for byte by the registry API.
 * The run and the app's preview (a dry run, no journal) both go through here.
 */
export async function pushOpenedBundle(
  bundle: OpenBundle,
  client: RegistryClient,
  target: ReturnType<typeof parseTarget>,
  req: Pick<PushRequest, 'via' | 'policy' | 'dryRun'>,
  docker: DockerConnector,
  options: { signal?: AbortSignal | undefined; onProgress?: ProgressSink | undefined; onNotice?: ((n: Notice) => void) | undefined; journal?: PushJournal | undefined; extra?: Parameters<typeof pushBundle>[3]['extra'] } = {},
): Promise<PushReport> {
  const common = { policy: req.policy ?? 'skip', dryRun: req.dryRun, signal: options.signal, onProgress: options.onProgress, journal: options.journal, extra: options.extra };
  if ((req.via ?? 'registry') === 'registry') return pushBundle(bundle, client, target, common);
  const plan = await planDockerImages(bundle, target);
  // Said before anything is pushed: which platform goes, and that the digest (and index) change.
  for (const p of plan) options.onNotice?.(p.notice);
  const plugins = await pushBundle(bundle, client, target, { ...common, only: 'plugin' });
  const images = await pushDockerImages(bundle, client, plan, { policy: common.policy, dryRun: req.dryRun, signal: options.signal, onProgress: options.onProgress, docker });
  const items = [...images, ...plugins.items];
  const ok = plugins.ok && images.every((i) => i.status !== 'failed' && i.status !== 'conflict');
  return { target: plugins.target, dryRun: plugins.dryRun, ok, items, ...(plugins.warnings ? { warnings: plugins.warnings } : {}) };
}

async function customImageItem(bundle: OpenBundle, reference: string, registry: string): Promise<{ item: PushItem; store: Awaited<ReturnType<typeof buildCustomPluginServer>>['store'] }> {
  const ref = parseReference(reference);
  if (ref.registry !== registry) throw new UsageError(`--plugin-server-image ${reference} must be on the target registry ${registry}`, { code: 'PUSH_CUSTOM_IMAGE_REGISTRY', details: { reference, registry } });
  if (!ref.tag || ref.digest) throw new UsageError(`--plugin-server-image ${reference} needs a tag (and no digest)`, { code: 'PUSH_CUSTOM_IMAGE_TAG', details: { reference } });
  // Every bundled plugin, under every version the bundle serves it: the official image of a
  // release may lack a built-in plugin (ai-load-balancer before 2.2.4) or a version directory the
  // Console asks for, so the new layer carries the bundle's whole tree over the base image's.
  const plugins = bundle.manifest.plugins;
  if (plugins.length === 0) throw new UsageError('The bundle has no plugins to add to a Plugin Server image', { hint: 'Bundle plugins (catalog, --plugin or --wasm).', code: 'PUSH_CUSTOM_NO_PLUGINS' });
  const built = await buildCustomPluginServer(bundle, plugins, bundle.manifest.createdAt);
  return {
    item: { kind: 'image', label: `custom plugin-server (${built.plugins.length} ${built.plugins.length === 1 ? 'plugin' : 'plugins'})`, bundleRef: built.reference, target: ref, targetRef: formatReference(ref), digest: built.digest, mediaType: built.mediaType, platforms: built.platforms },
    store: built.store,
  };
}

/**
 * The images of the Docker path, against the target's tags: each one's existing tag decides by the
 * policy (a tag holding the bundle's own digest, or a manifest of the very image Docker loads —
 * the same config, which names every layer's content by its diff_id — counts as identical); then
 * the engine loads and pushes the rest, and the registry is asked what it now holds — that digest
 * is reported, never the bundle's.
 */
async function pushDockerImages(
  bundle: OpenBundle,
  client: RegistryClient,
  plan: readonly DockerPlanItem[],
  options: { policy: CollisionPolicy; dryRun?: boolean | undefined; signal?: AbortSignal | undefined; onProgress?: ProgressSink | undefined; docker: DockerConnector },
): Promise<PushedItem[]> {
  const base = (p: DockerPlanItem) => ({
    kind: 'image' as const,
    label: `image ${p.source} (${p.platform}, via Docker)`,
    bundleRef: p.source,
    target: p.target,
    targetRef: p.targetRef,
    via: 'docker' as const,
    platform: p.platform,
    platforms: [p.platform],
    bundleDigest: p.bundleDigest,
  });
  const decided: PushedItem[] = [];
  const toPush: Array<{ plan: DockerPlanItem; existing: string | undefined }> = [];
  for (const p of plan) {
    throwIfAborted(options.signal);
    const existing = await client
      .repository(p.target.repository)
      .headManifest(p.target.tag ?? 'latest', options.signal)
      .catch((e: unknown) => {
        if ((e as AppError).code === 'REGISTRY_NAME_UNKNOWN' || (e as AppError).code === 'REGISTRY_NOT_FOUND') return undefined;
        throw e;
      });
    const same = existing !== undefined && (existing.digest === p.bundleDigest || existing.digest === p.platformDigest || (await holdsImage(client, p, options.signal)));
    if (existing && same && options.policy !== 'overwrite') {
      decided.push({ ...base(p), digest: existing.digest, mediaType: existing.mediaType, status: options.dryRun ? 'would-skip' : 'identical', existing: existing.digest });
      continue;
    }
    if (existing && (options.policy === 'fail' || (options.policy === 'skip' && !same))) {
      const n = notice(options.policy === 'skip' ? 'PUSH_TAG_CONFLICT' : 'PUSH_TAG_EXISTS', { target: p.targetRef, existing: existing.digest, digest: p.bundleDigest });
      decided.push({ ...base(p), digest: existing.digest, mediaType: existing.mediaType, status: 'conflict', existing: existing.digest, error: n.message, problem: n, notes: [p.notice] });
      continue;
    }
    if (options.dryRun) {
      // The digest is Docker's to choose: known only after the push.
      const replacing = existing && !same ? existing.digest : undefined;
      const notes = [p.notice, ...(replacing ? [notice('PUSH_WOULD_REPLACE', { target: p.targetRef, old: replacing, new: `${p.platform} (Docker)` })] : [])];
      decided.push({ ...base(p), digest: '', mediaType: 'application/vnd.docker.distribution.manifest.v2+json', status: 'would-push', existing: existing?.digest, notes });
      continue;
    }
    toPush.push({ plan: p, existing: existing?.digest });
  }
  if (toPush.length === 0) return decided;

  const { docker } = await options.docker();
  const results = await pushImagesViaDocker(docker, bundle, toPush.map((t) => t.plan), {
    credentials: client.basicCredentials,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  const pushed: PushedItem[] = [];
  for (const { plan: p, existing } of toPush) {
    const r = results.find((x) => x.target === p.targetRef);
    if (!r?.ok) {
      const problem = r?.problem ?? problemOf(new Error(r?.error ?? 'not pushed'), p.targetRef);
      pushed.push({ ...base(p), digest: '', mediaType: '', status: 'failed', error: r?.error ?? problem.message, problem, notes: [p.notice] });
      continue;
    }
    // Ask the registry what the tag holds now: that is what was pushed, whatever the engine said.
    options.onProgress?.({ phase: 'docker-push', bytesDone: 0, ...noticeFields(notice('PROGRESS_CHECKING_REGISTRY', { host: client.host })) });
    const held = await client.repository(p.target.repository).headManifest(p.target.tag ?? 'latest', options.signal);
    if (!held) {
      const n = notice('DOCKER_PUSH_UNVERIFIED', { target: p.targetRef });
      pushed.push({ ...base(p), digest: '', mediaType: '', status: 'failed', error: n.message, problem: n, notes: [p.notice] });
      continue;
    }
    const replaced = existing && existing !== held.digest ? existing : undefined;
    pushed.push({
      ...base(p),
      digest: held.digest,
      mediaType: held.mediaType,
      status: 'pushed',
      existing,
      ...(replaced ? { replaced } : {}),
      notes: [
        notice('PUSH_DOCKER_RESULT', { target: p.targetRef, digest: held.digest, platform: p.platform, bundleDigest: p.bundleDigest, engineDigest: r.digest ?? '' }),
        ...(replaced ? [notice('PUSH_REPLACED', { target: p.targetRef, old: replaced, new: held.digest })] : []),
      ],
    });
  }
  return [...decided, ...pushed];
}

/** Whether the tag holds a single manifest of the image Docker loads (its config is the image ID). */
async function holdsImage(client: RegistryClient, p: DockerPlanItem, signal?: AbortSignal): Promise<boolean> {
  if (!p.imageId) return false;
  const m = await client
    .repository(p.target.repository)
    .getManifest(p.target.tag ?? 'latest', signal)
    .catch(() => undefined);
  return m?.kind === 'manifest' && m.manifest.config.digest === p.imageId;
}

function noticeFields(n: Notice): { message: string; notice: Notice } {
  return { message: n.message, notice: n };
}

/**
 * The one "load into Docker" flow, for the CLI's `load` and the app's Load into Docker: verify
 * (nothing is loaded from a bundle that fails), open, refuse a bundle without images, load.
 */
export async function loadFromBundle(path: string, options: { docker: DockerConnector; signal?: AbortSignal | undefined; onProgress?: ProgressSink | undefined }): Promise<{ bundle: string; report: DockerLoadReport }> {
  const verification = await verifyBundle(path, { signal: options.signal, onProgress: options.onProgress });
  if (!verification.ok) throw verifyFailed(verification, 'load');
  const bundle = await OpenBundle.open(path);
  try {
    if (bundle.manifest.images.length === 0) throw new UsageError('The bundle holds no images to load', { code: 'LOAD_NO_IMAGES' });
    const { docker } = await options.docker();
    return { bundle: bundle.location.name, report: await loadBundleReport(docker, bundle, { signal: options.signal, onProgress: options.onProgress }) };
  } finally {
    await bundle.close();
  }
}
