import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startRegistry, type TestRegistry } from './registry';
import { tempDir, type TempDir } from './tools';

/**
 * A loopback reverse proxy in front of a real registry that injects the faults a healthy registry
 * cannot be made to produce on demand: connections cut mid-blob, bursts of 5xx, resets and stalls
 * during an upload, a slow link. Everything else is passed through unchanged (Host included, so
 * upload URLs stay valid). Listens on 127.0.0.1 only.
 */
export type Fault =
  | { readonly kind: 'cut-response'; readonly afterBytes: number }
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string; readonly headers?: Readonly<Record<string, string>> }
  /**
   * Resets the request once `afterBytes` of its body have been seen. By default the data chunk
   * that crosses the limit is not forwarded (so a small limit forwards nothing); `landPartial`
   * forwards exactly `afterBytes` first, so the registry stores part of the body.
   */
  | { readonly kind: 'reset-request'; readonly afterBytes: number; readonly landPartial?: boolean }
  | { readonly kind: 'delay'; readonly ms: number }
  /** Holds the request body for `ms` once `afterBytes` of it have been forwarded, then goes on. */
  | { readonly kind: 'stall'; readonly afterBytes: number; readonly ms: number }
  /** Forwards the request body at about this rate (a slow link). */
  | { readonly kind: 'throttle'; readonly bytesPerSecond: number };

export interface FaultRule {
  readonly method?: string;
  readonly path: RegExp;
  readonly fault: Fault;
  /** How many matching requests get the fault (Infinity: all). */
  times: number;
}

/** Random faults from a seeded generator, bounded in number and in stall time. */
export interface ChaosOptions {
  readonly seed: number;
  /** Chance that a request gets a fault (0..1). */
  readonly rate: number;
  /** No more faults than this in all. */
  readonly maxFaults: number;
  readonly maxStallMs: number;
  /** Only requests whose path matches (default: all). */
  readonly path?: RegExp;
}

export interface LogEntry {
  method: string;
  path: string;
  fault?: string;
  status?: number;
  contentRange?: string;
  /** Request body bytes forwarded to the registry so far (updated while it flows). */
  bytesIn: number;
}

export interface FaultProxy {
  readonly host: string;
  readonly rules: FaultRule[];
  /** Requests seen: method and path, and which got a fault. */
  readonly log: LogEntry[];
  add(rule: Omit<FaultRule, 'times'> & { times?: number }): void;
  /** Turns random faults on (counting from 0) or off (undefined). */
  chaos(options: ChaosOptions | undefined): void;
  /** Random faults injected since they were last turned on. */
  readonly chaosFaults: number;
  stop(): Promise<void>;
}

/** mulberry32: a small seeded generator, so a failing soak run can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startFaultProxy(upstreamHost: string): Promise<FaultProxy> {
  const [upHost, upPort] = upstreamHost.split(':') as [string, string];
  const rules: FaultRule[] = [];
  const log: LogEntry[] = [];
  let chaos: { options: ChaosOptions; random: () => number } | undefined;
  let chaosFaults = 0;

  const randomFault = (req: IncomingMessage): Fault | undefined => {
    if (!chaos || chaosFaults >= chaos.options.maxFaults) return undefined;
    if (chaos.options.path && !chaos.options.path.test(req.url ?? '')) return undefined;
    const r = chaos.random;
    if (r() >= chaos.options.rate) return undefined;
    const length = Number(req.headers['content-length'] ?? 0);
    const hasBody = length > 0;
    const kinds = hasBody ? ['reset', 'reset-partial', 'status', 'stall'] : req.method === 'GET' ? ['status', 'cut', 'delay'] : ['status', 'delay'];
    const kind = kinds[Math.floor(r() * kinds.length)];
    chaosFaults++;
    const at = Math.floor(r() * Math.max(1, length));
    switch (kind) {
      case 'reset':
        return { kind: 'reset-request', afterBytes: at };
      case 'reset-partial':
        return { kind: 'reset-request', afterBytes: at, landPartial: true };
      case 'stall':
        return { kind: 'stall', afterBytes: at, ms: Math.floor(r() * chaos.options.maxStallMs) };
      case 'cut':
        return { kind: 'cut-response', afterBytes: Math.floor(r() * 2048) };
      case 'delay':
        return { kind: 'delay', ms: Math.floor(r() * chaos.options.maxStallMs) };
      default:
        return { kind: 'status', status: [500, 502, 503][Math.floor(r() * 3)] as number };
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const rule = rules.find((r) => r.times > 0 && (!r.method || r.method === req.method) && r.path.test(req.url ?? ''));
    if (rule) rule.times--;
    const fault = rule?.fault ?? randomFault(req);
    const entry: LogEntry = {
      method: req.method ?? '',
      path: req.url ?? '',
      bytesIn: 0,
      ...(fault ? { fault: fault.kind } : {}),
      ...(req.headers['content-range'] ? { contentRange: String(req.headers['content-range']) } : {}),
    };
    log.push(entry);
    res.on('finish', () => (entry.status = res.statusCode));
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
      // The client went away mid-body: the registry sees the connection end, as with a real cut.
      req.on('close', () => {
        if (!req.complete) up.destroy();
      });
      forwardBody(req, up, entry, fault);
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
    chaos: (options) => {
      chaos = options ? { options, random: seededRandom(options.seed) } : undefined;
      if (options) chaosFaults = 0;
    },
    get chaosFaults() {
      return chaosFaults;
    },
    stop: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** Copies the request body upstream with backpressure, applying a body fault on the way. */
function forwardBody(req: IncomingMessage, up: ReturnType<typeof request>, entry: LogEntry, fault: Fault | undefined): void {
  let seen = 0;
  let stalled = false;
  const resumeLater = (ms: number) => {
    req.pause();
    setTimeout(() => req.resume(), ms);
  };
  req.on('data', (c: Buffer) => {
    if (fault?.kind === 'reset-request' && seen + c.length >= fault.afterBytes) {
      if (fault.landPartial && fault.afterBytes > seen) {
        up.write(c.subarray(0, fault.afterBytes - seen));
        entry.bytesIn = fault.afterBytes;
        // Let the partial body reach the registry before the connection goes.
        req.pause();
        setTimeout(() => {
          up.destroy();
          req.socket.destroy();
        }, 50);
        return;
      }
      up.destroy();
      req.socket.destroy();
      return;
    }
    seen += c.length;
    entry.bytesIn = seen;
    const flowing = up.write(c);
    if (fault?.kind === 'stall' && !stalled && seen >= fault.afterBytes) {
      stalled = true;
      resumeLater(fault.ms);
    } else if (fault?.kind === 'throttle') {
      resumeLater((c.length / fault.bytesPerSecond) * 1000);
    } else if (!flowing) {
      req.pause();
      up.once('drain', () => req.resume());
    }
  });
  req.on('end', () => up.end());
}

/** A plain registry behind a fault proxy, with a temp folder: what the upload tests start from. */
export interface RegistryBehindProxy {
  readonly dir: TempDir;
  readonly registry: TestRegistry;
  readonly proxy: FaultProxy;
  /** The registry as reached through the proxy: what a client under test connects to. */
  readonly viaProxy: TestRegistry;
  /** Stops the proxy, then the registry, and removes the folder. */
  stop(): Promise<void>;
}

export async function startRegistryBehindProxy(name: string): Promise<RegistryBehindProxy> {
  const dir = await tempDir(name);
  const registry = await startRegistry('plain');
  const proxy = await startFaultProxy(registry.host);
  return {
    dir,
    registry,
    proxy,
    viaProxy: { ...registry, host: proxy.host, baseUrl: `http://${proxy.host}` },
    stop: async () => {
      await proxy.stop();
      await registry.stop();
      await dir.remove();
    },
  };
}
