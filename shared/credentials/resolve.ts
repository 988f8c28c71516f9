import type { Credentials, ResolvedCredentials } from '../registry/credentials';
import { dockerCredentials, readDockerConfig, type HelperRunner } from './docker-config';
import type { LoginStore } from './login-store';

/**
 * Credentials for a host, in this order: the command line (or the form in the app), our own login
 * store, docker's config.json. Nothing found means anonymous.
 */
export async function resolveCredentials(
  host: string,
  sources: { explicit?: Credentials | undefined; store?: LoginStore | undefined; env?: NodeJS.ProcessEnv; runHelper?: HelperRunner },
): Promise<ResolvedCredentials | undefined> {
  if (sources.explicit) return { credentials: sources.explicit, source: 'given' };
  const saved = await sources.store?.get(host);
  if (saved) return { credentials: saved, source: 'saved login' };
  return dockerCredentials(host, await readDockerConfig(sources.env), sources.runHelper);
}
