import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import type { OpenBundle } from '../bundle/open-bundle';
import { AppError, messageOf } from '../errors';
import { PluginTree } from './plugin-tree';
import { RegistryApi } from './registry-api';
import { parseRequestPath } from './request-path';
import { sendText } from './respond';

export interface BundleServerOptions {
  readonly bundle: OpenBundle;
  /** Address to listen on; loopback unless the operator explicitly chose otherwise. */
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Unexpected failures while answering (a read error): the request got a 500 or was cut. */
  readonly onError?: (message: string) => void;
}

export interface BundleServer {
  /** Base URL reachable from this machine (`http://127.0.0.1:8080`). */
  readonly url: string;
  readonly port: number;
  /** Folders under /plugins/. */
  readonly plugins: readonly string[];
  /** `repository:tag` pairs the `/v2/` API serves. */
  readonly references: readonly string[];
  /** Index entries that could not be served. */
  readonly warnings: readonly string[];
  close(): Promise<void>;
}

/**
 * `higress-airgap serve`: the bundle over HTTP with the official Plugin Server's layout
 * (`/plugins/<name>/<version>/{plugin.wasm,metadata.txt}`, autoindex listings, `/healthz`) and a
 * read-only `/v2/` registry API. Only GET and HEAD; every URL is matched against the bundle's
 * entry index, never mapped onto a file system. On loopback, foreign Host headers are refused so a
 * web page cannot read the bundle through DNS rebinding.
 */
export async function startBundleServer(options: BundleServerOptions): Promise<BundleServer> {
  const tree = new PluginTree(options.bundle);
  const api = await RegistryApi.create(options.bundle);
  let allowedHosts: ReadonlySet<string> | undefined;

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      options.onError?.(`${req.method} ${req.url}: ${messageOf(e)}`);
      if (!res.headersSent) sendText(req, res, 500, 'Internal server error\n');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (allowedHosts && !allowedHosts.has((req.headers.host ?? '').toLowerCase())) return sendText(req, res, 421, 'Unexpected Host header\n');
    const path = parseRequestPath(req.url ?? '');
    if (!path.ok) return sendText(req, res, 400, `Bad request: ${path.reason}\n`);
    const [first, ...rest] = path.segments;
    if (first === 'v2') return api.handle(req, res, rest, path.query);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(req, res, 405, 'Method not allowed: this server is read-only\n', { allow: 'GET, HEAD' });
    if (first === 'healthz' && rest.length === 0 && !path.trailingSlash) return sendText(req, res, 200, 'ok');
    if (first === undefined || first === 'plugins') return tree.handle(req, res, path.segments, path.trailingSlash);
    return sendText(req, res, 404, 'Not found\n');
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      fail(new AppError('LISTEN_FAILED', `Cannot listen on ${hostPort(options.host, options.port)}: ${e.code ?? e.message}`, {
        hint: e.code === 'EADDRINUSE' ? 'Another program uses that port: pick another with --port.' : e.code === 'EACCES' ? 'Ports below 1024 need privileges: pick one above 1024.' : 'Check --host names an address of this machine.',
        details: { cause: e.code === 'EADDRINUSE' ? 'in-use' : e.code === 'EACCES' ? 'privileged' : 'other', address: hostPort(options.host, options.port), reason: e.code ?? e.message },
      })),
    );
    server.listen(options.port, options.host, () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  if (isLoopback(options.host)) allowedHosts = new Set(['127.0.0.1', 'localhost', '[::1]', bracket(options.host)].flatMap((h) => (port === 80 ? [h, `${h}:80`] : [`${h}:${port}`])));

  return {
    url: `http://${hostPort(reachable(options.host), port)}`,
    port,
    plugins: tree.pluginNames,
    references: api.references,
    warnings: api.warnings,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

/** The unspecified addresses listen everywhere; this machine reaches them on loopback. */
function reachable(host: string): string {
  return host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
}

function bracket(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host.toLowerCase();
}

function hostPort(host: string, port: number): string {
  return `${bracket(host)}:${port}`;
}
