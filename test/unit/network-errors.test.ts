import { describe, expect, it } from 'vitest';
import { explainNetworkError } from '../../shared/registry/errors';

// How a refused redirect reads depends on what the request was: only a request that carries data
// is sent with redirect 'error' on purpose (an upload or a manifest write).
describe('a refused redirect', () => {
  const redirect = Object.assign(new TypeError('fetch failed'), { cause: new Error('unexpected redirect') });

  it('of an upload says so, with what to do', () => {
    const e = explainNetworkError(redirect, 'r.example:5000', 'https://r.example:5000/v2/x/blobs/uploads/1', { carriesBody: true });
    expect(e.code).toBe('NET_UPLOAD_REDIRECT');
    expect(e.hint).toContain('external URL');
  });

  it('of a request without data (a token fetch) is not called an upload', () => {
    const e = explainNetworkError(redirect, 'auth.example', 'https://auth.example/token');
    expect(e.code).toBe('NET_ERROR');
    expect(e.message).not.toContain('carries data');
  });

  // Electron's net.fetch words it its own way (its exact text was not seen here: no Electron binary).
  it('in other words that name the redirect is still recognised for an upload', () => {
    const e = explainNetworkError(new TypeError('redirect mode is set to error'), 'r.example', 'https://r.example/v2/x/manifests/1', { carriesBody: true });
    expect(e.code).toBe('NET_UPLOAD_REDIRECT');
  });
});
