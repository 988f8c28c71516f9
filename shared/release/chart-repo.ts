import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import { parse } from 'yaml';
import { defaultChartRepository, releaseCharts } from '../catalog/release-parts';
import { AppError, throwIfAborted } from '../errors';
import { renderError } from '../messages/catalog';

/**
 * Reads a Helm chart repository (`index.yaml` + `.tgz`, as `helm repo index` writes it) on the
 * connected side: the index is untrusted input (size cap, alias cap, only http(s), bounded
 * redirects), and each chart package is hashed while it streams to disk and kept only when its
 * SHA-256 equals the `digest` the index gives.
 */

/** The official index lists every version of every Higress chart; a few MiB. */
export const MAX_INDEX_BYTES = 16 * 1024 * 1024;
/** Helm's own limit on a chart archive's decompressed size is 100 MiB; a packaged Higress chart is well under 1 MiB. */
export const MAX_CHART_BYTES = 32 * 1024 * 1024;
export const MAX_REDIRECTS = 5;
/** Aliases the index may expand (helm never writes any). */
export const MAX_INDEX_ALIASES = 100;

export interface ChartIndexEntry {
  readonly name: string;
  readonly version: string;
  readonly appVersion: string | undefined;
  /** SHA-256 hex of the .tgz as the index gives it (`digest`), or undefined. */
  readonly digest: string | undefined;
  readonly urls: readonly string[];
}

export interface ChartIndex {
  /** The repository URL, ending in `/`. */
  readonly repo: string;
  /** The final URL the index was read from (after redirects). */
  readonly indexUrl: string;
  readonly entries: ReadonlyMap<string, readonly ChartIndexEntry[]>;
}

export interface ChartWanted {
  readonly name: string;
  readonly version: string;
}

export interface DownloadedChart {
  readonly name: string;
  readonly version: string;
  /** File name under the destination folder: `<name>-<version>.tgz`. */
  readonly file: string;
  readonly path: string;
  /** `sha256:<hex>` of the file, equal to the index's digest. */
  readonly digest: string;
  readonly size: number;
  /** Where it was downloaded from (after redirects). */
  readonly url: string;
}

export interface ChartRepoOptions {
  readonly fetch?: typeof globalThis.fetch | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Shown in CHART_NOT_IN_INDEX (the official repository). */
  readonly official?: string | undefined;
}

/** An error whose message and hint are the catalog's English text (release area). */
function fail(code: string, details: Record<string, unknown>, cause?: unknown): AppError {
  const r = renderError({ code, message: code, details }, 'en', 'cli');
  return new AppError(code, r.message, { hint: r.hint, details, cause });
}

/** `https://host/path` → `https://host/path/`; refuses anything but http(s) and credentials in the URL. */
export function normaliseRepoUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw fail('CHART_REPO_URL_INVALID', { url: input });
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) throw fail('CHART_REPO_URL_INVALID', { url: url.protocol === 'http:' || url.protocol === 'https:' ? `${url.protocol}//${url.host}${url.pathname}` : input });
  url.hash = '';
  url.search = '';
  // A URL that names index.yaml itself is taken as its folder.
  url.pathname = url.pathname.replace(/\/index\.yaml$/, '/');
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.toString();
}

/** GET with manual, bounded redirects to http(s) only. */
async function get(url: string, accept: string, options: ChartRepoOptions): Promise<{ response: Response; finalUrl: string }> {
  const fetcher = options.fetch ?? globalThis.fetch;
  let current = url;
  for (let hop = 0; ; hop++) {
    throwIfAborted(options.signal);
    let response: Response;
    try {
      response = await fetcher(current, { redirect: 'manual', signal: options.signal ?? null, headers: { accept } });
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e;
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw fail('CHART_REPO_UNREACHABLE', { url: current, reason: cause?.code ?? cause?.message ?? (e as Error).message }, e);
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw fail('CHART_REPO_TOO_MANY_REDIRECTS', { url, limit: MAX_REDIRECTS });
      const next = new URL(location, current);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') throw fail('CHART_REPO_BAD_REDIRECT', { url: current, location: next.protocol });
      current = next.toString();
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw fail('CHART_REPO_UNREACHABLE', { url: current, reason: `HTTP ${response.status}` });
    }
    return { response, finalUrl: current };
  }
}

/** Streams a body, refusing it past `limit` bytes (declared or counted). */
async function* capped(response: Response, url: string, limit: number, code: string): AsyncGenerator<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel();
    throw fail(code, { url, limit, size: declared });
  }
  if (!response.body) return;
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > limit) throw fail(code, { url, limit, size });
    yield chunk;
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** Reads and checks `<repo>/index.yaml`. */
export async function readChartIndex(repoUrl: string, options: ChartRepoOptions = {}): Promise<ChartIndex> {
  const repo = normaliseRepoUrl(repoUrl);
  const indexUrl = new URL('index.yaml', repo).toString();
  const { response, finalUrl } = await get(indexUrl, 'application/x-yaml, text/yaml, */*', options);
  const chunks: Buffer[] = [];
  for await (const c of capped(response, finalUrl, MAX_INDEX_BYTES, 'CHART_INDEX_TOO_LARGE')) chunks.push(Buffer.from(c));
  return parseChartIndex(Buffer.concat(chunks).toString('utf8'), repo, finalUrl);
}

/** Parses an index.yaml text (exported for tests of the parser alone). */
export function parseChartIndex(text: string, repo: string, indexUrl: string): ChartIndex {
  const invalid = (reason: string) => fail('CHART_INDEX_INVALID', { url: indexUrl, reason });
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: MAX_INDEX_ALIASES, uniqueKeys: true, prettyErrors: false, logLevel: 'error' });
  } catch (e) {
    throw invalid((e as Error).message.split('\n')[0] ?? 'YAML error');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw invalid('not a mapping');
  const raw = (doc as { entries?: unknown }).entries;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw invalid('no entries mapping');
  const entries = new Map<string, ChartIndexEntry[]>();
  for (const [name, list] of Object.entries(raw as Record<string, unknown>)) {
    if (!Array.isArray(list)) throw invalid(`entries.${name} is not a list`);
    const out: ChartIndexEntry[] = [];
    for (const e of list as unknown[]) {
      if (!e || typeof e !== 'object') throw invalid(`an entry of ${name} is not a mapping`);
      const r = e as Record<string, unknown>;
      const version = str(r.version);
      if (!version) throw invalid(`an entry of ${name} has no version`);
      const urls = Array.isArray(r.urls) ? r.urls.filter((u): u is string => typeof u === 'string') : [];
      const digest = str(r.digest)?.replace(/^sha256:/, '').toLowerCase();
      out.push({ name: str(r.name) ?? name, version, appVersion: str(r.appVersion), digest: digest && /^[0-9a-f]{64}$/.test(digest) ? digest : undefined, urls });
    }
    entries.set(name, out);
  }
  return { repo, indexUrl, entries };
}

/** The index entries of the wanted charts; refuses a missing one or one without a usable digest. */
export function pickCharts(index: ChartIndex, wanted: readonly ChartWanted[], options: ChartRepoOptions = {}): ChartIndexEntry[] {
  return wanted.map((w) => {
    const entry = index.entries.get(w.name)?.find((e) => e.version === w.version || e.version === `v${w.version}`);
    if (!entry || entry.urls.length === 0) throw fail('CHART_NOT_IN_INDEX', { repo: index.repo, chart: w.name, version: w.version, official: options.official ?? index.repo });
    if (!entry.digest) throw fail('CHART_DIGEST_MISSING', { chart: w.name, version: w.version, repo: index.repo });
    return entry;
  });
}

/** Downloads one chart into `destDir/<name>-<version>.tgz`, checking the digest while it streams. */
export async function downloadChart(index: ChartIndex, entry: ChartIndexEntry, destDir: string, options: ChartRepoOptions = {}): Promise<DownloadedChart> {
  const first = entry.urls[0] as string;
  // Relative URLs are relative to the repository (helm resolves them against the repo URL).
  const url = new URL(first, index.repo);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail('CHART_REPO_URL_INVALID', { url: first });
  const file = `${entry.name}-${entry.version}.tgz`;
  if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*\.tgz$/.test(file)) throw fail('CHART_INDEX_INVALID', { url: index.indexUrl, reason: `unusable chart name or version: ${file}` });
  await mkdir(destDir, { recursive: true });
  const path = join(destDir, file);
  const partial = `${path}.partial`;
  const { response, finalUrl } = await get(url.toString(), 'application/gzip, application/x-tar, application/octet-stream, */*', options);
  const hash = createHash('sha256');
  const out = createWriteStream(partial);
  // finished() listens for 'error' from now on (a full disk rejects it instead of crashing the process).
  const written = finished(out);
  written.catch(() => undefined);
  let size = 0;
  let ok = false;
  try {
    for await (const chunk of capped(response, finalUrl, MAX_CHART_BYTES, 'CHART_TOO_LARGE')) {
      if (size === 0 && (chunk[0] !== 0x1f || (chunk.length > 1 && chunk[1] !== 0x8b))) throw fail('CHART_NOT_A_PACKAGE', { url: finalUrl });
      size += chunk.length;
      hash.update(chunk);
      if (!out.write(chunk)) await Promise.race([new Promise<void>((resolve) => out.once('drain', resolve)), written]);
    }
    out.end();
    await written;
    if (size === 0) throw fail('CHART_NOT_A_PACKAGE', { url: finalUrl });
    const actual = hash.digest('hex');
    if (actual !== entry.digest) throw fail('CHART_DIGEST_MISMATCH', { chart: entry.name, version: entry.version, url: finalUrl, actual: `sha256:${actual}`, expected: `sha256:${entry.digest}` });
    // The digest only proves the bytes are the ones the (untrusted) index lists: check that they are that chart.
    const inside = await chartYamlOf(partial);
    if (inside?.name !== entry.name || inside.version !== entry.version) {
      throw fail('CHART_CONTENT_MISMATCH', { chart: entry.name, version: entry.version, url: finalUrl, found: inside ? `${inside.name} ${inside.version}` : 'no Chart.yaml' });
    }
    await rename(partial, path);
    ok = true;
    return { name: entry.name, version: entry.version, file, path, digest: `sha256:${actual}`, size, url: finalUrl };
  } finally {
    if (!ok) {
      // The file may still be opening: remove it only once the stream has closed, or it appears after the rm.
      const closed = out.closed ? Promise.resolve() : new Promise<void>((resolve) => out.once('close', () => resolve()));
      out.destroy();
      await closed;
      await rm(partial, { force: true });
    }
  }
}

/** Entries read at most before Chart.yaml must have appeared (helm package writes it first). */
const CHART_YAML_WITHIN = 64;
const MAX_CHART_YAML_BYTES = 1024 * 1024;

/** name and version of `<dir>/Chart.yaml` at the top of a chart package, or undefined. */
async function chartYamlOf(file: string): Promise<{ name: string; version: string } | undefined> {
  const tar = extract();
  const feeding = pipeline(createReadStream(file), createGunzip(), tar);
  feeding.catch(() => undefined);
  let seen = 0;
  let found: { name: string; version: string } | undefined;
  try {
    for await (const entry of tar) {
      if (++seen > CHART_YAML_WITHIN) break;
      if (/^[^/]+\/Chart\.yaml$/.test(entry.header.name) && (entry.header.size ?? 0) <= MAX_CHART_YAML_BYTES) {
        const chunks: Buffer[] = [];
        for await (const c of entry) chunks.push(c as Buffer);
        try {
          const doc = parse(Buffer.concat(chunks).toString('utf8'), { maxAliasCount: MAX_INDEX_ALIASES, logLevel: 'error' }) as { name?: unknown; version?: unknown } | null;
          const name = str(doc?.name);
          const version = str(doc?.version);
          if (name && version) found = { name, version };
        } catch {
          // not YAML: no Chart.yaml
        }
        break;
      }
      entry.resume();
    }
  } catch {
    return undefined;
  } finally {
    tar.destroy();
  }
  return found;
}

/** The charts a Higress release publishes, from a repository (default: the official one), into `destDir`. */
export async function fetchReleaseCharts(release: string, destDir: string, options: ChartRepoOptions & { readonly repo?: string | undefined } = {}): Promise<DownloadedChart[]> {
  const charts = releaseCharts(release);
  const official = defaultChartRepository(release);
  return fetchCharts(options.repo ?? official, charts.map((c) => ({ name: c.name, version: c.version })), destDir, { ...options, official });
}

/** Reads the index once and downloads every wanted chart (in order), each checked against its digest. */
export async function fetchCharts(repoUrl: string, wanted: readonly ChartWanted[], destDir: string, options: ChartRepoOptions = {}): Promise<DownloadedChart[]> {
  const index = await readChartIndex(repoUrl, options);
  const entries = pickCharts(index, wanted, options);
  const out: DownloadedChart[] = [];
  for (const e of entries) out.push(await downloadChart(index, e, destDir, options));
  return out;
}
