import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copy } from '../../shared/copy';
import { inspect } from '../../shared/inspect';
import { RegistryStore } from '../../shared/store/registry-store';
import { OciLayoutStore } from '../../shared/store/oci-layout-store';
import { MountHints } from '../../shared/store/mount-hints';
import type { ProgressEvent } from '../../shared/progress';
import { AppError } from '../../shared/errors';
import { connectTest } from '../env/engine';
import { pushFixtures, type PushedFixtures } from '../env/fixtures';
import { startRegistry, type TestRegistry } from '../env/registry';
import { skopeo, skopeoFlags } from '../env/skopeo';
import { failureOf, freePort, tempDir, type TempDir } from '../env/tools';
import { RawRegistryClient } from '../env/raw-registry';

let source: TestRegistry;
let fixtures: PushedFixtures;
let dir: TempDir;

beforeAll(async () => {
  dir = await tempDir('engine');
  source = await startRegistry('plain');
  fixtures = await pushFixtures(source);
});
afterAll(async () => {
  await source?.stop();
  await dir?.remove();
});

describe.each(['tls-basic', 'token', 'plain'] as const)('copy into the %s registry', (flavour) => {
  let target: TestRegistry;
  beforeAll(async () => {
    target = await startRegistry(flavour);
  });
  afterAll(async () => {
    await target?.stop();
  });

  it('copies images and plugin artifacts byte for byte (skopeo inspect --raw agrees)', async () => {
    const src = await connectTest(dir.path, source);
    const dst = await connectTest(dir.path, target);
    const mounts = new MountHints();
    const items = [{ repo: fixtures.pluginServer.repo, tag: fixtures.pluginServer.tag, bytes: fixtures.pluginServer.index.bytes, digest: fixtures.pluginServer.index.digest }, ...fixtures.plugins.map((p) => ({ repo: p.repo, tag: p.tag, bytes: p.manifest.bytes, digest: p.manifest.digest }))];
    for (const item of items) {
      const result = await copy(new RegistryStore(src, item.repo), item.tag, new RegistryStore(dst, `mirror/${item.repo}`, mounts), item.tag);
      expect(result.digest).toBe(item.digest);
      const raw = await skopeo(['inspect', '--raw', ...skopeoFlags(target), `docker://${target.host}/mirror/${item.repo}:${item.tag}`]);
      expect(raw.stderr).toBe('');
      expect(Buffer.from(raw.stdout)).toEqual(item.bytes);
    }
    // The plugins share the empty {} config: later repositories mounted it instead of uploading.
    const second = await copy(new RegistryStore(src, fixtures.plugins[0]!.repo), fixtures.plugins[0]!.tag, new RegistryStore(dst, 'mirror/again', mounts), 'x');
    expect(second.blobs.mounted).toBeGreaterThan(0);
    expect(second.blobs.uploaded).toBe(0);
  });

  it('a second copy sends nothing', async () => {
    const src = await connectTest(dir.path, source);
    const dst = await connectTest(dir.path, target);
    const events: ProgressEvent[] = [];
    const r = await copy(new RegistryStore(src, fixtures.pluginServer.repo), fixtures.pluginServer.tag, new RegistryStore(dst, `mirror/${fixtures.pluginServer.repo}`), fixtures.pluginServer.tag, { onProgress: (e) => events.push(e) });
    expect(r.blobs.uploaded).toBe(0);
    expect(r.blobs.bytesSent).toBe(0);
    // progress still completes, and never goes backwards
    expect(events.at(-1)?.bytesDone).toBe(events.at(-1)?.bytesTotal);
    for (let i = 1; i < events.length; i++) expect(events[i]!.bytesDone).toBeGreaterThanOrEqual(events[i - 1]!.bytesDone);
  });

  it('filters a multi-arch index to one platform, consistently (skopeo can copy it)', async () => {
    const src = await connectTest(dir.path, source);
    const dst = await connectTest(dir.path, target);
    const r = await copy(new RegistryStore(src, fixtures.pluginServer.repo), fixtures.pluginServer.tag, new RegistryStore(dst, 'filtered/plugin-server'), 'amd64', { platforms: [{ os: 'linux', architecture: 'amd64' }] });
    expect(r.platforms).toEqual(['linux/amd64']);
    expect(r.digest).not.toBe(r.sourceDigest);
    const raw = JSON.parse((await skopeo(['inspect', '--raw', ...skopeoFlags(target), `docker://${target.host}/filtered/plugin-server:amd64`])).stdout);
    // amd64 and its attestation stay; arm64 is gone
    expect(raw.manifests.map((m: any) => `${m.platform.os}/${m.platform.architecture}`)).toEqual(['linux/amd64', 'unknown/unknown']);
    const out = await tempDir('skopeo-out');
    try {
      const cp = await skopeo(['copy', '--all', ...skopeoFlags(target, 'src'), `docker://${target.host}/filtered/plugin-server:amd64`, `oci:${out.path}:x`]);
      expect(cp.code, cp.stderr).toBe(0);
    } finally {
      await out.remove();
    }
  });

  it('refuses a platform the index does not have, naming what it has', async () => {
    const src = await connectTest(dir.path, source);
    const dst = await connectTest(dir.path, target);
    const err = await failureOf(copy(new RegistryStore(src, fixtures.pluginServer.repo), fixtures.pluginServer.tag, new RegistryStore(dst, 'filtered/none'), 'x', { platforms: [{ os: 'linux', architecture: 's390x' }] }));
    expect(err).toBeInstanceOf(AppError);
    expect(err.message).toMatch(/has none of linux\/s390x; it has linux\/amd64, linux\/arm64/);
  });
});

describe('authentication', () => {
  let tls: TestRegistry;
  let token: TestRegistry;
  beforeAll(async () => {
    [tls, token] = await Promise.all([startRegistry('tls-basic'), startRegistry('token')]);
  });
  afterAll(async () => {
    await tls?.stop();
    await token?.stop();
  });

  it('the token flow asks for per-repository scopes, with push only where pushing', async () => {
    const src = await connectTest(dir.path, source);
    const dst = await connectTest(dir.path, token);
    const before = token.tokenServer!.requests.length;
    await copy(new RegistryStore(src, 'plugins/key-auth'), '2.0.0', new RegistryStore(dst, 'scoped/key-auth'), '2.0.0');
    await copy(new RegistryStore(src, 'plugins/basic-auth'), '2.0.0', new RegistryStore(dst, 'scoped/basic-auth'), '2.0.0');
    const scopes = token.tokenServer!.requests.slice(before).flatMap((r) => r.scopes);
    expect(scopes).toContain('repository:scoped/key-auth:pull,push');
    expect(scopes).toContain('repository:scoped/basic-auth:pull,push');
    expect(scopes.every((s) => s.startsWith('repository:scoped/'))).toBe(true);
    // cached per scope: a handful of token requests, not one per blob
    expect(token.tokenServer!.requests.length - before).toBeLessThanOrEqual(8);
  });

  it('pulls anonymously from a token registry (the official registry works this way)', async () => {
    const raw = new RawRegistryClient(token);
    const fx = fixtures.plugins[0]!;
    await raw.pushBlob('anon/key-auth', Buffer.from('{}'), 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
    const anonymous = await connectTest(dir.path, token, { credentials: false });
    const src = await connectTest(dir.path, source);
    const authed = await connectTest(dir.path, token);
    await copy(new RegistryStore(src, fx.repo), fx.tag, new RegistryStore(authed, 'anon/key-auth'), fx.tag);
    const result = await inspect(new RegistryStore(anonymous, 'anon/key-auth'), fx.tag);
    expect(result.digest).toBe(fx.manifest.digest);
    // but anonymous push is refused with an explanation
    const err = await failureOf(copy(new RegistryStore(src, fx.repo), fx.tag, new RegistryStore(anonymous, 'anon/other'), fx.tag));
    expect(err).toBeInstanceOf(AppError);
    expect(['REGISTRY_UNAUTHORIZED', 'REGISTRY_FORBIDDEN']).toContain(err.code);
  });

  it('a wrong password gives a clear 401 message (basic and token)', async () => {
    for (const r of [tls, token]) {
      const bad = await connectTest(dir.path, { ...r, password: 'wrong password' });
      const err = await failureOf(bad.checkLogin());
      expect(err).toBeInstanceOf(AppError);
      expect(err.code).toBe('REGISTRY_UNAUTHORIZED');
      expect(err.message).toMatch(/refused the credentials/);
      expect(err.message).not.toContain('wrong password');
      expect(err.hint).toContain('login');
    }
  });

  it('TLS without the CA fails with an x509 explanation; with it, it works', async () => {
    const noCa = await connectTest(dir.path, tls, { ca: false });
    const err = await failureOf(noCa.ping());
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('TLS_UNKNOWN_AUTHORITY');
    expect(err.message).toMatch(/x509: .* unknown authority/);
    expect(err.hint).toContain('--ca-file');
    const withCa = await connectTest(dir.path, tls);
    expect((await withCa.ping()).auth).toBe('basic');
    await withCa.checkLogin();
  });

  it('explains plain HTTP spoken where TLS was expected, and refused connections', async () => {
    const plainAsTls = await connectTest(dir.path, { ...source, flavour: 'tls-basic', caFile: tls.caFile });
    const err = await failureOf(plainAsTls.ping());
    expect(err.code).toBe('TLS_PLAIN_HTTP');
    expect(err.hint).toContain('--plain-http');
    const refused = await connectTest(dir.path, { ...source, host: `127.0.0.1:${await freePort()}` });
    expect((await failureOf(refused.ping())).code).toBe('NET_REFUSED');
  });
});

describe('tags and layouts', () => {
  it('lists tags across Link pages', async () => {
    const client = await connectTest(dir.path, source);
    const src = new RegistryStore(client, 'plugins/key-auth');
    for (const t of ['a', 'b', 'c', 'd', 'e']) await copy(src, '2.0.0', new RegistryStore(client, 'paged/key-auth'), t);
    const tags = await client.repository('paged/key-auth').listTags(undefined, 2);
    expect(tags.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('copies registry → OCI layout → registry with digests unchanged (skopeo reads the layout)', async () => {
    const client = await connectTest(dir.path, source);
    const layoutDir = await tempDir('layout');
    try {
      const layout = new OciLayoutStore(layoutDir.path);
      await layout.init();
      const fx = fixtures.pluginServer;
      await copy(new RegistryStore(client, fx.repo), fx.tag, layout, `${source.host}/${fx.repo}:${fx.tag}`);
      const raw = await skopeo(['inspect', '--raw', `oci:${layoutDir.path}:${source.host}/${fx.repo}:${fx.tag}`]);
      expect(Buffer.from(raw.stdout)).toEqual(fx.index.bytes);
      const back = await copy(layout, `${source.host}/${fx.repo}:${fx.tag}`, new RegistryStore(client, 'roundtrip/plugin-server'), 'rt');
      expect(back.digest).toBe(fx.index.digest);
    } finally {
      await layoutDir.remove();
    }
  });
});
