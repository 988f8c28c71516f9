import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TestRegistry } from './registry';

/**
 * A deliberately minimal registry client for the tests, independent of the product's engine:
 * node:http(s), basic auth or a token fetched straight from the test token server. It pushes
 * fixtures and reads back what the engine wrote.
 */
export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export class RawRegistryClient {
  private readonly tokens = new Map<string, string>();

  constructor(private readonly registry: TestRegistry) {}

  async request(method: string, path: string, options: { headers?: Record<string, string>; body?: Buffer; repo?: string; actions?: string } = {}): Promise<RawResponse> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    const auth = await this.authorization(options.repo, options.actions ?? 'pull,push');
    if (auth) headers.authorization = auth;
    if (options.body) headers['content-length'] = String(options.body.length);
    return send(this.registry.baseUrl, method, path, headers, options.body, this.registry.caPem);
  }

  async pushBlob(repo: string, bytes: Buffer, digest: string): Promise<void> {
    const head = await this.request('HEAD', `/v2/${repo}/blobs/${digest}`, { repo });
    if (head.status === 200) return;
    const start = await this.request('POST', `/v2/${repo}/blobs/uploads/`, { repo, body: Buffer.alloc(0) });
    if (start.status !== 202) throw new Error(`POST upload ${repo}: HTTP ${start.status} ${start.body.toString()}`);
    const location = new URL(String(start.headers.location), this.registry.baseUrl);
    location.searchParams.set('digest', digest);
    const put = await this.request('PUT', location.pathname + location.search, {
      repo,
      body: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    });
    if (put.status !== 201) throw new Error(`PUT blob ${repo}@${digest}: HTTP ${put.status} ${put.body.toString()}`);
  }

  async pushManifest(repo: string, reference: string, mediaType: string, bytes: Buffer): Promise<string> {
    const res = await this.request('PUT', `/v2/${repo}/manifests/${reference}`, { repo, body: bytes, headers: { 'content-type': mediaType } });
    if (res.status !== 201) throw new Error(`PUT manifest ${repo}:${reference}: HTTP ${res.status} ${res.body.toString()}`);
    return String(res.headers['docker-content-digest']);
  }

  async getManifest(repo: string, reference: string): Promise<RawResponse> {
    return this.request('GET', `/v2/${repo}/manifests/${reference}`, {
      repo,
      actions: 'pull',
      headers: {
        accept: [
          'application/vnd.oci.image.index.v1+json',
          'application/vnd.oci.image.manifest.v1+json',
          'application/vnd.docker.distribution.manifest.list.v2+json',
          'application/vnd.docker.distribution.manifest.v2+json',
        ].join(', '),
      },
    });
  }

  async getBlob(repo: string, digest: string): Promise<RawResponse> {
    return this.request('GET', `/v2/${repo}/blobs/${digest}`, { repo, actions: 'pull' });
  }

  async tags(repo: string): Promise<string[]> {
    const res = await this.request('GET', `/v2/${repo}/tags/list`, { repo, actions: 'pull' });
    if (res.status === 404) return [];
    return (JSON.parse(res.body.toString()) as { tags: string[] | null }).tags ?? [];
  }

  private async authorization(repo: string | undefined, actions: string): Promise<string | undefined> {
    const r = this.registry;
    if (r.flavour === 'plain') return undefined;
    const basic = `Basic ${Buffer.from(`${r.username}:${r.password}`).toString('base64')}`;
    if (r.flavour === 'tls-basic') return basic;
    if (!r.tokenServer) throw new Error('token flavour without token server');
    const scope = repo ? `repository:${repo}:${actions}` : 'registry:catalog:*';
    const cached = this.tokens.get(scope);
    if (cached) return `Bearer ${cached}`;
    const url = new URL(r.tokenServer.realm);
    url.searchParams.set('service', 'airgap-test-registry');
    url.searchParams.set('scope', scope);
    const res = await send(url.origin, 'GET', url.pathname + url.search, { authorization: basic }, undefined, undefined);
    if (res.status !== 200) throw new Error(`token: HTTP ${res.status}`);
    const token = (JSON.parse(res.body.toString()) as { token: string }).token;
    this.tokens.set(scope, token);
    return `Bearer ${token}`;
  }
}

function send(base: string, method: string, path: string, headers: Record<string, string>, body: Buffer | undefined, caPem: string | undefined): Promise<RawResponse> {
  const url = new URL(path, base);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      { method, hostname: url.hostname, port: url.port, path: url.pathname + url.search, headers, ...(caPem ? { ca: caPem } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
