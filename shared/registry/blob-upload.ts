import { Readable } from 'node:stream';
import { AppError, CancelledError } from '../errors';
import type { Descriptor } from '../oci/schemas';
import { backoffDelay, DEFAULT_RETRY, isRetryableNetworkError, sleep } from './retry';
import { pullScope, pushScope, type Scope } from './scope';
import { CHUNK_SIZE, MONOLITHIC_LIMIT, type BlobSource, type PushBlobOptions, type PushBlobResult, type RegistryRepository } from './repository';

/**
 * Blob upload, the distribution way: HEAD first (nothing to send if present), a cross-repository
 * mount when a sibling has it, else POST a session and PUT it in one go (small blobs) or PATCH it
 * in Content-Range chunks that an interrupted run can continue (large blobs). The registry checks
 * the digest when the upload is committed.
 */
/**
 * Pushes a blob unless present: cross-repo mount when possible, else a monolithic PUT (small
 * blobs) or resumable PATCH chunks (large ones). The registry checks the digest on commit.
 */
export async function uploadBlob(repo: RegistryRepository, desc: Pick<Descriptor, 'digest' | 'size'>, source: BlobSource, options: PushBlobOptions = {}): Promise<PushBlobResult> {
  const { signal } = options;
  if (await repo.hasBlob(desc.digest, desc.size, signal)) return 'exists';
  const what = `blob ${repo.name}@${desc.digest}`;
  let location = options.resumeUrl;
  if (!location) {
    for (const from of options.mountFrom ?? []) {
      if (from === repo.name) continue;
      const res = await repo.transport.request({
        method: 'POST',
        path: `/v2/${repo.name}/blobs/uploads/?mount=${encodeURIComponent(desc.digest)}&from=${encodeURIComponent(from)}`,
        scopes: [pushScope(repo.name), pullScope(from)],
        what: `mount of ${what} from ${from}`,
        retry: true,
        signal,
      });
      await res.body?.cancel().catch(() => undefined);
      if (res.status === 201) return 'mounted';
      // Not mounted: the answer opened an ordinary upload session (its Location may be relative).
      const next = res.headers.get('location');
      location = next ? absolute(repo, next) : undefined;
      break;
    }
  }
  const limit = options.monolithicLimit ?? MONOLITHIC_LIMIT;
  const policy = repo.transport.endpoint.retry ?? DEFAULT_RETRY;
  let resuming = options.resumeUrl !== undefined;
  for (let attempt = 1; ; attempt++) {
    const chunked = desc.size > limit || resuming;
    try {
      location ??= await startUpload(repo, signal);
      if (chunked) {
        // Each PATCH answers with the session's next URL; a retry must continue from the latest.
        const track = (url: string) => {
          location = url;
          options.onUploadUrl?.(url);
        };
        track(location);
        await putChunked(repo, location, desc, source, { ...options, onUploadUrl: track }, resuming || attempt > 1);
      } else {
        await putMonolithic(repo, location, desc, source, options);
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
      repo.transport.endpoint.onRetry?.({ attempt, reason: (e as Error).message, delayMs, what });
      await sleep(delayMs, signal);
      // A monolithic upload cannot continue: start a new session. A chunked one resumes from its status.
      if (expired || !chunked) {
        location = undefined;
        resuming = false;
      }
    }
  }
}

async function startUpload(repo: RegistryRepository, signal?: AbortSignal): Promise<string> {
  const res = await repo.transport.request({ method: 'POST', path: `/v2/${repo.name}/blobs/uploads/`, scopes: pushScopes(repo), what: `upload to ${repo.name}`, headers: { 'content-length': '0' }, retry: true, signal });
  await res.body?.cancel().catch(() => undefined);
  const location = res.headers.get('location');
  if (res.status !== 202 || !location) throw new AppError('REGISTRY_ERROR', `${repo.transport.host} did not start an upload to ${repo.name} (status ${res.status})`);
  return absolute(repo, location);
}

async function putMonolithic(repo: RegistryRepository, location: string, desc: Pick<Descriptor, 'digest' | 'size'>, source: BlobSource, options: PushBlobOptions): Promise<void> {
  // The registry checks the digest on commit (DIGEST_INVALID): no need to hash here as well.
  // A body is opened per attempt (a 401 makes the transport send the request again).
  const body = new BodyOpener(() => source.open(0, options.signal, { verify: false }), options.onBytes, 0);
  const res = await repo.transport
    .request({
      method: 'PUT',
      path: withDigest(location, desc.digest),
      scopes: pushScopes(repo),
      what: `upload of blob ${desc.digest} to ${repo.name}`,
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(desc.size) },
      body: () => body.open(),
      retry: false,
      signal: options.signal,
    })
    .catch(body.rethrowSourceFailure);
  await res.body?.cancel().catch(() => undefined);
  if (res.status !== 201) throw new AppError('REGISTRY_ERROR', `${repo.transport.host} did not accept blob ${desc.digest} (status ${res.status})`);
}

// PATCH chunks with Content-Range; on any failure the next attempt asks the upload status and
// continues after the last byte the registry has.
async function putChunked(repo: RegistryRepository, location: string, desc: Pick<Descriptor, 'digest' | 'size'>, source: BlobSource, options: PushBlobOptions, continuing: boolean): Promise<void> {
  const chunkSize = options.chunkSize ?? CHUNK_SIZE;
  let url = location;
  // A new session is empty; only a continued one asks the registry how far it got.
  let offset = continuing ? await uploadOffset(repo, url, options.signal) : 0;
  while (offset < desc.size) {
    const end = Math.min(desc.size, offset + chunkSize);
    const from = offset;
    const body = new BodyOpener(async () => limitStream(await source.open(from, options.signal), end - from), options.onBytes, from);
    const res = await repo.transport
      .request({
        method: 'PATCH',
        path: url,
        scopes: pushScopes(repo),
        what: `upload of blob ${desc.digest} to ${repo.name}`,
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(end - offset), 'content-range': `${offset}-${end - 1}` },
        body: () => body.open(),
        retry: false,
        signal: options.signal,
      })
      .catch(body.rethrowSourceFailure);
    await res.body?.cancel().catch(() => undefined);
    body.close();
    if (res.status !== 202) throw new AppError('REGISTRY_ERROR', `${repo.transport.host} refused a chunk of blob ${desc.digest} (status ${res.status})`);
    url = absolute(repo, res.headers.get('location') ?? url);
    options.onUploadUrl?.(url);
    offset = end;
  }
  const res = await repo.transport.request({ method: 'PUT', path: withDigest(url, desc.digest), scopes: pushScopes(repo), what: `commit of blob ${desc.digest} to ${repo.name}`, headers: { 'content-length': '0' }, retry: true, signal: options.signal });
  await res.body?.cancel().catch(() => undefined);
  if (res.status !== 201) throw new AppError('REGISTRY_ERROR', `${repo.transport.host} did not commit blob ${desc.digest} (status ${res.status})`);
}

/** How many bytes an upload session already holds (`Range: 0-<last>`). */
async function uploadOffset(repo: RegistryRepository, url: string, signal?: AbortSignal): Promise<number> {
  const res = await repo.transport.request({ method: 'GET', path: url, scopes: pushScopes(repo), what: `upload status of ${repo.name}`, accept: [404], signal });
  await res.body?.cancel().catch(() => undefined);
  if (res.status === 404) throw new AppError('REGISTRY_BLOB_UPLOAD_UNKNOWN', `The upload session on ${repo.transport.host} expired`);
  // distribution reports an empty session as "0-0" too: resending one byte is harmless, so 0-0 is 0.
  const range = res.headers.get('range');
  const m = range ? /^(?:bytes=)?0-(\d+)$/.exec(range) : null;
  const last = m ? Number(m[1]) : 0;
  return last === 0 ? 0 : last + 1;
}

function pushScopes(repo: RegistryRepository): Scope[] {
  return [pushScope(repo.name)];
}

function absolute(repo: RegistryRepository, location: string): string {
  return new URL(location, repo.transport.endpoint.baseUrl).toString();
}

function withDigest(location: string, digest: string): string {
  const u = new URL(location);
  u.searchParams.set('digest', digest);
  return u.toString();
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

/** Opens a fresh SourceBody for each send of a request (a 401 re-sends), closing the previous one. */
class BodyOpener {
  private stream: Readable | undefined;
  private body: SourceBody | undefined;

  constructor(
    private readonly openStream: () => Promise<Readable>,
    private readonly onBytes: ((n: number) => void) | undefined,
    private readonly base: number,
  ) {}

  async open(): Promise<BodyInit> {
    this.close();
    this.stream = await this.openStream();
    this.body = new SourceBody(this.stream, this.onBytes, this.base);
    return this.body.iterable() as unknown as BodyInit;
  }

  close(): void {
    this.stream?.destroy();
    this.stream = undefined;
  }

  /** The latest body's source failure (named as such), else the error itself. */
  readonly rethrowSourceFailure = (e: unknown): never => {
    this.close();
    if (this.body) return this.body.rethrowSourceFailure(e);
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
