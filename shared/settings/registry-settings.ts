import { join } from 'node:path';
import { z } from 'zod';
import { isRegistryHost, normaliseRegistry, refuseRegistryHost } from '../oci/reference';
import { UsageError } from '../errors';
import { readJsonFile, writeJsonFile } from './json-file';

/** Per-registry connection settings, shared by the CLI (`registry set`) and the app's Settings. */
export interface RegistryHostSettings {
  readonly host: string;
  /** Speak plain HTTP (no TLS). */
  readonly plainHttp?: boolean | undefined;
  /** TLS without certificate verification. */
  readonly insecure?: boolean | undefined;
  /** A PEM file of CAs to trust for this registry. */
  readonly caFile?: string | undefined;
  /** Token realm hosts to trust besides the registry's own domain. */
  readonly allowRealmHosts?: readonly string[] | undefined;
}

const hostSchema = z.string().refine(isRegistryHost, 'not a registry host');
const entrySchema = z
  .object({
    host: hostSchema,
    plainHttp: z.boolean().optional(),
    insecure: z.boolean().optional(),
    caFile: z.string().min(1).max(4096).optional(),
    allowRealmHosts: z.array(z.string().max(300)).max(32).optional(),
  })
  .strict();
const fileSchema = z.object({ version: z.literal(1), registries: z.array(entrySchema) }).strict();

export function registrySettingsFile(dir: string): string {
  return join(dir, 'registries.json');
}

export async function listRegistrySettings(dir: string): Promise<RegistryHostSettings[]> {
  return (await readJsonFile(registrySettingsFile(dir), fileSchema, { version: 1, registries: [] })).registries;
}

export async function getRegistrySettings(dir: string, host: string): Promise<RegistryHostSettings | undefined> {
  const h = normaliseRegistry(host);
  return (await listRegistrySettings(dir)).find((r) => r.host === h);
}

/** Adds or replaces the settings of one host (their TLS options were checked by the caller: shared/model/connection-input.ts). */
export async function setRegistrySettings(dir: string, settings: RegistryHostSettings): Promise<RegistryHostSettings> {
  refuseRegistryHost(settings.host);
  const entry: RegistryHostSettings = clean({ ...settings, host: normaliseRegistry(settings.host) });
  const all = (await listRegistrySettings(dir)).filter((r) => r.host !== entry.host);
  all.push(entry);
  all.sort((a, b) => a.host.localeCompare(b.host));
  await writeJsonFile(registrySettingsFile(dir), { version: 1, registries: all });
  return entry;
}

/** The connection part of a host's settings that `login` may be given along with the credentials. */
export type ConnectionSettings = Pick<RegistryHostSettings, 'plainHttp' | 'insecure' | 'caFile'>;

/**
 * What the host's saved settings become when a login's connection settings are kept with it: the
 * saved entry (token realms and all) with the given fields on top — the same settings the login
 * was checked with. `undefined` when nothing was given. Refuses, before anything is sent, a mix
 * the login could not honestly be checked with (a host saved as plain HTTP given a CA file).
 */
export async function loginConnectionSettings(dir: string, host: string, given: ConnectionSettings): Promise<RegistryHostSettings | undefined> {
  // Only these three: the caller may pass its whole connection flags (credentials included).
  const set = clean({ host, plainHttp: given.plainHttp, insecure: given.insecure, caFile: given.caFile });
  if (!set.plainHttp && !set.insecure && !set.caFile) return undefined;
  const saved = (await getRegistrySettings(dir, host)) ?? { host: normaliseRegistry(host) };
  const merged: RegistryHostSettings = { ...saved, ...set, host: normaliseRegistry(host) };
  if (merged.plainHttp && (merged.insecure || merged.caFile)) {
    const savedAs = saved.plainHttp ? 'plain HTTP' : describeRegistrySettings(saved);
    throw new UsageError(
      `${merged.host} is saved as ${savedAs}, which cannot be combined with the ${set.plainHttp ? 'plain HTTP' : set.caFile ? 'CA file' : 'unverified TLS'} given with this login`,
      { code: 'LOGIN_SETTINGS_CONFLICT', hint: 'Change or remove the saved settings of this registry first, then log in again.', details: { host: merged.host, saved, given: set, savedAs, givenKind: set.plainHttp ? 'plain-http' : set.caFile ? 'ca-file' : 'insecure' } },
    );
  }
  return merged;
}

/** One line on how a host is reached: `plain HTTP`, `CA /etc/ca.pem`, `HTTPS with system CAs`… */
export function describeRegistrySettings(s: Omit<RegistryHostSettings, 'host'>): string {
  const parts: string[] = [];
  if (s.plainHttp) parts.push('plain HTTP');
  if (s.insecure) parts.push('TLS, certificate not verified');
  if (s.caFile) parts.push(`CA ${s.caFile}`);
  if (s.allowRealmHosts?.length) parts.push(`token services ${s.allowRealmHosts.join(', ')}`);
  return parts.join('; ') || 'HTTPS with system CAs';
}

export async function removeRegistrySettings(dir: string, host: string): Promise<boolean> {
  const h = normaliseRegistry(host);
  const all = await listRegistrySettings(dir);
  const kept = all.filter((r) => r.host !== h);
  if (kept.length === all.length) return false;
  await writeJsonFile(registrySettingsFile(dir), { version: 1, registries: kept });
  return true;
}

function clean(s: RegistryHostSettings): RegistryHostSettings {
  return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0))) as unknown as RegistryHostSettings;
}
