import { createHash } from 'node:crypto';
import type { BundleManifest } from '../model/bundle-manifest';
import { Annotation, MediaType } from '../oci/media-types';
import { formatPlatform, indexSchema, manifestSchema, type Descriptor, type Index, type Manifest } from '../oci/schemas';
import { parseMetadataTxt } from '../plugins/metadata-txt';
import { inventoryIssues } from '../migrate/cross-check';
import { chartIssues } from '../release/chart-check';
import { messageOf, printable } from '../errors';
import { blobPath, pluginRefName } from './archive-documents';
import { BLOB_PATH } from './bundle-layout';
import type { IndexedEntry } from './tar-index';

/**
 * The cross-checks of a bundle's parts against each other — bundle.json, index.json, every
 * manifest and index reachable from it, manifest.json, the Plugin Server tree and the SUMS files —
 * and against the sizes of the blobs. Nothing here hashes more than the small documents, so every
 * open runs it (list, yaml, serve, load, push) and verify runs the very same function before it
 * compares the content hashes. Each inconsistency is one issue with a stable code and the facts
 * as parameters.
 */
export interface BundleIssue {
  /** Stable UPPER_SNAKE code (the UI translates by it). */
  readonly code: string;
  /** English, naming the file, the entry and what differs. */
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** What the checks read: an open bundle (OpenBundle) or verify's own scan of it. */
export interface BundleView {
  readonly entries: ReadonlyMap<string, IndexedEntry>;
  readonly manifest: BundleManifest;
  /** Hashes of bundle.json as read (the SUMS files list it). */
  readonly bundleJson: { readonly md5: string; readonly sha256: string };
  readSmall(name: string, limit?: number): Promise<Buffer>;
}

export const MAX_BUNDLE_JSON = 8 * 1024 * 1024;
export const MAX_DOCUMENT = 16 * 1024 * 1024;
export const MAX_MANIFEST = 4 * 1024 * 1024;
const MAX_METADATA = 64 * 1024;
/** Past this many, issues are counted, not listed (a hostile bundle could produce millions). */
export const MAX_ISSUES = 200;
/** index.json → index → index → manifest at most. */
const MAX_DEPTH = 3;
/** Descriptors followed in all (a real bundle has a few thousand); past it the walk stops. */
export const MAX_DESCRIPTORS = 100_000;

const INDEX_TYPES: ReadonlySet<string> = new Set([MediaType.ociIndex, MediaType.dockerList]);
const MANIFEST_TYPES: ReadonlySet<string> = new Set([MediaType.ociManifest, MediaType.dockerManifest]);
const IMAGE_CONFIG_TYPES: ReadonlySet<string> = new Set([MediaType.ociConfig, MediaType.dockerConfig]);
const UNKNOWN_PLATFORM = 'unknown/unknown';

/** Collects issues up to MAX_ISSUES, then only counts them. */
export class IssueList {
  private readonly items: BundleIssue[] = [];
  private dropped = 0;

  add(code: string, message: string, details: Record<string, unknown> = {}): void {
    // Messages quote names and tags from the untrusted bundle: no control characters, bounded.
    if (this.items.length < MAX_ISSUES) this.items.push({ code, message: printable(message, 1024), details });
    else this.dropped++;
  }

  addAll(issues: readonly BundleIssue[]): void {
    for (const i of issues) this.add(i.code, i.message, { ...i.details });
  }

  get size(): number {
    return this.items.length + this.dropped;
  }

  list(): BundleIssue[] {
    return this.dropped ? [...this.items, { code: 'MORE_ISSUES', message: `… and ${this.dropped} more problems`, details: { count: this.dropped } }] : [...this.items];
  }
}

type Walked =
  | { readonly kind: 'index'; readonly mediaType: string; readonly size: number; readonly children: readonly Descriptor[] }
  | { readonly kind: 'manifest'; readonly mediaType: string; readonly size: number; readonly config: Descriptor; readonly layers: readonly Descriptor[] };

/**
 * Runs every cross-check. `fileList: false` leaves out bundle.json `files` against the entries
 * (verify reports those per file, with their hashes).
 */
export async function crossCheckBundle(view: BundleView, options: { fileList?: boolean; skipDigests?: ReadonlySet<string> } = {}): Promise<BundleIssue[]> {
  const issues = new IssueList();
  const m = view.manifest;
  const entries = view.entries;
  const isFile = (path: string) => entries.get(path)?.type === 'file';

  const readDoc = async (name: string, limit: number): Promise<Buffer | undefined> => {
    const e = entries.get(name);
    if (!e || e.type !== 'file') {
      issues.add('DOCUMENT_MISSING', `${name} is missing: this is not a complete Higress Airgap bundle`, { file: name });
      return undefined;
    }
    if (e.size > limit) {
      issues.add('DOCUMENT_TOO_LARGE', `${name} is ${e.size} bytes, more than the ${limit} allowed`, { file: name, size: e.size, limit });
      return undefined;
    }
    return view.readSmall(name, limit);
  };

  // ---- oci-layout
  const layout = await readDoc('oci-layout', 4096);
  if (layout) {
    const json = parseJson(layout);
    if (!json.ok || (json.value as { imageLayoutVersion?: unknown } | null)?.imageLayoutVersion !== '1.0.0') {
      issues.add('DOCUMENT_INVALID', 'oci-layout is not {"imageLayoutVersion":"1.0.0"}', { file: 'oci-layout', reason: json.ok ? 'imageLayoutVersion' : json.error });
    }
  }

  // ---- every manifest and index reachable from index.json
  const walked = new Map<string, Walked | null>();
  const referenced = new Set<string>();
  let walkFailed = false;
  let descriptors = 0;
  const blobOk = (d: Descriptor, from: string): boolean => {
    if (++descriptors > MAX_DESCRIPTORS) {
      if (descriptors === MAX_DESCRIPTORS + 1) issues.add('TOO_MANY_DESCRIPTORS', `The manifests of this bundle list more than ${MAX_DESCRIPTORS} descriptors`, { limit: MAX_DESCRIPTORS });
      walkFailed = true;
      return false;
    }
    const path = blobPath(d.digest);
    referenced.add(path);
    const e = entries.get(path);
    if (!e || e.type !== 'file' || !BLOB_PATH.test(path)) {
      issues.add('BLOB_MISSING', `${from} references ${d.digest}, which is not in the bundle`, { from, digest: d.digest });
      walkFailed = true;
      return false;
    }
    if (e.size !== d.size) {
      issues.add('BLOB_SIZE_MISMATCH', `${from} gives ${d.digest} a size of ${d.size} bytes, but the blob is ${e.size} bytes`, { from, digest: d.digest, size: d.size, actual: e.size });
      walkFailed = true;
      return false;
    }
    return true;
  };
  const visit = async (d: Descriptor, from: string, depth: number): Promise<Walked | undefined> => {
    if (!INDEX_TYPES.has(d.mediaType) && !MANIFEST_TYPES.has(d.mediaType)) {
      issues.add('MANIFEST_MEDIA_TYPE_UNSUPPORTED', `${from} lists ${d.digest} as ${d.mediaType}, which is not an image manifest or index`, { from, digest: d.digest, mediaType: d.mediaType });
      walkFailed = true;
      return undefined;
    }
    if (!blobOk(d, from)) return undefined;
    if (walked.has(d.digest)) {
      const seen = walked.get(d.digest) ?? undefined;
      if (seen && seen.mediaType !== d.mediaType) mediaTypeMismatch(d, from, seen.mediaType);
      return seen;
    }
    walked.set(d.digest, null);
    if (options.skipDigests?.has(d.digest)) {
      // already reported as damaged by the caller: nothing below it can be trusted or checked
      walkFailed = true;
      return undefined;
    }
    if (d.size > MAX_MANIFEST) {
      issues.add('MANIFEST_TOO_LARGE', `Manifest ${d.digest} is ${d.size} bytes, more than the ${MAX_MANIFEST} allowed`, { digest: d.digest, size: d.size, limit: MAX_MANIFEST });
      walkFailed = true;
      return undefined;
    }
    const bytes = await view.readSmall(blobPath(d.digest), MAX_MANIFEST);
    const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (actual !== d.digest) {
      issues.add('MANIFEST_DIGEST_MISMATCH', `${blobPath(d.digest)} does not match its digest (its content is ${actual})`, { digest: d.digest, actual });
      walkFailed = true;
      return undefined;
    }
    const json = parseJson(bytes);
    const declared = json.ok ? (json.value as { mediaType?: unknown } | null)?.mediaType : undefined;
    if (json.ok && declared !== undefined && declared !== d.mediaType) {
      mediaTypeMismatch(d, from, typeof declared === 'string' ? declared : JSON.stringify(declared));
      walkFailed = true;
      return undefined;
    }
    // OCI documents may leave mediaType out; Docker v2 documents always carry it.
    if (json.ok && declared === undefined && (d.mediaType === MediaType.dockerManifest || d.mediaType === MediaType.dockerList)) {
      mediaTypeMismatch(d, from, '(none)');
      walkFailed = true;
      return undefined;
    }
    const isIndex = INDEX_TYPES.has(d.mediaType);
    const parsed = json.ok ? (isIndex ? indexSchema : manifestSchema).safeParse(json.value) : undefined;
    if (!parsed?.success) {
      const reason = !json.ok ? json.error : describeZod(parsed?.error);
      issues.add('MANIFEST_INVALID', `${isIndex ? 'Index' : 'Manifest'} ${d.digest} (listed by ${from}) is malformed: ${reason}`, { digest: d.digest, from, reason });
      walkFailed = true;
      return undefined;
    }
    let result: Walked;
    // Every descriptor is checked as listed, a repeated one each time (successors() gives each
    // once: what copying wants, not what checking wants).
    if (isIndex) {
      const index = parsed.data as Index;
      result = { kind: 'index', mediaType: d.mediaType, size: d.size, children: index.manifests };
      walked.set(d.digest, result);
      if (depth + 1 >= MAX_DEPTH) {
        issues.add('INDEX_TOO_DEEP', `Index ${d.digest} nests indexes more than ${MAX_DEPTH - 1} deep`, { digest: d.digest, limit: MAX_DEPTH - 1 });
        walkFailed = true;
      } else for (const c of index.manifests) await visit(c, `index ${d.digest}`, depth + 1);
    } else {
      const man = parsed.data as Manifest;
      result = { kind: 'manifest', mediaType: d.mediaType, size: d.size, config: man.config, layers: man.layers };
      walked.set(d.digest, result);
      for (const b of [man.config, ...man.layers]) blobOk(b, `manifest ${d.digest}`);
    }
    return result;
  };
  function mediaTypeMismatch(d: Descriptor, from: string, document: string): void {
    issues.add('MEDIA_TYPE_MISMATCH', `${from} lists ${d.digest} as ${d.mediaType}, but the document says it is ${document}`, { from, digest: d.digest, descriptor: d.mediaType, document });
  }

  // ---- index.json: one named entry per bundled image and plugin
  const tops = new Map<string, { descriptor: Descriptor; walked: Walked | undefined }>();
  let indexOk = false;
  const indexBytes = await readDoc('index.json', MAX_DOCUMENT);
  if (indexBytes) {
    const json = parseJson(indexBytes);
    const parsed = json.ok ? indexSchema.safeParse(json.value) : undefined;
    if (!parsed?.success) {
      issues.add('DOCUMENT_INVALID', `index.json is malformed: ${json.ok ? describeZod(parsed?.error) : json.error}`, { file: 'index.json', reason: json.ok ? describeZod(parsed?.error) : json.error });
    } else {
      indexOk = true;
      if (parsed.data.mediaType !== undefined && parsed.data.mediaType !== MediaType.ociIndex) {
        issues.add('DOCUMENT_INVALID', `index.json says it is ${parsed.data.mediaType}, not ${MediaType.ociIndex}`, { file: 'index.json', reason: 'mediaType', mediaType: parsed.data.mediaType });
      }
      const byRef = new Map<string, Descriptor[]>();
      for (const [position, d] of parsed.data.manifests.entries()) {
        const ref = d.annotations?.[Annotation.refName];
        if (!ref) {
          issues.add('INDEX_ENTRY_UNNAMED', `index.json entry ${position + 1} (${d.digest}) has no ${Annotation.refName} annotation`, { position, digest: d.digest });
          continue;
        }
        const containerd = d.annotations?.[Annotation.containerdName];
        if (containerd !== undefined && containerd !== ref) {
          issues.add('INDEX_NAME_CONFLICT', `index.json entry ${ref} is named ${containerd} for containerd`, { ref, containerdName: containerd });
        }
        byRef.set(ref, [...(byRef.get(ref) ?? []), d]);
      }
      // One reference may be listed more than once (two plugins of one artifact under two
      // names), but only ever for the same manifest: a reader takes the first it finds.
      for (const [ref, ds] of byRef) {
        const digests = [...new Set(ds.map((d) => d.digest))];
        const mediaTypes = [...new Set(ds.map((d) => d.mediaType))];
        if (digests.length > 1) issues.add('INDEX_REF_DUPLICATE', `index.json names ${ref} ${ds.length} times, with different manifests (${digests.join(', ')})`, { ref, digests });
        else if (mediaTypes.length > 1) issues.add('INDEX_REF_DUPLICATE', `index.json names ${ref} ${ds.length} times, with different media types (${mediaTypes.join(', ')})`, { ref, digests, mediaTypes });
      }
      for (const [ref, ds] of byRef) {
        const d = ds[0] as Descriptor;
        tops.set(ref, { descriptor: d, walked: await visit(d, 'index.json', 0) });
      }
    }
  }

  // ---- bundle.json inventory: moved WasmPlugins against the plugins (shared/migrate)
  issues.addAll(inventoryIssues(m));
  // ---- bundle.json charts (bundle --with-higress) against the entries and the file list (shared/release)
  issues.addAll(chartIssues(m, entries));

  // ---- bundle.json images and plugins against index.json
  const declared = new Map<string, { kind: 'image' | 'plugin'; name: string; digest: string; mediaType: string }>();
  const imageSources = new Set<string>();
  let pluginServers = 0;
  for (const img of m.images) {
    if (imageSources.has(img.source)) issues.add('IMAGE_DUPLICATE', `bundle.json lists image ${img.source} twice`, { source: img.source });
    imageSources.add(img.source);
    if (img.role === 'plugin-server' && ++pluginServers === 2) issues.add('IMAGE_ROLE_DUPLICATE', 'bundle.json lists more than one plugin-server image', { role: 'plugin-server' });
    if (!declared.has(img.source)) declared.set(img.source, { kind: 'image', name: img.source, digest: img.digest, mediaType: img.mediaType });
  }
  const pluginNames = new Set<string>();
  for (const p of m.plugins) {
    if (pluginNames.has(p.name)) issues.add('PLUGIN_DUPLICATE', `bundle.json lists plugin ${p.name} twice`, { plugin: p.name });
    pluginNames.add(p.name);
    const ref = pluginRefName(p);
    const before = declared.get(ref);
    // One artifact may be bundled under two plugin names; one reference for two things may not.
    if (before && (before.kind !== 'plugin' || before.digest !== p.digest || before.mediaType !== p.mediaType)) {
      issues.add('REFERENCE_DUPLICATE', `bundle.json uses ${ref} for ${before.kind} ${before.name} (${before.digest}) and plugin ${p.name} (${p.digest})`, { ref, first: before.name, second: p.name });
    } else if (!before) declared.set(ref, { kind: 'plugin', name: p.name, digest: p.digest, mediaType: p.mediaType });
  }
  if (indexOk) {
    for (const [ref, top] of tops) {
      if (!declared.has(ref)) issues.add('INDEX_ENTRY_UNDECLARED', `index.json names ${ref} (${top.descriptor.digest}), which bundle.json does not list`, { ref, digest: top.descriptor.digest });
    }
    for (const [ref, want] of declared) {
      const top = tops.get(ref);
      if (!top) {
        issues.add('INDEX_ENTRY_MISSING', `index.json does not name ${want.kind} ${want.name} (${ref})`, { ref, kind: want.kind, name: want.name });
        continue;
      }
      if (top.descriptor.digest !== want.digest) {
        issues.add('INDEX_DIGEST_MISMATCH', `index.json names ${want.kind} ${ref} as ${top.descriptor.digest}, but bundle.json says ${want.digest}`, { ref, kind: want.kind, index: top.descriptor.digest, bundle: want.digest });
      } else if (top.descriptor.mediaType !== want.mediaType) {
        issues.add('INDEX_MEDIA_TYPE_MISMATCH', `index.json lists ${want.kind} ${ref} as ${top.descriptor.mediaType}, but bundle.json says ${want.mediaType}`, { ref, kind: want.kind, index: top.descriptor.mediaType, bundle: want.mediaType });
      }
    }
  }

  // ---- images: per-platform manifests, platforms and size against the blobs
  const runnableOf = new Map<string, Array<{ platform: string; digest: string; config: Descriptor; layers: readonly Descriptor[] }>>();
  for (const img of m.images) {
    const top = tops.get(img.source);
    if (!top?.walked || top.descriptor.digest !== img.digest) continue;
    const listed = img.manifests;
    const mismatch = (platform: string, digest: string, reason: string) =>
      issues.add('IMAGE_MANIFEST_MISMATCH', `bundle.json image ${img.source}: ${platform} manifest ${digest} ${reason}`, { source: img.source, platform, digest, reason });
    let children: Array<{ platform: string; descriptor: Descriptor; walked: Walked | undefined }>;
    if (top.walked.kind === 'index') {
      children = top.walked.children.map((c) => ({ platform: c.platform ? formatPlatform(c.platform) : UNKNOWN_PLATFORM, descriptor: c, walked: walked.get(c.digest) ?? undefined }));
      for (const l of listed) {
        const child = children.find((c) => c.descriptor.digest === l.digest);
        if (!child) mismatch(l.platform, l.digest, 'is not in the image index');
        else if (child.descriptor.size !== l.size) mismatch(l.platform, l.digest, `has size ${l.size} in bundle.json, ${child.descriptor.size} in the image index`);
        else if (child.platform !== l.platform) mismatch(l.platform, l.digest, `is for ${child.platform} in the image index`);
      }
      for (const c of children) {
        if (c.platform !== UNKNOWN_PLATFORM && !listed.some((l) => l.digest === c.descriptor.digest)) mismatch(c.platform, c.descriptor.digest, 'is in the image index but not listed in bundle.json');
      }
    } else {
      children = [{ platform: listed[0]?.platform ?? UNKNOWN_PLATFORM, descriptor: top.descriptor, walked: top.walked }];
      if (listed.length > 1) mismatch(listed[1]?.platform ?? '', listed[1]?.digest ?? '', 'is listed, but the image is a single manifest');
      for (const l of listed.slice(0, 1)) {
        if (l.digest !== img.digest || l.size !== top.descriptor.size) mismatch(l.platform, l.digest, `differs from the image's own manifest (${img.digest}, ${top.descriptor.size} bytes)`);
      }
    }
    const platforms = listed.map((l) => l.platform);
    if (platforms.length !== img.platforms.length || platforms.some((p, i) => img.platforms[i] !== p)) {
      issues.add('IMAGE_PLATFORMS_MISMATCH', `bundle.json image ${img.source} lists platforms ${img.platforms.join(', ') || '(none)'}, but its manifests are for ${platforms.join(', ') || '(none)'}`, { source: img.source, platforms: img.platforms, expected: platforms });
    }
    const manifests = children.map((c) => c.walked).filter((w): w is Extract<Walked, { kind: 'manifest' }> => w?.kind === 'manifest');
    if (manifests.length === children.length) {
      const size = manifests.reduce((s, w) => s + w.config.size + w.layers.reduce((t, l) => t + l.size, 0), 0);
      if (size !== img.size) issues.add('IMAGE_SIZE_MISMATCH', `bundle.json gives image ${img.source} a size of ${img.size} bytes, but its configs and layers add up to ${size}`, { source: img.source, size: img.size, expected: size });
    }
    runnableOf.set(
      img.source,
      children.flatMap((c) => (c.walked?.kind === 'manifest' && c.platform !== UNKNOWN_PLATFORM && IMAGE_CONFIG_TYPES.has(c.walked.config.mediaType) ? [{ platform: c.platform, digest: c.descriptor.digest, config: c.walked.config, layers: c.walked.layers }] : [])),
    );
  }

  // ---- manifest.json: what docker load tags, from blobs of the declared images only
  const dockerBytes = await readDoc('manifest.json', MAX_DOCUMENT);
  if (dockerBytes) checkDockerManifest(dockerBytes, m, isFile, runnableOf, issues);

  // ---- plugins: a manifest each, and their served files
  const filesByPath = new Map(m.files.map((f) => [f.path, f]));
  const treeDeclared = new Set<string>();
  for (const p of m.plugins) {
    const top = tops.get(pluginRefName(p));
    if (top?.walked && top.descriptor.digest === p.digest && top.walked.kind !== 'manifest') {
      issues.add('PLUGIN_NOT_A_MANIFEST', `Plugin ${p.name} (${p.digest}) is an index, not a manifest`, { plugin: p.name, digest: p.digest });
    }
    const versions = new Set<string>();
    treeDeclared.add(`plugins/${p.name}`);
    for (const v of p.servedVersions) {
      if (versions.has(v)) issues.add('PLUGIN_VERSION_DUPLICATE', `bundle.json lists version ${v} of plugin ${p.name} twice`, { plugin: p.name, version: v });
      versions.add(v);
      const dir = `plugins/${p.name}/${v}`;
      const wasmPath = `${dir}/plugin.wasm`;
      const metaPath = `${dir}/metadata.txt`;
      for (const path of [dir, wasmPath, metaPath]) treeDeclared.add(path);
      const wasm = entries.get(wasmPath);
      if (!wasm || wasm.type !== 'file') issues.add('TREE_FILE_MISSING', `${wasmPath} is missing: bundle.json serves plugin ${p.name} as version ${v}`, { path: wasmPath, plugin: p.name, version: v });
      else if (wasm.size !== p.wasm.size) issues.add('TREE_WASM_SIZE_MISMATCH', `${wasmPath} is ${wasm.size} bytes, but bundle.json says plugin ${p.name}'s module is ${p.wasm.size}`, { path: wasmPath, plugin: p.name, size: wasm.size, expected: p.wasm.size });
      const record = filesByPath.get(wasmPath);
      if (record) {
        for (const field of ['md5', 'sha256'] as const) {
          if (record[field] !== p.wasm[field]) issues.add('TREE_WASM_MISMATCH', `bundle.json lists ${wasmPath} with ${field} ${record[field]}, but plugin ${p.name}'s module has ${p.wasm[field]}`, { path: wasmPath, plugin: p.name, field, listed: record[field], expected: p.wasm[field] });
        }
      }
      const meta = entries.get(metaPath);
      if (!meta || meta.type !== 'file') {
        issues.add('TREE_FILE_MISSING', `${metaPath} is missing: bundle.json serves plugin ${p.name} as version ${v}`, { path: metaPath, plugin: p.name, version: v });
      } else if (meta.size > MAX_METADATA) {
        issues.add('TREE_METADATA_INVALID', `${metaPath} is ${meta.size} bytes, more than the ${MAX_METADATA} allowed`, { path: metaPath, reason: 'size', size: meta.size, limit: MAX_METADATA });
      } else {
        checkMetadata(metaPath, (await view.readSmall(metaPath, MAX_METADATA)).toString('utf8'), { name: p.name, version: v, size: p.wasm.size, md5: p.wasm.md5 }, issues);
      }
    }
  }
  for (const e of entries.values()) {
    if (e.name.startsWith('plugins/') && !treeDeclared.has(e.name)) {
      issues.add('TREE_ENTRY_UNDECLARED', `${e.name} is in the Plugin Server tree, but no plugin version of bundle.json serves it`, { path: e.name, type: e.type });
    }
  }

  // ---- blobs nobody references
  if (!walkFailed && indexOk) {
    for (const e of entries.values()) {
      if (e.type === 'file' && e.name.startsWith('blobs/') && !referenced.has(e.name)) {
        issues.add('BLOB_UNREFERENCED', `${e.name} is not referenced by index.json or any manifest`, { path: e.name });
      }
    }
  }

  // ---- bundle.json files against the entries
  const seen = new Set<string>();
  for (const f of m.files) {
    if (seen.has(f.path)) issues.add('FILE_LISTED_TWICE', `bundle.json lists ${f.path} twice`, { path: f.path });
    seen.add(f.path);
  }
  if (options.fileList !== false) {
    for (const f of m.files) {
      const e = entries.get(f.path);
      if (!e || e.type !== 'file') issues.add('FILE_MISSING', `${f.path} is listed in bundle.json but missing from the bundle`, { path: f.path });
      else if (e.size !== f.size) issues.add('FILE_SIZE_MISMATCH', `${f.path} is ${e.size} bytes, but bundle.json says ${f.size}`, { path: f.path, size: e.size, expected: f.size });
    }
    for (const e of entries.values()) {
      if (e.type === 'file' && !seen.has(e.name) && !SELF_LISTED.has(e.name)) issues.add('FILE_UNLISTED', `${e.name} is in the bundle but not listed in bundle.json`, { path: e.name });
    }
  }
  for (const special of SELF_LISTED) {
    if (filesByPath.has(special)) issues.add('FILE_LISTED_WRONGLY', `bundle.json lists ${special}, which it cannot describe`, { path: special });
  }

  // ---- MD5SUMS and SHA256SUMS against bundle.json (and bundle.json itself)
  for (const [sumsFile, key, hexLength] of [['MD5SUMS', 'md5', 32], ['SHA256SUMS', 'sha256', 64]] as const) {
    const text = await readDoc(sumsFile, MAX_DOCUMENT);
    if (!text) continue;
    // Format 2 blobs carry no MD5: MD5SUMS lists exactly the files that do.
    const expected = new Map<string, string>(m.files.flatMap((f) => (f[key] === undefined ? [] : [[f.path, f[key]] as const])));
    expected.set('bundle.json', view.bundleJson[key]);
    const listed = new Set<string>();
    const line = new RegExp(`^([a-f0-9]{${hexLength}})  (.+)$`);
    for (const l of text.toString('utf8').split('\n')) {
      if (l === '') continue;
      const match = line.exec(l);
      if (!match) {
        issues.add('SUMS_LINE_DAMAGED', `${sumsFile} has a damaged line: ${JSON.stringify(l.slice(0, 120))}`, { file: sumsFile, line: l.slice(0, 120) });
        continue;
      }
      const [, hex, path] = match as unknown as [string, string, string];
      if (listed.has(path)) issues.add('SUMS_DUPLICATE', `${sumsFile} lists ${path} twice`, { file: sumsFile, path });
      listed.add(path);
      const want = expected.get(path);
      if (want === undefined) issues.add('SUMS_EXTRA', `${sumsFile} lists ${path}, which ${isFile(path) ? 'bundle.json does not list' : 'is not in the bundle'}`, { file: sumsFile, path });
      else if (want !== hex) issues.add('SUMS_MISMATCH', `${sumsFile}: ${path} does not match (${sumsFile} says ${hex}, ${path === 'bundle.json' ? 'its content is' : 'bundle.json says'} ${want})`, { file: sumsFile, path, listed: hex, expected: want });
    }
    for (const path of expected.keys()) if (!listed.has(path)) issues.add('SUMS_INCOMPLETE', `${sumsFile} does not list ${path}`, { file: sumsFile, path });
  }
  return issues.list();
}

const SELF_LISTED: ReadonlySet<string> = new Set(['bundle.json', 'MD5SUMS', 'SHA256SUMS']);

const DOCKER_KEYS: ReadonlySet<string> = new Set(['Config', 'RepoTags', 'Layers']);

function checkDockerManifest(
  bytes: Buffer,
  m: BundleManifest,
  isFile: (path: string) => boolean,
  runnableOf: ReadonlyMap<string, ReadonlyArray<{ platform: string; digest: string; config: Descriptor; layers: readonly Descriptor[] }>>,
  issues: IssueList,
): void {
  const json = parseJson(bytes);
  const invalid = (reason: string, details: Record<string, unknown> = {}) => issues.add('DOCKER_MANIFEST_INVALID', `manifest.json is malformed: ${reason}`, { file: 'manifest.json', reason, ...details });
  if (!json.ok) return invalid(json.error);
  if (!Array.isArray(json.value)) return invalid('not a list of images');
  const images = new Set(m.images.map((i) => i.source));
  const tagged = new Map<string, number>();
  for (const [position, raw] of (json.value as unknown[]).entries()) {
    const entry = position + 1;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      invalid(`entry ${entry} is not an object`, { entry });
      continue;
    }
    const e = raw as Record<string, unknown>;
    const extra = Object.keys(e).filter((k) => !DOCKER_KEYS.has(k));
    if (extra.length) invalid(`entry ${entry} has ${extra.join(', ')}`, { entry, keys: extra });
    const config = e.Config;
    const layers = e.Layers;
    const tags = e.RepoTags;
    if (typeof config !== 'string' || !Array.isArray(layers) || !layers.every((l) => typeof l === 'string') || !Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) {
      invalid(`entry ${entry} needs Config (a path), RepoTags and Layers (lists of strings)`, { entry });
      continue;
    }
    let pathsOk = true;
    for (const [field, path] of [['Config', config] as const, ...layers.map((l) => ['Layers', l] as const)]) {
      if (!BLOB_PATH.test(path)) {
        issues.add('DOCKER_PATH_OUTSIDE_BLOBS', `manifest.json entry ${entry} has ${field} ${JSON.stringify(path)}, which is not a blob (blobs/sha256/<hex>)`, { entry, field, path });
        pathsOk = false;
      } else if (!isFile(path)) {
        issues.add('DOCKER_BLOB_MISSING', `manifest.json entry ${entry} has ${field} ${path}, which is not in the bundle`, { entry, field, path });
        pathsOk = false;
      }
    }
    if (tags.length === 0) issues.add('DOCKER_ENTRY_UNTAGGED', `manifest.json entry ${entry} has no RepoTags`, { entry });
    for (const tag of tags) {
      const before = tagged.get(tag);
      if (before !== undefined) issues.add('DOCKER_TAG_DUPLICATE', `manifest.json tags ${tag} in entries ${before} and ${entry}`, { tag, entries: [before, entry] });
      else tagged.set(tag, entry);
      if (!images.has(tag)) {
        issues.add('DOCKER_TAG_UNDECLARED', `manifest.json entry ${entry} tags ${tag}, which is not an image of bundle.json (docker load would retag a local image)`, { entry, tag });
        continue;
      }
      if (!pathsOk) continue;
      const runnable = runnableOf.get(tag);
      if (!runnable) continue; // the image itself did not check out; that is reported above
      const match = runnable.find((c) => blobPath(c.config.digest) === config && c.layers.length === layers.length && c.layers.every((l, i) => blobPath(l.digest) === layers[i]));
      if (!match) {
        issues.add('DOCKER_ENTRY_MISMATCH', `manifest.json entry ${entry} (${tag}) loads ${config}, which is not the config and layers of any platform of that image`, { entry, tag, config });
      }
    }
  }
  for (const img of m.images) {
    if ((runnableOf.get(img.source)?.length ?? 0) > 0 && !tagged.has(img.source)) {
      issues.add('DOCKER_IMAGE_MISSING', `manifest.json does not list image ${img.source} (docker load would not load it)`, { source: img.source });
    }
  }
}

function checkMetadata(path: string, text: string, want: { name: string; version: string; size: number; md5: string }, issues: IssueList): void {
  let meta;
  try {
    meta = parseMetadataTxt(text);
  } catch (e) {
    issues.add('TREE_METADATA_INVALID', `${path} is not readable: ${messageOf(e)}`, { path, reason: messageOf(e) });
    return;
  }
  const fields: Array<[string, unknown, unknown]> = [
    ['name', meta.name, want.name],
    ['version', meta.version ?? want.version, want.version],
    ['size', meta.size, want.size],
    ['md5', meta.md5, want.md5],
  ];
  for (const [field, value, expected] of fields) {
    if (value !== expected) issues.add('TREE_METADATA_MISMATCH', `${path} says ${field} ${String(value)}, but bundle.json says ${String(expected)}`, { path, field, value, expected });
  }
}

function parseJson(bytes: Buffer): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
  } catch {
    return { ok: false, error: 'not valid JSON' };
  }
}

function describeZod(error: { issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }> } | undefined): string {
  const i = error?.issues[0];
  return i ? `${i.path.map(String).join('.') || '(root)'}: ${i.message}` : 'invalid';
}

