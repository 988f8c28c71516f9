import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback reverse proxy in front of a real registry that injects the faults a healthy registry
 * cannot be made to produce on demand: connections cut mid-blob, bursts of 5xx, resets during an
 * upload. Everything else is passed through unchanged (Host included, so upload URLs stay valid).
 */
export type Fault =
  | { readonly kind: 'cut-response'; readonly afterBytes: number }
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'reset-request'; readonly afterBytes: number }
  | { readonly kind: 'delay'; readonly ms: number };

export interface FaultRule {
  readonly method?: string;
  readonly path: RegExp;
  readonly fault: Fault;
  /** How many matching requests get the fault (Infinity: all). */
  times: number;
}

export interface FaultProxy {
  readonly host: string;
  readonly rules: FaultRule[];
  /** Requests seen: method and path, and which got a fault. */
  readonly log: Array<{ method: string; path: string; fault?: string; status?: number; contentRange?: string }>;
  add(rule: Omit<FaultRule, 'times'> & { times?: number }): void;
  stop(): Promise<void>;
}

export async function startFaultProxy(upstreamHost: string): Promise<FaultProxy> {
  const [upHost, upPort] = upstreamHost.split(':') as [string, string];
  const rules: FaultRule[] = [];
  const log: FaultProxy['log'] = [];

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const rule = rules.find((r) => r.times > 0 && (!r.method || r.method === req.method) && r.path.test(req.url ?? ''));
    if (rule) rule.times--;
    const entry: FaultProxy['log'][number] = {
      method: req.method ?? '',
      path: req.url ?? '',
      ...(rule ? { fault: rule.fault.kind } : {}),
      ...(req.headers['content-range'] ? { contentRange: String(req.headers['content-range']) } : {}),
    };
    log.push(entry);
    res.on('finish', () => (entry.status = res.statusCode));
    const fault = rule?.fault;
    if (fault?.kind === 'status') {
      req.resume();
      res.writeHead(fault.status, { 'content-type': 'application/json', ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}), ...(fault.headers ?? {}) });
      res.end(JSON.stringify({ errors: [{ code: 'UNAVAILABLE', message: 'injected fault' }] }));
      return;
    }
    const forward = () => {
      const up = request({ host: upHost, port: Number(upPort), method: req.method, path: req.url, headers: req.headers }, (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        if (fault?.kind === 'cut-response') {
          let sent = 0;
          upRes.on('data', (c: Buffer) => {
            if (sent + c.length >= fault.afterBytes) {
              res.write(c.subarray(0, Math.max(0, fault.afterBytes - sent)));
              res.socket?.destroy();
              upRes.destroy();
              return;
            }
            sent += c.length;
            res.write(c);
          });
          upRes.on('end', () => res.end());
        } else {
          upRes.pipe(res);
        }
      });
      up.on('error', () => res.socket?.destroy());
      if (fault?.kind === 'reset-request') {
        let seen = 0;
        req.on('data', (c: Buffer) => {
          seen += c.length;
          if (seen >= fault.afterBytes) {
            up.destroy();
            req.socket.destroy();
          } else up.write(c);
        });
        req.on('end', () => up.end());
      } else {
        req.pipe(up);
      }
    };
    if (fault?.kind === 'delay') setTimeout(forward, fault.ms);
    else forward();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  return {
    host: `127.0.0.1:${port}`,
    rules,
    log,
    add: (rule) => void rules.push({ ...rule, times: rule.times ?? 1 }),
    stop: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
