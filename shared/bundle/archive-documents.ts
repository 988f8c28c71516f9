import { Annotation, MediaType } from '../oci/media-types';
import { digestHex } from '../oci/digest';
import type { Descriptor } from '../oci/schemas';
import type { ResolvedImage } from './resolve';

/** `blobs/sha256/<hex>` */
export function blobPath(digest: string): string {
  return `blobs/sha256/${digestHex(digest)}`;
}

/** The name a bundled plugin has in index.json (and is pushed by): its source, or `plugins/<name>:<version>` for a local .wasm. */
export function pluginRefName(p: { readonly origin: string; readonly name: string; readonly version: string; readonly source: string }): string {
  return p.origin === 'wasm-file' ? `plugins/${p.name}:${p.version}` : p.source;
}

/**
 * index.json of the OCI layout: one entry per image and plugin, named by its full source
 * reference so `skopeo … oci-archive:<bundle>:<ref>` and containerd find it.
 */
export function ociIndex(tops: ReadonlyArray<{ readonly descriptor: Descriptor; readonly name: string }>): Buffer {
  const manifests = tops.map(({ descriptor: d, name }) => ({
    mediaType: d.mediaType,
    digest: d.digest,
    size: d.size,
    annotations: { [Annotation.refName]: name, [Annotation.containerdName]: name },
  }));
  return Buffer.from(`${JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests }, null, 2)}\n`);
}

/**
 * Docker's manifest.json so `docker load -i bundle.tar` works: one entry per image, for one
 * platform (docker load cannot choose; `higress-airgap load --platform` can).
 */
export function dockerManifest(images: readonly ResolvedImage[], preferred: readonly string[]): { bytes: Buffer; loaded: Array<{ source: string; platform: string }> } {
  const loaded: Array<{ source: string; platform: string }> = [];
  const entries = images.flatMap((image) => {
    const child = pickChild(image, preferred);
    if (!child) return [];
    loaded.push({ source: image.source, platform: child.platform });
    const m = child.manifest.manifest;
    return [{ Config: blobPath(m.config.digest), RepoTags: [image.source], Layers: m.layers.map((l) => blobPath(l.digest)) }];
  });
  return { bytes: Buffer.from(`${JSON.stringify(entries)}\n`), loaded };
}

export function pickChild(image: ResolvedImage, preferred: readonly string[]) {
  const runnable = image.children.filter((c) => c.platform !== 'unknown/unknown' && isImageManifest(c.manifest.manifest.config.mediaType));
  for (const p of [...preferred, 'linux/amd64']) {
    const found = runnable.find((c) => c.platform === p);
    if (found) return found;
  }
  return runnable[0];
}

function isImageManifest(configMediaType: string): boolean {
  return configMediaType === MediaType.ociConfig || configMediaType === MediaType.dockerConfig;
}
