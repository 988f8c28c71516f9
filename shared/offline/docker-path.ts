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

export async function pushImagesViaDocker(
  docker: Docker,
  bundle: OpenBundle,
  target: RetagTarget,
  options: { credentials?: { username: string; password: string } | undefined; signal?: AbortSignal | undefined; onProgress?: ProgressSink | undefined },
): Promise<PushItemResult[]> {
  const items = bundle.manifest.images.map((image) => ({ source: image.source, target: formatReference(imageTargetReference(image, target)) }));
  if (items.length === 0) return [];
  return tagAndPush(docker, items, { credentials: options.credentials, signal: options.signal, onProgress: options.onProgress });
}
