import { randomBytes } from 'node:crypto';
import { RawRegistryClient } from '../env/raw-registry';
import { blob, manifestOf, MT, pushManifestTree, type FixtureManifest } from '../env/fixtures';
import type { TestRegistry } from '../env/registry';

/**
 * An image whose one layer is `layerBytes` of random (incompressible) data, pushed to a test
 * registry with the raw client: large enough to need several upload requests when pushed again.
 */
export async function pushRandomImage(registry: TestRegistry, repo: string, tag: string, layerBytes: number): Promise<FixtureManifest> {
  const layer = blob(MT.ociLayerGzip, randomBytes(layerBytes));
  const config = blob(MT.ociConfig, Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] } })));
  const manifest = manifestOf(MT.ociManifest, config, [layer]);
  await pushManifestTree(new RawRegistryClient(registry), repo, tag, manifest);
  return manifest;
}
