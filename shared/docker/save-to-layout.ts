import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { AppError, UsageError, throwIfAborted } from '../errors';
import { formatReference, parseReference } from '../oci/reference';
import type { ProgressSink } from '../progress';
import type { OciLayoutStore } from '../store/oci-layout-store';
import { dockerFailure, endpointOf, engineStatus } from './engine-errors';
import { saveArchiveToLayout, type SavedImage } from './save-archive';

export type { SavedImage } from './save-archive';

export interface SaveImageOptions {
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ProgressSink | undefined;
  /** Tag in the layout; default: the image's full normalised reference (docker.io/library/busybox:latest). */
  readonly refName?: string | undefined;
}

/**
 * Takes an image from the local Docker engine into an OCI layout (init()ed by the caller):
 * streams the engine's `docker save` of it, verifies every layer against the config's
 * rootfs.diff_ids and writes config, tar+gzip layers and an OCI manifest tagged `refName`.
 */
export async function saveImageToLayout(docker: Docker, imageName: string, layout: OciLayoutStore, options: SaveImageOptions = {}): Promise<SavedImage> {
  throwIfAborted(options.signal);
  const info = await inspectImage(docker, imageName);
  const refName = options.refName ?? defaultRefName(imageName, info);
  let archive: Readable;
  try {
    // By ID: exactly this image, even if its tag moves meanwhile (a save by repository name holds every tag).
    archive = (await docker.getImage(info.Id).get()) as Readable;
  } catch (e) {
    throw notFoundOr(e, docker, imageName);
  }
  return saveArchiveToLayout(archive, layout, { refName, label: imageName, imageId: info.Id, signal: options.signal, onProgress: options.onProgress });
}

async function inspectImage(docker: Docker, imageName: string): Promise<Docker.ImageInspectInfo> {
  try {
    return await docker.getImage(imageName).inspect();
  } catch (e) {
    throw notFoundOr(e, docker, imageName);
  }
}

function notFoundOr(e: unknown, docker: Docker, imageName: string): AppError {
  if (engineStatus(e) === 404) {
    return new AppError('DOCKER_IMAGE_NOT_FOUND', `Image ${imageName} is not in the Docker engine at ${endpointOf(docker).display}`, {
      hint: `Pull or build it first (docker pull ${imageName}), or check the name with docker images.`,
      details: { image: imageName, endpoint: endpointOf(docker).display },
    });
  }
  return dockerFailure(e, docker, 'DOCKER_ERROR', `The Docker engine could not save ${imageName}`, undefined, { kind: 'save', image: imageName });
}

/** The name given, normalised (`busybox` → `docker.io/library/busybox:latest`); for an image ID, its first tag. */
function defaultRefName(imageName: string, info: Docker.ImageInspectInfo): string {
  const hex = imageName.startsWith('sha256:') ? imageName.slice('sha256:'.length) : imageName;
  if (/^[a-f0-9]{12,64}$/.test(hex) && info.Id.startsWith(`sha256:${hex}`)) {
    const tag = (info.RepoTags ?? []).find((t) => t !== '<none>:<none>');
    if (!tag) throw new UsageError(`Image ${imageName} has no tag to name it by in the bundle`, { code: 'DOCKER_IMAGE_UNTAGGED', details: { image: imageName }, hint: 'Give it a reference name (refName), e.g. myregistry/app:1.0.' });
    return normalise(tag);
  }
  return normalise(imageName);
}

function normalise(name: string): string {
  const ref = parseReference(name);
  return formatReference(ref.tag === undefined && ref.digest === undefined ? { ...ref, tag: 'latest' } : ref);
}
