import { z } from 'zod';
import { AppError, UsageError } from '../errors';
import { isIndexMediaType, MediaType } from './media-types';

/**
 * zod schemas for the OCI / Docker v2 JSON we read from registries, layouts and bundles: untrusted
 * input, so sizes, digests and counts are bounded. Unknown fields pass through untouched (we never
 * re-serialise digested JSON; the raw bytes are kept beside the parsed form).
 */
const digestSchema = z.string().regex(/^sha256:[a-f0-9]{64}$|^sha512:[a-f0-9]{128}$/, 'not a sha256/sha512 digest');
const mediaTypeSchema = z.string().min(1).max(255).regex(/^[\w.+-]+\/[\w.+-]+$/, 'not a media type');

export const platformSchema = z
  .object({
    architecture: z.string().max(64),
    os: z.string().max(64),
    variant: z.string().max(64).optional(),
    'os.version': z.string().max(128).optional(),
    'os.features': z.array(z.string().max(128)).max(64).optional(),
  })
  .loose();

export const descriptorSchema = z
  .object({
    mediaType: mediaTypeSchema,
    digest: digestSchema,
    size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    urls: z.array(z.string().max(2048)).max(16).optional(),
    annotations: z.record(z.string().max(1024), z.string().max(65536)).optional(),
    platform: platformSchema.optional(),
    artifactType: mediaTypeSchema.optional(),
  })
  .loose();

export const manifestSchema = z
  .object({
    schemaVersion: z.literal(2),
    mediaType: mediaTypeSchema.optional(),
    artifactType: mediaTypeSchema.optional(),
    config: descriptorSchema,
    layers: z.array(descriptorSchema).max(1000),
    subject: descriptorSchema.optional(),
    annotations: z.record(z.string().max(1024), z.string().max(65536)).optional(),
  })
  .loose();

export const indexSchema = z
  .object({
    schemaVersion: z.literal(2),
    mediaType: mediaTypeSchema.optional(),
    artifactType: mediaTypeSchema.optional(),
    manifests: z.array(descriptorSchema).max(10000),
    subject: descriptorSchema.optional(),
    annotations: z.record(z.string().max(1024), z.string().max(65536)).optional(),
  })
  .loose();

export const imageConfigSchema = z
  .object({
    architecture: z.string().max(64).optional(),
    os: z.string().max(64).optional(),
    variant: z.string().max(64).optional(),
    created: z.string().max(64).optional(),
    config: z.record(z.string(), z.unknown()).nullable().optional(),
    rootfs: z.object({ type: z.string(), diff_ids: z.array(digestSchema).max(1000) }).loose().optional(),
    history: z.array(z.record(z.string(), z.unknown())).max(2000).optional(),
  })
  .loose();

export type Platform = z.infer<typeof platformSchema>;
export type Descriptor = z.infer<typeof descriptorSchema>;
export type Manifest = z.infer<typeof manifestSchema>;
export type Index = z.infer<typeof indexSchema>;
export type ImageConfig = z.infer<typeof imageConfigSchema>;

/** A manifest or index exactly as fetched: its bytes, its digest and what they parse to. */
export type ParsedManifest =
  | { readonly kind: 'index'; readonly mediaType: string; readonly bytes: Uint8Array; readonly digest: string; readonly index: Index }
  | { readonly kind: 'manifest'; readonly mediaType: string; readonly bytes: Uint8Array; readonly digest: string; readonly manifest: Manifest };

/**
 * Parses manifest bytes. The media type comes from the JSON when present, else from the
 * response (Content-Type) — Docker v2 manifests always carry it, OCI ones may not.
 */
export function parseManifestBytes(bytes: Uint8Array, digest: string, servedMediaType?: string): ParsedManifest {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new AppError('BAD_MANIFEST', `Manifest ${digest} is not valid JSON`, { details: { kind: 'json', digest } });
  }
  const declared = typeof (json as { mediaType?: unknown })?.mediaType === 'string' ? (json as { mediaType: string }).mediaType : undefined;
  const looksLikeIndex = Array.isArray((json as { manifests?: unknown })?.manifests);
  const mediaType = declared ?? (servedMediaType && servedMediaType !== 'application/json' ? servedMediaType : looksLikeIndex ? MediaType.ociIndex : MediaType.ociManifest);
  if (declared && servedMediaType && servedMediaType !== declared && servedMediaType !== 'application/json' && servedMediaType !== 'application/octet-stream') {
    throw new AppError('BAD_MANIFEST', `Manifest ${digest} says it is ${declared} but was served as ${servedMediaType}`, { details: { kind: 'media-type', digest, declared, served: servedMediaType } });
  }
  if (isIndexMediaType(mediaType) || (!declared && looksLikeIndex)) {
    const r = indexSchema.safeParse(json);
    if (!r.success) throw new AppError('BAD_MANIFEST', `Index ${digest} is malformed: ${describe(r.error)}`, { details: { kind: 'index', digest, reason: describe(r.error) } });
    return { kind: 'index', mediaType, bytes, digest, index: r.data };
  }
  const r = manifestSchema.safeParse(json);
  if (!r.success) throw new AppError('BAD_MANIFEST', `Manifest ${digest} (${mediaType}) is malformed or of an unsupported kind: ${describe(r.error)}`, { details: { kind: 'manifest', digest, mediaType, reason: describe(r.error) } });
  return { kind: 'manifest', mediaType, bytes, digest, manifest: r.data };
}

function describe(error: z.ZodError): string {
  const i = error.issues[0];
  return i ? `${i.path.join('.') || '(root)'}: ${i.message}` : 'invalid';
}

export function formatPlatform(p: Pick<Platform, 'os' | 'architecture' | 'variant'>): string {
  return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
}

/** Parses `linux/amd64`, `linux/arm64/v8`. */
export function parsePlatform(s: string): Pick<Platform, 'os' | 'architecture' | 'variant'> {
  const parts = s.trim().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9_.-]+$/.test(p))) {
    throw new UsageError(`Invalid platform "${s}": write os/arch[/variant], e.g. linux/amd64`, { code: 'PLATFORM_INVALID', details: { platform: s } });
  }
  const [os, architecture, variant] = parts as [string, string, string?];
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** Does a descriptor's platform match one of the wanted ones? arm64 without variant matches arm64/v8. */
export function platformMatches(have: Platform | undefined, want: ReadonlyArray<Pick<Platform, 'os' | 'architecture' | 'variant'>>): boolean {
  if (!have) return false;
  return want.some((w) => {
    if (w.os !== have.os || w.architecture !== have.architecture) return false;
    if (!w.variant) return true;
    const hv = have.variant ?? (have.architecture === 'arm64' ? 'v8' : undefined);
    return w.variant === hv;
  });
}
