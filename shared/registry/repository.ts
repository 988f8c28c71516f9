import { Readable } from 'node:stream';
import { AppError, CancelledError } from '../errors';
import { sha256Digest } from '../oci/digest';
import { MANIFEST_ACCEPT } from '../oci/media-types';
import { isDigest } from '../oci/reference';
import { parseManifestBytes, type Descriptor, type ParsedManifest } from '../oci/schemas';
import { readAll, SizeLimitStream, VerifyingStream } from '../stream/verify';
import { explainNetworkError } from './errors';
import { backoffDelay, DEFAULT_RETRY, isRetryableNetworkError, sleep } from './retry';
import { pullScope, pushScope, type Scope } from './scope';
import type { RegistryTransport } from './transport';

/** Manifests larger than this are refused (distribution's own limit is 4 MiB). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** Blobs at most this big go up in one PUT; larger ones in resumable PATCH chunks. */
export const MONOLITHIC_LIMIT = 64 * 1024 * 1024;
export const CHUNK_SIZE = 64 * 1024 * 1024;

/** Where a blob's bytes come from when pushing: reopenable at an offset for retries and resume. */
export interface BlobSource {
  open(offset: number, signal?: AbortSignal, options?: { readonly verify?: boolean }): Promise<Readable>;
}

export interface PushBlobOptions {
  readonly signal?: AbortSignal | undefined;
  /** Bytes sent (may repeat after a restart; callers keep the maximum). */
  readonly onBytes?: ((sentSoFar: number) => void) | undefined;
  /** Repositories on the same registry that may already hold the blob (cross-repo mount). */
  readonly mountFrom?: readonly string[] | undefined;
  readonly monolithicLimit?: number | undefined;
  readonly chunkSize?: number | undefined;
  /** Resume a chunked upload left by an interrupted run (from a job journal). */
  readonly resumeUrl?: string | undefined;
  /** Told the upload URL as soon as there is one, so a journal can record it. */
  readonly onUploadUrl?: ((url: string) => void) | undefined;
}

export type PushBlobResult = 'exists' | 'mounted' | 'uploaded';

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
      throw new AppError('TOO_LARGE', `${what} is ${declared} bytes, more than the ${MAX_MANIFEST_BYTES} allowed`);
    }
    const bytes = await readAll(bodyIterable(res), MAX_MANIFEST_BYTES, what);
    const digest = sha256Digest(bytes);
    if (isDigest(reference) && reference !== digest) {
      throw new AppError('DIGEST_MISMATCH', `${what}: the registry returned content with digest ${digest}`);
    }
    const header = res.headers.get('docker-content-digest');
    if (header && header.startsWith('sha256:') && header !== digest) {
      throw new AppError('DIGEST_MISMATCH', `${what}: Docker-Content-Digest ${header} does not match the content (${digest})`);
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
    if (reported && reported !== digest) throw new AppError('DIGEST_MISMATCH', `${this.transport.host}/${this.name}:${reference}: the registry stored the manifest as ${reported}, expected ${digest}`);
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
    const source = Readable.from(chunks(), { objectMode: false });
    source.on('error', (e) => checker.destroy(e));
    return source.pipe(checker);
  }

  /** Reads a small blob (a config) fully, verified. */
  async fetchBlobBytes(desc: Pick<Descriptor, 'digest' | 'size'>, limit: number, signal?: AbortSignal): Promise<Buffer> {
    if (desc.size > limit) throw new AppError('TOO_LARGE', `blob ${this.name}@${desc.digest} is ${desc.size} bytes, more than the ${limit} allowed here`);
    return readAll(this.openBlob(desc, { signal }), limit, `blob ${desc.digest}`);
  }

  /**
   * Pushes a blob unless present: cross-repo mount when possible, else a monolithic PUT (small
   * blobs) or resumable PATCH chunks (large ones). The registry checks the digest on commit.
   */
  async pushBlob(desc: Pick<Descriptor, 'digest' | 'size'>, source: BlobSource, options: PushBlobOptions = {}): Promise<PushBlobResult> {
    const { signal } = options;
    if (await this.hasBlob(desc.digest, desc.size, signal)) return 'exists';
    const what = `blob ${this.name}@${desc.digest}`;
    let location = options.resumeUrl;
    if (!location) {
      for (const from of options.mountFrom ?? []) {
        if (from === this.name) continue;
        const res = await this.transport.request({
          method: 'POST',
          path: `/v2/${this.name}/blobs/uploads/?mount=${encodeURIComponent(desc.digest)}&from=${encodeURIComponent(from)}`,
          scopes: [pushScope(this.name), pullScope(from)],
          what: `mount of ${what} from ${from}`,
          retry: true,
          signal,
        });
        await res.body?.cancel().catch(() => undefined);
        if (res.status === 201) return 'mounted';
        location = res.headers.get('location') ?? undefined;
        break;
      }
    }
    const limit = options.monolithicLimit ?? MONOLITHIC_LIMIT;
    const policy = this.transport.endpoint.retry ?? DEFAULT_RETRY;
    let resuming = options.resumeUrl !== undefined;
    for (let attempt = 1; ; attempt++) {
      const chunked = desc.size > limit || resuming;
      try {
        location ??= await this.startUpload(signal);
        if (chunked) {
          // Each PATCH answers with the session's next URL; a retry must continue from the latest.
          const track = (url: string) => {
            location = url;
            options.onUploadUrl?.(url);
          };
          track(location);
          await this.putChunked(location, desc, source, { ...options, onUploadUrl: track }, resuming || attempt > 1);
        } else {
          await this.putMonolithic(location, desc, source, options);
        }
        return 'uploaded';
      } catch (e) {
        if (signal?.aborted) throw new CancelledError();
        if ((e as { sourceFailure?: boolean }).sourceFailure) throw e;
        // The registry forgot the session (expired, or the registry restarted): start a new one.
        const expired = (e as { code?: string }).code === 'REGISTRY_BLOB_UPLOAD_UNKNOWN';
        const transient = expired || isRetryableNetworkError(e) || (e as { temporary?: boolean }).temporary === true;
        if (!transient || attempt >= policy.attempts) throw e;
        const delayMs = expired ? 0 : backoffDelay(policy, attempt);
        this.transport.endpoint.onRetry?.({ attempt, reason: (e as Error).message, delayMs, what });
        await sleep(delayMs, signal);
        // A monolithic upload cannot continue: start a new session. A chunked one resumes from its status.
        if (expired || !chunked) {
          location = undefined;
          resuming = false;
        }
      }
    }
  }

  private async startUpload(signal?: AbortSignal): Promise<string> {
    const res = await this.transport.request({ method: 'POST', path: `/v2/${this.name}/blobs/uploads/`, scopes: this.push, what: `upload to ${this.name}`, headers: { 'content-length': '0' }, retry: true, signal });
    await res.body?.cancel().catch(() => undefined);
    const location = res.headers.get('location');
    if (res.status !== 202 || !location) throw new AppError('REGISTRY_ERROR', `${this.transport.host} did not start an upload to ${this.name} (status ${res.status})`);
    return this.absolute(location);
  }

  private async putMonolithic(location: string, desc: Pick<Descriptor, 'digest' | 'size'>, source: BlobSource, options: PushBlobOptions): Promise<void> {
    // The registry checks the digest on commit (DIGEST_INVALID): no need to hash here as well.
    const body = new SourceBody(await source.open(0, options.signal, { verify: false }), options.onBytes, 0);
    const res = await this.transport
      .request({
        method: 'PUT',
        path: withDigest(location, desc.digest),
        scopes: this.push,
        what: `upload of blob ${desc.digest} to ${this.name}`,
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(desc.size) },
        body: () => body.iterable() as unknown as BodyInit,
        retry: false,
        signal: options.signal,
      })
      .catch(body.rethrowSourceFailure);
    await res.body?.cancel().catch(() => undefined);
    if (res.status !== 201) throw new AppError('REGISTRY_ERROR', `${this.transport.host} did not accept blob ${desc.digest} (status ${res.status})`);
  }

  // PATCH chunks with Content-Range; on any failure the next attempt asks the upload status and
  // continues after the last byte the registry has.
  private async putChunked(location: string, desc: Pick<Descriptor, 'digest' | 'size'>, source: BlobSource, options: PushBlobOptions, continuing: boolean): Promise<void> {
    const chunkSize = options.chunkSize ?? CHUNK_SIZE;
    let url = location;
    // A new session is empty; only a continued one asks the registry how far it got.
    let offset = continuing ? await this.uploadOffset(url, options.signal) : 0;
    while (offset < desc.size) {
      const end = Math.min(desc.size, offset + chunkSize);
      const stream = await source.open(offset, options.signal);
      const part = limitStream(stream, end - offset);
      const body = new SourceBody(part, options.onBytes, offset);
      const res = await this.transport
        .request({
          method: 'PATCH',
          path: url,
          scopes: this.push,
          what: `upload of blob ${desc.digest} to ${this.name}`,
          headers: { 'content-type': 'application/octet-stream', 'content-length': String(end - offset), 'content-range': `${offset}-${end - 1}` },
          body: () => body.iterable() as unknown as BodyInit,
          retry: false,
          signal: options.signal,
        })
        .catch(body.rethrowSourceFailure);
      await res.body?.cancel().catch(() => undefined);
      stream.destroy();
      if (res.status !== 202) throw new AppError('REGISTRY_ERROR', `${this.transport.host} refused a chunk of blob ${desc.digest} (status ${res.status})`);
      url = this.absolute(res.headers.get('location') ?? url);
      options.onUploadUrl?.(url);
      offset = end;
    }
    const res = await this.transport.request({ method: 'PUT', path: withDigest(url, desc.digest), scopes: this.push, what: `commit of blob ${desc.digest} to ${this.name}`, headers: { 'content-length': '0' }, retry: true, signal: options.signal });
    await res.body?.cancel().catch(() => undefined);
    if (res.status !== 201) throw new AppError('REGISTRY_ERROR', `${this.transport.host} did not commit blob ${desc.digest} (status ${res.status})`);
  }

  /** How many bytes an upload session already holds (`Range: 0-<last>`). */
  private async uploadOffset(url: string, signal?: AbortSignal): Promise<number> {
    const res = await this.transport.request({ method: 'GET', path: url, scopes: this.push, what: `upload status of ${this.name}`, accept: [404], signal });
    await res.body?.cancel().catch(() => undefined);
    if (res.status === 404) throw new AppError('REGISTRY_BLOB_UPLOAD_UNKNOWN', `The upload session on ${this.transport.host} expired`);
    // distribution reports an empty session as "0-0" too: resending one byte is harmless, so 0-0 is 0.
    const range = res.headers.get('range');
    const m = range ? /^(?:bytes=)?0-(\d+)$/.exec(range) : null;
    const last = m ? Number(m[1]) : 0;
    return last === 0 ? 0 : last + 1;
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

  private absolute(location: string): string {
    return new URL(location, this.transport.endpoint.baseUrl).toString();
  }
}

function withDigest(location: string, digest: string): string {
  const u = new URL(location);
  u.searchParams.set('digest', digest);
  return u.toString();
}

/** Parses `Link: </v2/x/tags/list?last=a&n=1000>; rel="next"` into an absolute URL on the same host. */
export function nextLink(link: string | null, current: string): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part.trim());
    if (m?.[1]) {
      const next = new URL(m[1], current);
      if (next.host !== new URL(current).host) return undefined;
      return next.toString();
    }
  }
  return undefined;
}

function bodyIterable(res: Response): AsyncIterable<Uint8Array> {
  if (!res.body) return (async function* () {})();
  return res.body as unknown as AsyncIterable<Uint8Array>;
}

/**
 * An upload body read from a blob source. Counts bytes as they are sent (`base` is where this body
 * starts within the blob) and remembers a failure of the source itself, so the error names the
 * source that broke rather than the registry we were sending to — and is not retried as an upload
 * problem (the source already retried its own reads).
 */
class SourceBody {
  private failure: unknown;

  constructor(
    private readonly stream: Readable,
    private readonly onBytes: ((n: number) => void) | undefined,
    private readonly base: number,
  ) {}

  async *iterable(): AsyncGenerator<Buffer> {
    let sent = this.base;
    try {
      for await (const c of this.stream) {
        sent += (c as Buffer).length;
        yield c as Buffer;
        this.onBytes?.(sent);
      }
    } catch (e) {
      this.failure = e;
      throw e;
    }
  }

  readonly rethrowSourceFailure = (e: unknown): never => {
    if (this.failure !== undefined) throw markSourceFailure(this.failure);
    throw e;
  };
}

function markSourceFailure(e: unknown): unknown {
  if (e && typeof e === 'object') Object.defineProperty(e, 'sourceFailure', { value: true });
  return e;
}

/** The first `n` bytes of a stream. */
function limitStream(stream: Readable, n: number): Readable {
  return Readable.from(
    (async function* () {
      let left = n;
      for await (const c of stream) {
        const b = c as Buffer;
        if (b.length >= left) {
          yield b.subarray(0, left);
          return;
        }
        left -= b.length;
        yield b;
      }
    })(),
  );
}
