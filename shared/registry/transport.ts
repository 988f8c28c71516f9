import { isIP } from 'node:net';
import { AppError, CancelledError, throwIfAborted } from '../errors';
import { readAll } from '../stream/verify';
import { pickChallenge, parseWwwAuthenticate, type AuthChallenge } from './auth-challenge';
import { basicHeader, type Credentials } from './credentials';
import { explainNetworkError, RegistryError, registryErrorFrom } from './errors';
import type { FetchLike } from './http-client';
import { redactUrl } from './redact';
import { backoffDelay, DEFAULT_RETRY, isRetryableNetworkError, retryAfterMs, sleep, type RetryPolicy } from './retry';
import { scopesKey, scopeString, type Scope } from './scope';
import { TokenCache } from './token-cache';
import { UploadTuner, type UploadPolicy } from './upload-tuner';

/** How to reach one registry host. */
export interface RegistryEndpoint {
  /** The registry as references name it: `127.0.0.1:5000`, `harbor.example.com`. */
  readonly host: string;
  /** `https://host` or `http://host` (plain HTTP registries). */
  readonly baseUrl: string;
  readonly fetch: FetchLike;
  readonly credentials?: Credentials | undefined;
  /** Token realm hosts trusted besides the registry itself and its parent domain. */
  readonly allowRealmHosts?: readonly string[] | undefined;
  readonly retry?: RetryPolicy | undefined;
  /** Upload request sizes (see upload-tuner.ts); defaults suit links from ~1 MB/s to LAN speed. */
  readonly upload?: Partial<UploadPolicy> | undefined;
  /** Told about every retry (the UI shows them). */
  readonly onRetry?: ((info: { attempt: number; reason: string; delayMs: number; what: string }) => void) | undefined;
  readonly userAgent?: string | undefined;
}

export interface TransportRequest {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A path under the registry (`/v2/…`) or an absolute URL (upload Location). */
  readonly path: string;
  readonly scopes: readonly Scope[];
  /** For messages: "manifest plugins/key-auth:2.0.0". */
  readonly what: string;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** A body factory, called per attempt: a stream cannot be sent twice. */
  readonly body?: (() => BodyInit | Promise<BodyInit>) | undefined;
  /** Statuses that are answers, not errors (e.g. 404 for an existence check). */
  readonly accept?: readonly number[] | undefined;
  /** Retry resets/5xx/429 (default: only for GET, HEAD and bodiless requests). */
  readonly retry?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * HTTP to one registry: authentication (anonymous or credentialed bearer tokens, basic), one retry
 * on 401 with a fresh challenge, retries with backoff and jitter on transient failures, and errors
 * that explain themselves. It knows nothing about manifests, blobs or layouts.
 */
export class RegistryTransport {
  private challenge: AuthChallenge | undefined;
  private readonly tokens = new TokenCache();
  private readonly policy: RetryPolicy;
  /** Upload speed measured on this registry, and the request size that follows from it. */
  readonly uploads: UploadTuner;

  constructor(readonly endpoint: RegistryEndpoint) {
    this.policy = endpoint.retry ?? DEFAULT_RETRY;
    this.uploads = new UploadTuner(endpoint.upload);
  }

  get host(): string {
    return this.endpoint.host;
  }

  url(path: string): string {
    return /^https?:\/\//.test(path) ? path : `${this.endpoint.baseUrl}${path}`;
  }

  async request(req: TransportRequest): Promise<Response> {
    const retryable = req.retry ?? (req.method === 'GET' || req.method === 'HEAD' || req.body === undefined);
    const url = this.url(req.path);
    this.checkSameOrigin(url);
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(req.signal);
      let res: Response;
      try {
        res = await this.sendAuthenticated(req, url);
      } catch (e) {
        if (e instanceof AppError && !(e instanceof RegistryError)) {
          // Our own explained errors (auth refused, realm refused, network explained) stop here,
          // except resets/timeouts, which are worth another attempt.
          if (!(retryable && isRetryableNetworkError(e)) || attempt >= this.policy.attempts) throw e;
          await this.backoff(attempt, e.message, req);
          continue;
        }
        if (e instanceof RegistryError) {
          if (!(retryable && e.temporary) || attempt >= this.policy.attempts) throw e;
          await this.backoff(attempt, e.message, req);
          continue;
        }
        throw e;
      }
      if (res.ok || req.accept?.includes(res.status) || (res.status >= 300 && res.status < 400)) return res;
      const temporary = res.status === 429 || (res.status >= 500 && res.status !== 501 && res.status !== 505);
      if (retryable && temporary && attempt < this.policy.attempts) {
        const wait = retryAfterMs(res.headers.get('retry-after'));
        await res.body?.cancel().catch(() => undefined);
        await this.backoff(attempt, `HTTP ${res.status}`, req, wait);
        continue;
      }
      throw await registryErrorFrom(res, req.method, url, { what: req.what, host: this.host });
    }
  }

  private async backoff(attempt: number, reason: string, req: TransportRequest, forcedMs?: number): Promise<void> {
    const delayMs = forcedMs ?? backoffDelay(this.policy, attempt);
    this.endpoint.onRetry?.({ attempt, reason, delayMs, what: req.what });
    await sleep(delayMs, req.signal);
  }

  // Sends once with the best authorization we have; on 401 learns the challenge, gets a token and
  // sends once more. A second 401 is final.
  private async sendAuthenticated(req: TransportRequest, url: string): Promise<Response> {
    const first = await this.send(req, url, await this.authorization(req.scopes, req.signal, false));
    if (first.status !== 401) return first;
    const header = first.headers.get('www-authenticate');
    const challenge = header ? pickChallenge(parseWwwAuthenticate(header)) : undefined;
    if (!challenge) return first;
    await first.body?.cancel().catch(() => undefined);
    this.challenge = challenge;
    this.tokens.delete(scopesKey(req.scopes));
    return this.send(req, url, await this.authorization(req.scopes, req.signal, true));
  }

  private async send(req: TransportRequest, url: string, authorization: string | undefined): Promise<Response> {
    const headers: Record<string, string> = { ...(req.headers ?? {}) };
    if (authorization) headers.authorization = authorization;
    if (this.endpoint.userAgent) headers['user-agent'] = this.endpoint.userAgent;
    const body = req.body ? await req.body() : undefined;
    try {
      return await this.endpoint.fetch(url, {
        method: req.method,
        headers,
        // A request with a body is never redirected. For any other redirect mode (or with a
        // window), fetch clones the request to replay it after a redirect, and cloning tees the
        // body: the branch kept for the replay holds every byte sent until the request ends — a
        // whole 64 MiB PATCH, per blob in flight. Registries do not redirect uploads or manifest
        // writes (the next upload URL comes in Location with a 202); a retry reopens the body.
        ...(body !== undefined ? { body, duplex: 'half' as const, redirect: 'error' as const, window: null } : { redirect: 'follow' as const }),
        ...(req.signal ? { signal: req.signal } : {}),
      });
    } catch (e) {
      if (req.signal?.aborted) throw new CancelledError();
      throw explainNetworkError(e, this.host, url, { carriesBody: body !== undefined });
    }
  }

  /** The Authorization header for these scopes, fetching a token when the registry wants one. */
  private async authorization(scopes: readonly Scope[], signal: AbortSignal | undefined, fresh: boolean): Promise<string | undefined> {
    const challenge = this.challenge;
    const creds = this.endpoint.credentials;
    if (!challenge) return undefined;
    if (challenge.scheme === 'basic') {
      if (!creds) throw this.needCredentials();
      if (creds.kind !== 'basic') throw new AppError('REGISTRY_UNAUTHORIZED', `${this.host} asks for basic authentication but only an identity token is configured`, { hint: `Log in with a username and password: higress-airgap login ${this.host}` });
      return basicHeader(creds.username, creds.password);
    }
    const key = scopesKey(scopes);
    const cached = fresh ? undefined : this.tokens.get(key);
    if (cached) return `Bearer ${cached}`;
    const { token, expiresIn } = await this.fetchToken(challenge, scopes, signal);
    this.tokens.set(key, token, expiresIn);
    return `Bearer ${token}`;
  }

  private needCredentials(): AppError {
    return new AppError('REGISTRY_UNAUTHORIZED', `${this.host} requires authentication and no credentials are configured for it`, {
      hint: `Log in first: higress-airgap login ${this.host} --username <user> --password-stdin`,
    });
  }

  private async fetchToken(challenge: AuthChallenge, scopes: readonly Scope[], signal: AbortSignal | undefined): Promise<{ token: string; expiresIn: number | undefined }> {
    const realm = challenge.params.realm;
    if (!realm) throw new AppError('REGISTRY_AUTH', `${this.host} sent a bearer challenge without a realm`, { details: { kind: 'no-realm', host: this.host } });
    let realmUrl: URL;
    try {
      realmUrl = new URL(realm);
    } catch {
      throw new AppError('REGISTRY_AUTH', `${this.host} sent an invalid token realm`, { details: { kind: 'bad-realm', host: this.host } });
    }
    this.checkRealm(realmUrl);
    const creds = this.endpoint.credentials;
    const service = challenge.params.service;
    // Scopes from the challenge (some registries name the exact one) plus ours.
    const scopeList = [...new Set([...scopes.map(scopeString), ...(challenge.params.scope ? challenge.params.scope.split(' ') : [])])];
    let res: Response;
    try {
      if (creds?.kind === 'identity-token') {
        const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.token, client_id: 'higress-airgap' });
        if (service) form.set('service', service);
        if (scopeList.length) form.set('scope', scopeList.join(' '));
        // redirect: 'error' — a redirect would carry the refresh token in the body to another host.
        res = await this.endpoint.fetch(realmUrl.toString(), { method: 'POST', redirect: 'error', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(), ...(signal ? { signal } : {}) });
      } else {
        const u = new URL(realmUrl);
        if (service) u.searchParams.set('service', service);
        for (const s of scopeList) u.searchParams.append('scope', s);
        const headers: Record<string, string> = {};
        if (creds?.kind === 'basic') headers.authorization = basicHeader(creds.username, creds.password);
        res = await this.endpoint.fetch(u.toString(), { method: 'GET', redirect: 'error', headers, ...(signal ? { signal } : {}) });
      }
    } catch (e) {
      if (signal?.aborted) throw new CancelledError();
      throw explainNetworkError(e, realmUrl.host, realmUrl.toString());
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel().catch(() => undefined);
      throw creds
        ? new AppError('REGISTRY_UNAUTHORIZED', `${this.host} refused the credentials (the token service ${realmUrl.host} answered ${res.status}: wrong username or password)`, { hint: `Check them, then: higress-airgap login ${this.host}` })
        : this.needCredentials();
    }
    if (!res.ok) throw await registryErrorFrom(res, 'GET', realmUrl.toString(), { what: 'a token', host: realmUrl.host });
    let json: { token?: unknown; access_token?: unknown; expires_in?: unknown } = {};
    try {
      json = JSON.parse((await readAll(res.body as unknown as AsyncIterable<Uint8Array>, 64 * 1024, 'token response')).toString('utf8')) as typeof json;
    } catch {
      // handled below: no token
    }
    const token = typeof json.token === 'string' && json.token ? json.token : typeof json.access_token === 'string' ? json.access_token : '';
    if (!token) throw new AppError('REGISTRY_AUTH', `The token service of ${this.host} returned no token`, { details: { kind: 'no-token', host: this.host } });
    return { token, expiresIn: typeof json.expires_in === 'number' ? json.expires_in : undefined };
  }

  // Credentials must not leave for a host the user did not name: the realm must be the registry
  // itself, share its parent domain (auth.docker.io for docker.io; dockerauth.<region>.aliyuncs.com
  // for the Higress registry), or be explicitly allowed. No downgrade to HTTP except on loopback.
  private checkRealm(realm: URL): void {
    const registryHost = hostOnly(this.host);
    const realmHost = realm.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    const allowed =
      realmHost === registryHost ||
      (this.endpoint.allowRealmHosts ?? []).some((h) => hostOnly(h) === realmHost) ||
      (!isIp(registryHost) && !isIp(realmHost) && parentDomain(realmHost) === parentDomain(registryHost));
    if (!allowed) {
      throw new AppError('REGISTRY_REALM_REFUSED', `${this.host} sends credentials to an unexpected token service at ${realm.host}`, {
        hint: `If that service is genuine, allow it: higress-airgap registry set ${this.host} --allow-realm ${realm.host}`,
        details: { kind: 'unexpected-host', host: this.host, realmHost: realm.host },
      });
    }
    const loopback = isLoopback(realmHost);
    if (realm.protocol !== 'https:' && !(realm.protocol === 'http:' && (loopback || this.endpoint.baseUrl.startsWith('http:')))) {
      throw new AppError('REGISTRY_REALM_REFUSED', `${this.host} asks for tokens over plain HTTP at ${redactUrl(realm)}`, { details: { kind: 'plain-http', host: this.host, realm: redactUrl(realm) } });
    }
  }

  // Upload Locations are absolute URLs chosen by the registry; never follow one to another host.
  private checkSameOrigin(url: string): void {
    const base = new URL(this.endpoint.baseUrl);
    const target = new URL(url);
    // Same origin: another host would receive our credentials, and http:// would send them in clear.
    if (target.origin !== base.origin) {
      throw new AppError('REGISTRY_REDIRECT_REFUSED', `${this.host} pointed a request at ${target.origin}, not ${base.origin}; refused`, { details: { host: this.host, target: target.origin, origin: base.origin } });
    }
  }
}

function hostOnly(hostPort: string): string {
  const h = hostPort.toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']'));
  const colon = h.lastIndexOf(':');
  return colon > 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

function isIp(h: string): boolean {
  return isIP(h) !== 0;
}

function isLoopback(h: string): boolean {
  return h === 'localhost' || (isIP(h) === 4 && h.startsWith('127.')) || h === '::1';
}

// Second-level suffixes under which unrelated organisations register (com.cn, co.uk…): the
// parent domain of harbor.corp.com.cn is corp.com.cn, not com.cn.
const PUBLIC_SECOND_LEVEL = new Set(['com', 'net', 'org', 'gov', 'edu', 'ac', 'co', 'or', 'ne', 'go']);

function parentDomain(h: string): string {
  const parts = h.split('.');
  const take = parts.length >= 3 && PUBLIC_SECOND_LEVEL.has(parts[parts.length - 2] as string) && (parts[parts.length - 1] as string).length === 2 ? 3 : 2;
  return parts.length <= take ? h : parts.slice(-take).join('.');
}
