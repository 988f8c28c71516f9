import { createPrivateKey, createSign, randomUUID, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small Docker-registry token server (the flow the official Higress registry uses): it signs
 * RS256 JWTs whose x5c header carries the signing certificate, which distribution trusts through
 * `auth.token.rootcertbundle`. Anonymous callers get pull only; known users get what they ask.
 */
export interface TokenServerOptions {
  readonly keyFile: string;
  readonly certFile: string;
  readonly issuer: string;
  readonly service: string;
  readonly users: Readonly<Record<string, string>>;
  /** Actions granted without credentials (the official registry: pull). */
  readonly anonymousActions: readonly string[];
  /** Users who may only pull. */
  readonly readOnlyUsers?: readonly string[];
}

export interface TokenRequest {
  readonly user: string | undefined;
  readonly service: string | null;
  readonly scopes: readonly string[];
}

export interface TokenServer {
  readonly realm: string;
  /** Every token request seen, for tests of per-repository scopes. */
  readonly requests: TokenRequest[];
  stop(): Promise<void>;
}

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const key = createPrivateKey(await readFile(options.keyFile, 'utf8'));
  const certDerB64 = new X509Certificate(await readFile(options.certFile)).raw.toString('base64');
  const requests: TokenRequest[] = [];

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/token' || req.method !== 'GET') {
      res.writeHead(404).end();
      return;
    }
    let user: string | undefined;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Basic ')) {
      const [u, ...rest] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
      const password = rest.join(':');
      if (!u || options.users[u] === undefined || options.users[u] !== password) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'invalid username or password' }] }));
        return;
      }
      user = u;
    }
    const scopes = url.searchParams.getAll('scope').flatMap((s) => s.split(' ')).filter(Boolean);
    requests.push({ user, service: url.searchParams.get('service'), scopes });
    const access = scopes.flatMap((scope) => {
      const parts = scope.split(':');
      if (parts.length < 3) return [];
      const type = parts[0] as string;
      const actions = (parts[parts.length - 1] as string).split(',');
      const name = parts.slice(1, -1).join(':');
      const readOnly = user !== undefined && options.readOnlyUsers?.includes(user);
      const granted = user && !readOnly ? actions : actions.filter((a) => (readOnly ? a === 'pull' : options.anonymousActions.includes(a)));
      return [{ type, name, actions: granted }];
    });
    const now = Math.floor(Date.now() / 1000);
    const token = signJwt(
      { alg: 'RS256', typ: 'JWT', x5c: [certDerB64] },
      { iss: options.issuer, sub: user ?? '', aud: options.service, exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access },
      key,
    );
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date(now * 1000).toISOString() }));
  });

  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    requests,
    stop: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}

function signJwt(header: object, claims: object, key: ReturnType<typeof createPrivateKey>): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${b64(header)}.${b64(claims)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key).toString('base64url');
  return `${input}.${signature}`;
}
