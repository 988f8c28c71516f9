import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import { AppError, CancelledError, isAbortError, messageOf, throwIfAborted, UsageError } from '../errors';
import { isDigest, parseReference, repositoryName, type ImageReference } from '../oci/reference';
import { noProgress, type ProgressSink } from '../progress';
import { ProgressTracker } from '../progress-tracker';
import { dockerFailure, engineMessage, engineStatus } from './engine-errors';
import { engineMessages, messageError, type EngineMessage } from './engine-messages';
import { notice } from '../messages/catalog';
import { explainPushFailure } from './push-errors';

export interface LoadArchiveOptions {
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ProgressSink | undefined;
  /** Bytes a streamed archive will deliver, for progress (a file's size is read from disk). */
  readonly size?: number | undefined;
}

export interface LoadArchiveResult {
  /** What the engine reports loading: references (`repo:tag`) or, for untagged images, `sha256:` IDs. */
  readonly loaded: string[];
}

const PROGRESS_INTERVAL_MS = 100;

/**
 * Loads a docker-archive tar into the engine (`docker load`): a file, or a stream factory (a
 * multi-volume bundle read as one stream). The engine's JSON stream is followed to its end so an
 * error it reports there fails the load.
 */
export async function loadArchive(docker: Docker, archive: string | (() => Readable), options: LoadArchiveOptions = {}): Promise<LoadArchiveResult> {
  const { signal } = options;
  throwIfAborted(signal);
  const label = typeof archive === 'string' ? archive : 'the archive stream';
  const size = typeof archive === 'string' ? await fileSize(archive) : options.size;
  const sink = options.onProgress ?? noProgress;
  let sent = 0;
  let lastReport = 0;
  const report = (force: boolean) => {
    const now = Date.now();
    if (!force && now - lastReport < PROGRESS_INTERVAL_MS) return;
    lastReport = now;
    sink({ phase: 'docker-load', item: label, itemBytesDone: sent, itemBytesTotal: size, bytesDone: sent, bytesTotal: size });
  };
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      sent += chunk.length;
      report(false);
      cb(null, chunk);
    },
  });
  const input = typeof archive === 'string' ? createReadStream(archive) : archive();
  // The archive's own failure (a missing volume, a read error) explains more than the broken upload it causes.
  let inputError: unknown;
  input.once('error', (e: unknown) => (inputError ??= e));
  void pipeline(input, counter).catch((e: unknown) => (inputError ??= e));
  const upload = new AbortController();
  const onAbort = () => upload.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const loaded: string[] = [];
  try {
    const response = (await docker.loadImage(counter, { quiet: true, abortSignal: upload.signal })) as Readable;
    for await (const m of engineMessages(response)) {
      const error = messageError(m);
      if (error) throw new AppError('DOCKER_LOAD_FAILED', `The Docker engine could not load ${label}: ${error}`, { hint: loadHint, details: { archive: label, reason: error } });
      const name = /^Loaded image(?: ID)?: (.+)$/.exec(m.stream?.trim() ?? '')?.[1];
      if (name && !loaded.includes(name)) loaded.push(name);
    }
    if (inputError !== undefined) throw inputError;
  } catch (e) {
    throw loadFailure(e, inputError, docker, label, signal);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    input.destroy();
    counter.destroy();
  }
  report(true);
  if (loaded.length === 0) throw new AppError('DOCKER_LOAD_FAILED', `The Docker engine loaded no image from ${label}`, { hint: loadHint, details: { archive: label, reason: 'no image loaded' } });
  return { loaded };
}

const loadHint = 'Check that it is a docker-archive (docker save, or a Higress Airgap bundle) and that it verified.';

function loadFailure(e: unknown, inputError: unknown, docker: Docker, label: string, signal: AbortSignal | undefined): AppError {
  if (signal?.aborted || isAbortError(e)) return new CancelledError();
  if (inputError !== undefined) {
    return inputError instanceof AppError ? inputError : new AppError('READ_FAILED', `Reading ${label} failed: ${messageOf(inputError)}`, { cause: inputError });
  }
  if (e instanceof AppError) return e;
  if (engineStatus(e) !== undefined) return new AppError('DOCKER_LOAD_FAILED', `The Docker engine could not load ${label}: ${engineMessage(e)}`, { hint: loadHint, cause: e, details: { archive: label, reason: engineMessage(e) } });
  return dockerFailure(e, docker, 'DOCKER_LOAD_FAILED', `The Docker engine could not load ${label}`, loadHint, { archive: label });
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') throw new UsageError(`${path} does not exist`, { hint: 'Give the path of a docker-archive tar or a bundle.', code: 'NOT_FOUND', details: { path } });
    throw new AppError('READ_FAILED', `Cannot read ${path}: ${messageOf(e)}`, { cause: e });
  }
}

export interface PushItem {
  /** An image in the engine: reference or ID. */
  readonly source: string;
  /** Where it goes: `registry[:port]/path:tag`. */
  readonly target: string;
}

export interface PushItemResult {
  readonly source: string;
  readonly target: string;
  /** The manifest digest the registry stored, as the engine reported it. */
  readonly digest?: string | undefined;
  readonly ok: boolean;
  /** Why it failed, with the next step when we know it (never the password). */
  readonly error?: string | undefined;
  /** The failure as a coded message (code, English message, hint, parameters). */
  readonly problem?: { readonly code: string; readonly message: string; readonly hint?: string | undefined; readonly details: Readonly<Record<string, unknown>> } | undefined;
}

export interface TagAndPushOptions {
  /** For the target registry; none for an anonymous push (a plain local registry). */
  readonly credentials?: { readonly username: string; readonly password: string } | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ProgressSink | undefined;
  /** The registry the credentials are for, as the engine expects it; default: each target's host. */
  readonly serverAddress?: string | undefined;
}

/**
 * Tags each image for its target and pushes it through the engine with the credentials, one after
 * the other. A failing image is reported and the others still go; only an unreachable engine or
 * cancellation stops the run.
 */
export async function tagAndPush(docker: Docker, items: readonly PushItem[], options: TagAndPushOptions = {}): Promise<PushItemResult[]> {
  const targets = items.map((item) => ({ item, ref: pushTarget(item.target) }));
  const tracker = new ProgressTracker(options.onProgress ?? noProgress, 'docker-push');
  const results: PushItemResult[] = [];
  for (const { item, ref } of targets) {
    throwIfAborted(options.signal);
    const result = await pushOne(docker, item, ref, tracker, options);
    tracker.note(notice(result.ok ? 'PROGRESS_DOCKER_PUSHED' : 'PROGRESS_DOCKER_PUSH_FAILED', { target: item.target }));
    results.push(result);
  }
  return results;
}

function pushTarget(target: string): ImageReference & { readonly tag: string } {
  const ref = parseReference(target);
  if (ref.digest !== undefined) throw new UsageError(`Push target ${target} names a digest`, { hint: 'Give a tag (registry/path:tag): the engine pushes tags.', code: 'DOCKER_TARGET_DIGEST', details: { target } });
  return { registry: ref.registry, repository: ref.repository, tag: ref.tag ?? 'latest' };
}

async function pushOne(docker: Docker, item: PushItem, ref: ImageReference & { readonly tag: string }, tracker: ProgressTracker, options: TagAndPushOptions): Promise<PushItemResult> {
  const { signal, credentials } = options;
  const repo = repositoryName(ref);
  const failed = (problem: NonNullable<PushItemResult['problem']>): PushItemResult => {
    const safe = { ...problem, message: redact(problem.message, credentials?.password), details: JSON.parse(redact(JSON.stringify(problem.details), credentials?.password)) as Record<string, unknown> };
    return { source: item.source, target: item.target, ok: false, error: safe.message, problem: safe };
  };
  try {
    await docker.getImage(item.source).tag({ repo, tag: ref.tag });
  } catch (e) {
    if (engineStatus(e) === undefined) throw dockerFailure(e, docker, 'DOCKER_ERROR', 'Tagging failed');
    return failed(engineStatus(e) === 404 ? notice('DOCKER_IMAGE_NOT_LOADED', { source: item.source, target: item.target }) : notice('DOCKER_TAG_FAILED', { source: item.source, target: item.target, reason: engineMessage(e) }));
  }
  const authconfig = credentials && {
    username: credentials.username,
    password: credentials.password,
    serveraddress: options.serverAddress ?? (ref.registry === 'docker.io' ? 'https://index.docker.io/v1/' : ref.registry),
  };
  let stream: Readable | undefined;
  let digest: string | undefined;
  try {
    stream = (await docker.getImage(repo).push({ tag: ref.tag, ...(authconfig ? { authconfig } : {}), ...(signal ? { abortSignal: signal } : {}) })) as Readable;
    for await (const m of engineMessages(stream)) {
      const error = messageError(m);
      if (error) return failed(explainPushFailure(error, item.target, ref.registry, credentials !== undefined));
      digest = pushedDigest(m) ?? digest;
      trackLayer(tracker, item.target, m);
    }
  } catch (e) {
    if (signal?.aborted || isAbortError(e)) throw new CancelledError();
    if (e instanceof AppError) return failed({ code: e.code, message: `Push of ${item.target} failed: ${e.message}`, hint: e.hint, details: { target: item.target, ...(e.details ?? {}) } });
    if (engineStatus(e) === undefined) throw dockerFailure(e, docker, 'DOCKER_ERROR', `Pushing ${item.target} failed`);
    return failed(explainPushFailure(engineMessage(e), item.target, ref.registry, credentials !== undefined));
  } finally {
    stream?.destroy();
  }
  return { source: item.source, target: item.target, ok: true, ...(digest ? { digest } : {}) };
}

/** The engine says `<tag>: digest: sha256:… size: N`, and newer ones also send it as aux. */
function pushedDigest(m: EngineMessage): string | undefined {
  const aux = m.aux?.Digest;
  if (typeof aux === 'string' && isDigest(aux)) return aux;
  return /digest: (sha(?:256:[a-f0-9]{64}|512:[a-f0-9]{128}))/.exec(m.status ?? '')?.[1];
}

function trackLayer(tracker: ProgressTracker, target: string, m: EngineMessage): void {
  if (!m.id) return;
  const key = `${target} ${m.id}`;
  const { current, total } = m.progressDetail ?? {};
  if (m.status === 'Pushing' && total !== undefined && total > 0) {
    tracker.add(key, total);
    if (current !== undefined) tracker.advance(key, current);
  } else if (m.status === 'Pushed' || m.status === 'Layer already exists' || m.status?.startsWith('Mounted from')) {
    tracker.complete(key);
  }
}

/** Belt and braces: the engine does not echo passwords, but nothing we return may carry one. */
function redact(message: string, secret: string | undefined): string {
  return secret ? message.split(secret).join('***') : message;
}
