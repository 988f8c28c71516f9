import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import { craftedTar, type CraftedEntry } from '../env/crafted-tar';
import { MT } from '../env/fixtures';
import { tinyWasm } from '../env/wasm';

/**
 * Bundles as editable data for crafting: the files of the tar plus the three documents as JSON.
 * Writing a model recomputes `bundle.json` `files`, `MD5SUMS` and `SHA256SUMS`, and replacing a
 * blob re-hashes every manifest, index and document that names it — so a crafted inconsistency
 * passes every hash check, as an adversary's would, and only the cross-checks can catch it.
 * Everything here is built independently of the product's writer (tar headers by crafted-tar).
 */
export interface BundleModel {
  /** `oci-layout`, `blobs/sha256/…`, `plugins/…`: every file but the five documents, in tar order. */
  files: Map<string, Buffer>;
  /** index.json */
  index: any;
  /** manifest.json (docker-archive) */
  docker: any;
  /** bundle.json without `files` (recomputed when written). */
  bundle: any;
}

export const REF_NAME = 'org.opencontainers.image.ref.name';
export const CONTAINERD_NAME = 'io.containerd.image.name';

export const sha256Hex = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
export const md5Hex = (b: Buffer | string): string => createHash('md5').update(b).digest('hex');
export const digestOf = (b: Buffer | string): string => `sha256:${sha256Hex(b)}`;
export const blobName = (digest: string): string => `blobs/sha256/${digest.slice('sha256:'.length)}`;

export function cloneModel(m: BundleModel): BundleModel {
  return { files: new Map(m.files), index: structuredClone(m.index), docker: structuredClone(m.docker), bundle: structuredClone(m.bundle) };
}

/** The tar bytes of a model: parent folders, files, documents, bundle.json and the SUMS files. */
export function writeModel(
  m: BundleModel,
  options: {
    mtime?: number;
    documents?: { index?: Buffer; docker?: Buffer };
    extra?: readonly CraftedEntry[] | undefined;
    /** Edits bundle.json's computed `files` before it is written (the SUMS files follow the edit). */
    editFiles?: (files: Array<{ path: string; size: number; md5?: string; sha256: string }>) => void;
  } = {},
): Buffer {
  const mtime = options.mtime ?? Math.floor(Date.parse(m.bundle.createdAt ?? '2026-01-01T00:00:00Z') / 1000);
  const ordered = [...m.files].sort(([a], [b]) => rank(a) - rank(b));
  ordered.push(['index.json', options.documents?.index ?? Buffer.from(`${JSON.stringify(m.index, null, 2)}\n`)]);
  ordered.push(['manifest.json', options.documents?.docker ?? Buffer.from(`${JSON.stringify(m.docker)}\n`)]);
  // Format 2 lists blobs without an MD5; format 1 lists every file with one.
  const withMd5 = (path: string) => (m.bundle.formatVersion ?? 1) < 2 || !path.startsWith('blobs/');
  const files: Array<{ path: string; size: number; md5?: string; sha256: string }> = ordered.map(([path, data]) => ({ path, size: data.length, ...(withMd5(path) ? { md5: md5Hex(data) } : {}), sha256: sha256Hex(data) }));
  options.editFiles?.(files);
  const bundleJson = Buffer.from(`${JSON.stringify({ ...m.bundle, files }, null, 2)}\n`);
  ordered.push(['bundle.json', bundleJson]);
  const sums = [...files, { path: 'bundle.json', md5: md5Hex(bundleJson), sha256: sha256Hex(bundleJson) }];
  ordered.push(['MD5SUMS', Buffer.from(sums.flatMap((f) => (f.md5 ? [`${f.md5}  ${f.path}\n`] : [])).join(''))]);
  ordered.push(['SHA256SUMS', Buffer.from(sums.map((f) => `${f.sha256}  ${f.path}\n`).join(''))]);
  const entries: CraftedEntry[] = [];
  const dirs = new Set<string>();
  for (const [path, data] of ordered) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (dirs.has(dir)) continue;
      dirs.add(dir);
      entries.push({ name: `${dir}/`, flag: '5', mtime });
    }
    entries.push({ name: path, data, mtime });
  }
  // Hand-made entries (not listed anywhere) go in before the documents.
  entries.splice(entries.findIndex((e) => e.name === 'index.json'), 0, ...(options.extra ?? []));
  return craftedTar(entries);
}

// oci-layout, then blobs, then the Plugin Server tree (the writer's order; readers do not depend on it).
function rank(path: string): number {
  return path === 'oci-layout' ? 0 : path.startsWith('blobs/') ? 1 : 2;
}

/** Reads a bundle tar (with tar-stream, not the product's reader) into a model. */
export async function readModel(tar: Buffer): Promise<BundleModel> {
  const files = new Map<string, Buffer>();
  const docs = new Map<string, Buffer>();
  const ex = extract();
  const done = new Promise<void>((ok, fail) => {
    ex.on('entry', (header, stream, next) => {
      const parts: Buffer[] = [];
      stream.on('data', (c: unknown) => void parts.push(c as Buffer));
      stream.on('end', () => {
        const data = Buffer.concat(parts);
        if (header.type === 'file') {
          if (['index.json', 'manifest.json', 'bundle.json', 'MD5SUMS', 'SHA256SUMS'].includes(header.name)) docs.set(header.name, data);
          else files.set(header.name, data);
        }
        next();
      });
      stream.resume();
    });
    ex.on('finish', ok);
    ex.on('error', fail);
  });
  Readable.from([tar]).pipe(ex);
  await done;
  const bundle = JSON.parse((docs.get('bundle.json') as Buffer).toString('utf8'));
  delete bundle.files;
  return { files, index: JSON.parse((docs.get('index.json') as Buffer).toString('utf8')), docker: JSON.parse((docs.get('manifest.json') as Buffer).toString('utf8')), bundle };
}

/** JSON blobs (manifests and indexes) of a model, by digest. */
export function jsonBlobs(m: BundleModel): Map<string, any> {
  const out = new Map<string, any>();
  for (const [path, data] of m.files) {
    if (!path.startsWith('blobs/sha256/') || data[0] !== 0x7b) continue;
    try {
      const json = JSON.parse(data.toString('utf8'));
      if (json && typeof json === 'object' && (Array.isArray(json.manifests) || Array.isArray(json.layers))) out.set(`sha256:${path.slice(13)}`, json);
    } catch {
      // not JSON: a layer that happens to start with '{'
    }
  }
  return out;
}

/**
 * Replaces a blob's bytes and follows the new digest everywhere: descriptors in manifests and
 * indexes (re-hashed in turn, up to index.json), bundle.json and manifest.json. Returns the new digest.
 */
export function replaceBlob(m: BundleModel, old: string, bytes: Buffer): string {
  const digest = digestOf(bytes);
  const oldSize = m.files.get(blobName(old))?.length;
  if (digest === old) return digest;
  m.files = new Map([...m.files].map(([k, v]) => (k === blobName(old) ? [blobName(digest), bytes] : [k, v])));
  if (!m.files.has(blobName(digest))) m.files.set(blobName(digest), bytes);
  const fix = (node: any): boolean => {
    let hit = false;
    if (Array.isArray(node)) for (const n of node) hit = fix(n) || hit;
    else if (node && typeof node === 'object') {
      if (node.digest === old) {
        node.digest = digest;
        // a descriptor's size follows its blob (bundle.json images carry an image total instead)
        if (typeof node.size === 'number' && node.size === oldSize && !('role' in node)) node.size = bytes.length;
        hit = true;
      }
      for (const v of Object.values(node)) if (v && typeof v === 'object') hit = fix(v) || hit;
    }
    return hit;
  };
  for (const [d, json] of jsonBlobs(m)) {
    if (d !== digest && fix(json)) replaceBlob(m, d, Buffer.from(JSON.stringify(json)));
  }
  fix(m.index);
  fix(m.bundle);
  const oldHex = old.slice(7);
  m.docker = JSON.parse(JSON.stringify(m.docker).split(oldHex).join(digest.slice(7)));
  return digest;
}

/** Edits a manifest or index (as JSON) and re-hashes everything above it. Returns the new digest. */
export function rewriteJson(m: BundleModel, digest: string, edit: (json: any) => void): string {
  const json = JSON.parse((m.files.get(blobName(digest)) as Buffer).toString('utf8'));
  edit(json);
  return replaceBlob(m, digest, Buffer.from(JSON.stringify(json)));
}

// ---- synthetic bundles -------------------------------------------------------------------

export interface ImageSpec {
  readonly source: string;
  readonly role: 'plugin-server' | 'extra' | 'docker';
  /** Platforms of an index; empty: a single manifest (linux/amd64). */
  readonly platforms: readonly string[];
  /** Docker v2 media types instead of OCI. */
  readonly docker?: boolean;
  readonly layers: number;
  /** Add a buildx attestation manifest (platform unknown/unknown) to the index. */
  readonly attestation?: boolean;
}

export interface PluginSpec {
  readonly name: string;
  readonly version: string;
  readonly servedVersions: readonly string[];
  readonly origin: 'catalog' | 'oci' | 'wasm-file';
  readonly source: string;
  readonly layout: 'oci-compat' | 'docker-compat' | 'oci-wasm';
}

export interface SyntheticSpec {
  readonly images: readonly ImageSpec[];
  readonly plugins: readonly PluginSpec[];
  readonly createdAt?: string;
}

const platformOf = (p: string) => {
  const [os, architecture, variant] = p.split('/') as [string, string, string?];
  return variant ? { os, architecture, variant } : { os, architecture };
};
const desc = (mediaType: string, bytes: Buffer, extra: Record<string, unknown> = {}) => ({ mediaType, digest: digestOf(bytes), size: bytes.length, ...extra });
const filler = (label: string, size: number) => {
  const parts: Buffer[] = [];
  for (let i = 0; parts.length * 32 < size; i++) parts.push(createHash('sha256').update(`${label}:${i}`).digest());
  return Buffer.concat(parts).subarray(0, size);
};

/** A consistent bundle of the given images and plugins (every document agreeing with every blob). */
export function syntheticModel(spec: SyntheticSpec): BundleModel {
  const createdAt = spec.createdAt ?? '2026-01-01T00:00:00.000Z';
  const blobs = new Map<string, Buffer>();
  const manifests = new Map<string, Buffer>();
  const put = (into: Map<string, Buffer>, bytes: Buffer) => {
    const key = blobName(digestOf(bytes));
    if (!blobs.has(key) && !manifests.has(key)) into.set(key, bytes);
    return bytes;
  };
  const index: any = { schemaVersion: 2, mediaType: MT.ociIndex, manifests: [] };
  const docker: any[] = [];
  const images: any[] = [];
  for (const img of spec.images) {
    const mtManifest = img.docker ? MT.dockerManifest : MT.ociManifest;
    const child = (platform: string, label: string) => {
      const config = put(blobs, Buffer.from(JSON.stringify({ ...platformOf(platform), config: {}, rootfs: { type: 'layers', diff_ids: [] }, label, image: img.source })));
      const layers = Array.from({ length: img.layers }, (_, i) => put(blobs, filler(`${img.source}:${label}:${i}`, 100 + i * 37)));
      const configMt = platform === 'unknown/unknown' ? MT.ociConfig : img.docker ? MT.dockerConfig : MT.ociConfig;
      const json = { schemaVersion: 2, mediaType: mtManifest, config: desc(configMt, config), layers: layers.map((l) => desc(img.docker ? MT.dockerLayerGzip : MT.ociLayerGzip, l)) };
      const bytes = put(manifests, Buffer.from(JSON.stringify(json, null, 3)));
      return { platform, bytes, json, size: config.length + layers.reduce((s, l) => s + l.length, 0) };
    };
    let top: { bytes: Buffer; mediaType: string };
    let children: Array<ReturnType<typeof child>>;
    if (img.platforms.length === 0) {
      const only = child('linux/amd64', 'single');
      children = [only];
      top = { bytes: only.bytes, mediaType: mtManifest };
    } else {
      children = img.platforms.map((p) => child(p, p));
      if (img.attestation) children.push(child('unknown/unknown', 'attestation'));
      const mediaType = img.docker ? MT.dockerList : MT.ociIndex;
      const json = { schemaVersion: 2, mediaType, manifests: children.map((c) => desc(mtManifest, c.bytes, { platform: platformOf(c.platform) })) };
      top = { bytes: put(manifests, Buffer.from(JSON.stringify(json, null, 2))), mediaType };
    }
    const runnable = children.filter((c) => c.platform !== 'unknown/unknown');
    const picked = runnable.find((c) => c.platform === 'linux/amd64') ?? runnable[0];
    if (picked) docker.push({ Config: blobName(picked.json.config.digest), RepoTags: [img.source], Layers: picked.json.layers.map((l: any) => blobName(l.digest)) });
    index.manifests.push({ ...desc(top.mediaType, top.bytes), annotations: { [REF_NAME]: img.source, [CONTAINERD_NAME]: img.source } });
    images.push({
      role: img.role,
      source: img.source,
      digest: digestOf(top.bytes),
      mediaType: top.mediaType,
      platforms: runnable.map((c) => c.platform),
      manifests: runnable.map((c) => ({ platform: c.platform, digest: digestOf(c.bytes), size: c.bytes.length })),
      size: children.reduce((s, c) => s + c.size, 0),
    });
  }
  const tree = new Map<string, Buffer>();
  const plugins: any[] = [];
  for (const p of spec.plugins) {
    const wasm = tinyWasm(`${p.name}:${p.version}:${p.source}`);
    let json: any;
    if (p.layout === 'oci-wasm') {
      const config = put(blobs, Buffer.from('{}'));
      const wasmConfig = put(blobs, Buffer.from(`{"name":${JSON.stringify(p.name)}}`));
      put(blobs, wasm);
      json = { schemaVersion: 2, mediaType: MT.ociManifest, config: desc(MT.unknownConfig, config), layers: [desc(MT.wasmConfig, wasmConfig), desc(MT.wasmLayer, wasm, { annotations: { 'org.opencontainers.image.title': 'plugin.wasm' } })] };
    } else {
      const layer = put(blobs, gzipSync(craftedTar([{ name: 'plugin.wasm', data: wasm }])));
      if (p.layout === 'docker-compat') {
        const config = put(blobs, Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [] }, plugin: p.name })));
        json = { schemaVersion: 2, mediaType: MT.dockerManifest, config: desc(MT.dockerConfig, config), layers: [desc(MT.dockerLayerGzip, layer)] };
      } else {
        const config = put(blobs, Buffer.from('{}'));
        const spec = put(blobs, Buffer.from(`info:\n  name: ${p.name}\n  version: ${p.version}\n`));
        json = { schemaVersion: 2, mediaType: MT.ociManifest, config: desc(MT.unknownConfig, config), layers: [desc(MT.wasmSpec, spec), desc(MT.ociLayerGzip, layer)] };
      }
    }
    const bytes = put(manifests, Buffer.from(JSON.stringify(json)));
    const ref = p.origin === 'wasm-file' ? `plugins/${p.name}:${p.version}` : p.source;
    index.manifests.push({ ...desc(json.mediaType, bytes), annotations: { [REF_NAME]: ref, [CONTAINERD_NAME]: ref } });
    for (const v of p.servedVersions) {
      tree.set(`plugins/${p.name}/${v}/plugin.wasm`, wasm);
      tree.set(`plugins/${p.name}/${v}/metadata.txt`, Buffer.from(`name: ${p.name}\nversion: ${v}\nsize: ${wasm.length}\nmd5: ${md5Hex(wasm)}\ncreated: ${createdAt}\n`));
    }
    plugins.push({
      name: p.name,
      version: p.version,
      servedVersions: [...p.servedVersions],
      origin: p.origin,
      source: p.source,
      digest: digestOf(bytes),
      mediaType: json.mediaType,
      layout: p.layout,
      wasm: { size: wasm.length, md5: md5Hex(wasm), sha256: sha256Hex(wasm) },
    });
  }
  const files = new Map<string, Buffer>([['oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}\n')], ...blobs, ...manifests, ...tree]);
  const hosts = [...new Set([...spec.images.map((i) => i.source), ...spec.plugins.map((p) => p.source)].map((s) => (s.includes('/') ? (s.split('/')[0] as string) : 'local')))];
  const bundle = {
    format: 'higress-airgap-bundle',
    formatVersion: 1,
    tool: { name: 'higress-airgap', version: '0.1.0' },
    createdAt,
    sources: hosts,
    platforms: [...new Set(images.flatMap((i) => i.platforms))],
    images,
    plugins,
  };
  return { files, index, docker, bundle };
}

/**
 * A consistent bundle shaped like a given bundle.json (same images, plugins, versions, sources,
 * and the same free fields: release, times, categories, phases, titles…), for tests that need a
 * bundle every reader opens. Digests and module hashes are those of the synthetic content, so
 * compare against the returned `manifest`, not the input.
 */
export function consistentBundleFor(like: any): { tar: Buffer; manifest: any; model: BundleModel } {
  const model = syntheticModel({
    createdAt: like.createdAt,
    images: (like.images ?? []).map((i: any): ImageSpec => ({
      source: i.source,
      role: i.role,
      platforms: /index|list/.test(i.mediaType) ? i.platforms : [],
      docker: /docker/.test(i.mediaType),
      layers: 1,
    })),
    plugins: (like.plugins ?? []).map((p: any): PluginSpec => ({ name: p.name, version: p.version, servedVersions: p.servedVersions, origin: p.origin, source: p.source, layout: p.layout })),
  });
  const free = (p: any) => Object.fromEntries(Object.entries(p).filter(([k]) => !['name', 'version', 'servedVersions', 'origin', 'source', 'digest', 'mediaType', 'layout', 'wasm'].includes(k)));
  model.bundle = {
    ...model.bundle,
    tool: like.tool ?? model.bundle.tool,
    ...(like.higressRelease ? { higressRelease: like.higressRelease } : {}),
    sources: like.sources ?? model.bundle.sources,
    platforms: like.platforms ?? model.bundle.platforms,
    plugins: model.bundle.plugins.map((p: any, i: number) => ({ ...p, ...free(like.plugins[i]) })),
  };
  const tar = writeModel(model);
  const bundleJson = readEntry(tar, 'bundle.json');
  return { tar, manifest: JSON.parse(bundleJson.toString('utf8')), model };
}

/** One entry's bytes from a tar this module wrote (ustar, no extended headers). */
function readEntry(tar: Buffer, name: string): Buffer {
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const cString = (from: number, len: number) => {
      const s = header.subarray(from, from + len);
      const end = s.indexOf(0);
      return s.toString('utf8', 0, end < 0 ? len : end);
    };
    const prefix = cString(345, 155);
    const entry = prefix ? `${prefix}/${cString(0, 100)}` : cString(0, 100);
    const size = Number.parseInt(cString(124, 12).trim() || '0', 8);
    if (entry === name) return Buffer.from(tar.subarray(at + 512, at + 512 + size));
    at += 512 + size + ((512 - (size % 512)) % 512);
  }
  throw new Error(`${name} is not in the tar`);
}
