import { parseReference, type ImageReference } from '../oci/reference';
import { retag, type RetagTarget } from '../oci/retag';
import type { BundleImage, BundlePlugin } from './bundle-manifest';

/**
 * Where each bundled item lands in the private registry. The push step, the deployment YAML and
 * the UI preview all call these, so what is pushed and what the YAML names cannot disagree.
 * Tags are kept; digests are not part of the pushed name (the manifest digest itself is unchanged).
 */
export function imageTargetReference(image: Pick<BundleImage, 'source'>, target: RetagTarget): ImageReference {
  const source = parseReference(image.source);
  return retag({ registry: source.registry, repository: source.repository, tag: source.tag ?? 'latest' }, target);
}

/** A plugin's source repository, or `plugins/<name>` for a local .wasm file. */
export function pluginSourceReference(plugin: Pick<BundlePlugin, 'origin' | 'source' | 'name' | 'version'>): ImageReference {
  if (plugin.origin === 'wasm-file') return { registry: 'local', repository: `plugins/${plugin.name}`, tag: plugin.version };
  const source = parseReference(plugin.source);
  return { registry: source.registry, repository: source.repository, tag: plugin.version };
}

export function pluginTargetReference(plugin: Pick<BundlePlugin, 'origin' | 'source' | 'name' | 'version'>, target: RetagTarget): ImageReference {
  return retag(pluginSourceReference(plugin), target);
}
