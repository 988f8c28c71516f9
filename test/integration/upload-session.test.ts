import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VolumeReader } from '../../shared/bundle/volume-reader';
import { sha256Digest } from '../../shared/oci/digest';
import { UploadTuner } from '../../shared/registry/upload-tuner';
import { MemoryStore } from '../../shared/store/memory-store';
import { connectTest } from '../env/engine';
import { startRegistryBehindProxy, type FaultProxy, type RegistryBehindProxy } from '../env/fault-proxy';
import { RawRegistryClient } from '../env/raw-registry';
import type { TestRegistry } from '../env/registry';
import { failureOf, type TempDir } from '../env/tools';

// What distribution (the real docker-registry 2.8 here) keeps of an upload session after a PATCH
// broke, and how the upload copes: continue from the session's Range when the registry kept it,
// start a new session when it dropped it, and send smaller requests after requests broke.
const KiB = 1024;
let registry: TestRegistry;
let proxy: FaultProxy;
let dir: TempDir;
let viaProxy: TestRegistry;

let env: RegistryBehindProxy | undefined;
beforeAll(async () => {
  env = await startRegistryBehindProxy('upload-session');
  ({ dir, registry, proxy, viaProxy } = env);
});
afterAll(() => env?.stop());
afterEach(() => {
  proxy.rules.length = 0;
});

function blob(size: number) {
  const bytes = randomBytes(size);
  const store = new MemoryStore();
  const digest = store.put(bytes);
  return { bytes, desc: { mediaType: 'application/octet-stream', digest, size }, source: store.blobSource({ mediaType: 'x', digest, size }) };
}

const patches = (from: number) => proxy.log.slice(from).filter((l) => l.method === 'PATCH');

/** A raw request; `cutAfter` sends that much of the body, then drops the connection. */
function raw(method: string, url: string, body?: Buffer, options: { cutAfter?: number; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string } | 'cut'> {
  return new Promise((resolve) => {
    const req = request(new URL(url, registry.baseUrl), { method, headers: { 'content-length': String(body?.length ?? 0), 'content-type': 'application/octet-stream', ...(options.headers ?? {}) } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', () => resolve('cut'));
    if (options.cutAfter === undefined) req.end(body);
    else req.write((body as Buffer).subarray(0, options.cutAfter), () => setTimeout(() => (req.destroy(), resolve('cut')), 200));
  });
}

describe('distribution 2.8 after a broken PATCH (observed with a raw client)', () => {
  async function sessionWithOneChunk(repo: string): Promise<string> {
    const start = await raw('POST', `/v2/${repo}/blobs/uploads/`);
    if (start === 'cut') throw new Error('POST cut');
    const first = await raw('PATCH', String(start.headers.location), randomBytes(64 * KiB), { headers: { 'content-range': `0-${64 * KiB - 1}` } });
    if (first === 'cut' || first.status !== 202) throw new Error('first PATCH failed');
    expect(first.headers.range).toBe(`0-${64 * KiB - 1}`);
    return String(first.headers.location);
  }

  it('bytes of the broken PATCH were stored: the last URL now answers 404 BLOB_UPLOAD_INVALID, and keeps doing so', async () => {
    const url = await sessionWithOneChunk('observe/partial');
    expect(await raw('PATCH', url, randomBytes(64 * KiB), { cutAfter: 20 * KiB, headers: { 'content-range': `${64 * KiB}-${128 * KiB - 1}` } })).toBe('cut');
    for (let i = 0; i < 2; i++) {
      const status = await raw('GET', url);
      expect(status).not.toBe('cut');
      if (status === 'cut') return;
      expect(status.status).toBe(404);
      expect(JSON.parse(status.body).errors[0].code).toBe('BLOB_UPLOAD_INVALID');
    }
  });

  it('no byte of the broken PATCH arrived: the session is intact and its status says how much it holds', async () => {
    const url = await sessionWithOneChunk('observe/nothing');
    expect(await raw('PATCH', url, randomBytes(64 * KiB), { cutAfter: 0, headers: { 'content-range': `${64 * KiB}-${128 * KiB - 1}` } })).toBe('cut');
    const status = await raw('GET', url);
    expect(status).not.toBe('cut');
    if (status === 'cut') return;
    expect(status.status).toBe(204);
    expect(status.headers.range).toBe(`0-${64 * KiB - 1}`);
  });
});

describe('uploads that break', () => {
  it('a session the registry dropped is started again, the cost is reported, and the blob arrives intact', async () => {
    const b = blob(256 * KiB);
    const reasons: string[] = [];
    const client = await connectTest(dir.path, viaProxy, { env: { onRetry: (i) => reasons.push(i.reason) } });
    proxy.add({ method: 'PATCH', path: /\/blobs\/uploads\//, fault: { kind: 'reset-request', afterBytes: 10 * KiB, landPartial: true }, times: 0 });
    const rule = proxy.rules[proxy.rules.length - 1]!;
    let urls = 0;
    const before = proxy.log.length;
    const result = await client.repository('dropped/a').pushBlob(b.desc, b.source, {
      monolithicLimit: 1000,
      chunkSize: 64 * KiB,
      // The first URL is the new session's, then one per chunk: cut the third chunk.
      onUploadUrl: () => {
        if (++urls === 3) rule.times = 1;
      },
    });
    expect(result).toBe('uploaded');
    expect(patches(before).map((l) => Number(l.contentRange?.split('-')[0]) / KiB)).toEqual([0, 64, 128, 0, 64, 128, 192]);
    expect(reasons.some((r) => /dropped the upload session \(status 404\): the 131072 bytes it held are sent again/.test(r))).toBe(true);
    expect(sha256Digest((await new RawRegistryClient(registry).getBlob('dropped/a', b.desc.digest)).body)).toBe(b.desc.digest);
  });

  it('requests get smaller after breaking, until they pass a proxy that cuts large ones', async () => {
    const b = blob(512 * KiB);
    const client = await connectTest(dir.path, viaProxy, { env: { upload: { minChunk: 16 * KiB, maxChunk: 128 * KiB, targetSeconds: 60 } } });
    // Something in between cuts every upload request after 40 KiB (as a proxy with a body limit would).
    for (const method of ['PATCH', 'PUT']) proxy.add({ method, path: /\/blobs\/uploads\//, fault: { kind: 'reset-request', afterBytes: 40 * KiB, landPartial: true }, times: Infinity });
    const before = proxy.log.length;
    expect(await client.repository('shrink/a').pushBlob(b.desc, b.source)).toBe('uploaded');
    const sizes = patches(before).map((l) => {
      const [from, to] = (l.contentRange ?? '0-0').split('-').map(Number) as [number, number];
      return (to - from + 1) / KiB;
    });
    // 16 KiB before anything is measured, then as much as the speed allows (128), halved per break.
    expect(sizes.slice(0, 2)).toEqual([16, 128]);
    expect(sizes).toContain(64);
    expect(sizes[sizes.length - 1]).toBeLessThanOrEqual(32);
    expect(client.transport.uploads.chunkSize).toBe(32 * KiB);
    expect(sha256Digest((await new RawRegistryClient(registry).getBlob('shrink/a', b.desc.digest)).body)).toBe(b.desc.digest);
  });

  it('a chunk refused as out of order (416) is re-sent from what the session holds', async () => {
    const b = blob(128 * KiB);
    const client = await connectTest(dir.path, viaProxy);
    proxy.add({ method: 'PATCH', path: /\/blobs\/uploads\//, fault: { kind: 'status', status: 416 }, times: 0 });
    const rule = proxy.rules[proxy.rules.length - 1]!;
    let urls = 0;
    const before = proxy.log.length;
    const result = await client.repository('range/a').pushBlob(b.desc, b.source, { monolithicLimit: 1000, chunkSize: 32 * KiB, onUploadUrl: () => void (++urls === 2 && (rule.times = 1)) });
    expect(result).toBe('uploaded');
    expect(patches(before).map((l) => Number(l.contentRange?.split('-')[0]) / KiB)).toEqual([0, 32, 32, 64, 96]);
    expect(sha256Digest((await new RawRegistryClient(registry).getBlob('range/a', b.desc.digest)).body)).toBe(b.desc.digest);
  });

  it('gives up after the configured attempts when nothing moves forward, with the reason', async () => {
    const b = blob(64 * KiB);
    const client = await connectTest(dir.path, viaProxy);
    proxy.add({ method: 'PATCH', path: /\/blobs\/uploads\//, fault: { kind: 'reset-request', afterBytes: 1 }, times: Infinity });
    const before = proxy.log.length;
    const err = await failureOf(client.repository('never/a').pushBlob(b.desc, b.source, { monolithicLimit: 1000, chunkSize: 16 * KiB }));
    expect(err.code).toBe('NET_RESET');
    // FAST_RETRY allows 5 attempts in a row without progress.
    expect(patches(before)).toHaveLength(5);
  });
});

describe('a registry that lies about what it holds', () => {
  it('is refused with REGISTRY_UPLOAD_RANGE instead of sending the same chunk forever or committing garbage', async () => {
    const b = blob(64 * KiB);
    const client = await connectTest(dir.path, viaProxy);
    // Every PATCH "accepted", yet the session never grows.
    proxy.add({ method: 'PATCH', path: /\/liar\/a\//, fault: { kind: 'status', status: 202, headers: { range: '0-0', location: '/v2/liar/a/blobs/uploads/same' } }, times: Infinity });
    const before = proxy.log.length;
    const stuck = await failureOf(client.repository('liar/a').pushBlob(b.desc, b.source, { monolithicLimit: 1000, chunkSize: 16 * KiB }));
    expect(stuck.code).toBe('REGISTRY_UPLOAD_RANGE');
    expect(patches(before)).toHaveLength(1);
    // A session said to hold more than the blob has.
    proxy.add({ method: 'GET', path: /\/liar\/b\/blobs\/uploads\//, fault: { kind: 'status', status: 204, headers: { range: `0-${1024 * KiB}` } }, times: Infinity });
    const tooMuch = await failureOf(client.repository('liar/b').pushBlob(b.desc, b.source, { resumeUrl: `http://${proxy.host}/v2/liar/b/blobs/uploads/x?_state=y` }));
    expect(tooMuch.code).toBe('REGISTRY_UPLOAD_RANGE');
    expect(tooMuch.details).toMatchObject({ held: 1024 * KiB + 1, expected: 64 * KiB });
  });
});

describe('upload request size', () => {
  const MiB = 1024 * KiB;
  it('starts at the minimum, then aims at targetSeconds of the measured speed within [min, max]', () => {
    const t = new UploadTuner();
    expect(t.chunkSize).toBe(8 * MiB);
    t.measured(16 * MiB, 8000); // 2 MiB/s → 16 MiB per 8 s
    expect(t.chunkSize).toBe(16 * MiB);
    t.measured(100 * KiB, 1); // too small to say anything about speed
    expect(t.chunkSize).toBe(16 * MiB);
    const fast = new UploadTuner();
    fast.measured(64 * MiB, 100);
    expect(fast.chunkSize).toBe(64 * MiB);
    const slow = new UploadTuner();
    slow.measured(1 * MiB, 10_000);
    expect(slow.chunkSize).toBe(8 * MiB);
  });

  it('halves its ceiling when a request breaks, never below the minimum', () => {
    const t = new UploadTuner();
    t.measured(64 * MiB, 100);
    t.broke(64 * MiB);
    expect(t.chunkSize).toBe(32 * MiB);
    t.broke(32 * MiB);
    t.broke(16 * MiB);
    t.broke(8 * MiB);
    expect(t.chunkSize).toBe(8 * MiB);
  });
});

describe('bundle volume reads', () => {
  it('closing waits for the read in flight; reads after that fail with BUNDLE_CLOSED, not EBADF', async () => {
    const path = join(dir.path, 'volume.bin');
    const bytes = randomBytes(4 * 1024 * KiB);
    await writeFile(path, bytes);
    const reader = new VolumeReader({ kind: 'single', name: 'volume.bin', folder: dir.path, volumes: [{ path, name: 'volume.bin', size: bytes.length }], totalSize: bytes.length });
    const it = reader.range(0, bytes.length, 1024 * KiB);
    expect(((await it.next()).value as Buffer).equals(bytes.subarray(0, 1024 * KiB))).toBe(true);
    const inFlight = it.next();
    const closed = reader.close();
    expect(((await inFlight).value as Buffer).equals(bytes.subarray(1024 * KiB, 2048 * KiB))).toBe(true);
    await closed;
    const err = await failureOf(it.next());
    expect(err.code).toBe('BUNDLE_CLOSED');
    expect((await failureOf(reader.read(0, 10))).code).toBe('BUNDLE_CLOSED');
    await reader.close();
  });
});
