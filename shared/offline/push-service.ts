import { AppError, UsageError } from '../errors';
import { OpenBundle } from '../bundle/open-bundle';
import { verifyBundle, verifyFailed, type VerifyReport } from '../bundle/verify';
import { connectDocker } from '../docker/engine';
import { sha256Digest } from '../oci/digest';
import { formatReference, parseReference } from '../oci/reference';
import { parseTarget, type RetagMode } from '../oci/retag';
import type { ProgressSink } from '../progress';
import { connectRegistry, type ConnectionFlags, type RegistryEnvironment } from '../registry/connect';
import { buildCustomPluginServer } from './custom-plugin-server';
import { pushImagesViaDocker } from './docker-path';
import { PushJournal } from './journal';
import { preflight, type PreflightResult } from './preflight';
import { pushBundle, type PushedItem, type PushReport } from './push';
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

/**
 * The offline push end to end, shared by the CLI and the app: verify (nothing is pushed from a
 * bundle that fails), connection test, then push by the registry API — or images through the
 * Docker engine and plugins by the registry API — with a journal so a rerun resumes.
 */
export async function pushFromBundle(
  req: PushRequest,
  deps: { registry: RegistryEnvironment; flags?: ConnectionFlags | undefined; env: NodeJS.ProcessEnv },
  options: { signal?: AbortSignal | undefined; onProgress?: ProgressSink | undefined } = {},
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
      throw new AppError(failed?.code ?? 'PREFLIGHT_FAILED', failed?.message ?? 'The connection test failed', { hint: failed?.hint, details: { preflight: check } });
    }
    const bundleId = sha256Digest(await bundle.readSmall('bundle.json'));
    const journal = req.dryRun ? undefined : await PushJournal.open(deps.registry.settingsDir, bundleId, `${target.registry}/${target.prefix}|${target.mode}`);
    const extra = req.pluginServerImage ? [await customImageItem(bundle, req.pluginServerImage, target.registry)] : [];

    if ((req.via ?? 'registry') === 'registry') {
      const report = await pushBundle(bundle, client, target, { policy: req.policy ?? 'skip', dryRun: req.dryRun, signal: options.signal, onProgress: options.onProgress, journal, extra });
      return { verification, preflight: check, report };
    }
    // Docker path: images through the engine, plugins (and a custom image) byte for byte here.
    const plugins = await pushBundle(bundle, client, target, { policy: req.policy ?? 'skip', dryRun: req.dryRun, signal: options.signal, onProgress: options.onProgress, journal, extra, only: 'plugin' });
    let images: PushedItem[] = [];
    if (!req.dryRun) {
      const { docker } = connectDocker(deps.env);
      const creds = client.transport.endpoint.credentials;
      const results = await pushImagesViaDocker(docker, bundle, target, { credentials: creds?.kind === 'basic' ? { username: creds.username, password: creds.password } : undefined, signal: options.signal, onProgress: options.onProgress });
      images = results.map((r) => ({
        kind: 'image',
        label: `image ${r.source} (via Docker)`,
        bundleRef: r.source,
        target: parseReference(r.target),
        targetRef: r.target,
        digest: r.digest ?? '',
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        status: r.ok ? 'pushed' : 'failed',
        ...(r.error ? { error: r.error } : {}),
      }));
    }
    const items = [...images, ...plugins.items];
    return { verification, preflight: check, report: { target: plugins.target, dryRun: plugins.dryRun, ok: plugins.ok && images.every((i) => i.status === 'pushed'), items, ...(plugins.warnings ? { warnings: plugins.warnings } : {}) } };
  } finally {
    await bundle.close();
  }
}

async function customImageItem(bundle: OpenBundle, reference: string, registry: string): Promise<{ item: PushItem; store: Awaited<ReturnType<typeof buildCustomPluginServer>>['store'] }> {
  const ref = parseReference(reference);
  if (ref.registry !== registry) throw new UsageError(`--plugin-server-image ${reference} must be on the target registry ${registry}`);
  if (!ref.tag || ref.digest) throw new UsageError(`--plugin-server-image ${reference} needs a tag (and no digest)`);
  // Every bundled plugin, under every version the bundle serves it: the official image of a
  // release may lack a built-in plugin (ai-load-balancer before 2.2.4) or a version directory the
  // Console asks for, so the new layer carries the bundle's whole tree over the base image's.
  const plugins = bundle.manifest.plugins;
  if (plugins.length === 0) throw new UsageError('The bundle has no plugins to add to a Plugin Server image', { hint: 'Bundle plugins (catalog, --plugin or --wasm).' });
  const built = await buildCustomPluginServer(bundle, plugins, bundle.manifest.createdAt);
  return {
    item: { kind: 'image', label: `custom plugin-server (${built.plugins.length} ${built.plugins.length === 1 ? 'plugin' : 'plugins'})`, bundleRef: built.reference, target: ref, targetRef: formatReference(ref), digest: built.digest, mediaType: built.mediaType, platforms: built.platforms },
    store: built.store,
  };
}
