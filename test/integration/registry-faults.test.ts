import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { copy } from '../../shared/copy';
import { AppError } from '../../shared/errors';
import { RegistryStore } from '../../shared/store/registry-store';
import { connectTest } from '../env/engine';
import { startFaultProxy, type FaultProxy } from '../env/fault-proxy';
import { pushFixtures, type PushedFixtures } from '../env/fixtures';
import { RawRegistryClient } from '../env/raw-registry';
import { startRegistry, type TestRegistry } from '../env/registry';
import { failureOf, tempDir, type TempDir } from '../env/tools';

// Faults a healthy registry cannot be made to produce on demand (a connection cut mid-blob, bursts
// of 5xx, a reset during an upload) come from a loopback proxy in front of the real registry.
let source: TestRegistry;
let target: TestRegistry;
let fixtures: PushedFixtures;
let dir: TempDir;
let srcProxy: FaultProxy;
let dstProxy: FaultProxy;

beforeAll(async () => {
  dir = await tempDir('faults');
  [source, target] = await Promise.all([startRegistry('plain'), startRegistry('plain')]);
  fixtures = await pushFixtures(source, { plugins: [] });
  [srcProxy, dstProxy] = await Promise.all([startFaultProxy(source.host), startFaultProxy(target.host)]);
});
afterAll(async () => {
  await srcProxy?.stop();
  await dstProxy?.stop();
  await source?.stop();
  await target?.stop();
  await dir?.remove();
});
afterEach(() => {
  srcProxy.rules.length = 0;
  dstProxy.rules.length = 0;
  srcProxy.log.length = 0;
  dstProxy.log.length = 0;
});

const viaProxy = (r: TestRegistry, p: FaultProxy): TestRegistry => ({ ...r, host: p.host, baseUrl: `http://${p.host}` });
const ps = () => fixtures.pluginServer;
// The busybox layer of the amd64 image: the biggest blob (about 1 MB).
const bigLayer = () => {
  const amd64 = ps().index.children[0]!;
  return [...amd64.blobs].sort((a, b) => b.size - a.size)[0]!;
};

async function tagExists(repo: string, tag: string): Promise<boolean> {
  return (await new RawRegistryClient(target).tags(repo)).includes(tag);
}

describe('copy through faults', () => {
  it('resumes a blob whose connection is cut mid-way (Range) and verifies the whole', async () => {
    const blob = bigLayer();
    expect(blob.size).toBeGreaterThan(300_000);
    srcProxy.add({ method: 'GET', path: new RegExp(`/blobs/${blob.digest}`), fault: { kind: 'cut-response', afterBytes: 100_000 }, times: 2 });
    const retries: string[] = [];
    const src = await connectTest(dir.path, viaProxy(source, srcProxy), { env: { onRetry: (i) => retries.push(i.reason) } });
    const dst = await connectTest(dir.path, target);
    const r = await copy(new RegistryStore(src, ps().repo), ps().tag, new RegistryStore(dst, 'cut/plugin-server'), ps().tag);
    expect(r.digest).toBe(ps().index.digest);
    expect(srcProxy.log.filter((l) => l.fault === 'cut-response')).toHaveLength(2);
    expect(retries.some((x) => x.includes('connection broke at byte'))).toBe(true);
    // the target got the exact blob (the registry verified its digest on upload; read it back too)
    const back = await new RawRegistryClient(target).getBlob('cut/plugin-server', blob.digest);
    expect(back.body.equals(blob.bytes)).toBe(true);
  });

  it('rides out bursts of 503 and a 429 with Retry-After', async () => {
    srcProxy.add({ method: 'GET', path: /\/manifests\//, fault: { kind: 'status', status: 503 }, times: 3 });
    dstProxy.add({ method: 'HEAD', path: /\/blobs\//, fault: { kind: 'status', status: 502 }, times: 2 });
    dstProxy.add({ method: 'PUT', path: /\/manifests\//, fault: { kind: 'status', status: 429, retryAfter: '1' }, times: 1 });
    const retries: Array<{ reason: string; delayMs: number }> = [];
    const src = await connectTest(dir.path, viaProxy(source, srcProxy), { env: { onRetry: (i) => retries.push(i) } });
    const dst = await connectTest(dir.path, viaProxy(target, dstProxy), { env: { onRetry: (i) => retries.push(i) } });
    const r = await copy(new RegistryStore(src, ps().repo), ps().tag, new RegistryStore(dst, 'burst/plugin-server'), ps().tag);
    expect(r.digest).toBe(ps().index.digest);
    expect(retries.filter((x) => x.reason === 'HTTP 503')).toHaveLength(3);
    expect(retries.filter((x) => x.reason === 'HTTP 502')).toHaveLength(2);
    expect(retries.find((x) => x.reason === 'HTTP 429')?.delayMs).toBe(1000);
    expect(await tagExists('burst/plugin-server', ps().tag)).toBe(true);
  });

  it('restarts an upload reset mid-body', async () => {
    const blob = bigLayer();
    dstProxy.add({ method: 'PUT', path: /\/blobs\/uploads\//, fault: { kind: 'reset-request', afterBytes: 50_000 }, times: 1 });
    const src = await connectTest(dir.path, source);
    const dst = await connectTest(dir.path, viaProxy(target, dstProxy));
    const r = await copy(new RegistryStore(src, ps().repo), ps().tag, new RegistryStore(dst, 'reset/plugin-server'), ps().tag);
    expect(r.digest).toBe(ps().index.digest);
    expect(dstProxy.log.filter((l) => l.fault === 'reset-request')).toHaveLength(1);
    expect((await new RawRegistryClient(target).getBlob('reset/plugin-server', blob.digest)).body.equals(blob.bytes)).toBe(true);
  });

  it('fails clearly when a blob keeps breaking, and leaves no tag behind', async () => {
    const blob = bigLayer();
    srcProxy.add({ method: 'GET', path: new RegExp(`/blobs/${blob.digest}`), fault: { kind: 'cut-response', afterBytes: 10_000 }, times: Infinity });
    const src = await connectTest(dir.path, viaProxy(source, srcProxy));
    const dst = await connectTest(dir.path, target);
    const err = await failureOf(copy(new RegistryStore(src, ps().repo), ps().tag, new RegistryStore(dst, 'broken/plugin-server'), ps().tag));
    expect(err).toBeInstanceOf(AppError);
    expect(err.message).toMatch(/Connection reset|connection broke|cannot resume|reset/i);
    // The error names the source that broke, not the registry being written to.
    expect(err.message).toContain(`Connection reset by ${srcProxy.host}`);
    expect(err.message).not.toContain(target.host);
    expect(await tagExists('broken/plugin-server', ps().tag)).toBe(false);
  });

  it('never tags when the final manifest cannot be written', async () => {
    dstProxy.add({ method: 'PUT', path: new RegExp(`/manifests/${ps().tag.replace(/\./g, '\\.')}$`), fault: { kind: 'status', status: 500 }, times: Infinity });
    const src = await connectTest(dir.path, source);
    const dst = await connectTest(dir.path, viaProxy(target, dstProxy));
    const err = await failureOf(copy(new RegistryStore(src, ps().repo), ps().tag, new RegistryStore(dst, 'notag/plugin-server'), ps().tag));
    expect(err.code).toBe('REGISTRY_SERVER_ERROR');
    expect(err.message).toMatch(/failed on manifest notag\/plugin-server:2\.2\.4 \(500\)/);
    expect(await tagExists('notag/plugin-server', ps().tag)).toBe(false);
  });

  it('a cancelled copy stops and leaves no tag', async () => {
    srcProxy.add({ method: 'GET', path: /\/blobs\//, fault: { kind: 'delay', ms: 300 }, times: Infinity });
    const src = await connectTest(dir.path, viaProxy(source, srcProxy));
    const dst = await connectTest(dir.path, target);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const err = await failureOf(copy(new RegistryStore(src, ps().repo), ps().tag, new RegistryStore(dst, 'cancel/plugin-server'), ps().tag, { signal: ac.signal }));
    expect(err.code).toBe('CANCELLED');
    expect(await tagExists('cancel/plugin-server', ps().tag)).toBe(false);
  });
});
