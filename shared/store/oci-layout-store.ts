import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline as pipelineCb } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors';
import { digestHex, sha256Digest } from '../oci/digest';
import { Annotation, MediaType } from '../oci/media-types';
import { isDigest } from '../oci/reference';
import { indexSchema, parseManifestBytes, type Descriptor, type Index, type ParsedManifest } from '../oci/schemas';
import { readAll, VerifyingStream } from '../stream/verify';
import type { BlobPushOptions, BlobPushResult, BlobSource, ContentStore } from './content-store';

/**
 * An OCI image layout folder (`oci-layout`, `index.json`, `blobs/sha256/…`). Blobs are written
 * under a temporary name and renamed only once their digest is proven; index.json is replaced
 * atomically. Tags are `org.opencontainers.image.ref.name` annotations.
 */
export class OciLayoutStore implements ContentStore {
  private indexLock: Promise<unknown> = Promise.resolve();

  constructor(readonly dir: string) {}

  get label(): string {
    return `layout ${this.dir}`;
  }

  private blobPath(digest: string): string {
    if (!isDigest(digest)) throw new AppError('BAD_DIGEST', `Invalid digest ${digest}`, { details: { kind: 'invalid', digest } });
    return join(this.dir, 'blobs', digest.slice(0, digest.indexOf(':')), digestHex(digest));
  }

  async init(): Promise<void> {
    await mkdir(join(this.dir, 'blobs', 'sha256'), { recursive: true });
    await writeFile(join(this.dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    try {
      await stat(join(this.dir, 'index.json'));
    } catch {
      await this.writeIndex({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] });
    }
  }

  async readIndex(): Promise<Index> {
    const text = await readFile(join(this.dir, 'index.json'), 'utf8');
    const parsed = indexSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new AppError('BAD_LAYOUT', `${this.dir}/index.json is malformed`, { details: { folder: this.dir } });
    return parsed.data;
  }

  private async writeIndex(index: Index): Promise<void> {
    const file = join(this.dir, 'index.json');
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(tmp, JSON.stringify(index));
    await rename(tmp, file);
  }

  async resolve(reference: string): Promise<ParsedManifest> {
    if (isDigest(reference)) {
      const index = await this.readIndex();
      const d = index.manifests.find((m) => m.digest === reference);
      return this.fetchManifest(d ?? { mediaType: MediaType.ociManifest, digest: reference, size: (await stat(this.blobPath(reference))).size });
    }
    const index = await this.readIndex();
    const found = index.manifests.find((m) => m.annotations?.[Annotation.refName] === reference);
    if (!found) throw new AppError('NOT_FOUND', `${reference} is not in ${this.label}`);
    return this.fetchManifest(found);
  }

  async fetchManifest(desc: Descriptor): Promise<ParsedManifest> {
    const bytes = await readFile(this.blobPath(desc.digest));
    if (sha256Digest(bytes) !== desc.digest) throw new AppError('DIGEST_MISMATCH', `${this.label}: blob ${desc.digest} is damaged`, { details: { kind: 'blob-damaged', source: this.label, digest: desc.digest } });
    return parseManifestBytes(bytes, desc.digest, desc.mediaType);
  }

  blobSource(desc: Descriptor): BlobSource {
    return {
      open: async (offset, _signal, options) => {
        const s = createReadStream(this.blobPath(desc.digest), { start: offset });
        if (offset !== 0 || options?.verify === false) return s;
        // pipeline, not pipe: a read error reaches the reader, and a reader that stops closes the file.
        const verified = new VerifyingStream(desc.digest, desc.size, `${this.label} blob ${desc.digest}`);
        pipelineCb(s, verified, () => undefined);
        return verified;
      },
    };
  }

  async hasBlob(desc: Descriptor): Promise<boolean> {
    try {
      return (await stat(this.blobPath(desc.digest))).size === desc.size;
    } catch {
      return false;
    }
  }

  hasManifest(desc: Descriptor): Promise<boolean> {
    return this.hasBlob(desc);
  }

  async pushBlob(desc: Descriptor, source: BlobSource, options: BlobPushOptions = {}): Promise<BlobPushResult> {
    if (await this.hasBlob(desc)) return 'exists';
    const final = this.blobPath(desc.digest);
    const tmp = `${final}.${randomBytes(6).toString('hex')}.tmp`;
    let sent = 0;
    try {
      const input = await source.open(0, options.signal);
      const verify = new VerifyingStream(desc.digest, desc.size, `blob ${desc.digest}`, (n) => {
        sent += n;
        options.onBytes?.(sent);
      });
      await pipeline(input, verify, createWriteStream(tmp), options.signal ? { signal: options.signal } : {});
      await rename(tmp, final);
      return 'uploaded';
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
  }

  async pushManifest(desc: Descriptor, bytes: Uint8Array): Promise<void> {
    if (sha256Digest(bytes) !== desc.digest) throw new AppError('DIGEST_MISMATCH', `manifest bytes do not match ${desc.digest}`, { details: { kind: 'manifest-bytes', digest: desc.digest } });
    const final = this.blobPath(desc.digest);
    const tmp = `${final}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, final);
  }

  async tag(desc: Descriptor, bytes: Uint8Array, reference: string): Promise<void> {
    await this.pushManifest(desc, bytes);
    const run = this.indexLock.then(async () => {
      const index = await this.readIndex();
      const manifests = index.manifests.filter((m) => m.annotations?.[Annotation.refName] !== reference);
      manifests.push({ mediaType: desc.mediaType, digest: desc.digest, size: desc.size, annotations: { [Annotation.refName]: reference } });
      await this.writeIndex({ ...index, manifests });
    });
    this.indexLock = run.catch(() => undefined);
    await run;
  }

  /** Reads a whole blob (small ones: configs). */
  async readBlob(digest: string, limit = 16 * 1024 * 1024): Promise<Buffer> {
    return readAll(createReadStream(this.blobPath(digest)), limit, `blob ${digest}`);
  }
}
