import type { BundleManifest } from '../model/bundle-manifest';
import { imageTargetReference, pluginTargetReference } from '../model/placement';
import { formatReference, type ImageReference } from '../oci/reference';
import type { RetagTarget } from '../oci/retag';
import { UsageError } from '../errors';

/** What happens when the target already has the tag. */
export type CollisionPolicy = 'skip' | 'overwrite' | 'fail';
export const COLLISION_POLICIES: readonly CollisionPolicy[] = ['skip', 'overwrite', 'fail'];

export interface PushItem {
  readonly kind: 'image' | 'plugin';
  /** For people: `plugin key-auth 2.0.0`, `image …/plugin-server:2.2.4`. */
  readonly label: string;
  /** The index.json ref name inside the bundle. */
  readonly bundleRef: string;
  readonly target: ImageReference;
  /** `host/project/path:tag` */
  readonly targetRef: string;
  /** The digest the target tag will have (the bundle's, unchanged). */
  readonly digest: string;
  readonly mediaType: string;
  readonly platforms?: readonly string[] | undefined;
}

/**
 * Every bundled image and plugin with its place in the private registry — the preview the
 * operator approves, and the list `push` works through. Placement comes from the one function
 * the deployment YAML also uses.
 */
export function planPush(manifest: BundleManifest, target: RetagTarget): PushItem[] {
  const images = manifest.images.map((image): PushItem => {
    const t = imageTargetReference(image, target);
    return { kind: 'image', label: `image ${image.source}`, bundleRef: image.source, target: t, targetRef: formatReference(t), digest: image.digest, mediaType: image.mediaType, platforms: image.platforms };
  });
  const plugins = manifest.plugins.map((p): PushItem => {
    const t = pluginTargetReference(p, target);
    return {
      kind: 'plugin',
      label: `plugin ${p.name} ${p.version}`,
      bundleRef: p.origin === 'wasm-file' ? `plugins/${p.name}:${p.version}` : p.source,
      target: t,
      targetRef: formatReference(t),
      digest: p.digest,
      mediaType: p.mediaType,
    };
  });
  return mergeSameTarget([...images, ...plugins]);
}

/** Refuses a list in which two items would write the same reference. */
export function checkDistinctTargets(items: readonly PushItem[]): void {
  const seen = new Map<string, PushItem>();
  for (const item of items) {
    const other = seen.get(item.targetRef);
    if (other) throw new UsageError(`${other.label} and ${item.label} would both be pushed to ${item.targetRef}`, { hint: 'Give the custom Plugin Server image its own tag, e.g. 2.2.4-custom.' });
    seen.set(item.targetRef, item);
  }
}

// Two plugins may be the same artifact under two names (both land on one reference): push it
// once. The same reference for different content would make one overwrite the other: refuse.
function mergeSameTarget(items: PushItem[]): PushItem[] {
  const byRef = new Map<string, PushItem>();
  for (const item of items) {
    const seen = byRef.get(item.targetRef);
    if (!seen) byRef.set(item.targetRef, item);
    else if (seen.digest === item.digest) byRef.set(item.targetRef, { ...seen, label: `${seen.label} (also ${item.label})` });
    else {
      throw new UsageError(`${seen.label} and ${item.label} would both be pushed to ${item.targetRef} with different content`, {
        hint: 'Bundle one of them under another repository, or push with --target-mode keep.',
      });
    }
  }
  return [...byRef.values()];
}
