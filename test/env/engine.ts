import { LoginStore } from '../../shared/credentials/login-store';
import { connectRegistry, type ConnectionFlags, type RegistryEnvironment } from '../../shared/registry/connect';
import type { RegistryClient } from '../../shared/registry/client';
import type { RetryPolicy } from '../../shared/registry/retry';
import type { TestRegistry } from './registry';

/** A registry environment isolated in a folder (settings, logins, an empty docker config). */
export function isolatedEnvironment(dir: string, extra: Partial<RegistryEnvironment> = {}): RegistryEnvironment {
  return { settingsDir: dir, env: { DOCKER_CONFIG: dir, HOME: dir }, loginStore: new LoginStore(dir), ...extra };
}

/** The one-off flags that reach a test registry (CA for TLS, plain HTTP otherwise). */
export function flagsFor(r: TestRegistry, options: { credentials?: boolean; ca?: boolean } = {}): ConnectionFlags {
  const withCreds = options.credentials ?? r.flavour !== 'plain';
  return {
    ...(r.flavour === 'tls-basic' ? (options.ca === false ? {} : { caFile: r.caFile }) : { plainHttp: true }),
    ...(withCreds && r.username ? { credentials: { kind: 'basic' as const, username: r.username, password: r.password as string } } : {}),
  };
}

export const FAST_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 20, maxDelayMs: 200 };

export function connectTest(dir: string, r: TestRegistry, options: { credentials?: boolean; ca?: boolean; env?: Partial<RegistryEnvironment> } = {}): Promise<RegistryClient> {
  return connectRegistry(isolatedEnvironment(dir, { retry: FAST_RETRY, ...(options.env ?? {}) }), r.host, flagsFor(r, options));
}
