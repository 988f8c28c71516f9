import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copy } from '../../shared/copy';
import { MemoryStore } from '../../shared/store/memory-store';
import { RegistryStore } from '../../shared/store/registry-store';
import { RegistryClient } from '../../shared/registry/client';
import type { FetchLike } from '../../shared/registry/http-client';
import { connectTest } from '../env/engine';
import { startFaultProxy } from '../env/fault-proxy';
import { pluginFixture } from '../env/fixtures';
import { RawRegistryClient } from '../env/raw-registry';
import { startRegistry, type TestRegistry } from '../env/registry';
import { failureOf, tempDir, type TempDir } from '../env/tools';

let dir: TempDir;
beforeAll(async () => {
  dir = await tempDir('hostile');
});
afterAll(async () => {
  await dir?.remove();
});

// A registry that lies cannot be made from a real one: these answers come from a scripted fetch.
function scripted(answer: (url: string, init: RequestInit) => Response): { fetch: FetchLike; seen: Array<{ url: string; auth?: string | undefined }> } {
  const seen: Array<{ url: string; auth?: string | undefined }> = [];
  return {
    seen,
    fetch: async (url, init) => {
      seen.push({ url, auth: (init.headers as Record<string, string> | undefined)?.authorization });
      return answer(url, init);
    },
  };
}

describe('credentials stay with the registry the operator named', () => {
  const creds = { kind: 'basic' as const, username: 'alice', password: 's3cret' };

  it.each([
    ['a token service under a public second-level suffix', 'harbor.corp.com.cn', 'https://attacker.com.cn/token'],
    ['a look-alike loopback name over plain HTTP', 'registry.example.com', 'http://127.attacker.example.com/token'],
    ['an unrelated host', 'registry.example.com', 'https://collector.evil.example/token'],
  ])('refuses %s', async (_what, host, realm) => {
    const s = scripted(() => new Response('{}', { status: 401, headers: { 'www-authenticate': `Bearer realm="${realm}",service="x"` } }));
    const client = new RegistryClient({ host, baseUrl: `https://${host}`, fetch: s.fetch, credentials: creds });
    const err = await failureOf(client.checkLogin());
    expect(err.code).toBe('REGISTRY_REALM_REFUSED');
    expect(s.seen.some((r) => r.url.startsWith(new URL(realm).origin))).toBe(false);
  });

  it('accepts the registry’s own token service (dockerauth.<region>.aliyuncs.com for the official registry)', async () => {
    const s = scripted((url) =>
      url.startsWith('https://dockerauth.cn-hangzhou.aliyuncs.com/')
        ? new Response(JSON.stringify({ token: 't' }), { status: 200 })
        : url.includes('/v2/') && s.seen.filter((r) => r.url.endsWith('/v2/')).length > 1
          ? new Response('{}', { status: 200 })
          : new Response('{}', { status: 401, headers: { 'www-authenticate': 'Bearer realm="https://dockerauth.cn-hangzhou.aliyuncs.com/auth",service="registry.aliyuncs.com:cn-hangzhou"' } }),
    );
    const client = new RegistryClient({ host: 'higress-registry.cn-hangzhou.cr.aliyuncs.com', baseUrl: 'https://higress-registry.cn-hangzhou.cr.aliyuncs.com', fetch: s.fetch });
    await client.checkLogin();
    expect(s.seen.some((r) => r.url.startsWith('https://dockerauth.cn-hangzhou.aliyuncs.com/auth?'))).toBe(true);
  });

  it('refuses an upload Location that downgrades to http or leaves the host', async () => {
    for (const location of ['http://reg.example.com/v2/dst/blobs/uploads/abc', 'https://elsewhere.example/v2/dst/blobs/uploads/abc']) {
      const s = scripted((url, init) => {
        if (init.method === 'HEAD') return new Response(null, { status: 404 });
        if (init.method === 'POST') return new Response(null, { status: 202, headers: { location } });
        return new Response(null, { status: 201 });
      });
      const client = new RegistryClient({ host: 'reg.example.com', baseUrl: 'https://reg.example.com', fetch: s.fetch, credentials: creds });
      const store = new MemoryStore();
      const digest = store.put(Buffer.from('hello'));
      const err = await failureOf(client.repository('dst').pushBlob({ digest, size: 5 }, store.blobSource({ mediaType: 'x', digest, size: 5 })));
      expect(err.code).toBe('REGISTRY_REDIRECT_REFUSED');
      expect(s.seen.filter((r) => r.url === location || r.url.startsWith(location))).toEqual([]);
    }
  });
});

describe('real registries with awkward but legal behaviour', () => {
  let relative: TestRegistry;
  let token: TestRegistry;
  beforeAll(async () => {
    [relative, token] = await Promise.all([startRegistry('plain', { relativeUrls: true }), startRegistry('token')]);
  });
  afterAll(async () => {
    await Promise.all([relative?.stop(), token?.stop()]);
  });

  it('pushes through relative Locations, also after a failed cross-repository mount', async () => {
    const fx = await pluginFixture({ name: 'rel', layout: 'oci-compat' });
    const src = new MemoryStore();
    for (const b of fx.manifest.blobs) src.put(b.bytes);
    src.putTagged({ mediaType: fx.manifest.mediaType, digest: fx.manifest.digest, size: fx.manifest.size }, fx.manifest.bytes, 'x');
    const client = await connectTest(dir.path, relative);
    const blob = fx.manifest.blobs[2]!;
    const desc = { mediaType: blob.mediaType, digest: blob.digest, size: blob.size };
    // "mount from" a repository that does not have it: the registry opens an upload instead.
    expect(await client.repository('rel/a').pushBlob(desc, src.blobSource(desc), { mountFrom: ['rel/empty'] })).toBe('uploaded');
    const r = await copy(src, 'x', new RegistryStore(client, 'rel/b'), 'v1');
    expect(r.digest).toBe(fx.manifest.digest);
    expect(await new RawRegistryClient(relative).tags('rel/b')).toEqual(['v1']);
  });

  it('re-sends an upload body when the registry asks to authenticate again mid-push', async () => {
    const proxy = await startFaultProxy(token.host);
    try {
      const challenge = `Bearer realm="${token.tokenServer!.realm}",service="airgap-test-registry",scope="repository:reauth/x:pull,push"`;
      proxy.add({ method: 'PUT', path: /\/blobs\/uploads\//, fault: { kind: 'status', status: 401, headers: { 'www-authenticate': challenge } }, times: 1 });
      const fx = await pluginFixture({ name: 'reauth', layout: 'oci-wasm' });
      const src = new MemoryStore();
      for (const b of fx.manifest.blobs) src.put(b.bytes);
      src.putTagged({ mediaType: fx.manifest.mediaType, digest: fx.manifest.digest, size: fx.manifest.size }, fx.manifest.bytes, 'x');
      const client = await connectTest(dir.path, { ...token, host: proxy.host, baseUrl: `http://${proxy.host}` });
      const r = await copy(src, 'x', new RegistryStore(client, 'reauth/x'), '1');
      expect(r.digest).toBe(fx.manifest.digest);
      expect(proxy.log.filter((l) => l.fault === 'status')).toHaveLength(1);
    } finally {
      await proxy.stop();
    }
  });

  it('never tags content other than what was expected', async () => {
    const fx = await pluginFixture({ name: 'expect', layout: 'oci-compat' });
    const src = new MemoryStore();
    for (const b of fx.manifest.blobs) src.put(b.bytes);
    src.putTagged({ mediaType: fx.manifest.mediaType, digest: fx.manifest.digest, size: fx.manifest.size }, fx.manifest.bytes, 'x');
    const client = await connectTest(dir.path, relative);
    const err = await failureOf(copy(src, 'x', new RegistryStore(client, 'expect/x'), 'v1', { expectDigest: `sha256:${'0'.repeat(64)}` }));
    expect(err.code).toBe('DIGEST_MISMATCH');
    expect(await new RawRegistryClient(relative).tags('expect/x')).toEqual([]);
  });
});
