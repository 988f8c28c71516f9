import { AppError } from '../errors';
import { readAll } from '../stream/verify';
import type { RegistryClient } from './client';
import { basicHeader, type Credentials } from './credentials';

/**
 * Harbor's own API, for the one thing the registry API cannot do: tell that a project is missing
 * and create it. Reached on the same host, TLS settings and credentials as the registry, from
 * inside the registry client (nothing else builds URLs on the registry's host).
 */
export interface HarborInfo {
  readonly version: string;
}

/** Harbor answers `GET /api/v2.0/systeminfo` with its version; any other registry does not. */
export async function detectHarbor(client: RegistryClient, signal?: AbortSignal): Promise<HarborInfo | undefined> {
  try {
    const res = await client.transport.endpoint.fetch(`${client.transport.endpoint.baseUrl}/api/v2.0/systeminfo`, { method: 'GET', headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      return undefined;
    }
    const json = JSON.parse((await readAll(res.body as unknown as AsyncIterable<Uint8Array>, 64 * 1024, 'systeminfo')).toString('utf8')) as { harbor_version?: unknown } | undefined;
    return typeof json?.harbor_version === 'string' ? { version: json.harbor_version } : undefined;
  } catch {
    return undefined;
  }
}

export async function harborProjectExists(client: RegistryClient, project: string, signal?: AbortSignal): Promise<boolean> {
  const credentials = client.transport.endpoint.credentials;
  const res = await client.transport.endpoint.fetch(`${client.transport.endpoint.baseUrl}/api/v2.0/projects?project_name=${encodeURIComponent(project)}`, {
    method: 'HEAD',
    headers: authHeaders(credentials),
    ...(signal ? { signal } : {}),
  });
  if (res.status === 200) return true;
  if (res.status === 404) return false;
  throw new AppError('HARBOR_API', `Harbor at ${client.host} answered ${res.status} when asked about project ${project}`, { details: { host: client.host, project, status: res.status, action: 'check' } });
}

export async function createHarborProject(client: RegistryClient, project: string, signal?: AbortSignal): Promise<void> {
  const credentials = client.transport.endpoint.credentials;
  if (credentials?.kind !== 'basic') {
    throw new AppError('HARBOR_CREATE_NEEDS_LOGIN', `Creating Harbor project ${project} needs a username and password`, { hint: `higress-airgap login ${client.host} --username <admin> --password-stdin`, details: { host: client.host, project } });
  }
  const res = await client.transport.endpoint.fetch(`${client.transport.endpoint.baseUrl}/api/v2.0/projects`, {
    method: 'POST',
    headers: { ...authHeaders(credentials), 'content-type': 'application/json' },
    body: JSON.stringify({ project_name: project, metadata: { public: 'false' } }),
    ...(signal ? { signal } : {}),
  });
  await res.body?.cancel().catch(() => undefined);
  if (res.status === 201 || res.status === 409) return;
  if (res.status === 401) throw new AppError('REGISTRY_UNAUTHORIZED', `Harbor at ${client.host} refused the credentials (401)`, { details: { host: client.host } });
  if (res.status === 403) throw new AppError('HARBOR_CREATE_FORBIDDEN', `This Harbor user may not create projects (403)`, { hint: 'Ask a Harbor administrator to create the project, or use an account with the right.', details: { host: client.host, project } });
  throw new AppError('HARBOR_API', `Harbor at ${client.host} did not create project ${project} (${res.status})`, { details: { host: client.host, project, status: res.status, action: 'create' } });
}

function authHeaders(credentials: Credentials | undefined): Record<string, string> {
  return credentials?.kind === 'basic' ? { authorization: basicHeader(credentials.username, credentials.password) } : {};
}
