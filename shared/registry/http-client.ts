import { rootCertificates } from 'node:tls';
import type * as Undici from 'undici';

/** The fetch the registry client uses; injected so Electron can pass net.fetch. */
export type FetchLike = (url: string, init: RequestInit & { duplex?: 'half' }) => Promise<Response>;

export interface TlsSettings {
  /** PEM of extra CAs to trust (in addition to the system's). */
  readonly caPem?: string | undefined;
  /** Skip certificate verification (self-signed registries); the user asked for it. */
  readonly insecure?: boolean | undefined;
}

const agents = new Map<string, Undici.Agent>();
// Loaded on the first request: commands that never reach a registry start without it.
let undici: Promise<typeof Undici> | undefined;

/**
 * A fetch on undici with the given TLS settings. Node's global fetch cannot take a CA; this one
 * can. Agents are cached per settings so connections are reused across requests.
 */
export function fetchWithTls(tls: TlsSettings = {}): FetchLike {
  const key = `${tls.insecure ? 'insecure' : 'verify'}|${tls.caPem ?? ''}`;
  return async (url, init) => {
    const { Agent, fetch } = await (undici ??= import('undici'));
    let agent = agents.get(key);
    if (!agent) {
      agent = new Agent({
        connect: {
          // Giving `ca` replaces Node's default roots, so add them back: a custom CA is in addition.
          ...(tls.caPem ? { ca: [...splitPem(tls.caPem), ...rootCertificates] } : {}),
          rejectUnauthorized: !tls.insecure,
        },
        keepAliveTimeout: 10_000,
        connections: 32,
      });
      agents.set(key, agent);
    }
    return fetch(url, { ...(init as object), dispatcher: agent }) as unknown as Promise<Response>;
  };
}

function splitPem(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [pem];
}
