import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { OpenBundle } from '../bundle/open-bundle';
import { blobPath } from '../bundle/archive-documents';
import { readVolumes } from '../bundle/volume-set';
import { loadArchive, tagAndPush, type PushItemResult } from '../docker/load-push';
import { notice, type Notice } from '../messages/catalog';
import { countForm } from '../messages/texts/progress';
import { imageTargetReference } from '../model/placement';
import { formatReference, type ImageReference } from '../oci/reference';
import type { RetagTarget } from '../oci/retag';
import type { ProgressSink } from '../progress';

/**
 * The Docker engine path: the bundle is itself a docker-archive, so it is streamed into
 * `docker load` as it is (volumes joined on the fly), then each image is tagged for the target and
 * pushed through the engine. Docker loads one platform per image (the bundle's manifest.json) and
 * pushes it as a manifest it builds itself: the registry gets that one platform under a digest
 * that is not the bundle's. Plugins never go this way — docker push would rewrite their media
 * types (higress#2295).
 */
export async function loadBundleIntoDocker(docker: Docker, bundle: OpenBundle, options: { signal?: AbortSignal | undefined; onProgress?: ProgressSink | undefined } = {}): Promise<string[]> {
  const loc = bundle.location;
  const source = loc.kind === 'single' ? (loc.volumes[0]?.path as string) : () => Readable.from(readVolumes(loc));
  const result = await loadArchive(docker, source, { signal: options.signal, onProgress: options.onProgress, size: loc.totalSize });
  return result.loaded;
}

/** What "Load into Docker" did: each image with the platform Docker got, and the plugins it cannot hold. */
export interface DockerLoadReport {
  /** What the engine reported loading (`repo:tag`). */
  readonly loaded: readonly string[];
  readonly images: ReadonlyArray<{ readonly source: string; readonly platform: string; readonly notice: Notice }>;
  /** Plugins in the bundle, none of which is loaded into Docker. */
  readonly plugins: number;
  readonly notices: readonly Notice[];
}

export async function loadBundleReport(docker: Docker, bundle: OpenBundle, options: { signal?: AbortSignal | undefined; onProgress?: ProgressSink | undefined } = {}): Promise<DockerLoadReport> {
  const loaded = await loadBundleIntoDocker(docker, bundle, options);
  const entries = await dockerEntries(bundle);
  const images = bundle.manifest.images.map((image) => {
    const platform = entries.get(image.source)?.platform ?? image.platforms[0] ?? 'unknown';
    return { source: image.source, platform, notice: notice('DOCKER_LOADED', { image: image.source, platform }) };
  });
  const plugins = bundle.manifest.plugins.length;
  return { loaded, images, plugins, notices: plugins > 0 ? [notice('DOCKER_PLUGINS_NOT_LOADED', { count: plugins, form: countForm(plugins) })] : [] };
}

/** One bundled image as the Docker path will push it. */
export interface DockerPlanItem {
  readonly source: string;
  readonly target: ImageReference;
  readonly targetRef: string;
  /** The platform Docker loads (the bundle's manifest.json) and so pushes. */
  readonly platform: string;
  /** Every platform the bundle holds for the image. */
  readonly platforms: readonly string[];
  /** The bundle's top digest (an index for a multi-platform image): not what the registry will hold. */
  readonly bundleDigest: string;
  readonly bundleMediaType: string;
  /** The bundle's manifest of that platform (Docker rebuilds it; its digest is not kept either). */
  readonly platformDigest: string | undefined;
  /** The image ID Docker must have after the load (`sha256:` + config digest). */
  readonly imageId: string | undefined;
  /** Said before anything is pushed: which platform goes, and that the digest (and index) change. */
  readonly notice: Notice;
}

/** Each bundled image with the platform Docker will push and what that changes. */
export async function planDockerImages(bundle: OpenBundle, target: RetagTarget): Promise<DockerPlanItem[]> {
  const entries = await dockerEntries(bundle);
  return bundle.manifest.images.map((image) => {
    const entry = entries.get(image.source);
    const platform = entry?.platform ?? 'unknown';
    const t = imageTargetReference(image, target);
    const targetRef = formatReference(t);
    const others = image.platforms.filter((p) => p !== platform);
    const isIndex = /index|manifest\.list/.test(image.mediaType);
    return {
      source: image.source,
      target: t,
      targetRef,
      platform,
      platforms: image.platforms,
      bundleDigest: image.digest,
      bundleMediaType: image.mediaType,
      platformDigest: entry?.manifestDigest,
      imageId: entry?.imageId,
      notice: notice('PUSH_DOCKER_REWRITES', { target: targetRef, source: image.source, platform, bundleDigest: image.digest, others: others.join(', ') || '–', index: isIndex }),
    };
  });
}

/**
 * Loads the (verified) bundle into the engine, checks that each tag now names exactly the bundled
 * image (its ID is the config digest in the bundle's manifest.json), then tags and pushes. An
 * image the engine already had under the same name is replaced by the load, never pushed instead.
 */
export async function pushImagesViaDocker(
  docker: Docker,
  bundle: OpenBundle,
  plan: readonly DockerPlanItem[],
  options: { credentials?: { username: string; password: string } | undefined; signal?: AbortSignal | undefined; onProgress?: ProgressSink | undefined },
): Promise<PushItemResult[]> {
  if (plan.length === 0) return [];
  await loadBundleIntoDocker(docker, bundle, options);
  const results: PushItemResult[] = [];
  const items: Array<{ source: string; target: string }> = [];
  for (const image of plan) {
    const id = await docker
      .getImage(image.source)
      .inspect()
      .then((i) => i.Id)
      .catch(() => undefined);
    if (!id || id !== image.imageId) {
      const n = notice('DOCKER_NOT_BUNDLED_IMAGE', { source: image.source, found: id ?? 'missing', expected: image.imageId ?? '(not in manifest.json)', target: image.targetRef });
      results.push({ source: image.source, target: image.targetRef, ok: false, error: n.message, problem: n });
    } else items.push({ source: image.source, target: image.targetRef });
  }
  return [...results, ...(items.length ? await tagAndPush(docker, items, { credentials: options.credentials, signal: options.signal, onProgress: options.onProgress }) : [])];
}

interface DockerEntry {
  readonly imageId: string;
  readonly platform: string | undefined;
  readonly manifestDigest: string | undefined;
}

/**
 * RepoTag → what `docker load` makes of it: the image ID (`sha256:` + config digest, from the
 * bundle's docker manifest.json) and the platform of the bundled manifest with that config.
 */
async function dockerEntries(bundle: OpenBundle): Promise<Map<string, DockerEntry>> {
  const entries = JSON.parse((await bundle.readSmall('manifest.json', 16 * 1024 * 1024)).toString('utf8')) as Array<{ Config?: unknown; RepoTags?: unknown }>;
  const byTag = new Map<string, DockerEntry>();
  for (const e of Array.isArray(entries) ? entries : []) {
    const m = typeof e.Config === 'string' ? /^blobs\/sha256\/([a-f0-9]{64})$/.exec(e.Config) : null;
    if (!m || !Array.isArray(e.RepoTags)) continue;
    const config = `sha256:${m[1]}`;
    for (const tag of e.RepoTags) {
      if (typeof tag !== 'string') continue;
      const image = bundle.manifest.images.find((i) => i.source === tag);
      let found: { platform: string; digest: string } | undefined;
      for (const candidate of image?.manifests ?? []) {
        const bytes = await bundle.readSmall(blobPath(candidate.digest), 4 * 1024 * 1024).catch(() => undefined);
        const parsed = bytes ? (JSON.parse(bytes.toString('utf8')) as { config?: { digest?: unknown } }) : undefined;
        if (parsed?.config?.digest === config) {
          found = candidate;
          break;
        }
      }
      // A single-platform image: its one manifest is the top one.
      if (!found && image && image.platforms.length === 1) found = { platform: image.platforms[0] as string, digest: image.digest };
      byTag.set(tag, { imageId: config, platform: found?.platform, manifestDigest: found?.digest });
    }
  }
  return byTag;
}
