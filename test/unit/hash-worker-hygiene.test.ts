import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HashWorker } from '../../shared/bundle/hash-worker';

// The hashing worker thread is real; it is made to die by asking it for an algorithm it cannot
// create (createHash throws inside the worker, an uncaught exception ends the thread).
describe('the hash worker', () => {
  it('hashes in its thread', async () => {
    const h = new HashWorker(64 * 1024);
    const data = Buffer.alloc(200 * 1024, 3);
    await h.update(['md5:a', 'sha256:a'], data);
    expect(await h.digest('md5:a')).toBe(createHash('md5').update(data).digest('hex'));
    expect(await h.digest('sha256:a')).toBe(createHash('sha256').update(data).digest('hex'));
    await h.close();
  });

  it('rejects every pending digest with HASH_WORKER_FAILED when the worker dies', async () => {
    const h = new HashWorker();
    await h.update(['md5:a', 'sha256:a'], Buffer.from('hello'));
    await h.update(['no-such-hash:x'], Buffer.from('kills the worker'));
    // Both asked for after the fatal update: the worker is gone before it can answer them.
    const pending = [h.digest('md5:a'), h.digest('sha256:a')];
    for (const p of pending) await expect(p).rejects.toMatchObject({ code: 'HASH_WORKER_FAILED', message: expect.stringContaining('The hashing worker failed') });
    // And everything after that fails at once, with the same error.
    await expect(h.digest('md5:b')).rejects.toMatchObject({ code: 'HASH_WORKER_FAILED' });
    await expect(h.update(['md5:b'], Buffer.from('more'))).rejects.toMatchObject({ code: 'HASH_WORKER_FAILED' });
    await h.close();
  });

  it('refuses digests once closed', async () => {
    const h = new HashWorker(64 * 1024);
    await h.close();
    await expect(h.digest('md5:a')).rejects.toMatchObject({ code: 'HASH_WORKER_CLOSED' });
  });
});
