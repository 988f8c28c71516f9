import { MT, sha256, tarOf, type TarEntry } from '../env/fixtures';

export interface ArchiveLayer {
  readonly mediaType: string;
  readonly bytes: Buffer;
}

/**
 * A save archive as Docker 25+ writes it (we only have Docker 20.10 here): an OCI layout —
 * `blobs/sha256/…`, `index.json`, `oci-layout` — plus the docker-archive `manifest.json` whose
 * Config and Layers point into blobs/, and `repositories`; in the sorted order Docker writes.
 * `blobOverrides` replaces a blob's bytes (keeping its name) to make a damaged archive.
 */
export async function dockerOciSaveArchive(
  config: Buffer,
  layers: readonly ArchiveLayer[],
  repoTag: string,
  blobOverrides: ReadonlyMap<string, Buffer> = new Map(),
): Promise<Buffer> {
  const configDigest = sha256(config);
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: MT.ociManifest,
    config: { mediaType: MT.ociConfig, digest: configDigest, size: config.length },
    layers: layers.map((l) => ({ mediaType: l.mediaType, digest: sha256(l.bytes), size: l.bytes.length })),
  }));
  const blobs = new Map<string, Buffer>([[configDigest, config], [sha256(manifest), manifest]]);
  for (const l of layers) blobs.set(sha256(l.bytes), l.bytes);
  const [repo, tag] = [repoTag.slice(0, repoTag.lastIndexOf(':')), repoTag.slice(repoTag.lastIndexOf(':') + 1)];
  const index = {
    schemaVersion: 2,
    mediaType: MT.ociIndex,
    manifests: [{ mediaType: MT.ociManifest, digest: sha256(manifest), size: manifest.length, annotations: { 'io.containerd.image.name': repoTag, 'org.opencontainers.image.ref.name': tag } }],
  };
  const entries: TarEntry[] = [
    { name: 'blobs/', type: 'directory' },
    { name: 'blobs/sha256/', type: 'directory' },
    ...[...blobs.keys()].sort().map((d) => ({ name: `blobs/sha256/${d.slice(7)}`, data: blobOverrides.get(d) ?? (blobs.get(d) as Buffer) })),
    { name: 'index.json', data: JSON.stringify(index) },
    { name: 'manifest.json', data: JSON.stringify([{ Config: `blobs/sha256/${configDigest.slice(7)}`, RepoTags: [repoTag], Layers: layers.map((l) => `blobs/sha256/${sha256(l.bytes).slice(7)}`) }]) },
    { name: 'oci-layout', data: '{"imageLayoutVersion":"1.0.0"}' },
    { name: 'repositories', data: JSON.stringify({ [repo]: { [tag]: sha256(layers.at(-1)?.bytes ?? Buffer.alloc(0)).slice(7) } }) },
  ];
  return tarOf(entries);
}
