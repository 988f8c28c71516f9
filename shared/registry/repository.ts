import { pipeline, Readable } from 'node:stream';
import { AppError, CancelledError } from '../errors';
import { sha256Digest } from '../oci/digest';
import { MANIFEST_ACCEPT } from '../oci/media-types';
import { isDigest } from '../oci/reference';
import { parseManifestBytes, type Descriptor, type ParsedManifest } from '../oci/schemas';
import { readAll, SizeLimitStream, VerifyingStream } from '../stream/verify';
import { explainNetworkError } from './errors';
import { backoffDelay, DEFAULT_RETRY, isRetryableNetworkError, sleep } from './retry';
import { pullScope, pushScope, type Scope } from './scope';
import type { BlobSource, PushBlobOptions, PushBlobResult } from './blob-types';
import { cancelUpload, startUpload, uploadBlob } from './blob-upload';
import type { RegistryTransport } from './transport';

/** Manifests larger than this are refused (distribution's own limit is 4 MiB). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
export type { BlobSource, PushBlobOptions, PushBlobResult } from './blob-types';

/** One repository on a registry: manifests, blobs, tags. One small method per protocol operation. */
export class RegistryRepository {
  constructor(
    readonly transport: RegistryTransport,
    readonly name: string,
  ) {}

  private get pull(): Scope[] {
    return [pullScope(this.name)];
  }

  private get push(): Scope[] {
    return [pushScope(this.name)];
  }

  /** GET a manifest or index; the raw bytes are kept and their digest checked. */
  async getManifest(reference: string, signal?: AbortSignal): Promise<ParsedManifest> {
    const what = `manifest ${this.name}${isDigest(reference) ? '@' : ':'}${reference}`;
    const res = await this.transport.request({ method: 'GET', path: `/v2/${this.name}/manifests/${reference}`, scopes: this.pull, what, headers: { accept: MANIFEST_ACCEPT }, signal });
    const declared = Number(res.headers.get('content-length') ?? '0');
    if (declared > MAX_MANIFEST_BYTES) {
      await res.body?.cancel();
      throw new AppError('TOO_LARGE', `${what} is ${declared} bytes, more than the ${MAX_MANIFEST_BYTES} allowed`, { details: { kind: 'declared', file: what, size: declared, limit: MAX_MANIFEST_BYTES } });
    }
    const bytes = await readAll(bodyIterable(res), MAX_MANIFEST_BYTES, what);
    const digest = sha256Digest(bytes);
    if (isDigest(reference) && reference !== digest) {
      throw new AppError('DIGEST_MISMATCH', `${what}: the registry returned content with digest ${digest}`, { details: { kind: 'registry-content', what, digest } });
    }
    const header = res.headers.get('docker-content-digest');
    if (header && header.startsWith('sha256:') && header !== digest) {
      throw new AppError('DIGEST_MISMATCH', `${what}: Docker-Content-Digest ${header} does not match the content (${digest})`, { details: { kind: 'registry-header', what, header, digest } });
    }
    const contentType = res.headers.get('content-type')?.split(';')[0]?.trim();
    return parseManifestBytes(bytes, digest, contentType);
  }

  /** HEAD a manifest: its descriptor, or undefined when it does not exist. */
  async headManifest(reference: string, signal?: AbortSignal): Promise<Descriptor | undefined> {
    const res = await this.transport.request({ method: 'HEAD', path: `/v2/${this.name}/manifests/${reference}`, scopes: this.pull, what: `manifest ${this.name}:${reference}`, headers: { accept: MANIFEST_ACCEPT }, accept: [404], signal });
    if (res.status === 404) return undefined;
    const digest = res.headers.get('docker-content-digest');
    const mediaType = res.headers.get('content-type')?.split(';')[0]?.trim();
    const size = Number(res.headers.get('content-length') ?? '-1');
    if (!digest || !isDigest(digest) || !mediaType || size < 0) {
      // Some registries omit the digest on HEAD: fall back to GET.
      const m = await this.getManifest(reference, signal);
      return { mediaType: m.mediaType, digest: m.digest, size: m.bytes.length };
    }
    return { mediaType, digest, size };
  }

  /** PUT manifest bytes exactly as given (never re-serialised); returns the digest the registry reports. */
  async putManifest(reference: string, bytes: Uint8Array, mediaType: string, signal?: AbortSignal): Promise<string> {
    const digest = sha256Digest(bytes);
    const res = await this.transport.request({
      method: 'PUT',
      path: `/v2/${this.name}/manifests/${reference}`,
      scopes: this.push,
      what: `manifest ${this.name}:${reference}`,
      headers: { 'content-type': mediaType, 'content-length': String(bytes.length) },
      body: () => Buffer.from(bytes),
      retry: true,
      signal,
    });
    await res.body?.cancel().catch(() => undefined);
    const reported = res.headers.get('docker-content-digest');
    if (reported && reported !== digest) throw new AppError('DIGEST_MISMATCH', `${this.transport.host}/${this.name}:${reference}: the registry stored the manifest as ${reported}, expected ${digest}`, { details: { kind: 'registry-stored', what: `${this.transport.host}/${this.name}:${reference}`, reported, digest } });
    return digest;
  }

  async hasBlob(digest: string, size?: number, signal?: AbortSignal): Promise<boolean> {
    const res = await this.transport.request({ method: 'HEAD', path: `/v2/${this.name}/blobs/${digest}`, scopes: this.pull, what: `blob ${this.name}@${digest}`, accept: [404], signal });
    if (res.status === 404) return false;
    const length = res.headers.get('content-length');
    return size === undefined || length === null || Number(length) === size;
  }

  /**
   * Streams a blob, verifying size and digest while reading. A connection cut mid-blob is resumed
   * with a Range request from where it stopped (when the registry supports ranges).
   */
  openBlob(desc: Pick<Descriptor, 'digest' | 'size'>, options: { signal?: AbortSignal | undefined; onBytes?: ((n: number) => void) | undefined; offset?: number; verify?: boolean | undefined } = {}): Readable {
    const transport = this.transport;
    const name = this.name;
    const what = `blob ${name}@${desc.digest}`;
    const policy = transport.endpoint.retry ?? DEFAULT_RETRY;
    const start = options.offset ?? 0;
    async function* chunks(): AsyncGenerator<Buffer> {
      let offset = start;
      for (let attempt = 1; ; attempt++) {
        const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
        const res = await transport.request({ method: 'GET', path: `/v2/${name}/blobs/${desc.digest}`, scopes: [pullScope(name)], what, headers, accept: [206], signal: options.signal });
        if (offset > 0 && res.status !== 206) {
          await res.body?.cancel().catch(() => undefined);
          throw new AppError('NET_RESET', `${what}: the connection broke at byte ${offset} and ${transport.host} cannot resume (no range support)`);
        }
        try {
          for await (const c of bodyIterable(res)) {
            offset += c.length;
            yield Buffer.from(c.buffer, c.byteOffset, c.byteLength);
          }
          return;
        } catch (e) {
          if (options.signal?.aborted) throw new CancelledError();
          if (!isRetryableNetworkError(e) || attempt >= policy.attempts) throw explainNetworkError(e, transport.host, transport.url(`/v2/${name}/blobs/${desc.digest}`));
          const delayMs = backoffDelay(policy, attempt);
          transport.endpoint.onRetry?.({ attempt, reason: `connection broke at byte ${offset}`, delayMs, what });
          await sleep(delayMs, options.signal);
        }
      }
    }
    // From an offset the digest cannot be checked here; the registry we push to checks it on commit.
    const checker = start > 0 || options.verify === false ? new SizeLimitStream(desc.size - start, what, options.onBytes) : new VerifyingStream(desc.digest, desc.size, what, options.onBytes);
    // pipeline: a source error fails the checker, and a consumer that stops reading (destroys the
    // checker) ends the request too, instead of leaving it open with nobody listening.
    pipeline(Readable.from(chunks(), { objectMode: false }), checker, () => undefined);
    return checker;
  }

  /**
   * Pushes a blob unless present: cross-repo mount when possible, else a monolithic PUT (small
   * blobs) or resumable PATCH chunks (large ones). See blob-upload.ts.
   */
  pushBlob(desc: Pick<Descriptor, 'digest' | 'size'>, source: BlobSource, options: PushBlobOptions = {}): Promise<PushBlobResult> {
    return uploadBlob(this, desc, source, options);
  }

  /**
   * Opens an upload in this repository and cancels it: proves the right to push without writing
   * anything (the connection test's last step).
   */
  async checkPushRight(signal?: AbortSignal): Promise<void> {
    const url = await startUpload(this, signal);
    await cancelUpload(this, url, signal);
  }

  /** All tags, following `Link` pagination. */
  async listTags(signal?: AbortSignal, pageSize = 1000): Promise<string[]> {
    const tags: string[] = [];
    let path: string | undefined = `/v2/${this.name}/tags/list?n=${pageSize}`;
    for (let page = 0; path && page < 1000; page++) {
      const res: Response = await this.transport.request({ method: 'GET', path, scopes: this.pull, what: `tags of ${this.name}`, accept: [404], signal });
      if (res.status === 404) {
        await res.body?.cancel().catch(() => undefined);
        return tags;
      }
      const body = JSON.parse((await readAll(bodyIterable(res), 16 * 1024 * 1024, `tags of ${this.name}`)).toString('utf8')) as { tags?: unknown };
      if (Array.isArray(body.tags)) for (const t of body.tags) if (typeof t === 'string') tags.push(t);
      path = nextLink(res.headers.get('link'), this.transport.url(path));
    }
    return tags;
  }
}

/** Parses `Link: </v2/x/tags/list?last=a&n=1000>; rel="next"` into an absolute URL on the same host. */
export function nextLink(link: string | null, current: string): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part.trim());
    if (m?.[1]) {
      const next = new URL(m[1], current);
      if (next.origin !== new URL(current).origin) return undefined;
      return next.toString();
    }
  }
  return undefined;
}

function bodyIterable(res: Response): AsyncIterable<Uint8Array> {
  if (!res.body) return (async function* () {})();
  return res.body as unknown as AsyncIterable<Uint8Array>;
}
