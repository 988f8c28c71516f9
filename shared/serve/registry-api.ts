import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { blobPath } from '../bundle/archive-documents';
import type { OpenBundle } from '../bundle/open-bundle';
import { isDigest } from '../oci/reference';
import { loadRepositories, type Repository } from './repositories';
import { sendBody, sendEntry } from './respond';

type ErrorCode = 'NAME_UNKNOWN' | 'MANIFEST_UNKNOWN' | 'BLOB_UNKNOWN' | 'DIGEST_INVALID' | 'PAGINATION_NUMBER_INVALID' | 'UNSUPPORTED';

const API_VERSION = { 'docker-distribution-api-version': 'registry/2.0' };
const MAX_PAGE = 1000;

/**
 * A read-only OCI distribution API over the bundle's layout (pull only: `GET|HEAD` on
 * `/v2/`, manifests, blobs, tags/list and _catalog). Repositories come from index.json; a blob is
 * served only under a repository whose manifests reach it. Manifests are sent byte for byte with
 * their own media type; blobs stream straight from the tar.
 */
export class RegistryApi {
  private constructor(
    private readonly bundle: OpenBundle,
    private readonly repositories: ReadonlyMap<string, Repository>,
    readonly warnings: readonly string[],
  ) {}

  static async create(bundle: OpenBundle): Promise<RegistryApi> {
    const { repositories, warnings } = await loadRepositories(bundle);
    return new RegistryApi(bundle, repositories, warnings);
  }

  /** `repository:tag` for every tag served, sorted. */
  get references(): string[] {
    return [...this.repositories.values()].flatMap((r) => [...r.tags.keys()].map((t) => `${r.name}:${t}`)).sort();
  }

  /** `segments` are the decoded path segments after `v2`. */
  async handle(req: IncomingMessage, res: ServerResponse, segments: readonly string[], query: URLSearchParams): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return this.error(req, res, 405, 'UNSUPPORTED', 'This registry is a read-only view of a bundle: only GET and HEAD are supported', { allow: 'GET, HEAD' });
    }
    if (segments.length === 0) return this.json(req, res, {});
    if (segments.length === 1 && segments[0] === '_catalog') {
      const names = [...this.repositories.keys()].sort();
      return this.paged(req, res, '/v2/_catalog', names, query, (page) => ({ repositories: page }));
    }
    const [kind, last] = segments.slice(-2);
    const name = segments.slice(0, -2).join('/');
    if (segments.length < 3 || kind === undefined || last === undefined) return this.error(req, res, 404, 'UNSUPPORTED', 'Unknown endpoint');
    const repo = this.repositories.get(name);
    if (kind === 'tags' && last === 'list') {
      if (!repo) return this.nameUnknown(req, res, name);
      return this.paged(req, res, `/v2/${name}/tags/list`, [...repo.tags.keys()].sort(), query, (page) => ({ name, tags: page }));
    }
    if (kind === 'manifests') return repo ? this.manifest(req, res, repo, last) : this.nameUnknown(req, res, name);
    if (kind === 'blobs') return repo ? this.blob(req, res, repo, last) : this.nameUnknown(req, res, name);
    return this.error(req, res, 404, 'UNSUPPORTED', 'Unknown endpoint');
  }

  private manifest(req: IncomingMessage, res: ServerResponse, repo: Repository, reference: string): void {
    const m = isDigest(reference) ? repo.manifests.get(reference) : repo.tags.get(reference);
    if (!m) return this.error(req, res, 404, 'MANIFEST_UNKNOWN', `manifest unknown: ${repo.name}:${reference}`);
    sendBody(req, res, 200, { ...API_VERSION, 'content-type': m.mediaType, 'docker-content-digest': m.digest, etag: `"${m.digest}"` }, m.bytes);
  }

  private async blob(req: IncomingMessage, res: ServerResponse, repo: Repository, digest: string): Promise<void> {
    if (!isDigest(digest)) return this.error(req, res, 400, 'DIGEST_INVALID', 'invalid digest: expected sha256:<64 hex>');
    if (!repo.blobs.has(digest)) return this.error(req, res, 404, 'BLOB_UNKNOWN', `blob unknown to ${repo.name}: ${digest}`);
    await sendEntry(req, res, this.bundle, blobPath(digest), {
      ...API_VERSION,
      'content-type': 'application/octet-stream',
      'docker-content-digest': digest,
      etag: `"${digest}"`,
    });
  }

  /** Distribution's `n`/`last` paging with a `Link` to the next page. */
  private paged(req: IncomingMessage, res: ServerResponse, path: string, all: readonly string[], query: URLSearchParams, body: (page: string[]) => unknown): void {
    const n = query.get('n');
    if (n !== null && !/^\d{1,6}$/.test(n)) return this.error(req, res, 400, 'PAGINATION_NUMBER_INVALID', 'n must be a whole number');
    const size = n === null ? MAX_PAGE : Math.min(Number(n), MAX_PAGE);
    const after = query.get('last');
    const rest = after === null ? all : all.filter((x) => x > after);
    const page = rest.slice(0, size);
    const more = rest.length > page.length && page.length > 0;
    const link = more ? { link: `<${path}?last=${encodeURIComponent(page[page.length - 1] as string)}&n=${size}>; rel="next"` } : {};
    this.json(req, res, body(page), link);
  }

  private json(req: IncomingMessage, res: ServerResponse, value: unknown, headers: OutgoingHttpHeaders = {}, status = 200): void {
    sendBody(req, res, status, { ...API_VERSION, 'content-type': 'application/json; charset=utf-8', ...headers }, `${JSON.stringify(value)}\n`);
  }

  private nameUnknown(req: IncomingMessage, res: ServerResponse, name: string): void {
    this.error(req, res, 404, 'NAME_UNKNOWN', `repository name not known to registry: ${name}`);
  }

  private error(req: IncomingMessage, res: ServerResponse, status: number, code: ErrorCode, message: string, headers: OutgoingHttpHeaders = {}): void {
    this.json(req, res, { errors: [{ code, message }] }, headers, status);
  }
}
