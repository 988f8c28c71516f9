import { CancelledError } from '../errors';

/** How requests are retried: resets, 5xx (not 501/505) and 429, with backoff and jitter. */
export interface RetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 8000 };

/** Delay before attempt `n` (1-based retry count): exponential, capped, with ±50 % jitter. */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(exp * (0.5 + random()));
}

/** `Retry-After` in seconds or as an HTTP date; undefined when absent or unusable. Capped at 60 s. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs) && secs >= 0) return Math.min(60_000, secs * 1000);
  const date = Date.parse(header);
  if (!Number.isNaN(date)) return Math.min(60_000, Math.max(0, date - now));
  return undefined;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const RETRYABLE_NET = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'EAI_AGAIN', 'NET_RESET', 'NET_TIMEOUT']);

/** Is this thrown error a transient network failure worth retrying? */
export function isRetryableNetworkError(e: unknown): boolean {
  if (e instanceof CancelledError) return false;
  const codes = [(e as { code?: unknown })?.code, (e as { cause?: { code?: unknown } })?.cause?.code].map(String);
  if (codes.some((c) => RETRYABLE_NET.has(c))) return true;
  const msg = e instanceof Error ? `${e.message} ${String((e as { cause?: Error }).cause?.message ?? '')}` : '';
  return /socket hang up|other side closed|terminated|ECONNRESET|premature close/i.test(msg);
}
