import type { Descriptor, ParsedManifest } from './schemas';

export type ImageManifest = Extract<ParsedManifest, { kind: 'manifest' }>;

/**
 * The one walk of the manifest graph (oras-go's `content.Successors`): what a manifest or index
 * points to. An index → its manifest entries, in their order (filter them first with
 * `filterIndex`, the one platform filter, where only some platforms are wanted); an image
 * manifest → its config and layers, in that order, each digest once (a layer may repeat).
 * Copy, resolve, push, serve, inspect and the image builder all walk through this.
 */
export function successors(node: ParsedManifest): readonly Descriptor[] {
  if (node.kind === 'index') return node.index.manifests;
  const seen = new Set<string>();
  return [node.manifest.config, ...node.manifest.layers].filter((d) => (seen.has(d.digest) ? false : (seen.add(d.digest), true)));
}

/**
 * The bytes an image manifest lists as its content: config plus every layer entry, a repeated layer
 * counted again. This is what bundle.json has recorded as an image's `size` since format 1 (and what
 * `crossCheckBundle` checks it against); for bytes to move or store, sum `successors()` instead.
 */
export function listedSize(m: ImageManifest): number {
  return m.manifest.layers.reduce((sum, l) => sum + l.size, m.manifest.config.size);
}

/** Bytes the distinct blobs of a manifest take (what a copy moves for it). */
export function blobBytes(m: ImageManifest): number {
  return successors(m).reduce((sum, d) => sum + d.size, 0);
}
