import fc from 'fast-check';
import { writeFile } from 'node:fs/promises';
import { posix, join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { OpenBundle } from '../../shared/bundle/open-bundle';
import { readSafeTar } from '../../shared/bundle/safe-tar';
import { scanTarIndex } from '../../shared/bundle/tar-index';
import { verifyBundle } from '../../shared/bundle/verify';
import { parseVolumeList } from '../../shared/bundle/volume-list';
import { locateBundle } from '../../shared/bundle/volume-set';
import { VolumeReader } from '../../shared/bundle/volume-reader';
import { craftedTar, paxRecord, type CraftedEntry } from '../env/crafted-tar';
import { tempDir, type TempDir } from '../env/tools';
import { blobName, cloneModel, consistentBundleFor, CONTAINERD_NAME, digestOf, jsonBlobs, md5Hex, REF_NAME, replaceBlob, rewriteJson, syntheticModel, writeModel, type BundleModel, type ImageSpec, type PluginSpec, type SyntheticSpec } from './bundle-model';

/**
 * Property-based tests of the parsers that take untrusted input: the safe tar reader (and the
 * header index, which must agree with it), the volume list, and the bundle cross-checks. Run
 * counts are modest: the suite shares two cores.
 */
let dir: TempDir;
let n = 0;
beforeAll(async () => {
  dir = await tempDir('bundle-properties');
});
afterAll(async () => {
  await dir?.remove();
});

async function fileOf(bytes: Buffer): Promise<string> {
  const file = join(dir.path, `t${n++}.tar`);
  await writeFile(file, bytes);
  return file;
}

// ---- the safe tar reader ---------------------------------------------------------------------

type Outcome = { ok: true; entries: Array<{ name: string; type: string; size: number; offset: number }> } | { ok: false; code: string; error: unknown };

/** Streams the bytes in the given chunk sizes through readSafeTar, reading or leaving each body. */
async function streamed(bytes: Buffer, cuts: readonly number[], readBodies: boolean): Promise<Outcome> {
  const chunks: Buffer[] = [];
  let at = 0;
  for (const c of cuts) {
    if (at >= bytes.length) break;
    chunks.push(bytes.subarray(at, at + c));
    at += c;
  }
  if (at < bytes.length) chunks.push(bytes.subarray(at));
  const entries: Array<{ name: string; type: string; size: number; offset: number }> = [];
  try {
    for await (const e of readSafeTar(Readable.from(chunks))) {
      entries.push({ name: e.name, type: e.type, size: e.size, offset: e.offset });
      if (readBodies) for await (const _ of e.body) void _;
    }
    return { ok: true, entries };
  } catch (error) {
    return { ok: false, code: error instanceof AppError ? error.code : 'NOT_AN_APP_ERROR', error };
  }
}

async function indexed(bytes: Buffer): Promise<Outcome> {
  const loc = await locateBundle(await fileOf(bytes));
  const reader = new VolumeReader(loc);
  try {
    const map = await scanTarIndex(reader, loc.totalSize);
    return { ok: true, entries: [...map.values()].map((e) => ({ name: e.name, type: e.type, size: e.size, offset: e.offset })) };
  } catch (error) {
    return { ok: false, code: error instanceof AppError ? error.code : 'NOT_AN_APP_ERROR', error };
  } finally {
    await reader.close();
  }
}

function insideRoot(name: string): boolean {
  const resolved = posix.resolve('/root', name);
  return resolved.startsWith('/root/') && !posix.isAbsolute(name) && !name.split('/').includes('..') && !name.includes('\\');
}

const rarely = <T,>(arb: fc.Arbitrary<T>, other: fc.Arbitrary<T>, odds = 6): fc.Arbitrary<T> => fc.oneof({ weight: odds, arbitrary: other }, { weight: 1, arbitrary: arb });
const segment = fc.oneof({ weight: 30, arbitrary: fc.constantFrom('a', 'b', 'c', 'd', 'plugins', 'blobs', 'x.wasm', 'key-auth', '1.0.0', '2.0.0') }, { weight: 2, arbitrary: fc.constantFrom('..', '.', '', '\\', 'C:', 'é', '\u0001', 'a'.repeat(120)) });
const nameArb = fc
  .tuple(rarely(fc.constant(true), fc.constant(false), 20), fc.array(segment, { minLength: 1, maxLength: 4 }), rarely(fc.constant(true), fc.constant(false), 20))
  .map(([abs, parts, slash]) => `${abs ? '/' : ''}${parts.join('/')}${slash ? '/' : ''}`);
const entryArb: fc.Arbitrary<CraftedEntry> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      name: nameArb,
      flag: fc.oneof({ weight: 24, arbitrary: fc.constantFrom('0', '5', '7', '\0') }, { weight: 2, arbitrary: fc.constantFrom('1', '2', '3', '4', '6', 'g', 'K', 'Z') }),
      data: fc.uint8Array({ maxLength: 1100 }).map((a) => Buffer.from(a)),
      linkname: rarely(nameArb, fc.constant(undefined)),
      declaredSize: rarely(fc.nat({ max: 2000 }), fc.constant(undefined), 20),
    }),
  },
  // extended headers: a pax path or size, a GNU long name, or junk
  {
    weight: 1,
    arbitrary: fc.record({
      name: fc.constant('PaxHeader'),
      flag: fc.constant('x'),
      data: fc.oneof(nameArb.map((p) => paxRecord('path', p)), fc.nat({ max: 3000 }).map((s) => paxRecord('size', String(s))), fc.string({ maxLength: 40 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ name: fc.constant('././@LongLink'), flag: fc.constant('L'), data: nameArb }) },
);
const tarArb = fc
  .record({
    entries: fc.array(entryArb, { maxLength: 6 }),
    end: rarely(fc.constant(false), fc.constant(true)),
    trailing: rarely(fc.oneof(fc.constant(Buffer.alloc(1024)), fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a))), fc.constant(Buffer.alloc(0))),
    flips: rarely(fc.array(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 3 }), fc.constant<Array<{ at: number; xor: number }>>([])),
    cut: rarely(fc.nat(), fc.constant(undefined)),
  })
  .map(({ entries, end, trailing, flips, cut }) => {
    // directories carry no data (unless the property wants to see that refused: declaredSize)
    const tar = Buffer.concat([craftedTar(entries.map((e) => (e.flag === '5' && e.declaredSize === undefined ? { ...e, data: undefined } : e)), { end }), trailing]);
    for (const f of flips) if (tar.length) tar[f.at % tar.length] = (tar[f.at % tar.length] as number) ^ f.xor;
    return cut === undefined || tar.length === 0 ? tar : tar.subarray(0, cut % tar.length);
  });
const bytesArb = fc.oneof(
  { weight: 8, arbitrary: tarArb },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(0, 0, 0, 0x30, 0x20, 0x61), { maxLength: 2048 }).map((a) => Buffer.from(a)) },
);

describe('the safe tar reader (property-based)', () => {
  it('random archives and bytes: only AppErrors, no path outside the root, and the header index agrees with the streaming reader', async () => {
    await fc.assert(
      fc.asyncProperty(bytesArb, fc.array(fc.integer({ min: 1, max: 700 }), { maxLength: 12 }), fc.boolean(), async (bytes, cuts, readBodies) => {
        const a = await streamed(bytes, cuts, readBodies);
        const b = await indexed(bytes);
        for (const o of [a, b]) {
          if (!o.ok) expect(o.code, String((o.error as Error)?.stack)).not.toBe('NOT_AN_APP_ERROR');
          else for (const e of o.entries) expect(insideRoot(e.name), e.name).toBe(true);
        }
        // one set of rules: the same archives pass, with the same entries, or fail for the same reason
        expect(a.ok, `${a.ok ? '' : (a.error as Error).message} / ${b.ok ? '' : (b.error as Error).message}`).toBe(b.ok);
        if (a.ok && b.ok) expect(b.entries).toEqual(a.entries);
        if (!a.ok && !b.ok) expect(b.code, `${(a.error as Error).message} / ${(b.error as Error).message}`).toBe(a.code);
      }),
      { numRuns: 300 },
    );
  });
});

// ---- the volume list -----------------------------------------------------------------------------

const hex = (len: number) => fc.stringMatching(new RegExp(`^[a-f0-9]{${len}}$`));
const listArb = fc
  .record({
    bundle: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}\.tar$/),
    volumeSize: fc.integer({ min: 1, max: 10_000 }),
    count: fc.integer({ min: 1, max: 5 }),
    last: fc.integer({ min: 1, max: 10_000 }),
    md5: hex(32),
    sha256: hex(64),
  })
  .map(({ bundle, volumeSize, count, last, md5, sha256 }) => {
    const lastSize = Math.min(last, volumeSize);
    const volumes = Array.from({ length: count }, (_, i) => ({ name: `${bundle}.${String(i).padStart(3, '0')}`, size: i === count - 1 ? lastSize : volumeSize, md5, sha256 }));
    return { format: 'higress-airgap-volumes', formatVersion: 1, bundle, size: volumes.reduce((s, v) => s + v.size, 0), md5, sha256, volumeSize, volumes };
  });

type Corruption = (l: any) => boolean;
const corruptions: Corruption[] = [
  (l) => l.volumes.length > 1 && (([l.volumes[0], l.volumes[1]] = [l.volumes[1], l.volumes[0]]), true),
  (l) => ((l.size += 1), true),
  (l) => l.volumes.length > 1 && ((l.volumes[0].size -= 1), true),
  (l) => ((l.volumes[l.volumes.length - 1].size = l.volumeSize + 1), true),
  (l) => ((l.volumes[l.volumes.length - 1].size = 0), true),
  (l) => ((l.volumes[0].name = `other.tar.000`), true),
  (l) => ((l.bundle = `x${l.bundle}`), true),
  (l) => ((l.extra = true), true),
  (l) => ((l.volumes[0].sha256 = 'z'.repeat(64)), true),
  (l) => ((l.formatVersion = 2), true),
  (l) => ((l.volumes = []), true),
  (l) => ((l.volumes[0].name = `../${l.volumes[0].name}`), true),
];

describe('the volume list parser (property-based)', () => {
  it('any JSON (or not JSON) is parsed or refused with an AppError, never anything else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v)), fc.string(), listArb.map((l) => JSON.stringify(l).slice(0, -3))), (text) => {
        try {
          parseVolumeList(text, 'b.tar.volumes.json');
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
          expect(['BAD_VOLUME_LIST', 'VOLUME_LIST_RENAMED']).toContain((e as AppError).code);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a consistent list parses as it is; any single corruption is refused', () => {
    fc.assert(
      fc.property(listArb, fc.nat(), (list, pick) => {
        expect(parseVolumeList(JSON.stringify(list), `${list.bundle}.volumes.json`)).toEqual(list);
        const broken = structuredClone(list) as any;
        fc.pre((corruptions[pick % corruptions.length] as Corruption)(broken));
        let error: unknown;
        try {
          parseVolumeList(JSON.stringify(broken), `${list.bundle}.volumes.json`);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(AppError);
        expect(['BAD_VOLUME_LIST', 'VOLUME_LIST_RENAMED']).toContain((error as AppError).code);
      }),
      { numRuns: 200 },
    );
  });
});

// ---- the cross-checks ---------------------------------------------------------------------------

const PLATFORMS = ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'windows/amd64'];
const imageArb = (i: number): fc.Arbitrary<ImageSpec> =>
  fc.record({
    source: fc.constant(`registry.example/images/img${i}:1.${i}`),
    role: fc.constantFrom<ImageSpec['role']>(i === 0 ? 'plugin-server' : 'extra', 'extra', 'docker'),
    platforms: fc.subarray(PLATFORMS, { maxLength: 3 }),
    docker: fc.boolean(),
    layers: fc.integer({ min: 0, max: 3 }),
    attestation: fc.boolean(),
  });
const pluginArb = (name: string): fc.Arbitrary<PluginSpec> =>
  fc
    .record({
      versions: fc.uniqueArray(fc.constantFrom('1.0.0', '2.0.0', '2.0.1', '3.1.4'), { minLength: 1, maxLength: 3 }),
      origin: fc.constantFrom<PluginSpec['origin']>('catalog', 'oci', 'wasm-file'),
      layout: fc.constantFrom<PluginSpec['layout']>('oci-compat', 'docker-compat', 'oci-wasm'),
    })
    .map(({ versions, origin, layout }) => {
      const version = versions[versions.length - 1] as string;
      return {
        name,
        version,
        servedVersions: versions,
        origin,
        source: origin === 'wasm-file' ? `${name}.wasm` : `registry.example/plugins/${name}:${version}`,
        layout: origin === 'wasm-file' ? 'oci-wasm' : layout,
      };
    });
const specArb: fc.Arbitrary<SyntheticSpec> = fc
  .record({ images: fc.integer({ min: 0, max: 2 }), plugins: fc.uniqueArray(fc.constantFrom('key-auth', 'basic-auth', 'ai-proxy', 'json-converter', 'my.filter', 'x9'), { maxLength: 3 }) })
  .filter((s) => s.images + s.plugins.length > 0)
  .chain((s) => fc.record({ images: fc.tuple(...Array.from({ length: s.images }, (_, i) => imageArb(i))), plugins: fc.tuple(...s.plugins.map(pluginArb)) }));

interface Mutation {
  readonly label: string;
  /** Codes of which at least one must be reported. */
  readonly expect: readonly string[];
  /** Applies the change; false when it does not apply to this bundle. */
  apply(m: BundleModel, r: number): boolean;
}

const pick = <T,>(xs: readonly T[], r: number): T => xs[r % xs.length] as T;
const manifestsOf = (m: BundleModel) => [...jsonBlobs(m)].filter(([, j]) => Array.isArray(j.layers));
const OUTSIDE = ['../x', 'plugins/key-auth/1.0.0/plugin.wasm', '/etc/passwd', 'blobs/sha256/../../etc/passwd', 'bundle.json', `blobs/sha512/${'a'.repeat(128)}`, 'blobs/sha256/ABC'];

const mutations: Mutation[] = [
  { label: 'foreign RepoTags', expect: ['DOCKER_TAG_UNDECLARED'], apply: (m, r) => m.docker.length > 0 && ((pick(m.docker as any[], r).RepoTags = [`docker.io/library/victim${r % 7}:latest`]), true) },
  { label: 'Config outside blobs', expect: ['DOCKER_PATH_OUTSIDE_BLOBS'], apply: (m, r) => m.docker.length > 0 && ((pick(m.docker as any[], r).Config = pick(OUTSIDE, r >> 3)), true) },
  {
    label: 'a layer outside blobs',
    expect: ['DOCKER_PATH_OUTSIDE_BLOBS'],
    apply: (m, r) => {
      const e = (m.docker as any[]).find((d) => d.Layers.length > 0);
      return !!e && ((e.Layers[r % e.Layers.length] = pick(OUTSIDE, r >> 3)), true);
    },
  },
  {
    label: 'one reference, two manifests',
    expect: ['INDEX_REF_DUPLICATE'],
    apply: (m, r) => {
      const ds = m.index.manifests as any[];
      if (ds.length < 2) return false;
      const a = pick(ds, r);
      const b = ds.find((d) => d.digest !== a.digest);
      if (!b) return false;
      m.index.manifests.splice(r % (ds.length + 1), 0, { ...b, annotations: { ...a.annotations } });
      return true;
    },
  },
  { label: 'index.json size', expect: ['BLOB_SIZE_MISMATCH'], apply: (m, r) => ((pick(m.index.manifests as any[], r).size += 1 + (r % 50)), true) },
  {
    label: 'a config or layer size in a manifest',
    expect: ['BLOB_SIZE_MISMATCH'],
    apply: (m, r) => {
      const [digest] = pick(manifestsOf(m), r);
      rewriteJson(m, digest, (j) => {
        const all = [j.config, ...j.layers];
        pick(all, r >> 2).size += r % 2 ? 1 : -1;
      });
      return true;
    },
  },
  {
    label: 'index.json media type',
    expect: ['MEDIA_TYPE_MISMATCH', 'MANIFEST_MEDIA_TYPE_UNSUPPORTED', 'INDEX_MEDIA_TYPE_MISMATCH'],
    apply: (m, r) => {
      const d = pick(m.index.manifests as any[], r);
      d.mediaType = pick(['application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json', 'application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json', 'application/octet-stream'].filter((t) => t !== d.mediaType), r >> 2);
      return true;
    },
  },
  {
    label: "a manifest's own media type",
    expect: ['MEDIA_TYPE_MISMATCH'],
    apply: (m, r) => {
      const [digest, j] = pick(manifestsOf(m), r);
      rewriteJson(m, digest, (x) => (x.mediaType = j.mediaType === 'application/vnd.oci.image.manifest.v1+json' ? 'application/vnd.docker.distribution.manifest.v2+json' : 'application/vnd.oci.image.manifest.v1+json'));
      return true;
    },
  },
  {
    label: 'a blob removed',
    expect: ['BLOB_MISSING', 'DOCKER_BLOB_MISSING'],
    apply: (m, r) => {
      const blobs = [...m.files.keys()].filter((k) => k.startsWith('blobs/'));
      m.files.delete(pick(blobs, r));
      return true;
    },
  },
  { label: 'an orphan blob', expect: ['BLOB_UNREFERENCED'], apply: (m, r) => (m.files.set(blobName(digestOf(`orphan ${r}`)), Buffer.from(`orphan ${r}`)), true) },
  { label: 'a served version without its files', expect: ['TREE_FILE_MISSING'], apply: (m, r) => m.bundle.plugins.length > 0 && (pick(m.bundle.plugins as any[], r).servedVersions.push(`9.${r % 9}.0`), true) },
  {
    label: 'a tree file removed',
    expect: ['TREE_FILE_MISSING'],
    apply: (m, r) => {
      const tree = [...m.files.keys()].filter((k) => k.startsWith('plugins/'));
      return tree.length > 0 && m.files.delete(pick(tree, r));
    },
  },
  {
    label: 'an undeclared tree version',
    expect: ['TREE_ENTRY_UNDECLARED'],
    apply: (m, r) => {
      if (m.bundle.plugins.length === 0) return false;
      const p = pick(m.bundle.plugins as any[], r);
      m.files.set(`plugins/${p.name}/7.7.${r % 5}/${r % 2 ? 'plugin.wasm' : 'metadata.txt'}`, Buffer.from('x'));
      return true;
    },
  },
  {
    label: 'metadata.txt disagrees',
    expect: ['TREE_METADATA_MISMATCH', 'TREE_METADATA_INVALID'],
    apply: (m, r) => {
      const metas = [...m.files.keys()].filter((k) => k.endsWith('/metadata.txt'));
      if (metas.length === 0) return false;
      const path = pick(metas, r);
      const field = pick(['name', 'version', 'size', 'md5'], r >> 3);
      const value = { name: 'someone-else', version: '0.0.1', size: '1', md5: md5Hex(String(r)) }[field] as string;
      m.files.set(path, Buffer.from((m.files.get(path) as Buffer).toString('utf8').replace(new RegExp(`^${field}: .*$`, 'm'), `${field}: ${value}`)));
      return true;
    },
  },
  { label: 'wasm size', expect: ['TREE_WASM_SIZE_MISMATCH'], apply: (m, r) => m.bundle.plugins.length > 0 && ((pick(m.bundle.plugins as any[], r).wasm.size += 1), true) },
  { label: 'wasm sha256', expect: ['TREE_WASM_MISMATCH'], apply: (m, r) => m.bundle.plugins.length > 0 && ((pick(m.bundle.plugins as any[], r).wasm.sha256 = digestOf(String(r)).slice(7)), true) },
  {
    label: 'bundle.json digest of an image or plugin',
    expect: ['INDEX_DIGEST_MISMATCH'],
    apply: (m, r) => {
      const items = [...m.bundle.images, ...m.bundle.plugins] as any[];
      pick(items, r).digest = digestOf(`elsewhere ${r}`);
      return true;
    },
  },
  { label: 'an index.json entry removed', expect: ['INDEX_ENTRY_MISSING'], apply: (m, r) => (m.index.manifests.splice(r % m.index.manifests.length, 1), true) },
  {
    label: 'an undeclared index.json entry',
    expect: ['INDEX_ENTRY_UNDECLARED'],
    apply: (m, r) => {
      const d = pick(m.index.manifests as any[], r);
      const ref = `registry.example/undeclared/thing:${r % 100}`;
      m.index.manifests.push({ ...d, annotations: { [REF_NAME]: ref, [CONTAINERD_NAME]: ref } });
      return true;
    },
  },
  { label: 'image size', expect: ['IMAGE_SIZE_MISMATCH'], apply: (m, r) => m.bundle.images.length > 0 && ((pick(m.bundle.images as any[], r).size += 1 + (r % 9)), true) },
  {
    label: 'a per-platform manifest of an image',
    expect: ['IMAGE_MANIFEST_MISMATCH'],
    apply: (m, r) => {
      const img = (m.bundle.images as any[]).find((i) => i.manifests.length > 0);
      if (!img) return false;
      const entry = pick(img.manifests as any[], r);
      if (r % 2) entry.size += 1;
      else entry.digest = digestOf(`other ${r}`);
      return true;
    },
  },
  {
    label: 'image platforms',
    expect: ['IMAGE_PLATFORMS_MISMATCH'],
    apply: (m, r) => m.bundle.images.length > 0 && (pick(m.bundle.images as any[], r).platforms.push('plan9/mips'), true),
  },
  { label: 'an image missing from manifest.json', expect: ['DOCKER_IMAGE_MISSING'], apply: (m, r) => m.docker.length > 0 && (m.docker.splice(r % m.docker.length, 1), true) },
  {
    label: 'a tag in two manifest.json entries',
    expect: ['DOCKER_TAG_DUPLICATE'],
    // (one artifact listed twice under one reference is allowed in index.json, not in manifest.json)
    apply: (m, r) => m.docker.length > 0 && (m.docker.push(structuredClone(pick(m.docker as any[], r))), true),
  },
  {
    label: 'manifest.json loads other layers',
    expect: ['DOCKER_ENTRY_MISMATCH'],
    apply: (m, r) => {
      const e = (m.docker as any[]).find((d) => new Set(d.Layers).size > 1);
      if (e) return (e.Layers.reverse(), true);
      const other = (m.docker as any[]).find((d) => d.Layers.length > 0);
      return !!other && (other.Layers.pop(), r >= 0);
    },
  },
  {
    label: 'containerd name',
    expect: ['INDEX_NAME_CONFLICT'],
    apply: (m, r) => ((pick(m.index.manifests as any[], r).annotations[CONTAINERD_NAME] = `registry.example/renamed:${r % 10}`), true),
  },
  {
    label: 'a manifest replaced by other JSON with the hashes followed',
    expect: ['MANIFEST_INVALID', 'MEDIA_TYPE_MISMATCH'],
    apply: (m, r) => {
      const [digest] = pick(manifestsOf(m), r);
      replaceBlob(m, digest, Buffer.from(JSON.stringify({ schemaVersion: 2, hello: r })));
      return true;
    },
  },
];

async function openIssues(model: BundleModel): Promise<string[]> {
  try {
    const b = await OpenBundle.open(await fileOf(writeModel(model)));
    await b.close();
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const issues = ((e as AppError).details?.issues as Array<{ code: string }> | undefined) ?? [];
    return issues.length ? issues.map((i) => i.code) : [(e as AppError).code];
  }
}

describe('the cross-checks (property-based)', () => {
  it('random consistent bundles open (and a few verify) without an issue', async () => {
    let verified = 0;
    await fc.assert(
      fc.asyncProperty(specArb, async (spec) => {
        const model = syntheticModel(spec);
        expect(await openIssues(model)).toEqual([]);
        if (verified++ < 6) {
          const report = await verifyBundle(await fileOf(writeModel(model)));
          expect(report.issues).toEqual([]);
          expect(report.ok).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('any single inconsistency, with every hash recomputed, is caught and named', async () => {
    await fc.assert(
      fc.asyncProperty(specArb, fc.nat({ max: mutations.length - 1 }), fc.nat(), async (spec, which, r) => {
        const model = syntheticModel(spec);
        const mutation = mutations[which] as Mutation;
        fc.pre(mutation.apply(model, r));
        const codes = await openIssues(model);
        expect(codes.some((c) => mutation.expect.includes(c)), `${mutation.label}: got ${codes.join(', ')}`).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('one artifact bundled under two plugin names (one reference, one manifest) is consistent; under two manifests it is not', async () => {
    const model = syntheticModel({ images: [], plugins: [{ name: 'key-auth', version: '2.0.0', servedVersions: ['2.0.0'], origin: 'oci', source: 'registry.example/plugins/key-auth:2.0.0', layout: 'oci-compat' }] });
    const original = model.bundle.plugins[0];
    model.bundle.plugins.push({ ...structuredClone(original), name: 'extra-auth' });
    model.index.manifests.push(structuredClone(model.index.manifests[0]));
    model.files.set('plugins/extra-auth/2.0.0/plugin.wasm', model.files.get('plugins/key-auth/2.0.0/plugin.wasm') as Buffer);
    model.files.set('plugins/extra-auth/2.0.0/metadata.txt', Buffer.from((model.files.get('plugins/key-auth/2.0.0/metadata.txt') as Buffer).toString('utf8').replace('name: key-auth', 'name: extra-auth')));
    expect(await openIssues(model)).toEqual([]);
    model.bundle.plugins[1].digest = digestOf('another build');
    expect(await openIssues(model)).toContain('REFERENCE_DUPLICATE');
  });

  it('a consistent bundle shaped like any bundle.json opens (for tests of the readers, e.g. yaml)', async () => {
    const like = {
      createdAt: '2026-08-20T10:00:00.000Z',
      higressRelease: '2.2.4',
      sources: ['higress-registry.cn-hangzhou.cr.aliyuncs.com'],
      platforms: ['linux/amd64', 'linux/arm64'],
      images: [{ role: 'plugin-server', source: 'higress-registry.cn-hangzhou.cr.aliyuncs.com/higress/plugin-server:2.2.4', mediaType: 'application/vnd.oci.image.index.v1+json', platforms: ['linux/amd64', 'linux/arm64'] }],
      plugins: [
        { name: 'key-auth', version: '2.0.0', servedVersions: ['1.0.0', '2.0.0'], origin: 'catalog', source: 'higress-registry.cn-hangzhou.cr.aliyuncs.com/plugins/key-auth:2.0.0', layout: 'oci-compat', category: 'auth', title: 'Key Auth', phase: 'AUTHN', priority: 310 },
        { name: 'hello-wasm', version: '0.1.0', servedVersions: ['0.1.0'], origin: 'wasm-file', source: 'hello.wasm', layout: 'oci-wasm' },
      ],
    };
    const { tar, manifest } = consistentBundleFor(like);
    const b = await OpenBundle.open(await fileOf(tar));
    try {
      expect(b.manifest).toEqual(manifest);
      expect(b.manifest.plugins[0]).toMatchObject({ category: 'auth', title: 'Key Auth', phase: 'AUTHN', priority: 310, servedVersions: ['1.0.0', '2.0.0'] });
      expect(b.manifest.higressRelease).toBe('2.2.4');
    } finally {
      await b.close();
    }
  });

  it('every kind of inconsistency is reachable by the generator (each mutation applies to some bundle)', () => {
    const rich = syntheticModel({
      images: [
        { source: 'registry.example/images/a:1', role: 'plugin-server', platforms: ['linux/amd64', 'linux/arm64'], layers: 2, attestation: true },
        { source: 'registry.example/images/b:1', role: 'extra', platforms: [], docker: true, layers: 2 },
      ],
      plugins: [
        { name: 'key-auth', version: '2.0.0', servedVersions: ['1.0.0', '2.0.0'], origin: 'catalog', source: 'registry.example/plugins/key-auth:2.0.0', layout: 'oci-compat' },
        { name: 'mine', version: '0.1.0', servedVersions: ['0.1.0'], origin: 'wasm-file', source: 'mine.wasm', layout: 'oci-wasm' },
      ],
    });
    for (const mutation of mutations) expect(mutation.apply(cloneModel(rich), 5), mutation.label).toBe(true);
  });
});
