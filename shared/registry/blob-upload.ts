import type { Readable } from 'node:stream';
import { AppError, CancelledError, throwIfAborted } from '../errors';
import type { Descriptor } from '../oci/schemas';
import { RegistryError } from './errors';
import { backoffDelay, DEFAULT_RETRY, isRetryableNetworkError, sleep } from './retry';
import { pullScope, pushScope, type Scope } from './scope';
import type { BlobSource, PushBlobOptions, PushBlobResult, UploadTarget } from './blob-types';

/**
 * Blob upload, the distribution way: HEAD first (nothing to send if present), a cross-repository
 * mount when a sibling has it, else POST a session and PUT it in one go (blobs that fit in one
 * request) or PATCH it in Content-Range chunks (larger ones). The registry checks the digest when
 * the upload is committed.
 *
 * After a failure a chunked upload asks the registry what the session holds (GET on the upload
 * URL, `Range: 0-<last>`) and continues from there. A registry may instead have dropped the
 * session: distribution 2.8 answers 404 BLOB_UPLOAD_INVALID for every later request once a
 * PATCH broke after some of its bytes were stored (the offset sealed in the URL's `_state` no
 * longer matches what it holds), and then everything sent in that session is gone. Requests are
 * therefore sized from the measured speed (upload-tuner.ts), and on cancel the request in flight
 * may finish (within a grace period) so that a later run can continue the session.
 */
export async function uploadBlob(repo: UploadTarget, desc: Pick<Descriptor, 'digest' | 'size'>, source: BlobSource, options: PushBlobOptions = {}): Promise<PushBlobResult> {
  const { signal } = options;
  if (await repo.hasBlob(desc.digest, desc.size, signal)) return 'exists';
  const what = `blob ${repo.name}@${desc.digest}`;
  let session: Session | undefined = options.resumeUrl ? { url: options.resumeUrl, held: undefined } : undefined;
  if (!session) {
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
      await discard(res);
      if (res.status === 201) return 'mounted';
      // Not mounted: the answer opened an ordinary, empty upload session (its Location may be relative).
      const next = res.headers.get('location');
      session = next ? { url: absolute(repo, next), held: 0 } : undefined;
      break;
    }
  }
  const tuner = repo.transport.uploads;
  const policy = repo.transport.endpoint.retry ?? DEFAULT_RETRY;
  const state: UploadState = { progressed: false, heldInSession: 0, failures: 0 };
  // Give up after `attempts` failures in a row that moved nothing forward, or after many failures in all.
  let failuresInARow = 0;
  for (;;) {
    throwIfAborted(signal);
    state.progressed = false;
    try {
      if (session && session.held === undefined) session = await sessionStatus(repo, session.url, what, state, signal);
      if (session?.held !== undefined && session.held > desc.size) {
        throw new AppError('REGISTRY_UPLOAD_RANGE', `${repo.transport.host} reports ${session.held} bytes of blob ${desc.digest}, which has ${desc.size}`, { details: { host: repo.transport.host, digest: desc.digest, held: session.held, expected: desc.size } });
      }
      session ??= { url: await startUpload(repo, signal), held: 0 };
      state.heldInSession = session.held ?? 0;
      const limit = options.monolithicLimit ?? tuner.chunkSize;
      if (desc.size <= limit && session.held === 0) {
        await putMonolithic(repo, session.url, desc, source, options);
      } else {
        await putChunked(repo, session, desc, source, options, state);
      }
      return 'uploaded';
    } catch (e) {
      if (signal?.aborted) throw new CancelledError();
      if ((e as { sourceFailure?: boolean }).sourceFailure) throw e;
      const temporary = isRetryableNetworkError(e) || (e as { temporary?: boolean }).temporary === true || (e as { resumable?: boolean }).resumable === true;
      state.failures++;
      failuresInARow = state.progressed ? 1 : failuresInARow + 1;
      if (!temporary || failuresInARow >= policy.attempts || state.failures >= policy.attempts * 4) throw e;
      const delayMs = backoffDelay(policy, failuresInARow);
      repo.transport.endpoint.onRetry?.({ attempt: state.failures, reason: (e as Error).message, delayMs, what });
      await sleep(delayMs, signal);
      // Ask the registry what the session holds before continuing; a monolithic PUT cannot continue.
      if (session) session = (e as { monolithic?: boolean }).monolithic ? undefined : { url: session.url, held: undefined };
    }
  }
}

/** An upload session: its latest URL and how many bytes the registry holds (undefined: ask). */
interface Session {
  url: string;
  held: number | undefined;
}

interface UploadState {
  /** The registry accepted something since the last failure. */
  progressed: boolean;
  /** Bytes the registry acknowledged in the current session (what is lost if it drops the session). */
  heldInSession: number;
  failures: number;
}

/** Opens an upload session in the repository; its absolute URL. */
export async function startUpload(repo: UploadTarget, signal?: AbortSignal): Promise<string> {
  const res = await repo.transport.request({ method: 'POST', path: `/v2/${repo.name}/blobs/uploads/`, scopes: pushScopes(repo), what: `upload to ${repo.name}`, headers: { 'content-length': '0' }, retry: true, signal });
  await discard(res);
  const location = res.headers.get('location');
  if (res.status !== 202 || !location) throw new AppError('REGISTRY_ERROR', `${repo.transport.host} did not start an upload to ${repo.name} (status ${res.status})`, { details: { kind: 'start', host: repo.transport.host, repository: repo.name, status: res.status } });
  return absolute(repo, location);
}

/** Cancels an upload session (DELETE on its URL); a registry that forgot it or cannot cancel is fine. */
export async function cancelUpload(repo: UploadTarget, url: string, signal?: AbortSignal): Promise<void> {
  const res = await repo.transport.request({ method: 'DELETE', path: url, scopes: pushScopes(repo), what: `cancelling an upload to ${repo.name}`, accept: [404, 405], signal }).catch(() => undefined);
  if (res) await discard(res);
}

/**
 * What the registry holds of an upload session (GET on its URL). A session the registry no longer
 * knows — expired, or dropped after a broken request — is reported through onRetry with the bytes
 * it cost, and the upload starts a new one.
 */
async function sessionStatus(repo: UploadTarget, url: string, what: string, state: UploadState, signal?: AbortSignal): Promise<Session | undefined> {
  const res = await repo.transport.request({ method: 'GET', path: url, scopes: pushScopes(repo), what: `upload status of ${what}`, accept: [400, 404, 416], signal });
  await discard(res);
  if (res.status === 204 || res.status === 200 || res.status === 202) {
    const held = rangeEnd(res.headers.get('range')) ?? 0;
    const next = res.headers.get('location');
    return { url: next ? absolute(repo, next) : url, held };
  }
  const lost = state.heldInSession;
  state.heldInSession = 0;
  repo.transport.endpoint.onRetry?.({
    attempt: state.failures,
    reason: lost > 0 ? `${repo.transport.host} dropped the upload session (status ${res.status}): the ${lost} bytes it held are sent again` : `${repo.transport.host} no longer knows the upload session (status ${res.status}): starting a new one`,
    delayMs: 0,
    what,
  });
  return undefined;
}

/** `Range: 0-<last>` → bytes held. distribution reports an empty session as "0-0" too: that is 0. */
function rangeEnd(range: string | null): number | undefined {
  const m = range ? /^(?:bytes=)?0-(\d+)$/.exec(range.trim()) : null;
  if (!m) return undefined;
  const last = Number(m[1]);
  return last === 0 ? 0 : last + 1;
}

async function putMonolithic(repo: UploadTarget, location: string, desc: Pick<Descriptor, 'digest' | 'size'>, source: BlobSource, options: PushBlobOptions): Promise<void> {
  // The registry checks the digest on commit (DIGEST_INVALID): no need to hash here as well.
  const res = await sendBody(repo, 'PUT', withDigest(location, desc.digest), desc, source, 0, desc.size, options, `upload of blob ${desc.digest} to ${repo.name}`).catch((e: unknown) => {
    throw markMonolithic(e);
  });
  await discard(res);
  if (res.status !== 201) throw markMonolithic(new AppError('REGISTRY_ERROR', `${repo.transport.host} did not accept blob ${desc.digest} (status ${res.status})`, { details: { kind: 'not-accepted', host: repo.transport.host, digest: desc.digest, status: res.status } }));
}

// PATCH chunks with Content-Range from what the session holds; the registry's Range answer says
// how far it got. A PATCH refused as out of order (416) makes the next attempt ask the status.
async function putChunked(repo: UploadTarget, session: Session, desc: Pick<Descriptor, 'digest' | 'size'>, source: BlobSource, options: PushBlobOptions, state: UploadState): Promise<void> {
  const tuner = repo.transport.uploads;
  let offset = session.held ?? 0;
  await options.onUploadUrl?.(session.url);
  while (offset < desc.size) {
    // A cancel stops between chunks; the chunk in flight was allowed to finish (see sendBody).
    throwIfAborted(options.signal);
    const length = Math.min(desc.size - offset, options.chunkSize ?? tuner.chunkSize);
    const res = await sendBody(repo, 'PATCH', session.url, desc, source, offset, length, options, `upload of blob ${desc.digest} to ${repo.name}`, {
      'content-range': `${offset}-${offset + length - 1}`,
    }).catch((e: unknown) => {
      if (e instanceof RegistryError && e.status === 416) throw Object.assign(e, { resumable: true });
      throw e;
    });
    await discard(res);
    if (res.status !== 202) throw new AppError('REGISTRY_ERROR', `${repo.transport.host} refused a chunk of blob ${desc.digest} (status ${res.status})`, { details: { kind: 'chunk-refused', host: repo.transport.host, digest: desc.digest, status: res.status, offset } });
    // What the registry says it holds wins over what we think we sent.
    const held = rangeEnd(res.headers.get('range')) ?? offset + length;
    // Less than before would repeat this chunk forever, more than sent is not possible.
    if (held > offset + length || held <= offset) {
      throw new AppError('REGISTRY_UPLOAD_RANGE', `${repo.transport.host} reports ${held} bytes of blob ${desc.digest} after a chunk ending at ${offset + length}`, { details: { host: repo.transport.host, digest: desc.digest, held, expected: offset + length } });
    }
    session.url = absolute(repo, res.headers.get('location') ?? session.url);
    session.held = held;
    state.heldInSession = held;
    state.progressed = true;
    offset = held;
    // Recorded before the next chunk, so a run that stops now continues from here.
    await options.onUploadUrl?.(session.url);
  }
  // The last chunk is in: commit even if a cancel came meanwhile (one small request, and the blob is done).
  const grace = graceful(options.signal, tuner.policy.graceMs);
  const res = await repo.transport
    .request({ method: 'PUT', path: withDigest(session.url, desc.digest), scopes: pushScopes(repo), what: `commit of blob ${desc.digest} to ${repo.name}`, headers: { 'content-length': '0' }, retry: true, signal: grace.signal })
    .finally(() => grace.done());
  await discard(res);
  if (res.status !== 201) throw new AppError('REGISTRY_ERROR', `${repo.transport.host} did not commit blob ${desc.digest} (status ${res.status})`, { details: { kind: 'not-committed', host: repo.transport.host, digest: desc.digest, status: res.status } });
}

/**
 * Sends bytes [offset, offset + length) of the blob as one request body. The speed is measured
 * for the tuner; a break lowers its ceiling. A cancel lets the request finish within the grace
 * period (what it carries is then kept by the registry), after which it is aborted.
 */
async function sendBody(
  repo: UploadTarget,
  method: 'PUT' | 'PATCH',
  url: string,
  desc: Pick<Descriptor, 'digest' | 'size'>,
  source: BlobSource,
  offset: number,
  length: number,
  options: PushBlobOptions,
  what: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  const tuner = repo.transport.uploads;
  const grace = graceful(options.signal, tuner.policy.graceMs);
  const body = new RequestBody(() => source.open(offset, grace.signal, { verify: false }), length, offset, options.onBytes, `${desc.digest} at byte ${offset}`);
  const started = Date.now();
  try {
    const res = await repo.transport.request({
      method,
      path: url,
      scopes: pushScopes(repo),
      what,
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(length), ...headers },
      body: () => body.open(),
      retry: false,
      signal: grace.signal,
    });
    if (res.status >= 200 && res.status < 300) tuner.measured(length, Date.now() - started);
    return res;
  } catch (e) {
    // Cut mid-body, or refused for its size or duration by something in between: send less per request.
    if (!options.signal?.aborted && (isRetryableNetworkError(e) || (e instanceof RegistryError && [408, 413, 502, 504].includes(e.status)))) tuner.broke(length);
    return body.rethrow(e);
  } finally {
    body.close();
    grace.done();
  }
}

/**
 * A signal that follows `signal` only after `graceMs`: the request in flight may finish what it
 * carries. Callers stop starting new requests as soon as `signal` fires.
 */
function graceful(signal: AbortSignal | undefined, graceMs: number): { signal: AbortSignal; done(): void } {
  const inner = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    timer = setTimeout(() => inner.abort(), graceMs);
  };
  if (signal?.aborted) inner.abort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: inner.signal,
    done: () => {
      signal?.removeEventListener('abort', onAbort);
      if (timer) clearTimeout(timer);
    },
  };
}

function pushScopes(repo: UploadTarget): Scope[] {
  return [pushScope(repo.name)];
}

function absolute(repo: UploadTarget, location: string): string {
  return new URL(location, repo.transport.endpoint.baseUrl).toString();
}

function withDigest(location: string, digest: string): string {
  const u = new URL(location);
  u.searchParams.set('digest', digest);
  return u.toString();
}

async function discard(res: Response): Promise<void> {
  await res.body?.cancel().catch(() => undefined);
}

function markMonolithic(e: unknown): unknown {
  if (e && typeof e === 'object' && !Object.isFrozen(e)) Object.defineProperty(e, 'monolithic', { value: true, configurable: true });
  return e;
}

/**
 * One request body: `length` bytes of a blob source, opened afresh for each send (a 401 makes the
 * transport send the request again). The source stream is listened to for 'error' from the moment
 * it is opened and destroyed when the request ends, whatever the way; a failure of the source
 * itself is remembered, so the error names the source that broke rather than the registry we
 * were sending to — and is not retried as an upload problem (the source retried its own reads).
 */
class RequestBody {
  private stream: Readable | undefined;
  private failure: unknown;
  /** Bytes handed to the request by the latest send. */
  sent = 0;

  constructor(
    private readonly openStream: () => Promise<Readable>,
    private readonly length: number,
    private readonly base: number,
    private readonly onBytes: ((n: number) => void) | undefined,
    private readonly label: string,
  ) {}

  async open(): Promise<ReadableStream<Uint8Array>> {
    this.close();
    this.sent = 0;
    let stream: Readable;
    try {
      stream = await this.openStream();
    } catch (e) {
      this.failure = e;
      throw e;
    }
    stream.on('error', (e) => {
      this.failure ??= e;
    });
    this.stream = stream;
    return pullStream(this.iterate(stream));
  }

  private async *iterate(stream: Readable): AsyncGenerator<Buffer> {
    let left = this.length;
    try {
      for await (const c of stream) {
        const b = c as Buffer;
        const piece = b.length > left ? b.subarray(0, left) : b;
        left -= piece.length;
        this.sent += piece.length;
        yield piece;
        this.onBytes?.(this.base + this.sent);
        if (left === 0) return;
      }
      if (left > 0) throw new AppError('TRUNCATED', `The source of blob ${this.label} ended ${left} bytes early`, { details: { blob: this.label, missing: left } });
    } catch (e) {
      this.failure ??= e;
      throw e;
    } finally {
      stream.destroy();
    }
  }

  close(): void {
    this.stream?.destroy();
    this.stream = undefined;
  }

  /** The source's failure (named as such) when the source broke, else the error itself. */
  rethrow(e: unknown): never {
    this.close();
    if (this.failure !== undefined && !isTeardown(this.failure)) throw markSourceFailure(this.failure);
    throw e;
  }
}

/**
 * The body as a web stream that reads the next chunk only when fetch asks for it (no queue of its
 * own). fetch takes an async iterable too, but copies every chunk of one into a new buffer.
 */
function pullStream(chunks: AsyncGenerator<Buffer>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

/** What a stream reports when it is torn down under a reader (the request ended first), not a failure of its own. */
function isTeardown(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  return code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ABORT_ERR';
}

function markSourceFailure(e: unknown): unknown {
  if (e && typeof e === 'object') Object.defineProperty(e, 'sourceFailure', { value: true, configurable: true });
  return e;
}
