import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventMap, EventName } from '../shared/ipc/contract';
import type { HandlerMap } from '../shared/ipc/dispatch';
import { IpcSession } from '../shared/ipc/session';
import { AppError } from '../shared/errors';

/**
 * `higress-airgap ui`: serves the built renderer and the same handler map Electron main binds, to a
 * browser on this machine. Only 127.0.0.1; every API call must carry the random token printed in
 * the URL, come from our own origin and name our own Host (no DNS rebinding).
 */
export interface UiServerOptions {
  readonly handlers: HandlerMap;
  readonly rendererDir: string;
  readonly port?: number;
  readonly token?: string;
  /**
   * Backstop for errors nothing handled (an unhandled stream 'error', a rejected promise nobody
   * awaited): told here instead of ending the process, and with it every tab's running work.
   * Default: a line on stderr. `false` leaves the process's own handling alone.
   */
  readonly onInternalError?: ((e: unknown) => void) | false;
}

export interface UiServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MAX_BODY = 1024 * 1024;
const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Finds the built renderer beside the CLI bundle (installed) or in the checkout's out/. */
export function findRendererDir(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  // From a checkout (tsx: cli/) the build sits in out/renderer; from the bundle (out/cli/) beside it.
  // The source renderer/ also has an index.html, so require the built assets folder too.
  const candidates = [join(here, '..', 'out', 'renderer'), join(here, '..', 'renderer')];
  return candidates.find((d) => existsSync(join(d, 'index.html')) && existsSync(join(d, 'assets')));
}

export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const root = resolve(options.rendererDir);
  const sessions = new Map<string, IpcSession>();
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const ourOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', e instanceof Error ? e.message : 'error');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts().has(req.headers.host ?? '')) return send(res, 421, 'text/plain', 'Unexpected Host header');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api/')) {
      const origin = req.headers.origin;
      if (origin !== undefined && !ourOrigins().has(origin)) return send(res, 403, 'text/plain', 'Origin not allowed');
      if (!hasToken(req)) return send(res, 401, 'text/plain', 'Missing or wrong token');
      if (url.pathname === '/api/events' && req.method === 'GET') return openEvents(req, res);
      if (url.pathname === '/api/invoke' && req.method === 'POST') return invoke(req, res);
      return send(res, 404, 'text/plain', 'Not found');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'Method not allowed');
    return serveStatic(url.pathname, req, res);
  }

  function hasToken(req: IncomingMessage): boolean {
    const given = req.headers['x-airgap-token'];
    if (typeof given !== 'string') return false;
    const b = Buffer.from(given);
    return b.length === tokenBytes.length && timingSafeEqual(b, tokenBytes);
  }

  // One long-lived NDJSON stream per browser tab: its first line names the session; closing it
  // cancels the tab's running tasks.
  function openEvents(req: IncomingMessage, res: ServerResponse): void {
    const id = randomUUID();
    res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    const write = (line: unknown) => res.write(`${JSON.stringify(line)}\n`);
    const emit = <E extends EventName>(event: E, payload: EventMap[E]) => write({ type: 'event', event, payload });
    const session = new IpcSession(options.handlers, emit);
    sessions.set(id, session);
    write({ type: 'hello', session: id });
    const keepAlive = setInterval(() => write({ type: 'ping' }), 15000);
    req.on('close', () => {
      clearInterval(keepAlive);
      sessions.delete(id);
      session.close();
    });
  }

  async function invoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const session = sessions.get(String(req.headers['x-airgap-session'] ?? ''));
    if (!session) return send(res, 400, 'text/plain', 'Unknown session: open /api/events first');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, 'text/plain', 'JSON only');
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (e) {
      return send(res, 400, 'text/plain', e instanceof AppError ? e.message : 'Body is not JSON');
    }
    const { channel, args } = (body ?? {}) as { channel?: unknown; args?: unknown };
    const envelope = await session.invoke(channel, args);
    send(res, 200, 'application/json', JSON.stringify(envelope));
  }

  async function serveStatic(pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return send(res, 400, 'text/plain', 'Bad path');
    }
    if (rel.includes('\0')) return send(res, 400, 'text/plain', 'Bad path');
    let file = resolve(root, `.${rel}`);
    if (file !== root && !file.startsWith(root + sep)) return send(res, 403, 'text/plain', 'Forbidden');
    let info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) {
      file = join(file, 'index.html');
      info = await stat(file).catch(() => undefined);
    }
    // Client-side routes fall back to the app shell.
    if (!info && !extname(rel)) {
      file = join(root, 'index.html');
      info = await stat(file).catch(() => undefined);
    }
    if (!info?.isFile()) return send(res, 404, 'text/plain', 'Not found');
    res.writeHead(200, {
      ...securityHeaders(),
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;
  // Every engine path is meant to end in an error envelope; this only catches what escapes them.
  const safetyNet = options.onInternalError === false ? undefined : (options.onInternalError ?? reportInternalError);
  if (safetyNet) {
    process.on('uncaughtException', safetyNet);
    process.on('unhandledRejection', safetyNet);
  }

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    close: async () => {
      for (const s of sessions.values()) s.close();
      sessions.clear();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      if (safetyNet) {
        process.off('uncaughtException', safetyNet);
        process.off('unhandledRejection', safetyNet);
      }
    },
  };
}

function reportInternalError(e: unknown): void {
  const text = e instanceof Error ? (e.stack ?? e.message) : String(e);
  process.stderr.write(`higress-airgap ui: internal error (the server keeps running): ${text}\n`);
}

function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { ...securityHeaders(), 'content-type': type });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        fail(new AppError('TOO_LARGE', 'Request body too large', { details: { kind: 'request' } }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}
