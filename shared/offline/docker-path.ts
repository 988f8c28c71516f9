import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { OpenBundle } from '../bundle/open-bundle';
import { readVolumes } from '../bundle/volume-set';
import { loadArchive, tagAndPush, type PushItemResult } from '../docker/load-push';
import { imageTargetReference } from '../model/placement';
import { formatReference } from '../oci/reference';
import type { RetagTarget } from '../oci/retag';
import type { ProgressSink } from '../progress';

/**
 * The Docker engine path: the bundle is itself a docker-archive, so it is streamed into
 * `docker load` as it is (volumes joined on the fly), then each image is tagged for the target and
 * pushed through the engine. Docker loads one platform per image (the bundle's manifest.json);
 * plugins never go this way — docker push would rewrite their media types (higress#2295).
 */
export async function loadBundleIntoDocker(docker: Docker, bundle: OpenBundle, options: { signal?: AbortSignal | undefined; onProgress?: ProgressSink | undefined } = {}): Promise<string[]> {
  const loc = bundle.location;
  const source = loc.kind === 'single' ? (loc.volumes[0]?.path as string) : () => Readable.from(readVolumes(loc));
  const result = await loadArchive(docker, source, { signal: options.signal, onProgress: options.onProgress, size: loc.totalSize });
  return result.loaded;
}

/**
 * Loads the (verified) bundle into the engine, checks that each tag now names exactly the bundled
 * image (its ID is the config digest in the bundle's manifest.json), then tags and pushes. An
 * image the engine already had under the same name is replaced by the load, never pushed instead.
 */
export async function pushImagesViaDocker(
  docker: Docker,
  bundle: OpenBundle,
  target: RetagTarget,
  options: { credentials?: { username: string; password: string } | undefined; signal?: AbortSignal | undefined; onProgress?: ProgressSink | undefined },
): Promise<PushItemResult[]> {
  const images = bundle.manifest.images;
  if (images.length === 0) return [];
  await loadBundleIntoDocker(docker, bundle, options);
  const expected = await loadedImageIds(bundle);
  const results: PushItemResult[] = [];
  const items: Array<{ source: string; target: string }> = [];
  for (const image of images) {
    const targetRef = formatReference(imageTargetReference(image, target));
    const id = await docker
      .getImage(image.source)
      .inspect()
      .then((i) => i.Id)
      .catch(() => undefined);
    if (!id || id !== expected.get(image.source)) {
      results.push({ source: image.source, target: targetRef, ok: false, error: `After loading the bundle, Docker's ${image.source} is ${id ?? 'missing'}, not the bundled image ${expected.get(image.source) ?? '(not in manifest.json)'}` });
    } else items.push({ source: image.source, target: targetRef });
  }
  return [...results, ...(items.length ? await tagAndPush(docker, items, { credentials: options.credentials, signal: options.signal, onProgress: options.onProgress }) : [])];
}

/** RepoTag → image ID (`sha256:` + config digest) from the bundle's docker manifest.json. */
async function loadedImageIds(bundle: OpenBundle): Promise<Map<string, string>> {
  const entries = JSON.parse((await bundle.readSmall('manifest.json', 16 * 1024 * 1024)).toString('utf8')) as Array<{ Config?: unknown; RepoTags?: unknown }>;
  const ids = new Map<string, string>();
  for (const e of Array.isArray(entries) ? entries : []) {
    const m = typeof e.Config === 'string' ? /^blobs\/sha256\/([a-f0-9]{64})$/.exec(e.Config) : null;
    if (!m || !Array.isArray(e.RepoTags)) continue;
    for (const tag of e.RepoTags) if (typeof tag === 'string') ids.set(tag, `sha256:${m[1]}`);
  }
  return ids;
}
