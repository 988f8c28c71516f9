import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-stream';
import { AppError, CancelledError, isAbortError, messageOf, throwIfAborted } from '../errors';
import { sha256Digest } from '../oci/digest';
import { MediaType } from '../oci/media-types';
import { formatPlatform, imageConfigSchema, type Descriptor, type ImageConfig } from '../oci/schemas';
import { noProgress, type ProgressSink } from '../progress';
import { ProgressTracker } from '../progress-tracker';
import type { BlobSource } from '../store/content-store';
import type { OciLayoutStore } from '../store/oci-layout-store';
import { digestNamedBy, lookupEntry, pickArchiveImage, readArchiveManifest, type ArchiveImage } from './save-archive-manifest';
import { normaliseEntryName, spoolEntry, type SpooledEntry } from './save-entry';

export interface SaveArchiveOptions {
  /** The `org.opencontainers.image.ref.name` to tag the image with in the layout. */
  readonly refName: string;
  /** For messages: the image as the operator named it. */
  readonly label: string;
  /** The engine's image ID (config digest), to pick the image when the archive holds several. */
  readonly imageId?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ProgressSink | undefined;
}

export interface SavedImage {
  readonly refName: string;
  /** Digest of the OCI image manifest written. */
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
  /** `linux/amd64`, from the image config. */
  readonly platform: string;
}

type SpooledLayer = Extract<SpooledEntry, { kind: 'layer' }>;

const MAX_ENTRIES = 100_000;
/** JSON kept in memory across the whole archive (configs, manifest.json). */
const MAX_DATA_TOTAL = 64 * 1024 * 1024;

const damaged = { hint: 'The image in the Docker engine is damaged or changed during the save: remove it, pull or build it again, and retry.' };

/**
 * Reads a docker-archive tar (`docker save`: the legacy layout of Docker ≤ 24 or the OCI layout of
 * Docker 25+) as it streams, and writes the image into an OCI layout: config as is, layers as
 * tar+gzip, an OCI manifest, tagged `refName`. Layers are spooled to a staging folder inside the
 * layout (the archive may list manifest.json last), so memory stays flat; the staging folder is
 * removed whatever happens.
 */
export async function saveArchiveToLayout(archive: Readable, layout: OciLayoutStore, options: SaveArchiveOptions): Promise<SavedImage> {
  const { signal, label } = options;
  const tracker = new ProgressTracker(options.onProgress ?? noProgress, 'docker-save');
  const staging = join(layout.dir, `.docker-save-${randomBytes(6).toString('hex')}.tmp`);
  try {
    throwIfAborted(signal);
    await mkdir(staging).catch((e: unknown) => {
      throw new AppError('WRITE_FAILED', `Cannot write into ${layout.dir}: ${messageOf(e)}`, { hint: 'Check that the layout folder exists (init() it first) and is writable.', details: { folder: layout.dir, reason: messageOf(e) }, cause: e });
    });
    const entries = await spoolArchive(archive, staging, tracker, options);
    const image = pickArchiveImage(readArchiveManifest(entries, label), entries, options.imageId, label);
    const { bytes: configBytes, config } = readConfig(entries, image, label);
    const layers = matchLayers(entries, image, config, label);
    tracker.note(`writing ${label} into ${layout.label}`);
    const configDesc: Descriptor = { mediaType: MediaType.ociConfig, digest: sha256Digest(configBytes), size: configBytes.length };
    await layout.pushBlob(configDesc, bufferSource(configBytes), { signal });
    const written = new Set<string>();
    for (const layer of layers) {
      if (written.has(layer.digest)) continue;
      written.add(layer.digest);
      await layout.pushBlob({ mediaType: layer.mediaType, digest: layer.digest, size: layer.size }, fileSource(layer.file), { signal });
    }
    const manifest = {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: configDesc,
      layers: layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
    };
    const bytes = Buffer.from(JSON.stringify(manifest));
    const desc: Descriptor = { mediaType: MediaType.ociManifest, digest: sha256Digest(bytes), size: bytes.length };
    throwIfAborted(signal);
    await layout.tag(desc, bytes, options.refName);
    return {
      refName: options.refName,
      digest: desc.digest,
      mediaType: desc.mediaType,
      size: desc.size,
      platform: formatPlatform({ os: config.os ?? 'unknown', architecture: config.architecture ?? 'unknown', variant: config.variant }),
    };
  } catch (e) {
    if (isAbortError(e) || signal?.aborted) throw new CancelledError();
    if (e instanceof AppError) throw e;
    throw new AppError('DOCKER_SAVE_FAILED', `Saving ${label} from the Docker engine failed: ${messageOf(e)}`, {
      hint: (e as { code?: string }).code === 'ENOSPC' ? `Free some space where ${layout.dir} lives and retry.` : 'Check that the Docker engine is still running and retry.',
      details: { cause: (e as { code?: string }).code === 'ENOSPC' ? 'no-space' : 'engine', image: label, folder: layout.dir, reason: messageOf(e) },
      cause: e,
    });
  } finally {
    archive.destroy();
    await rm(staging, { recursive: true, force: true });
  }
}

/** One pass over the archive: every entry is spooled, kept in memory or drained. */
async function spoolArchive(archive: Readable, staging: string, tracker: ProgressTracker, options: SaveArchiveOptions): Promise<Map<string, SpooledEntry>> {
  const { signal, label } = options;
  const entries = new Map<string, SpooledEntry>();
  const tar = extract();
  const feeding = pipeline(archive, tar, signal ? { signal } : {});
  // A failure here also ends the loop below with the same error; it is awaited at the end.
  feeding.catch(() => undefined);
  let count = 0;
  let dataBytes = 0;
  for await (const entry of tar) {
    const name = normaliseEntryName(entry.header.name);
    if (entries.has(name)) throw new AppError('DOCKER_SAVE_INVALID', `The save archive of ${label} holds ${name} twice`, { ...damaged, details: { kind: 'duplicate-entry', image: label, path: name } });
    if (++count > MAX_ENTRIES) throw new AppError('DOCKER_SAVE_INVALID', `The save archive of ${label} has more than ${MAX_ENTRIES} entries`, { ...damaged, details: { kind: 'too-many-entries', image: label, limit: MAX_ENTRIES } });
    const isFile = entry.header.type === 'file' || entry.header.type === 'contiguous-file';
    if (isFile) tracker.add(name, entry.header.size);
    const spooled = await spoolEntry(entry, name, join(staging, `${count}.layer`), { signal, onBytes: (n) => tracker.advance(name, n) });
    if (isFile) tracker.complete(name);
    if (spooled.kind === 'data') {
      dataBytes += spooled.bytes.length;
      if (dataBytes > MAX_DATA_TOTAL) throw new AppError('DOCKER_SAVE_INVALID', `The save archive of ${label} holds more than ${MAX_DATA_TOTAL} bytes of metadata`, { ...damaged, details: { kind: 'too-much-metadata', image: label, limit: MAX_DATA_TOTAL } });
    }
    entries.set(name, spooled);
  }
  await feeding;
  return entries;
}

function readConfig(entries: ReadonlyMap<string, SpooledEntry>, image: ArchiveImage, label: string): { bytes: Buffer; config: ImageConfig } {
  const entry = lookupEntry(entries, image.Config, label);
  if (entry.kind !== 'data') throw new AppError('DOCKER_SAVE_INVALID', `The image config ${image.Config} in the save archive of ${label} is not a JSON file`, { ...damaged, details: { kind: 'config-not-file', image: label, config: image.Config } });
  const promised = digestNamedBy(image.Config);
  const actual = sha256Digest(entry.bytes);
  if (promised && promised !== actual) throw new AppError('DIGEST_MISMATCH', `The image config ${image.Config} of ${label} has the digest ${actual}`, { ...damaged, details: { kind: 'save-config', image: label, config: image.Config, digest: actual } });
  let json: unknown;
  try {
    json = JSON.parse(entry.bytes.toString('utf8'));
  } catch {
    throw new AppError('DOCKER_SAVE_INVALID', `The image config of ${label} is not valid JSON`, { ...damaged, details: { kind: 'config-json', image: label } });
  }
  const parsed = imageConfigSchema.safeParse(json);
  if (!parsed.success) throw new AppError('DOCKER_SAVE_INVALID', `The image config of ${label} is malformed: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { ...damaged, details: { kind: 'config-malformed', image: label, reason: parsed.error.issues[0]?.message ?? 'invalid' } });
  return { bytes: entry.bytes, config: parsed.data };
}

/** The spooled layers in manifest order, each proven to be what the config's rootfs.diff_ids say. */
function matchLayers(entries: ReadonlyMap<string, SpooledEntry>, image: ArchiveImage, config: ImageConfig, label: string): SpooledLayer[] {
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== image.Layers.length) {
    throw new AppError('DIFF_ID_MISMATCH', `The config of ${label} lists ${diffIds.length} layers (rootfs.diff_ids) but the save archive holds ${image.Layers.length}`, { ...damaged, details: { kind: 'count', image: label, listed: diffIds.length, held: image.Layers.length } });
  }
  return image.Layers.map((path, i) => {
    const entry = lookupEntry(entries, path, label);
    if (entry.kind !== 'layer') {
      const why = entry.kind === 'skipped' ? entry.why : 'not a tar, tar+gzip or tar+zstd stream';
      throw new AppError('DOCKER_SAVE_INVALID', `Layer ${i + 1} of ${label} (${path}) is not a layer: ${why}`, { ...damaged, details: { kind: 'not-a-layer', image: label, layer: i + 1, path, reason: why } });
    }
    const promised = digestNamedBy(path);
    if (promised && promised !== entry.sourceDigest) {
      throw new AppError('DIGEST_MISMATCH', `Layer ${i + 1} of ${label} (${path}) has the digest ${entry.sourceDigest}`, { ...damaged, details: { kind: 'save-layer', image: label, layer: i + 1, path, digest: entry.sourceDigest } });
    }
    if (entry.diffId !== diffIds[i]) {
      throw new AppError('DIFF_ID_MISMATCH', `Layer ${i + 1} of ${label} (${path}) does not match its image config: its uncompressed content is ${entry.diffId}, rootfs.diff_ids[${i}] says ${diffIds[i]}`, { ...damaged, details: { kind: 'layer', image: label, layer: i + 1, path, diffId: entry.diffId, expected: diffIds[i] } });
    }
    return entry;
  });
}

function bufferSource(bytes: Buffer): BlobSource {
  return { open: async (offset) => Readable.from([bytes.subarray(offset)]) };
}

function fileSource(file: string): BlobSource {
  return { open: async (offset) => createReadStream(file, { start: offset }) };
}
