import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWwwAuthenticate, pickChallenge } from '../../shared/registry/auth-challenge';
import { redactUrl } from '../../shared/registry/redact';
import { backoffDelay, retryAfterMs, isRetryableNetworkError } from '../../shared/registry/retry';
import { nextLink } from '../../shared/registry/repository';
import { readDiagnostics } from '../../shared/registry/errors';

describe('WWW-Authenticate tokenizer', () => {
  it('parses the official Higress registry challenge', () => {
    const h = 'Bearer realm="https://dockerauth.cn-hangzhou.aliyuncs.com/auth",service="registry.aliyuncs.com:cn-hangzhou:china:cri-r0xfyoxudmtseqq7"';
    expect(parseWwwAuthenticate(h)).toEqual([
      { scheme: 'bearer', params: { realm: 'https://dockerauth.cn-hangzhou.aliyuncs.com/auth', service: 'registry.aliyuncs.com:cn-hangzhou:china:cri-r0xfyoxudmtseqq7' } },
    ]);
  });

  it('takes parameters in any order, quoted or not, with commas and escapes inside quotes', () => {
    const [c] = parseWwwAuthenticate('Bearer scope="repository:a/b:pull,push", service=reg , realm="https://auth.example/token?x=\\"y\\""');
    expect(c).toEqual({ scheme: 'bearer', params: { scope: 'repository:a/b:pull,push', service: 'reg', realm: 'https://auth.example/token?x="y"' } });
  });

  it('splits several challenges and prefers bearer', () => {
    const cs = parseWwwAuthenticate('Basic realm="r1", Bearer realm="https://a/t",service="s"');
    expect(cs.map((c) => c.scheme)).toEqual(['basic', 'bearer']);
    expect(pickChallenge(cs)?.scheme).toBe('bearer');
    expect(pickChallenge(parseWwwAuthenticate('basic realm="x"'))?.params.realm).toBe('x');
  });

  it('copes with a token68 and garbage without throwing', () => {
    expect(parseWwwAuthenticate('Negotiate abc123==')[0]?.scheme).toBe('negotiate');
    expect(() => parseWwwAuthenticate('=,,"unterminated')).not.toThrow();
    expect(parseWwwAuthenticate('')).toEqual([]);
  });
});

describe('retries', () => {
  it('backs off exponentially with jitter, capped', () => {
    const p = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(p, 1, () => 0.5)).toBe(100);
    expect(backoffDelay(p, 3, () => 0.5)).toBe(400);
    expect(backoffDelay(p, 10, () => 0.5)).toBe(1000);
    expect(backoffDelay(p, 1, () => 0)).toBe(50);
    expect(backoffDelay(p, 1, () => 0.999)).toBe(150);
  });

  it('honours Retry-After in seconds or as a date, capped at a minute', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('100000')).toBe(60000);
    expect(retryAfterMs(new Date(Date.now() + 2000).toUTCString(), Date.now())).toBeGreaterThan(500);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });

  it('classifies resets as retryable and refusals as not', () => {
    expect(isRetryableNetworkError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryableNetworkError(new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }))).toBe(true);
    expect(isRetryableNetworkError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(isRetryableNetworkError(new Error('bad request'))).toBe(false);
  });
});

describe('protocol details', () => {
  it('keeps secrets out of URLs in messages', () => {
    const u = redactUrl('https://user:pw@r.example/v2/x/blobs/uploads/1?_state=abc&digest=sha256:1&X-Amz-Signature=s');
    expect(u).not.toContain('pw');
    expect(u).not.toContain('abc');
    expect(u).not.toMatch(/Signature=s\b/);
    expect(u).toContain('digest=sha256');
  });

  it('follows Link pagination only on the same host', () => {
    expect(nextLink('</v2/a/tags/list?last=x&n=2>; rel="next"', 'https://r.example/v2/a/tags/list?n=2')).toBe('https://r.example/v2/a/tags/list?last=x&n=2');
    expect(nextLink('<https://evil.example/v2/a/tags/list>; rel="next"', 'https://r.example/v2/a/tags/list')).toBeUndefined();
    expect(nextLink(null, 'https://r.example/')).toBeUndefined();
  });

  it('parses distribution error bodies and caps them', async () => {
    const res = new Response(JSON.stringify({ errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry', detail: { name: 'x' } }] }));
    expect(await readDiagnostics(res)).toEqual([{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry', detail: { name: 'x' } }]);
    const html = new Response('<html>' + 'x'.repeat(200000));
    const [d] = await readDiagnostics(html);
    expect(d?.code).toBe('UNKNOWN');
    expect(d?.message.length).toBeLessThanOrEqual(300);
  });
});

describe('the registry client is sealed', () => {
  // The engine's own sources (inside this repository): only shared/registry/ talks to a registry's
  // transport or builds URLs on its host; blob-upload and repository do not import each other.
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

  it('nothing outside shared/registry reaches the transport, its endpoint or the Harbor API', () => {
    const outside = sources('shared').filter((f) => !f.startsWith(join('shared', 'registry')));
    expect(outside.length).toBeGreaterThan(50);
    const reaching = outside.filter((f) => /\.transport\b|\.endpoint\.(fetch|baseUrl|credentials)|\/api\/v2\.0\//.test(readFileSync(f, 'utf8')));
    expect(reaching).toEqual([]);
  });

  it('blob-upload.ts and repository.ts share one set of blob types and no import cycle', () => {
    const upload = readFileSync(join('shared', 'registry', 'blob-upload.ts'), 'utf8');
    const repository = readFileSync(join('shared', 'registry', 'repository.ts'), 'utf8');
    expect(upload).not.toMatch(/from '\.\/repository'/);
    expect(repository).toMatch(/from '\.\/blob-upload'/);
    for (const text of [upload, repository]) expect(text).not.toMatch(/^export (interface|type) (BlobSource|PushBlobOptions|PushBlobResult)\b/m);
  });
});
