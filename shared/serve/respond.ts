import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { OpenBundle } from '../bundle/open-bundle';
import { parseRange } from './http-range';

/**
 * Headers on every response: nothing served may be sniffed into HTML, framed or run as script
 * (plugin modules and blobs are attacker-chosen bytes as far as a browser is concerned).
 */
export function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy': "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
  };
}

/** A small in-memory body; HEAD gets the same headers and no body. */
export function sendBody(req: IncomingMessage, res: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: string | Uint8Array): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { ...securityHeaders(), ...headers, 'content-length': bytes.length });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

export function sendText(req: IncomingMessage, res: ServerResponse, status: number, text: string, headers: OutgoingHttpHeaders = {}): void {
  sendBody(req, res, status, { 'content-type': 'text/plain; charset=utf-8', ...headers }, text);
}

/**
 * Streams one file entry of the bundle straight from the tar (no copy, no extraction), honouring
 * a single byte Range. The caller has already matched `name` against the entry index.
 */
export async function sendEntry(req: IncomingMessage, res: ServerResponse, bundle: OpenBundle, name: string, headers: OutgoingHttpHeaders): Promise<void> {
  const entry = bundle.entries.get(name);
  if (!entry || entry.type !== 'file') throw new Error(`${name} is not a file entry of the bundle`);
  const range = parseRange(typeof req.headers.range === 'string' ? req.headers.range : undefined, entry.size);
  const common = { ...securityHeaders(), ...headers, 'accept-ranges': 'bytes' };
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...common, 'content-range': `bytes */${entry.size}`, 'content-length': 0 });
    return void res.end();
  }
  const start = range?.start ?? 0;
  const length = range ? range.end - range.start + 1 : entry.size;
  res.writeHead(range ? 206 : 200, {
    ...common,
    'content-length': length,
    ...(range ? { 'content-range': `bytes ${range.start}-${range.end}/${entry.size}` } : {}),
  });
  if (req.method === 'HEAD' || length === 0) return void res.end();
  try {
    await pipeline(Readable.from(bundle.reader.range(entry.offset + start, length)), res);
  } catch (e) {
    // A client that hangs up mid-download is normal; anything else is a read failure.
    if ((e as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw e;
  }
}
