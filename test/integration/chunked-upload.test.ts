import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Digest } from '../../shared/oci/digest';
import { MemoryStore } from '../../shared/store/memory-store';
import { connectTest } from '../env/engine';
import { startRegistryBehindProxy, type FaultProxy, type RegistryBehindProxy } from '../env/fault-proxy';
import { RawRegistryClient } from '../env/raw-registry';
import type { TestRegistry } from '../env/registry';
import { failureOf, type TempDir } from '../env/tools';

// Large blobs go up in PATCH chunks so an interrupted upload continues where it stopped. The
// interruption (a reset mid-chunk) is a fault only a proxy can inject on demand.
let registry: TestRegistry;
let proxy: FaultProxy;
let dir: TempDir;
let viaProxy: TestRegistry;
const KiB = 1024;

let env: RegistryBehindProxy | undefined;
beforeAll(async () => {
  env = await startRegistryBehindProxy('chunked');
  ({ dir, registry, proxy, viaProxy } = env);
});
afterAll(() => env?.stop());

function blob(size: number) {
  const bytes = randomBytes(size);
  const store = new MemoryStore();
  const digest = store.put(bytes);
  return { bytes, desc: { mediaType: 'application/octet-stream', digest, size }, source: store.blobSource({ mediaType: 'x', digest, size }) };
}

const patchStarts = (from: number) => proxy.log.slice(from).filter((l) => l.method === 'PATCH').map((l) => Number(l.contentRange?.split('-')[0]));

describe('chunked uploads', () => {
  it('uploads a blob in Content-Range chunks that the registry accepts', async () => {
    const b = blob(100 * KiB);
    const client = await connectTest(dir.path, viaProxy);
    const before = proxy.log.length;
    const result = await client.repository('chunks/a').pushBlob(b.desc, b.source, { monolithicLimit: 1000, chunkSize: 16 * KiB });
    expect(result).toBe('uploaded');
    expect(patchStarts(before)).toEqual([0, 16, 32, 48, 64, 80, 96].map((k) => k * KiB));
    const back = await new RawRegistryClient(registry).getBlob('chunks/a', b.desc.digest);
    expect(sha256Digest(back.body)).toBe(b.desc.digest);
  });

  it('continues after a reset from the registry’s upload status, re-sending no finished chunk', async () => {
    const b = blob(80 * KiB);
    const client = await connectTest(dir.path, viaProxy);
    const before = proxy.log.length;
    proxy.add({ method: 'PATCH', path: /\/blobs\/uploads\//, fault: { kind: 'reset-request', afterBytes: 4 * KiB }, times: 0 });
    // Let two chunks through, then cut the third mid-body.
    let seen = 0;
    const rule = proxy.rules[proxy.rules.length - 1]!;
    const onUploadUrl = () => {
      seen++;
      if (seen === 3) rule.times = 1;
    };
    const result = await client.repository('chunks/b').pushBlob(b.desc, b.source, { monolithicLimit: 1000, chunkSize: 16 * KiB, onUploadUrl });
    expect(result).toBe('uploaded');
    const starts = patchStarts(before);
    expect(proxy.log.slice(before).filter((l) => l.fault === 'reset-request')).toHaveLength(1);
    // 0, 16K, 32K (cut), then 32K again and onwards: never 0 or 16K twice.
    expect(starts.filter((s) => s === 0)).toHaveLength(1);
    expect(starts.filter((s) => s === 16 * KiB)).toHaveLength(1);
    expect(starts.filter((s) => s === 32 * KiB)).toHaveLength(2);
    expect(sha256Digest((await new RawRegistryClient(registry).getBlob('chunks/b', b.desc.digest)).body)).toBe(b.desc.digest);
  });

  it('resumes an upload left by an earlier run (resumeUrl), and starts over if the session expired', async () => {
    const b = blob(64 * KiB);
    const failing = await connectTest(dir.path, viaProxy, { env: { retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } } });
    let url: string | undefined;
    let chunks = 0;
    const rule = { method: 'PATCH', path: /\/blobs\/uploads\//, fault: { kind: 'reset-request' as const, afterBytes: 1024 }, times: 0 };
    proxy.add(rule);
    const added = proxy.rules[proxy.rules.length - 1]!;
    await failureOf(
      failing.repository('chunks/c').pushBlob(b.desc, b.source, {
        monolithicLimit: 1000,
        chunkSize: 16 * KiB,
        onUploadUrl: (u) => {
          url = u;
          if (++chunks === 3) added.times = 1;
        },
      }),
    );
    expect(url).toBeDefined();
    const before = proxy.log.length;
    const client = await connectTest(dir.path, viaProxy);
    expect(await client.repository('chunks/c').pushBlob(b.desc, b.source, { monolithicLimit: 1000, chunkSize: 16 * KiB, resumeUrl: url })).toBe('uploaded');
    expect(Math.min(...patchStarts(before))).toBe(32 * KiB);
    expect(sha256Digest((await new RawRegistryClient(registry).getBlob('chunks/c', b.desc.digest)).body)).toBe(b.desc.digest);

    // An upload URL the registry no longer knows: a fresh session, still correct.
    const c = blob(40 * KiB);
    const stale = `http://${proxy.host}/v2/chunks/d/blobs/uploads/00000000-0000-0000-0000-000000000000?_state=x`;
    expect(await client.repository('chunks/d').pushBlob(c.desc, c.source, { monolithicLimit: 1000, chunkSize: 16 * KiB, resumeUrl: stale })).toBe('uploaded');
    expect(sha256Digest((await new RawRegistryClient(registry).getBlob('chunks/d', c.desc.digest)).body)).toBe(c.desc.digest);
  });
});
