import { AppError } from '../errors';
import { sha256Digest } from './digest';
import { formatPlatform, platformMatches, type Platform, type ParsedManifest } from './schemas';

export type PlatformSpec = Pick<Platform, 'os' | 'architecture' | 'variant'>;

export interface FilteredIndex {
  /** The index to write: the original when nothing was dropped, else a new, consistent index (walk it with `successors`). */
  readonly index: Extract<ParsedManifest, { kind: 'index' }>;
  readonly filtered: boolean;
}

const REFERENCE_DIGEST = 'vnd.docker.reference.digest';

/**
 * Keeps the index entries for the wanted platforms, plus attestation manifests (buildx's
 * unknown/unknown entries) of the kept images. Entry objects are kept exactly as they were; only
 * the list changes. Without `platforms` the index is untouched. This is the one platform filter:
 * copy and resolve both come here, so a bundle's index and a pushed one are the same bytes.
 */
export function filterIndex(index: Extract<ParsedManifest, { kind: 'index' }>, platforms: readonly PlatformSpec[] | undefined, label: string): FilteredIndex {
  const all = index.index.manifests;
  if (!platforms || platforms.length === 0) return { index, filtered: false };
  const images = all.filter((d) => d.platform && d.platform.os !== 'unknown' && platformMatches(d.platform, platforms));
  if (images.length === 0) {
    const have = all.filter((d) => d.platform && d.platform.os !== 'unknown').map((d) => formatPlatform(d.platform as Platform));
    throw new AppError('PLATFORM_NOT_FOUND', `${label} has none of ${platforms.map(formatPlatform).join(', ')}; it has ${have.join(', ') || 'no platform entries'}`, {
      hint: `Choose from: ${have.join(', ')}`,
      details: { image: label, wanted: platforms.map(formatPlatform).join(', '), available: have.join(', ') || '-' },
    });
  }
  const keptDigests = new Set(images.map((d) => d.digest));
  const kept = all.filter((d) => keptDigests.has(d.digest) || (d.annotations?.[REFERENCE_DIGEST] !== undefined && keptDigests.has(d.annotations[REFERENCE_DIGEST])));
  if (kept.length === all.length) return { index, filtered: false };
  const raw = JSON.parse(new TextDecoder().decode(index.bytes)) as { manifests: unknown[] };
  const keep = new Set(kept.map((d) => all.indexOf(d)));
  raw.manifests = raw.manifests.filter((_, i) => keep.has(i));
  const bytes = new TextEncoder().encode(JSON.stringify(raw));
  return { index: { ...index, bytes, digest: sha256Digest(bytes), index: { ...index.index, manifests: kept } }, filtered: true };
}
