import pLimit from 'p-limit';
import { getCatalogPlugin, unknownPluginsError, getRelease } from '../catalog/catalog';
import { OFFICIAL_REGISTRY } from '../catalog/registries';
import type { CatalogPlugin, CatalogRelease, PluginPhase } from '../catalog/types';
import { AppError, UsageError, allOrEvery, throwIfAborted } from '../errors';
import { asImageManifest } from '../copy';
import { filterIndex } from '../oci/platform-filter';
import { successors } from '../oci/successors';
import { formatReference, isRegistryHost, manifestReference, normaliseRegistry, parseReference, refuseCredentials, type ImageReference } from '../oci/reference';
import { formatPlatform, parsePlatform, type Descriptor, type ParsedManifest } from '../oci/schemas';
import { packageWasm, packageWasmFile } from '../plugins/wasm-artifact';
import { resolveMigrationSource } from '../migrate/resolve-sources';
import { classifyPluginManifest, type PluginLayoutInfo } from '../plugins/layout-gate';
import type { ConnectionFlags, RegistryEnvironment } from '../registry/connect';
import { connectRegistry } from '../registry/connect';
import type { RegistryClient } from '../registry/client';
import type { ContentStore } from '../store/content-store';
import { RegistryStore } from '../store/registry-store';
import { releaseImages, type ImageGroup } from '../catalog/release-parts';
import { isNotFound } from '../registry/errors';
import { byPin, pinNotOnSource } from './pin-policy';
import { checkNameVersion, pluginIdentity, type BundlePlan } from './plan';

/** One image manifest of an image (one platform). */
export interface ResolvedChild {
  readonly descriptor: Descriptor;
  readonly manifest: Extract<ParsedManifest, { kind: 'manifest' }>;
  readonly platform: string;
}

export interface ResolvedImage {
  readonly kind: 'image';
  readonly role: 'plugin-server' | 'extra' | 'docker';
  /** An image of the release itself (`--with-higress`): the part of the release it is (gateway, controller, …) and its group. */
  readonly component?: string | undefined;
  readonly group?: ImageGroup | undefined;
  /** Full source reference (index.json ref.name). */
  readonly source: string;
  readonly store: ContentStore;
  readonly root: ParsedManifest;
  /** What is written: the original top bytes, or the platform-filtered index. */
  readonly top: { readonly bytes: Uint8Array; readonly digest: string; readonly mediaType: string };
  readonly children: readonly ResolvedChild[];
  /** The release's plugin-server image: pulled by its pinned digest, or its tag followed on request. */
  readonly pin?: { readonly kind: 'digest' | 'followed-tag'; readonly pinnedDigest: string } | undefined;
}

/** The image groups a `--with-higress` plan asks for (core always). */
export function higressGroups(h: NonNullable<BundlePlan['higress']>): ImageGroup[] {
  return ['core', ...(h.allInOne ? (['all-in-one'] as const) : []), ...(h.observability ? (['observability'] as const) : []), ...(h.redis ? (['redis'] as const) : []), ...(h.compose ? (['compose'] as const) : [])];
}

/**
 * The release's images a `--with-higress` plan bundles, as references on `source` (the official
 * registry or the connected side's mirror: the same repository paths), each with its pinned digest
 * where the release data has one. An image the plan already bundles (the release's plugin-server
 * image) is left out here; one reference used twice by upstream is taken once.
 */
export function higressImageRefs(release: string, h: NonNullable<BundlePlan['higress']>, source: string, already: readonly string[]): Array<{ ref: ImageReference; pinned: string | undefined; component: string; group: ImageGroup }> {
  if (h.redis && releaseImages(release, ['redis']).length === 0) {
    throw new UsageError(`Higress ${release} uses no redis image`, { code: 'RELEASE_NO_REDIS', hint: 'Leave out --with-redis for this release.', details: { release } });
  }
  const out: Array<{ ref: ImageReference; pinned: string | undefined; component: string; group: ImageGroup }> = [];
  const seen = new Set(already);
  for (const i of releaseImages(release, higressGroups(h))) {
    const ref: ImageReference = { registry: source, repository: i.repository, tag: i.tag };
    const name = formatReference(ref);
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ ref, pinned: i.digest ?? undefined, component: i.component, group: i.group });
  }
  return out;
}

export interface ResolvedPlugin {
  readonly kind: 'plugin';
  readonly name: string;
  readonly version: string;
  readonly servedVersions: readonly string[];
  readonly origin: 'catalog' | 'oci' | 'wasm-file';
  readonly source: string;
  readonly store: ContentStore;
  readonly manifest: Extract<ParsedManifest, { kind: 'manifest' }>;
  readonly layout: PluginLayoutInfo;
  readonly category?: string | undefined;
  readonly phase?: PluginPhase | undefined;
  readonly priority?: number | undefined;
  /** How a catalog plugin was pinned: by the release's digest, or its tag followed on request. */
  readonly pin?: PluginPin | undefined;
  /** Fetched for WasmPlugins of an inventory: their spec.url and objects (shared/migrate). */
  readonly migrated?: { readonly url: string; readonly objects: readonly string[]; readonly catalogDigest?: string | undefined; readonly catalogWasmSha256?: string | undefined } | undefined;
}

/**
 * `digest`: pulled as `repository@<pinned digest>` (the release's exact bytes).
 * `followed-tag`: the source lacked the pinned digest and the operator chose --follow-tags.
 * `unpinned`: upstream publishes no digest for this plugin of this release; the tag was used.
 */
export interface PluginPin {
  readonly kind: 'digest' | 'followed-tag' | 'unpinned';
  /** locked: a lock file of the release names the digest; observed: a later record of what the tag held. */
  readonly status?: 'locked' | 'observed' | undefined;
  readonly pinnedDigest?: string | undefined;
  /** The wasm SHA-256 upstream publishes, checked after extraction (not when a tag was followed). */
  readonly wasmSha256?: string | undefined;
}

export interface ResolvedPlan {
  readonly release?: CatalogRelease | undefined;
  readonly sources: readonly string[];
  /** The platforms the bundled images hold (of those chosen). */
  readonly platforms: readonly string[];
  /** Chosen platforms no bundled image holds. */
  readonly missingPlatforms?: readonly string[] | undefined;
  readonly images: readonly ResolvedImage[];
  readonly plugins: readonly ResolvedPlugin[];
}

export interface ResolveDeps {
  readonly registry: RegistryEnvironment;
  /** One-off TLS flags for every registry read, and credentials for the --source host. */
  readonly flags?: ConnectionFlags | undefined;
  /** Images from the local Docker engine, saved into stores by the caller. */
  readonly dockerImage?: ((name: string, signal?: AbortSignal) => Promise<{ store: ContentStore; reference: string; source: string }>) | undefined;
  /** The catalog releases to resolve against (default: the upstream catalog, RELEASES). */
  readonly catalog?: readonly CatalogRelease[] | undefined;
}

/**
 * Turns a plan into the exact manifests to bundle: resolves every reference (in parallel), pins
 * catalog items to their digests, filters indexes to the chosen platforms and puts every plugin
 * through the layout gate — so nothing is written before everything is known to be acceptable.
 */
export async function resolvePlan(plan: BundlePlan, deps: ResolveDeps, signal?: AbortSignal): Promise<ResolvedPlan> {
  // Console built-ins recognised in an inventory were recognised against this release's catalog: record it.
  const builtInsMigrated = plan.migration?.sources.some((m) => m.builtIn !== undefined) ?? false;
  const release = plan.release || plan.catalogPlugins?.length || plan.allCatalogPlugins || plan.pluginServer === undefined || builtInsMigrated || plan.higress ? getRelease(plan.release, deps.catalog) : undefined;
  const source = normaliseRegistry(plan.source ?? OFFICIAL_REGISTRY);
  refuseCredentials(plan.source ?? source, 'Source registry');
  if (!isRegistryHost(source)) throw new UsageError(`--source "${plan.source}" is not a registry host`, { code: 'SOURCE_REGISTRY_INVALID', details: { source: plan.source } });
  const platforms = (plan.platforms ?? []).map(parsePlatform);
  const clients = new Map<string, Promise<RegistryClient>>();
  const client = (host: string) => {
    let c = clients.get(host);
    if (!c) {
      const flags: ConnectionFlags = { ...deps.flags, credentials: host === source ? deps.flags?.credentials : undefined };
      c = connectRegistry(deps.registry, host, flags);
      clients.set(host, c);
    }
    return c;
  };
  const storeFor = async (ref: ImageReference) => new RegistryStore(await client(ref.registry), ref.repository);
  const limit = pLimit(32);

  // What to fetch, in bundle order.
  const imageJobs: Array<() => Promise<ResolvedImage>> = [];
  const pluginJobs: Array<() => Promise<ResolvedPlugin>> = [];

  const planned: string[] = [];
  if (plan.pluginServer !== null && (plan.pluginServer !== undefined || release)) {
    const ref = plan.pluginServer ? parseReference(plan.pluginServer) : catalogImageRef(source, release as CatalogRelease);
    const pinned = plan.pluginServer ? undefined : release?.pluginServer.digest;
    planned.push(formatReference({ ...ref, digest: ref.tag ? undefined : ref.digest }));
    imageJobs.push(() => resolveImage('plugin-server', ref, pinned));
  }
  if (plan.higress && release) {
    for (const h of higressImageRefs(release.release, plan.higress, source, planned)) {
      imageJobs.push(async () => ({ ...(await resolveImage('extra', h.ref, h.pinned)), component: h.component, group: h.group }));
    }
  }
  for (const text of plan.images ?? []) {
    const ref = parseReference(text);
    imageJobs.push(() => resolveImage('extra', ref, undefined));
  }
  for (const name of plan.dockerImages ?? []) {
    if (!deps.dockerImage) throw new UsageError('Images from the local Docker engine need a Docker engine', { code: 'DOCKER_ENGINE_NEEDED' });
    imageJobs.push(async () => {
      const saved = await (deps.dockerImage as NonNullable<ResolveDeps['dockerImage']>)(name, signal);
      return fromStore('docker', saved.store, saved.reference, saved.source, undefined);
    });
  }

  const catalogNames = plan.allCatalogPlugins ? (release?.plugins.map((p) => p.name) ?? []) : (plan.catalogPlugins ?? []);
  const catalogEntries = catalogEntriesOf(release, catalogNames);
  for (const entry of catalogEntries) pluginJobs.push(() => resolveCatalogPlugin(entry));
  for (const p of plan.ociPlugins ?? []) {
    const { name, version } = pluginIdentity(p);
    const ref = parseReference(p.reference);
    pluginJobs.push(() => resolvePlugin({ name, version, servedVersions: [version], origin: 'oci', ref, pinned: ref.digest }));
  }
  for (const w of plan.wasmFiles ?? []) {
    checkNameVersion(w.name, w.version);
    pluginJobs.push(async () => {
      const artifact = await packageWasmFile(w.file, { name: w.name, version: w.version });
      const manifest = await artifact.store.resolve(artifact.reference);
      if (manifest.kind !== 'manifest') throw new AppError('INTERNAL', 'packaged wasm is not a manifest', { details: { reason: 'packaged wasm is not a manifest' } });
      const fileName = w.file.replace(/^.*[/\\]/, '');
      return { kind: 'plugin', name: w.name, version: w.version, servedVersions: [w.version], origin: 'wasm-file', source: fileName, store: artifact.store, manifest, layout: classifyPluginManifest(manifest, w.name, fileName) };
    });
  }
  // WasmPlugins moved from another Higress: each module from the URL its objects use.
  for (const m of plan.migration?.sources ?? []) {
    pluginJobs.push(() => resolveMigrationSource(m, { resolveOci: (p) => resolvePlugin(p), packageWasm, signal }));
  }

  const names = new Map<string, string>();
  for (const n of [...catalogNames, ...(plan.ociPlugins ?? []).map((p) => pluginIdentity(p).name), ...(plan.wasmFiles ?? []).map((w) => w.name), ...(plan.migration?.sources ?? []).map((m) => m.name)]) {
    if (names.has(n)) throw new UsageError(`Plugin ${n} is in the plan twice`, { code: 'PLUGIN_TWICE', details: { plugin: n }, hint: 'Each plugin name is one folder of the Plugin Server tree; rename one with <name>@<version>=<ref>.' });
    names.set(n, n);
  }
  if (imageJobs.length === 0 && pluginJobs.length === 0) throw new UsageError('Nothing to bundle', { code: 'NOTHING_TO_BUNDLE', hint: 'Choose plugins (--plugins, --all-plugins, --plugin, --wasm, --from-wasmplugins) or images.' });

  const jobs: Array<() => Promise<ResolvedImage | ResolvedPlugin>> = [...imageJobs, ...pluginJobs];
  const settled = await allOrEvery(jobs.map((j) => limit(j)));
  const images = settled.slice(0, imageJobs.length) as ResolvedImage[];
  // One image under one name: a bundle naming an image twice is refused by every reader.
  const twice = images.map((i) => i.source).filter((s, i, all) => all.indexOf(s) !== i);
  if (twice.length) throw new UsageError(`The plan names ${[...new Set(twice)].join(', ')} more than once`, { code: 'IMAGE_TWICE', hint: 'Give each image once (the plugin-server image is bundled from the release unless you leave it out).', details: { images: [...new Set(twice)], list: [...new Set(twice)].join(', ') } });
  const plugins = settled.slice(imageJobs.length) as ResolvedPlugin[];
  const sources = [...new Set([...images.map((i) => i.source), ...plugins.map((p) => p.source)].map((s) => (s.includes('/') ? s.split('/')[0] : 'local') as string))];
  const usedPlatforms = [...new Set(images.flatMap((i) => i.children.map((c) => c.platform)).filter((p) => p !== 'unknown/unknown'))];
  // bundle.json says what the images hold, not what was asked for: a chosen platform that no image
  // has is reported by the writer, never recorded as bundled.
  const chosen = platforms.map(formatPlatform);
  const held = chosen.length ? chosen.filter((p) => usedPlatforms.includes(p)) : usedPlatforms;
  const missingPlatforms = images.length ? chosen.filter((p) => !usedPlatforms.includes(p)) : [];
  return { release, sources, platforms: held, missingPlatforms, images, plugins };

  async function resolveImage(role: ResolvedImage['role'], ref: ImageReference, pinned: string | undefined): Promise<ResolvedImage> {
    const store = await storeFor(ref);
    const name = formatReference({ ...ref, digest: ref.tag ? undefined : ref.digest });
    // The release's image by its pinned digest (named by its tag in the bundle), as for plugins.
    // `stop`: the pin answered, so the tag's index and child manifests are not wanted.
    const got = await byPin(pinned, plan.followTags, (via, stop) => (via === 'digest' ? fromStore(role, store, pinned as string, name, pinned) : fromStore(role, store, manifestReference(ref), name, undefined, stop)));
    if (got.via === 'missing') {
      throw pinNotOnSource({ kind: 'image', image: name, source, release: release?.release ?? '', repository: ref.repository, tag: ref.tag, digest: pinned as string });
    }
    if (got.via === 'tag') return got.value;
    return { ...got.value, pin: { kind: got.via === 'digest' ? 'digest' : 'followed-tag', pinnedDigest: pinned as string } };
  }

  /** The plan's signal, and `stop` when a fetch may be told it is no longer wanted. */
  function stopped(stop: AbortSignal | undefined): AbortSignal | undefined {
    return stop ? (signal ? AbortSignal.any([signal, stop]) : stop) : signal;
  }

  async function fromStore(role: ResolvedImage['role'], store: ContentStore, reference: string, sourceName: string, pinned: string | undefined, stop?: AbortSignal): Promise<ResolvedImage> {
    const within = stopped(stop);
    throwIfAborted(within);
    const root = await store.resolve(reference, within);
    if (pinned && root.digest !== pinned) {
      throw new AppError('DIGEST_MISMATCH', `${sourceName} resolves to ${root.digest}, but the release pins ${pinned}`, { hint: 'The tag was moved after the release; do not bundle it unless you verified the new build.', details: { kind: 'release-pin', image: sourceName, digest: root.digest, pinned } });
    }
    if (root.kind === 'manifest') {
      return { kind: 'image', role, source: sourceName, store, root, top: { bytes: root.bytes, digest: root.digest, mediaType: root.mediaType }, children: [{ descriptor: { mediaType: root.mediaType, digest: root.digest, size: root.bytes.length }, manifest: root, platform: await platformOf(store, root) }] };
    }
    const top = filterIndex(root, platforms.length ? platforms : undefined, sourceName).index;
    const children = await Promise.all(
      successors(top).map(async (d) => ({ descriptor: d, manifest: asImageManifest(await store.fetchManifest(d, within), sourceName), platform: d.platform ? formatPlatform(d.platform) : 'unknown/unknown' })),
    );
    return { kind: 'image', role, source: sourceName, store, root, top: { bytes: top.bytes, digest: top.digest, mediaType: root.mediaType }, children };
  }

  /**
   * A catalog plugin is pulled by its pinned digest, so the bundle holds the release's exact bytes
   * whatever the tag points at today. A source without that digest is refused unless the operator
   * chose to follow tags; then the tag's current content goes through the same gate and the
   * bundle records both digests.
   */
  async function resolveCatalogPlugin(entry: CatalogPlugin): Promise<ResolvedPlugin> {
    const common = { name: entry.name, version: entry.tag, servedVersions: entry.servedVersions, origin: 'catalog' as const, category: entry.category, phase: entry.phase, priority: entry.priority };
    const status = entry.pinStatus;
    const byTag: ImageReference = { registry: source, repository: entry.repository, tag: entry.tag };
    const pinned = entry.digest;
    // `stop`: the pin answered, so the tag's manifest is not wanted.
    const got = await byPin(pinned, plan.followTags, (via, stop) => {
      if (via === 'tag') return resolvePlugin({ ...common, ref: byTag, pinned: undefined, pin: { kind: 'unpinned' } });
      if (via === 'followed-tag') return resolvePlugin({ ...common, ref: byTag, pinned: undefined, pin: { kind: 'followed-tag', status, pinnedDigest: pinned } }, stop);
      // Fetched by digest, named by tag: the bundle's reference (and the pushed one) keeps the tag.
      const byDigest: ImageReference = { registry: source, repository: entry.repository, digest: pinned };
      return resolvePlugin({ ...common, ref: byDigest, label: formatReference(byTag), pinned, pin: { kind: 'digest', status, pinnedDigest: pinned, wasmSha256: entry.wasmSha256 } });
    });
    if (got.via !== 'missing') return got.value;
    // Say what the tag holds there, so the operator can judge the difference.
    const tagged = await storeFor(byTag)
      .then((store) => store.resolve(manifestReference(byTag), signal))
      .then((m) => ({ digest: m.digest, missing: false }))
      .catch((e: unknown) => ({ digest: undefined, missing: isNotFound(e) }));
    throw pinNotOnSource({ plugin: entry.name, source, release: release?.release ?? '', repository: entry.repository, tag: entry.tag, digest: pinned as string, tagDigest: tagged.digest, tagMissing: tagged.missing, status });
  }

  async function resolvePlugin(p: ResolvePluginRequest, stop?: AbortSignal): Promise<ResolvedPlugin> {
    const within = stopped(stop);
    throwIfAborted(within);
    const store = await storeFor(p.ref);
    const label = p.label ?? formatReference({ ...p.ref, digest: p.ref.tag ? undefined : p.ref.digest });
    const manifest = await store.resolve(manifestReference(p.ref), within);
    if (p.pinned && manifest.digest !== p.pinned) {
      throw new AppError('DIGEST_MISMATCH', `Plugin ${p.name} (${label}) resolves to ${manifest.digest}, but ${p.origin === 'catalog' ? 'the catalog pins' : 'the reference names'} ${p.pinned}`, {
        hint: 'The tag was moved after the release was published; do not bundle it unless you verified the new build.',
        details: { kind: p.origin === 'catalog' ? 'catalog-pin' : 'reference-pin', plugin: p.name, source: label, digest: manifest.digest, pinned: p.pinned },
      });
    }
    const layout = classifyPluginManifest(manifest, p.name, label);
    if (manifest.kind !== 'manifest') throw new AppError('INTERNAL', 'plugin is not a manifest', { details: { reason: 'plugin is not a manifest' } });
    return { kind: 'plugin', name: p.name, version: p.version, servedVersions: p.servedVersions, origin: p.origin, source: label, store, manifest, layout, category: p.category, phase: p.phase, priority: p.priority, pin: p.pin };
  }
}

/** One OCI plugin to resolve (also what shared/migrate asks for). */
export interface ResolvePluginRequest {
  readonly name: string;
  readonly version: string;
  readonly servedVersions: readonly string[];
  readonly origin: 'catalog' | 'oci';
  readonly ref: ImageReference;
  readonly label?: string | undefined;
  readonly pinned: string | undefined;
  readonly category?: string | undefined;
  readonly phase?: PluginPhase | undefined;
  readonly priority?: number | undefined;
  readonly pin?: PluginPin | undefined;
}

/** Every catalog name checked at once: one message lists every unknown name with suggestions. */
function catalogEntriesOf(release: CatalogRelease | undefined, names: readonly string[]): CatalogPlugin[] {
  if (!names.length) return [];
  const r = release as CatalogRelease;
  const unknown = names.filter((n) => !r.plugins.some((p) => p.name === n));
  // Every unknown name at once, each with its guesses.
  if (unknown.length) throw unknownPluginsError(r, unknown);
  return names.map((n) => getCatalogPlugin(r, n));
}

function catalogImageRef(source: string, release: CatalogRelease): ImageReference {
  return { registry: source, repository: release.pluginServer.repository, tag: release.pluginServer.tag };
}

// A single-manifest image has its platform in its config; read it (small, capped).
async function platformOf(store: ContentStore, m: Extract<ParsedManifest, { kind: 'manifest' }>): Promise<string> {
  const cfg = m.manifest.config;
  if (cfg.size > 1024 * 1024 || !/config/.test(cfg.mediaType)) return 'unknown/unknown';
  try {
    const chunks: Buffer[] = [];
    for await (const c of await store.blobSource(cfg).open(0)) chunks.push(c as Buffer);
    const json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { os?: string; architecture?: string; variant?: string };
    return json.os && json.architecture ? formatPlatform({ os: json.os, architecture: json.architecture, variant: json.variant }) : 'unknown/unknown';
  } catch {
    return 'unknown/unknown';
  }
}
