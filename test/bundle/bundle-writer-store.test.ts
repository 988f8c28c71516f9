import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleOutput } from '../../shared/bundle/bundle-output';
import { BundleWriterStore, SPOOL_LIMIT } from '../../shared/bundle/bundle-writer-store';
import { Spool } from '../../shared/bundle/spool';
import { TarWriter } from '../../shared/bundle/tar-writer';
import { copy } from '../../shared/copy';
import { sha256Digest } from '../../shared/oci/digest';
import { MediaType } from '../../shared/oci/media-types';
import type { Descriptor } from '../../shared/oci/schemas';
import type { ProgressEvent } from '../../shared/progress';
import { ProgressTracker } from '../../shared/progress-tracker';
import type { BlobSource } from '../../shared/store/content-store';
import { MemoryStore } from '../../shared/store/memory-store';
import { tempDir, type TempDir } from '../env/tools';

/** A memory store whose blobs answer after a delay of their own (to make copies finish in a chosen order). */
class DelayedStore extends MemoryStore {
  constructor(private readonly delays: ReadonlyMap<string, number>) {
    super('delayed');
  }

  override blobSource(desc: Descriptor): BlobSource {
    const inner = super.blobSource(desc);
    return { open: async (offset, signal, options) => (await sleep(this.delays.get(desc.digest) ?? 0), inner.open(offset, signal, options)) };
  }
}

const blob = (bytes: Buffer, mediaType: string = MediaType.ociLayerGzip): { desc: Descriptor; bytes: Buffer } => ({ desc: { mediaType, digest: sha256Digest(bytes), size: bytes.length }, bytes });

let dir: TempDir;
const shared = blob(randomBytes(1024));
const large = blob(randomBytes(SPOOL_LIMIT + 4096));
const a = { config: blob(Buffer.from('{"os":"linux","architecture":"amd64"}'), MediaType.ociConfig), layers: [shared, large] };
const b = { config: blob(Buffer.from('{"os":"linux","architecture":"arm64"}'), MediaType.ociConfig), layers: [blob(randomBytes(2048)), shared] };

beforeAll(async () => {
  dir = await tempDir('writer-store');
});

afterAll(async () => {
  await dir?.remove();
});

/** Copies image a then b into a bundle store (in parallel, blobs delayed as given) and seals it; returns the file, its entries and the progress seen. */
async function bundleOf(name: string, delays: Map<string, number>) {
  const src = new DelayedStore(delays);
  const tops: Array<{ name: string; digest: string }> = [];
  for (const [ref, image] of [['reg/a:1', a], ['reg/b:1', b]] as const) {
    for (const x of [image.config, ...image.layers]) src.put(x.bytes);
    const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: image.config.desc, layers: image.layers.map((l) => l.desc) }));
    src.putTagged({ mediaType: MediaType.ociManifest, digest: sha256Digest(bytes), size: bytes.length }, bytes, ref);
    tops.push({ name: ref, digest: sha256Digest(bytes) });
  }
  const events: ProgressEvent[] = [];
  const tracker = new ProgressTracker((e) => events.push(e), 'bundle', 0);
  const spool = await Spool.create(dir.path);
  const store = new BundleWriterStore(spool, { mustSpool: new Set(), tracker });
  const results = await Promise.all(tops.map((t) => copy(src, t.name, store, t.name, { tracker })));
  const deferredBeforeSeal = events.filter((e) => e.item === large.desc.digest && (e.itemBytesDone ?? 0) > 0).length;
  const out = join(dir.path, `${name}.tar`);
  const output = await BundleOutput.create(out);
  await store.seal(new TarWriter(output, 1767225600), { order: tops.map((t) => t.name), tree: async () => undefined, dockerManifest: Buffer.from('[]\n'), bundleJson: (files) => Buffer.from(JSON.stringify(files.map((f) => f.path))) });
  await output.finish();
  await spool.remove();
  const names: string[] = [];
  let index = '';
  const ex = extract();
  ex.on('entry', (h, s, next) => {
    names.push(h.name);
    s.on('data', (c: unknown) => (index += h.name === 'index.json' ? (c as Buffer).toString('utf8') : ''));
    s.on('end', next);
  });
  await new Promise<void>((resolve, reject) => createReadStream(out).pipe(ex).on('finish', () => resolve()).on('error', reject));
  return { out, names, index: JSON.parse(index) as unknown, results, events, deferredBeforeSeal, tops };
}

describe('BundleWriterStore: a bundle as the destination of copy()', () => {
  it('writes the same bytes whichever blob arrives first, in plan order, streaming the large blob only when sealed', async () => {
    const fast = await bundleOf('fast-a', new Map([[b.layers[0]?.desc.digest as string, 150]]));
    const slow = await bundleOf('slow-a', new Map([[shared.desc.digest, 150], [a.config.desc.digest, 100]]));
    const hash = async (f: string) => createHash('sha256').update(await readFile(f)).digest('hex');
    expect(await hash(fast.out)).toBe(await hash(slow.out));

    const blobEntry = (d: Descriptor) => `blobs/sha256/${d.digest.slice(7)}`;
    const files = fast.names.filter((n) => !n.endsWith('/'));
    expect(files).toEqual([
      'oci-layout',
      ...[a.config, shared, large, b.config, b.layers[0] as { desc: Descriptor }].map((x) => blobEntry(x.desc)),
      ...fast.tops.map((t) => `blobs/sha256/${t.digest.slice(7)}`),
      'index.json',
      'manifest.json',
      'bundle.json',
      'MD5SUMS',
      'SHA256SUMS',
    ]);
    // The large blob was kept as a source by the copy (not counted as uploaded), and its bytes moved while sealing.
    expect(fast.results[0]?.blobs.uploaded).toBe(2);
    expect(fast.deferredBeforeSeal).toBe(0);
    const last = fast.events.filter((e) => e.item === large.desc.digest).at(-1);
    expect(last?.itemBytesDone).toBe(large.desc.size);
    expect(fast.index).toMatchObject({ manifests: fast.tops.map((t) => ({ digest: t.digest, annotations: { 'org.opencontainers.image.ref.name': t.name } })) });
  });

  it('a large blob two images share counts as done only when it moves at seal, not when the second copy finds it', async () => {
    const src = new MemoryStore('shared-large');
    const big = blob(randomBytes(SPOOL_LIMIT + 1024));
    src.put(big.bytes);
    const names: string[] = [];
    for (const arch of ['amd64', 'arm64']) {
      const config = blob(Buffer.from(`{"os":"linux","architecture":"${arch}"}`), MediaType.ociConfig);
      src.put(config.bytes);
      const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: config.desc, layers: [big.desc] }));
      src.putTagged({ mediaType: MediaType.ociManifest, digest: sha256Digest(bytes), size: bytes.length }, bytes, `reg/${arch}:1`);
      names.push(`reg/${arch}:1`);
    }
    const events: ProgressEvent[] = [];
    const tracker = new ProgressTracker((e) => events.push(e), 'bundle', 0);
    const spool = await Spool.create(dir.path);
    const store = new BundleWriterStore(spool, { mustSpool: new Set(), tracker });
    for (const n of names) await copy(src, n, store, n, { tracker });
    // Neither copy moved a byte of it, so nothing may say it is there yet.
    expect(events.filter((e) => e.item === big.desc.digest && ((e.itemBytesDone ?? 0) > 0 || e.message !== undefined))).toEqual([]);
    const output = await BundleOutput.create(join(dir.path, 'shared-large.tar'));
    await store.seal(new TarWriter(output, 1767225600), { order: names, tree: async () => undefined, dockerManifest: Buffer.from('[]\n'), bundleJson: () => Buffer.from('[]') });
    await output.finish();
    await spool.remove();
    expect(events.filter((e) => e.item === big.desc.digest).at(-1)?.itemBytesDone).toBe(big.desc.size);
  });
});
