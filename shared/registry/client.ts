import { AppError } from '../errors';
import { explainNetworkError } from './errors';
import { RegistryRepository } from './repository';
import { RegistryTransport, type RegistryEndpoint } from './transport';

export interface PingResult {
  readonly host: string;
  readonly url: string;
  /** The auth the registry asks for, if any. */
  readonly auth: 'none' | 'basic' | 'bearer';
  /** Distribution's API version header, when sent. */
  readonly apiVersion?: string | undefined;
}

/** One registry host: its transport (auth state, token cache) shared by all its repositories. */
export class RegistryClient {
  readonly transport: RegistryTransport;
  private readonly repos = new Map<string, RegistryRepository>();

  constructor(endpoint: RegistryEndpoint) {
    this.transport = new RegistryTransport(endpoint);
  }

  get host(): string {
    return this.transport.host;
  }

  get hasCredentials(): boolean {
    return this.transport.endpoint.credentials !== undefined;
  }

  /** A user name and password, when that is what the client logs in with (the Docker engine takes only these). */
  get basicCredentials(): { readonly username: string; readonly password: string } | undefined {
    const c = this.transport.endpoint.credentials;
    return c?.kind === 'basic' ? { username: c.username, password: c.password } : undefined;
  }

  repository(name: string): RegistryRepository {
    let r = this.repos.get(name);
    if (!r) {
      r = new RegistryRepository(this.transport, name);
      this.repos.set(name, r);
    }
    return r;
  }

  /** GET /v2/ without credentials: is it a registry, and what auth does it want? */
  async ping(signal?: AbortSignal): Promise<PingResult> {
    const url = this.transport.url('/v2/');
    const res = await this.transport.endpoint.fetch(url, { method: 'GET', ...(signal ? { signal } : {}) }).catch((e: unknown) => {
      throw explainNetworkError(e, this.host, url);
    });
    await res.body?.cancel().catch(() => undefined);
    const apiVersion = res.headers.get('docker-distribution-api-version') ?? undefined;
    if (res.status === 200) return { host: this.host, url, auth: 'none', apiVersion };
    if (res.status === 401) {
      const scheme = (res.headers.get('www-authenticate') ?? '').trim().split(/\s/)[0]?.toLowerCase();
      return { host: this.host, url, auth: scheme === 'basic' ? 'basic' : 'bearer', apiVersion };
    }
    throw new AppError('NOT_A_REGISTRY', `${this.host} answered ${res.status} on /v2/: it does not look like an OCI registry`, { hint: 'Check the host and port.', details: { host: this.host, status: res.status } });
  }

  /**
   * Proves the configured credentials work: the authenticated /v2/ request must succeed (for a
   * token registry this also means the token service accepted them).
   */
  async checkLogin(signal?: AbortSignal): Promise<void> {
    const res = await this.transport.request({ method: 'GET', path: '/v2/', scopes: [], what: 'login', signal });
    await res.body?.cancel().catch(() => undefined);
  }
}
