import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Digest } from '../../shared/oci/digest';
import type { BlobSource } from '../../shared/registry/blob-types';
import { connectTest } from '../env/engine';
import { startRegistryBehindProxy, type FaultProxy, type RegistryBehindProxy } from '../env/fault-proxy';
import { RawRegistryClient } from '../env/raw-registry';
import type { TestRegistry } from '../env/registry';
import { failureOf, type TempDir } from '../env/tools';

// An upload body is streamed from its source: the bytes already sent are not kept in memory
// until the request ends (fetch keeps them when it may have to replay the body after a redirect),
// so a push costs the same memory for a 64 MiB request as for a small one.
let registry: TestRegistry;
let proxy: FaultProxy;
let dir: TempDir;
let viaProxy: TestRegistry;
const MiB = 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let env: RegistryBehindProxy | undefined;
beforeAll(async () => {
  env = await startRegistryBehindProxy('upload-body');
  ({ dir, registry, proxy, viaProxy } = env);
});
afterAll(() => env?.stop());

/** `chunks` MiB of distinct bytes, each chunk a new buffer made when read (as a file read makes them). */
function generatedBlob(chunks: number, onChunk: (index: number) => void) {
  const pattern = createHash('sha256').update('upload-body').digest();
  const chunk = (i: number) => {
    const b = Buffer.alloc(MiB);
    for (let at = 0; at < MiB; at += pattern.length) pattern.copy(b, at);
    b.writeUInt32BE(i, 0);
    return b;
  };
  const hash = createHash('sha256');
  for (let i = 0; i < chunks; i++) hash.update(chunk(i));
  const desc = { mediaType: 'application/octet-stream', digest: `sha256:${hash.digest('hex')}`, size: chunks * MiB };
  const source: BlobSource = {
    open: (offset) => {
      if (offset % MiB !== 0) throw new Error(`unexpected offset ${offset}`);
      return Promise.resolve(
        Readable.from(
          (function* () {
            for (let i = offset / MiB; i < chunks; i++) {
              onChunk(i);
              yield chunk(i);
            }
          })(),
          { highWaterMark: 1 },
        ),
      );
    },
  };
  return { desc, source };
}

/**
 * Bytes held by ArrayBuffers after a full collection: what is still referenced. Twice, because
 * V8 may free the buffers a collection found dead on a background thread; the next collection
 * first finishes that.
 */
function liveBufferBytes(): number {
  gc();
  gc();
  return process.memoryUsage().arrayBuffers;
}

describe('upload bodies', () => {
  for (const mode of ['one PUT', 'PATCH chunks'] as const) {
    it(`does not keep the bytes it has sent of a 64 MiB body (${mode})`, async () => {
      const client = await connectTest(dir.path, registry);
      let atStart: number | undefined;
      let heldMidway: number | undefined;
      const blob = generatedBlob(64, (i) => {
        if (i === 0) atStart ??= liveBufferBytes();
        // Three quarters through the body: everything before was sent and may be collected.
        if (i === 48 && atStart !== undefined) heldMidway ??= liveBufferBytes() - atStart;
      });
      const options = mode === 'one PUT' ? { monolithicLimit: 128 * MiB } : { monolithicLimit: 1, chunkSize: 64 * MiB };
      expect(await client.repository(`body/${mode === 'one PUT' ? 'put' : 'patch'}`).pushBlob(blob.desc, blob.source, options)).toBe('uploaded');
      expect(heldMidway).toBeDefined();
      // 48 MiB were sent; what is alive is the few chunks in flight, not the body so far.
      expect(heldMidway).toBeLessThan(16 * MiB);
      const back = await new RawRegistryClient(registry).getBlob(`body/${mode === 'one PUT' ? 'put' : 'patch'}`, blob.desc.digest);
      expect(sha256Digest(back.body)).toBe(blob.desc.digest);
    });
  }

  it('does not follow a redirect of an upload (its body would have to be kept to send it again), and says so', async () => {
    const client = await connectTest(dir.path, viaProxy);
    const blob = generatedBlob(2, () => undefined);
    const before = proxy.log.length;
    proxy.add({ method: 'PUT', path: /\/blobs\/uploads\//, fault: { kind: 'status', status: 307, headers: { location: '/v2/elsewhere/blobs/uploads/x' } }, times: 1 });
    const e = await failureOf(client.repository('body/redirect').pushBlob(blob.desc, blob.source, { monolithicLimit: 128 * MiB }));
    expect(e.code).toBe('NET_UPLOAD_REDIRECT');
    expect(e.message).toMatch(/answered with a redirect, which is not followed for a request that carries data/);
    expect(proxy.log.slice(before).filter((l) => l.path.includes('elsewhere'))).toEqual([]);
    expect(proxy.log.slice(before).filter((l) => l.method === 'PUT')).toHaveLength(1);
  });
});
