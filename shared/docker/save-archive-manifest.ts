import { z } from 'zod';
import { AppError } from '../errors';
import { sha256Digest } from '../oci/digest';
import { normaliseEntryName, type SpooledEntry } from './save-entry';

/** `manifest.json` of a docker-archive (`docker save`): one entry per image. */
const archiveManifestSchema = z
  .array(
    z
      .object({
        Config: z.string().min(1).max(4096),
        RepoTags: z.array(z.string().max(1024)).max(1000).nullable().optional(),
        Layers: z.array(z.string().min(1).max(4096)).max(1000),
      })
      .loose(),
  )
  .min(1)
  .max(1000);

export type ArchiveImage = z.infer<typeof archiveManifestSchema>[number];

const invalid = (message: string, details: Record<string, unknown>) =>
  new AppError('DOCKER_SAVE_INVALID', message, { hint: 'The Docker engine wrote an archive we cannot read; check the engine version and retry.', details: { ...details, unreadable: true } });

/** What the save archive's manifest.json says, or a clear refusal. */
export function readArchiveManifest(entries: ReadonlyMap<string, SpooledEntry>, label: string): ArchiveImage[] {
  const entry = entries.get('manifest.json');
  if (!entry || entry.kind !== 'data') throw invalid(`The save archive of ${label} has no manifest.json: it is not a docker-archive`, { kind: 'no-manifest', image: label });
  let json: unknown;
  try {
    json = JSON.parse(entry.bytes.toString('utf8'));
  } catch {
    throw invalid(`manifest.json in the save archive of ${label} is not valid JSON`, { kind: 'manifest-json', image: label });
  }
  const parsed = archiveManifestSchema.safeParse(json);
  if (!parsed.success) throw invalid(`manifest.json in the save archive of ${label} is malformed: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { kind: 'manifest-malformed', image: label, reason: parsed.error.issues[0]?.message ?? 'invalid' });
  return parsed.data;
}

/**
 * The image to take: the only one, or the one whose config is the engine's image ID (a save by
 * repository name alone holds every tag of it).
 */
export function pickArchiveImage(images: readonly ArchiveImage[], entries: ReadonlyMap<string, SpooledEntry>, imageId: string | undefined, label: string): ArchiveImage {
  if (images.length === 1) return images[0] as ArchiveImage;
  const match = images.find((image) => {
    const config = lookupEntry(entries, image.Config, label);
    return config.kind === 'data' && sha256Digest(config.bytes) === imageId;
  });
  if (!match) throw invalid(`The save archive of ${label} holds ${images.length} images and none has the image ID ${imageId ?? '(unknown)'}`, { kind: 'no-image-id', image: label, count: images.length, imageId: imageId ?? '(unknown)' });
  return match;
}

/** The entry a manifest.json path names, following the links legacy saves use for repeated layers. */
export function lookupEntry(entries: ReadonlyMap<string, SpooledEntry>, path: string, label: string): Exclude<SpooledEntry, { kind: 'link' }> {
  let name = normaliseEntryName(path);
  for (let hops = 0; hops < 16; hops++) {
    const entry = entries.get(name);
    if (!entry) throw invalid(`The save archive of ${label} refers to ${path}, which it does not hold`, { kind: 'missing-entry', image: label, path });
    if (entry.kind !== 'link') return entry;
    name = entry.target;
  }
  throw invalid(`The save archive of ${label} has a loop of links at ${path}`, { kind: 'link-loop', image: label, path });
}

/** The digest a path promises: `<hex>.json` (legacy config) or `blobs/sha256/<hex>` (OCI save format). */
export function digestNamedBy(path: string): string | undefined {
  const m = /^(?:blobs\/sha256\/([a-f0-9]{64})|([a-f0-9]{64})\.json)$/.exec(normaliseEntryName(path));
  const hex = m?.[1] ?? m?.[2];
  return hex ? `sha256:${hex}` : undefined;
}
