import { asImageManifest } from './copy';
import { formatPlatform } from './oci/schemas';
import { listedSize, successors, type ImageManifest } from './oci/successors';
import type { ContentStore } from './store/content-store';
import { Annotation } from './oci/media-types';

export interface InspectedManifest {
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
  readonly config: { readonly mediaType: string; readonly digest: string; readonly size: number };
  readonly layers: ReadonlyArray<{ readonly mediaType: string; readonly digest: string; readonly size: number; readonly title?: string | undefined }>;
  /** Config + layers. */
  readonly totalSize: number;
}

export interface InspectResult {
  readonly reference: string;
  readonly kind: 'index' | 'manifest';
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
  /** For an index: one entry per child, with its platform. */
  readonly platforms?: ReadonlyArray<{ readonly platform: string; readonly manifest: InspectedManifest }> | undefined;
  readonly manifest?: InspectedManifest | undefined;
  readonly totalSize: number;
}

/** What a reference is: media type, digest, platforms, layers and sizes. */
export async function inspect(store: ContentStore, reference: string, signal?: AbortSignal): Promise<InspectResult> {
  const root = await store.resolve(reference, signal);
  const base = { reference, digest: root.digest, mediaType: root.mediaType, size: root.bytes.length };
  if (root.kind === 'manifest') {
    const manifest = describe(root);
    return { ...base, kind: 'manifest', manifest, totalSize: manifest.totalSize };
  }
  const platforms = await Promise.all(
    successors(root).map(async (d) => ({ platform: d.platform ? formatPlatform(d.platform) : 'unknown', manifest: describe(asImageManifest(await store.fetchManifest(d, signal), reference)) })),
  );
  return { ...base, kind: 'index', platforms, totalSize: platforms.reduce((s, p) => s + p.manifest.totalSize, 0) };
}

/** A manifest as it lists itself: every layer entry, in order (a repeated layer shows twice, and counts twice in `totalSize`). */
function describe(m: ImageManifest): InspectedManifest {
  const c = m.manifest.config;
  const layers = m.manifest.layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size, ...(l.annotations?.[Annotation.title] ? { title: l.annotations[Annotation.title] } : {}) }));
  return {
    digest: m.digest,
    mediaType: m.mediaType,
    size: m.bytes.length,
    config: { mediaType: c.mediaType, digest: c.digest, size: c.size },
    layers,
    totalSize: listedSize(m),
  };
}
