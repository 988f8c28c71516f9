import { createHash } from 'node:crypto';
import { AppError, throwIfAborted } from '../errors';
import { MAX_WASM_BYTES } from '../plugins/wasm-module';
import { redactUrl } from '../registry/redact';

/** Redirects followed at most (the gateway's fetcher follows Go's default of 10; fewer is plenty for a file server). */
export const MAX_REDIRECTS = 5;

/**
 * Downloads one module over http(s): at most MAX_WASM_BYTES (the gateway's own limit), at most
 * MAX_REDIRECTS redirects, hashed while it streams; `sha256` (spec.sha256), when given, must match
 * or nothing is returned. No credentials are ever sent.
 */
export async function downloadWasm(url: string, options: { sha256?: string | undefined; fetch?: typeof globalThis.fetch | undefined; signal?: AbortSignal | undefined } = {}): Promise<{ bytes: Buffer; sha256: string; finalUrl: string }> {
  const fetcher = options.fetch ?? globalThis.fetch;
  let current = url;
  let response: Response | undefined;
  for (let hop = 0; ; hop++) {
    throwIfAborted(options.signal);
    try {
      response = await fetcher(current, { redirect: 'manual', signal: options.signal ?? null, headers: { accept: 'application/wasm, application/octet-stream, */*' } });
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e;
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new AppError('MIGRATE_SOURCE_UNREACHABLE', `Cannot download ${redactUrl(current)}: ${cause?.code ?? cause?.message ?? (e as Error).message}`, {
        hint: 'Check that the address is reachable from this machine, or bundle from a copy of the module.',
        details: { url: redactUrl(current), reason: cause?.code ?? (e as Error).message },
      });
    }
    if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new AppError('MIGRATE_TOO_MANY_REDIRECTS', `${redactUrl(url)} redirects more than ${MAX_REDIRECTS} times`, { details: { url: redactUrl(url), limit: MAX_REDIRECTS } });
      const next = new URL(response.headers.get('location') as string, current);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new AppError('MIGRATE_SOURCE_UNREACHABLE', `${redactUrl(current)} redirects to a ${next.protocol} URL`, { details: { url: redactUrl(current), reason: `redirect to ${next.protocol}` } });
      current = next.toString();
      continue;
    }
    break;
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new AppError('MIGRATE_SOURCE_UNREACHABLE', `Cannot download ${redactUrl(current)}: the server answered ${response.status}`, {
      hint: 'Check that the address is reachable from this machine, or bundle from a copy of the module.',
      details: { url: redactUrl(current), reason: `HTTP ${response.status}` },
    });
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_WASM_BYTES) {
    await response.body?.cancel();
    throw tooLarge(current, declared);
  }
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let size = 0;
  if (response.body) {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > MAX_WASM_BYTES) throw tooLarge(current, size);
      hash.update(chunk);
      chunks.push(Buffer.from(chunk));
    }
  }
  const sha256 = hash.digest('hex');
  if (options.sha256 && options.sha256 !== sha256) {
    throw new AppError('MIGRATE_SHA256_MISMATCH', `${redactUrl(url)} has SHA-256 ${sha256}, but spec.sha256 says ${options.sha256}`, {
      hint: 'The module there is not the one the WasmPlugin pins (the gateway would refuse it too); nothing was bundled.',
      details: { url: redactUrl(url), sha256, expected: options.sha256 },
    });
  }
  return { bytes: Buffer.concat(chunks), sha256, finalUrl: current };
}

function tooLarge(url: string, size: number): AppError {
  return new AppError('MIGRATE_SOURCE_TOO_LARGE', `${redactUrl(url)} is larger than ${MAX_WASM_BYTES} bytes, the most the gateway loads`, { details: { url: redactUrl(url), size, limit: MAX_WASM_BYTES } });
}
