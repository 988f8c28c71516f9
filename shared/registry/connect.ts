import { readFile } from 'node:fs/promises';
import { AppError } from '../errors';
import { normaliseRegistry, refuseCredentials, registryApiHost } from '../oci/reference';
import type { LoginStore } from '../credentials/login-store';
import { resolveCredentials } from '../credentials/resolve';
import type { HelperRunner } from '../credentials/docker-config';
import { getRegistrySettings, type RegistryHostSettings } from '../settings/registry-settings';
import { RegistryClient } from './client';
import type { Credentials } from './credentials';
import { fetchWithTls, type FetchLike, type TlsSettings } from './http-client';
import type { RetryPolicy } from './retry';
import type { UploadPolicy } from './upload-tuner';

/** One-off flags of a command (`--plain-http`, `--insecure`, `--ca-file`, `--username`…). */
export interface ConnectionFlags {
  readonly plainHttp?: boolean | undefined;
  readonly insecure?: boolean | undefined;
  readonly caFile?: string | undefined;
  readonly credentials?: Credentials | undefined;
}

/** What the host environment provides for reaching registries. */
export interface RegistryEnvironment {
  readonly settingsDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly loginStore?: LoginStore | undefined;
  /** The fetch for default TLS (Electron: net.fetch with the OS trust store and proxy). */
  readonly defaultFetch?: FetchLike | undefined;
  readonly runHelper?: HelperRunner | undefined;
  readonly retry?: RetryPolicy | undefined;
  readonly upload?: Partial<UploadPolicy> | undefined;
  readonly onRetry?: ((info: { host: string; attempt: number; reason: string; delayMs: number; what: string }) => void) | undefined;
  readonly userAgent?: string | undefined;
}

/** The effective settings for a host: saved settings overridden by this command's flags. */
export async function effectiveSettings(env: RegistryEnvironment, host: string, flags: ConnectionFlags = {}): Promise<RegistryHostSettings> {
  const saved = (await getRegistrySettings(env.settingsDir, host)) ?? { host: normaliseRegistry(host) };
  return {
    ...saved,
    ...(flags.plainHttp !== undefined ? { plainHttp: flags.plainHttp } : {}),
    ...(flags.insecure !== undefined ? { insecure: flags.insecure } : {}),
    ...(flags.caFile !== undefined ? { caFile: flags.caFile } : {}),
  };
}

/** A client for `host` with its saved settings, the command's flags and the resolved credentials. */
export async function connectRegistry(env: RegistryEnvironment, host: string, flags: ConnectionFlags = {}): Promise<RegistryClient> {
  // Never build https://user:pass@host/…: refuse, with the password masked.
  refuseCredentials(host, 'Registry host');
  const settings = await effectiveSettings(env, host, flags);
  let caPem: string | undefined;
  if (settings.caFile) {
    try {
      caPem = await readFile(settings.caFile, 'utf8');
    } catch (e) {
      throw new AppError('CA_FILE', `Cannot read the CA file ${settings.caFile} for ${host}: ${(e as Error).message}`, { details: { cause: 'unreadable', file: settings.caFile, host, reason: (e as Error).message } });
    }
    if (!caPem.includes('-----BEGIN CERTIFICATE-----')) throw new AppError('CA_FILE', `${settings.caFile} is not a PEM certificate file`, { details: { cause: 'not-pem', file: settings.caFile, host } });
  }
  const tls: TlsSettings = { caPem, insecure: settings.insecure };
  const custom = Boolean(caPem || settings.insecure);
  const fetch = !custom && env.defaultFetch ? env.defaultFetch : fetchWithTls(tls);
  const resolved = await resolveCredentials(host, { explicit: flags.credentials, store: env.loginStore, env: env.env, ...(env.runHelper ? { runHelper: env.runHelper } : {}) });
  const apiHost = registryApiHost(normaliseRegistry(host));
  return new RegistryClient({
    host: normaliseRegistry(host),
    baseUrl: `${settings.plainHttp ? 'http' : 'https'}://${apiHost}`,
    fetch,
    credentials: resolved?.credentials,
    allowRealmHosts: settings.allowRealmHosts,
    retry: env.retry,
    upload: env.upload,
    onRetry: env.onRetry ? (info) => env.onRetry?.({ host, ...info }) : undefined,
    userAgent: env.userAgent,
  });
}
