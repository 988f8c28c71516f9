import type { BundleManifest } from '../model/bundle-manifest';
import { imageTargetReference, pluginTargetReference } from '../model/placement';
import { formatReference, type ImageReference } from '../oci/reference';
import type { RetagTarget } from '../oci/retag';
import { pluginRefName } from '../bundle/archive-documents';
import { UsageError } from '../errors';
import { RELEASES } from '../catalog/catalog';
import { consoleOciAsks } from '../catalog/console-urls';

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
      bundleRef: pluginRefName(p),
      target: t,
      targetRef: formatReference(t),
      digest: p.digest,
      mediaType: p.mediaType,
    };
  });
  return mergeSameTarget([...images, ...plugins, ...consoleAliases(manifest, plugins, target)]);
}

/**
 * The same plugin manifests again wherever the release's Console will ask for them in OCI mode and
 * they are not pushed there: on Consoles before 2.2.1 (URL pattern only) that is
 * `<namespace>/<spec name>:<spec version>` — key-auth:1.0.0 for the 2.0.0 artifact, and
 * mcp-server for mcp-server/all-in-one. Cheap: the blobs are already there, only a manifest is put.
 */
function consoleAliases(manifest: BundleManifest, plugins: readonly PushItem[], target: RetagTarget): PushItem[] {
  const release = RELEASES.find((r) => r.release === manifest.higressRelease);
  if (!release) return [];
  const catalog = manifest.plugins.filter((p) => p.origin === 'catalog');
  const aliases: PushItem[] = [];
  for (const ask of consoleOciAsks(release, catalog.map((p) => p.name), target)) {
    const index = manifest.plugins.findIndex((p) => p.origin === 'catalog' && p.name === ask.plugin);
    const item = plugins[index] as PushItem;
    const targetRef = formatReference(ask.reference);
    if (targetRef === item.targetRef) continue;
    const build = release.consoleBuilds.find((b) => b.id === ask.build);
    aliases.push({ ...item, label: `${item.label} (also as ${targetRef.slice(targetRef.indexOf('/') + 1)}, where ${build?.label ?? ask.build} asks for it)`, target: ask.reference, targetRef, platforms: undefined });
  }
  return aliases;
}

/** Refuses a list in which two items would write the same reference. */
export function checkDistinctTargets(items: readonly PushItem[]): void {
  const seen = new Map<string, PushItem>();
  for (const item of items) {
    const other = seen.get(item.targetRef);
    if (other) throw new UsageError(`${other.label} and ${item.label} would both be pushed to ${item.targetRef}`, { hint: 'Give the custom Plugin Server image its own tag, e.g. 2.2.4-custom.', code: 'PUSH_TARGETS_COLLIDE', details: { first: other.label, second: item.label, target: item.targetRef } });
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
        code: 'PUSH_TARGETS_DIFFER',
        details: { first: seen.label, second: item.label, target: item.targetRef },
        hint: 'Bundle one of them under another repository, or push with --target-mode keep.',
      });
    }
  }
  return [...byRef.values()];
}
