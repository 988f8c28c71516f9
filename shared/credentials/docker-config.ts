import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors';
import { DOCKER_HUB, normaliseRegistry } from '../oci/reference';
import type { Credentials } from '../registry/credentials';

/**
 * Credentials from docker's config.json (`$DOCKER_CONFIG` or `~/.docker`), resolved per host in
 * docker's order: `credHelpers[host]` → `credsStore` → `auths[host]`. Hosts match exactly (never by
 * substring); the Docker Hub aliases are one host.
 */
const configSchema = z
  .object({
    auths: z.record(z.string(), z.object({ auth: z.string().optional(), username: z.string().optional(), password: z.string().optional(), identitytoken: z.string().optional() }).loose()).optional(),
    credsStore: z.string().optional(),
    credHelpers: z.record(z.string(), z.string()).optional(),
  })
  .loose();

export type DockerConfig = z.infer<typeof configSchema>;

export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker'), 'config.json');
}

export async function readDockerConfig(env: NodeJS.ProcessEnv = process.env): Promise<DockerConfig | undefined> {
  const file = dockerConfigPath(env);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = configSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    throw new AppError('DOCKER_CONFIG_DAMAGED', `${file} is not valid JSON`, { details: { cause: 'json', file } });
  }
}

/** The keys docker may have used for this host in `auths` / `credHelpers`. */
export function configKeysFor(host: string): string[] {
  const h = normaliseRegistry(host);
  if (h === DOCKER_HUB) return ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io', 'https://index.docker.io/v1', 'https://registry-1.docker.io'];
  return [h, `https://${h}`, `http://${h}`, `https://${h}/`, `http://${h}/`, `https://${h}/v1/`, `https://${h}/v2/`];
}

function findKey<T>(record: Record<string, T> | undefined, host: string): [string, T] | undefined {
  if (!record) return undefined;
  const keys = configKeysFor(host);
  for (const k of keys) if (record[k] !== undefined) return [k, record[k]];
  // Keys are sometimes written with different case.
  for (const [k, v] of Object.entries(record)) if (keys.includes(k.toLowerCase())) return [k, v];
  return undefined;
}

export type HelperRunner = (helper: string, serverUrl: string) => Promise<{ Username?: string; Secret?: string } | undefined>;

/** Runs `docker-credential-<name> get`, the credential-helper protocol (server URL on stdin). */
export const runCredentialHelper: HelperRunner = (helper, serverUrl) =>
  new Promise((resolve, reject) => {
    if (!/^[A-Za-z0-9_.-]+$/.test(helper)) return reject(new AppError('DOCKER_CONFIG_DAMAGED', `Invalid credential helper name "${helper}"`, { details: { cause: 'helper-name', helper } }));
    const child = spawn(`docker-credential-${helper}`, ['get'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', (e) => reject(new AppError('CREDENTIAL_HELPER', `docker-credential-${helper} could not be run: ${e.message}`, { details: { cause: 'not-run', helper, reason: e.message } })));
    child.on('close', (code) => {
      if (code !== 0) {
        // "credentials not found in native keychain" means: nothing stored for this host.
        if (/not found/i.test(out + err)) return resolve(undefined);
        return reject(new AppError('CREDENTIAL_HELPER', `docker-credential-${helper} failed (exit ${code})`, { details: { cause: 'failed', helper, exitCode: code } }));
      }
      try {
        resolve(JSON.parse(out) as { Username?: string; Secret?: string });
      } catch {
        reject(new AppError('CREDENTIAL_HELPER', `docker-credential-${helper} returned something that is not JSON`, { details: { cause: 'not-json', helper } }));
      }
    });
    child.stdin.end(serverUrl);
  });

export async function dockerCredentials(host: string, config: DockerConfig | undefined, runHelper: HelperRunner = runCredentialHelper): Promise<{ credentials: Credentials; source: string } | undefined> {
  if (!config) return undefined;
  const helperEntry = findKey(config.credHelpers, host);
  const helper = helperEntry?.[1] ?? config.credsStore;
  if (helper) {
    const serverUrl = normaliseRegistry(host) === DOCKER_HUB ? 'https://index.docker.io/v1/' : (helperEntry?.[0] ?? normaliseRegistry(host));
    const got = await runHelper(helper, serverUrl);
    if (got?.Secret) {
      if (got.Username === '<token>') return { credentials: { kind: 'identity-token', token: got.Secret }, source: `docker credential helper ${helper}` };
      if (got.Username) return { credentials: { kind: 'basic', username: got.Username, password: got.Secret }, source: `docker credential helper ${helper}` };
    }
    // credHelpers for this host is authoritative; a global credsStore falls through to auths.
    if (helperEntry) return undefined;
  }
  const auth = findKey(config.auths, host)?.[1];
  if (!auth) return undefined;
  if (auth.identitytoken) return { credentials: { kind: 'identity-token', token: auth.identitytoken, username: auth.username }, source: 'docker config.json (identity token)' };
  if (auth.auth) {
    const decoded = Buffer.from(auth.auth, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i > 0) return { credentials: { kind: 'basic', username: decoded.slice(0, i), password: decoded.slice(i + 1) }, source: 'docker config.json' };
  }
  if (auth.username && auth.password) return { credentials: { kind: 'basic', username: auth.username, password: auth.password }, source: 'docker config.json' };
  return undefined;
}
