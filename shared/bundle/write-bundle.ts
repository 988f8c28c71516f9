import { createReadStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve as resolvePath } from 'node:path';
import pLimit from 'p-limit';
import { notServedByOfficialImage } from '../catalog/catalog';
import { copy, settleAll } from '../copy';
import { AppError, allOrEvery, throwIfAborted } from '../errors';
import { parsePlatform, type Descriptor } from '../oci/schemas';
import { listedSize, successors } from '../oci/successors';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, bundleManifestSchema, type BundleChart, type BundleImage, type BundleManifest, type BundlePlugin } from '../model/bundle-manifest';
import { extractWasm, type ExtractedWasm } from '../plugins/extract-wasm';
import { writeMetadataTxt } from '../plugins/metadata-txt';
import { parseSpecYaml, type PluginSpecInfo } from '../plugins/plugin-docs';
import { noProgress, type ProgressSink } from '../progress';
import { notice, type Notice } from '../messages/catalog';
import { fetchReleaseCharts, type DownloadedChart } from '../release/chart-repo';
import { defaultChartRepository } from '../catalog/release-parts';
import { ProgressTracker } from '../progress-tracker';
import { KnownManifestsStore } from '../store/known-manifests';
import { checkFreeSpace } from '../system/free-space';
import { appVersion } from '../version';
import { dockerManifest, pluginRefName } from './archive-documents';
import { BundleOutput, removeStaleOutputTemps, type OutputResult } from './bundle-output';
import { BundleWriterStore, SPOOL_LIMIT, spoolsBlob } from './bundle-writer-store';
import { chosenCreatedAt, inputsCreatedAt, type BundlePlan } from './plan';
import { resolvePlan, type ResolveDeps, type ResolvedImage, type ResolvedPlan, type ResolvedPlugin } from './resolve';
import { Spool } from './spool';
import { BLOCK, padding } from './tar-format';
import { TarWriter } from './tar-writer';

export interface WriteBundleOptions {
  readonly out: string;
  /** Split into volumes of this many bytes. */
  readonly volumeSize?: number | undefined;
  readonly force?: boolean | undefined;
  /** Where the spool lives (default: the OS temp folder). */
  readonly tempDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ProgressSink | undefined;
}

export interface WriteBundleResult {
  readonly manifest: BundleManifest;
  readonly output: OutputResult;
  readonly warnings: readonly string[];
  /** The coded form of the warnings that have one (migration notices); their English text is in `warnings` too. */
  readonly notices?: readonly Notice[] | undefined;
}

/** Images and plugins copied into the bundle at once, and blob fetches in flight across them: small blobs are latency-bound. */
const ITEMS_IN_PARALLEL = 32;
const BLOBS_IN_PARALLEL = 32;

/**
 * Writes a bundle: resolve everything (every failure of the plan at once: bad plugins, moved pins),
 * check free space, then `copy()` each image and plugin into a `BundleWriterStore` — small blobs
 * spooled in parallel, large ones kept as sources — and seal it: one sequential pass through the
 * tar (OCI layout, docker manifest.json, the Plugin Server tree, bundle.json and SUMS), hashing
 * every file on the way. A cancel or failure leaves no file that looks like a bundle.
 */
export async function writeBundle(plan: BundlePlan, deps: ResolveDeps, options: WriteBundleOptions): Promise<WriteBundleResult> {
  const signal = options.signal;
  const tracker = new ProgressTracker(options.onProgress ?? noProgress, 'bundle');
  tracker.note('resolving references');
  const chosenTime = chosenCreatedAt(plan, options.env);
  const resolved = await resolvePlan(plan, deps, signal);
  // Plugins are read before sealing (module, spec.yaml): all their blobs are spooled.
  const mustSpool = new Set(resolved.plugins.flatMap((p) => successors(p.manifest).map((d) => d.digest)));
  const blobs = planBlobs(resolved);
  for (const b of blobs) tracker.add(b.digest, b.size);

  const out = resolvePath(options.out);
  const spoolBytes = blobs.filter((b) => spoolsBlob(b, mustSpool)).reduce((s, b) => s + b.size, 0);
  // What killed runs left (their owner is gone) must not count against the free space.
  await Promise.all([removeStaleOutputTemps(dirname(out)), Spool.removeStale(options.tempDir)]);
  // Output and spool on one file system need the sum of both.
  await checkFreeSpace([
    { folder: dirname(out), bytes: estimateSize(resolved, blobs), what: 'the output folder' },
    { folder: options.tempDir, bytes: spoolBytes, what: 'the temporary folder' },
  ]);

  const spool = await Spool.create(options.tempDir);
  let output: BundleOutput | undefined;
  try {
    // The release's charts first (small; a digest that does not match stops the bundle before any download).
    const charts = await releaseChartsFor(plan, resolved, join(spool.dir, 'charts'), signal, tracker);
    const bundle = new BundleWriterStore(spool, { mustSpool, tracker });
    tracker.note('downloading');
    // Every item is a copy into the bundle; the manifests resolvePlan fetched are not fetched again.
    const limit = pLimit(ITEMS_IN_PARALLEL);
    const copies = [
      ...resolved.images.map((i) => ({ source: new KnownManifestsStore(i.store, [i.root, ...i.children.map((c) => c.manifest)]), root: i.root.digest, name: i.source, expect: i.top.digest })),
      ...resolved.plugins.map((p) => ({ source: new KnownManifestsStore(p.store, [p.manifest]), root: p.manifest.digest, name: pluginRefName(p), expect: p.manifest.digest })),
    ];
    const platforms = (plan.platforms ?? []).map(parsePlatform);
    // One failed copy stops the others; every one has ended before the spool goes.
    const stop = new AbortController();
    const blobLimit = pLimit(BLOBS_IN_PARALLEL);
    const copySignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
    await settleAll(
      copies.map((c) => limit(() => copy(c.source, c.root, bundle, c.name, { platforms, expectDigest: c.expect, tracker, signal: copySignal, limit: blobLimit }))),
      () => stop.abort(),
    );
    throwIfAborted(signal);
    // Plugins were gated on their manifests; now their modules must pass the proxy-wasm check, and are
    // read once: each extracted module waits in the spool for the tree (not inflated and compiled again).
    const modules = join(spool.dir, 'modules');
    await mkdir(modules, { recursive: true });
    const extracted = await allOrEvery(resolved.plugins.map((p, i) => limit(() => pluginFacts(p, bundle, join(modules, `${i}.wasm`)))));
    // Same inputs, same bytes: unless fixed by the operator, the time comes from the inputs.
    const createdAt = chosenTime ?? inputsCreatedAt(await inputTimes(resolved, bundle));

    output = await BundleOutput.create(out, { volumeSize: options.volumeSize, force: options.force });
    const mtime = Math.floor(Date.parse(createdAt) / 1000);
    const tar = new TarWriter(output, mtime, signal);
    tracker.note('writing');
    // What bundle.json says of the plugins and charts depends on them alone, not on the tar.
    const bundlePlugins: BundlePlugin[] = resolved.plugins.map((p, i) => {
      const facts = extracted[i] as Awaited<ReturnType<typeof pluginFacts>>;
      return bundlePlugin(p, facts.wasm, facts.spec);
    });
    const bundleCharts: BundleChart[] = charts.map((c) => ({ name: c.name, version: c.version, path: `charts/${c.file}`, digest: c.digest, size: c.size, source: c.url }));
    let checked: BundleManifest | undefined;
    await bundle.seal(
      tar,
      {
        order: copies.map((c) => c.name),
        tree: async (t) => {
          for (const [i, p] of resolved.plugins.entries()) {
            const facts = extracted[i] as Awaited<ReturnType<typeof pluginFacts>>;
            const { wasm } = facts;
            const bytes = await readFile(facts.moduleFile);
            for (const version of p.servedVersions) {
              await t.file(`plugins/${p.name}/${version}/plugin.wasm`, bytes);
              await t.file(
                `plugins/${p.name}/${version}/metadata.txt`,
                Buffer.from(writeMetadataTxt({ name: p.name, version, size: wasm.size, md5: wasm.md5, created: createdAt, description: facts.spec?.description })),
              );
            }
          }
          for (const c of charts) {
            throwIfAborted(signal);
            const path = `charts/${c.file}`;
            const record = await t.file(path, await readFile(c.path));
            // Byte for byte what the repository served: the tar writer's hash is the check.
            if (`sha256:${record.sha256}` !== c.digest) throw new AppError('CHART_DIGEST_MISMATCH', `${path}: content does not match its digest`, { details: { chart: c.name, version: c.version, url: c.url, actual: `sha256:${record.sha256}`, expected: c.digest } });
          }
        },
        dockerManifest: dockerManifest(resolved.images, resolved.platforms).bytes,
        bundleJson: (files) => {
          const manifest: BundleManifest = {
            format: BUNDLE_FORMAT,
            formatVersion: BUNDLE_FORMAT_VERSION,
            tool: { name: 'higress-airgap', version: appVersion },
            createdAt,
            ...(resolved.release ? { higressRelease: resolved.release.release } : {}),
            sources: [...resolved.sources],
            platforms: [...resolved.platforms],
            images: resolved.images.map(bundleImage),
            plugins: bundlePlugins,
            ...(plan.migration ? { inventory: plan.migration.record } : {}),
            ...(bundleCharts.length ? { charts: bundleCharts } : {}),
            files: [...files],
          };
          checked = bundleManifestSchema.parse(manifest);
          return Buffer.from(`${JSON.stringify(checked, null, 2)}\n`);
        },
      },
      signal,
    );
    const result = await output.finish();
    const notices = [...(plan.migration?.notices ?? []), ...migrationNotices(resolved.plugins, extracted.map((e) => e.wasm.sha256))];
    return { manifest: checked as BundleManifest, output: result, warnings: [...extracted.flatMap((e) => e.warnings), ...releaseWarnings(resolved), ...notices.map((n) => n.message)], ...(notices.length ? { notices } : {}) };
  } catch (e) {
    await output?.abort();
    throw e;
  } finally {
    await spool.remove();
  }
}

/** The release's charts of a `--with-higress` plan, downloaded and checked into `dir` (none with --no-charts). */
async function releaseChartsFor(plan: BundlePlan, resolved: ResolvedPlan, dir: string, signal: AbortSignal | undefined, tracker: ProgressTracker): Promise<DownloadedChart[]> {
  if (!plan.higress || plan.higress.charts === false || !resolved.release) return [];
  const repo = plan.higress.chartRepo ?? defaultChartRepository(resolved.release.release);
  tracker.note(notice('PROGRESS_CHARTS_DOWNLOADING', { repo }));
  return fetchReleaseCharts(resolved.release.release, dir, { repo, signal });
}

/**
 * What the bundle will not be as asked: chosen platforms no image holds, pins whose tag was
 * followed; and what the release's own parts will not do with it: catalog plugins one of its Console
 * builds does not list (that Console treats them as custom), and plugins its official Plugin Server
 * image does not serve where the Console asks (HTTP mode then needs the custom image push builds).
 */
export function releaseWarnings(plan: Pick<ResolvedPlan, 'release' | 'plugins' | 'images' | 'platforms' | 'missingPlatforms'>): string[] {
  const release = plan.release;
  const catalog = plan.plugins.filter((p) => p.origin === 'catalog');
  const warnings: string[] = [];
  if (plan.missingPlatforms?.length) warnings.push(`No bundled image holds ${plan.missingPlatforms.join(', ')}: the bundle has ${plan.platforms.join(', ') || 'no platform-specific image'} only.`);
  for (const i of plan.images) {
    if (i.pin?.kind === 'followed-tag') warnings.push(`${i.source}: the source lacks the release's pinned ${i.pin.pinnedDigest}; followed the tag to ${i.root.digest} as asked.`);
  }
  if (!release) return warnings;
  for (const build of release.consoleBuilds) {
    const unknown = catalog.filter((p) => !build.plugins[p.name]).map((p) => p.name);
    if (unknown.length) warnings.push(`${build.label} does not list ${unknown.join(', ')} as built-in: there the Console shows ${unknown.length > 1 ? 'them' : 'it'} as custom plugins, applied only through the generated WasmPlugins.`);
  }
  const lacking = notServedByOfficialImage(release, catalog.map((p) => p.name));
  if (lacking.length) {
    warnings.push(`The official Higress ${release.release} Plugin Server image does not serve ${lacking.join(', ')} where the Console asks: in HTTP mode let push build a custom Plugin Server image from this bundle (the custom Plugin Server image option of push).`);
  }
  return warnings;
}

/**
 * A recognised Console built-in whose module differs from the release's pin is reported, not
 * refused: the bundle holds what the source environment runs.
 */
function migrationNotices(plugins: readonly ResolvedPlugin[], wasmSha256: readonly string[]): Notice[] {
  const out: Notice[] = [];
  plugins.forEach((p, i) => {
    const m = p.migrated;
    if (!m) return;
    const differs = p.origin === 'catalog' ? m.catalogDigest !== undefined && m.catalogDigest !== p.manifest.digest : m.catalogWasmSha256 !== undefined && m.catalogWasmSha256 !== wasmSha256[i];
    if (differs) out.push(notice('MIGRATE_NOT_CATALOG_BUILD', { plugin: p.name, url: m.url, objects: m.objects.join(', ') }));
  });
  return out;
}

/** The build times the inputs record: each image config's `created` (spooled: configs are small), each plugin manifest's created annotation. */
async function inputTimes(plan: ResolvedPlan, bundle: BundleWriterStore): Promise<Array<string | undefined>> {
  const times: Array<string | undefined> = [];
  for (const image of plan.images) {
    for (const c of image.children) {
      const config = c.manifest.manifest.config;
      if (config.size > SPOOL_LIMIT) continue;
      try {
        const json = JSON.parse((await readFile(await bundle.spooledFile(config.digest))).toString('utf8')) as { created?: unknown };
        if (typeof json.created === 'string') times.push(json.created);
      } catch {
        // Not JSON (an artifact's empty config): no time from it.
      }
    }
  }
  for (const p of plan.plugins) times.push(p.manifest.manifest.annotations?.['org.opencontainers.image.created']);
  return times;
}

/** Every blob the plan bundles, each once (for the progress total, free space and the spool's size). */
function planBlobs(plan: ResolvedPlan): Descriptor[] {
  const seen = new Set<string>();
  const manifests = [...plan.images.flatMap((i) => i.children.map((c) => c.manifest)), ...plan.plugins.map((p) => p.manifest)];
  return manifests.flatMap((m) => successors(m)).filter((d) => (seen.has(d.digest) ? false : (seen.add(d.digest), true)));
}

/** A plugin's module checked and extracted into `moduleFile`, with its facts (the bytes are not kept in memory). */
async function pluginFacts(p: ResolvedPlugin, bundle: BundleWriterStore, moduleFile: string): Promise<{ wasm: ExtractedWasm; moduleFile: string; spec?: PluginSpecInfo | undefined; warnings: string[] }> {
  const wasm = await readWasm(p, bundle);
  const specLayer = p.layout.specLayer;
  const spec = specLayer && specLayer.size <= 1024 * 1024 ? parseSpecYaml((await readFile(await bundle.spooledFile(specLayer.digest))).toString('utf8')) : undefined;
  const warnings: string[] = [];
  if (p.pin?.kind === 'digest' && p.pin.wasmSha256 && p.pin.wasmSha256 !== wasm.sha256) {
    // The manifest matched the pin, so this cannot be a moved tag: the published facts disagree.
    throw new AppError('WASM_PIN_MISMATCH', `Plugin ${p.name} (${p.source}): plugin.wasm has SHA-256 ${wasm.sha256}, but the release publishes ${p.pin.wasmSha256}`, {
      hint: 'Do not bundle it: the artifact is not the module the release was built with.',
      details: { plugin: p.name, source: p.source, sha256: wasm.sha256, expected: p.pin.wasmSha256 },
    });
  }
  if (p.pin?.kind === 'followed-tag') warnings.push(`${p.name}: the source lacks the release's pinned ${p.pin.pinnedDigest ?? ''}; followed the tag to ${p.manifest.digest} as asked.`);
  await writeFile(moduleFile, wasm.bytes);
  return { wasm: { ...wasm, bytes: Buffer.alloc(0) }, moduleFile, spec, warnings };
}

async function readWasm(p: ResolvedPlugin, bundle: BundleWriterStore): Promise<ExtractedWasm> {
  const layer = createReadStream(await bundle.spooledFile(p.layout.wasmLayer.digest));
  return extractWasm(layer, p.layout.wasmEncoding, p.name, p.source);
}

function bundlePlugin(p: ResolvedPlugin, wasm: ExtractedWasm, spec: PluginSpecInfo | undefined): BundlePlugin {
  return {
    name: p.name,
    version: p.version,
    servedVersions: [...p.servedVersions],
    origin: p.origin,
    source: p.source,
    digest: p.manifest.digest,
    mediaType: p.manifest.mediaType,
    layout: p.layout.layout,
    wasm: { size: wasm.size, md5: wasm.md5, sha256: wasm.sha256 },
    ...(p.category ?? spec?.category ? { category: (p.category ?? spec?.category) } : {}),
    // The artifact's own spec.yaml wins over the catalog's table (it travels with the build).
    ...((spec?.phase ?? p.phase) ? { phase: spec?.phase ?? p.phase } : {}),
    ...((spec?.priority ?? p.priority) !== undefined ? { priority: (spec?.priority ?? p.priority) } : {}),
    ...(spec?.title ? { title: spec.title } : {}),
    ...(spec?.description ? { description: spec.description } : {}),
    ...(wasm.abiVersion ? { abiVersion: wasm.abiVersion } : {}),
    ...(p.pin
      ? {
          pin: {
            kind: p.pin.kind,
            ...(p.pin.status ? { status: p.pin.status } : {}),
            ...(p.pin.pinnedDigest ? { pinnedDigest: p.pin.pinnedDigest } : {}),
            ...(p.pin.kind === 'digest' && p.pin.wasmSha256 ? { wasmSha256: p.pin.wasmSha256 } : {}),
          },
        }
      : {}),
  };
}

function bundleImage(i: ResolvedImage): BundleImage {
  const children = i.children.filter((c) => c.platform !== 'unknown/unknown');
  return {
    role: i.role,
    ...(i.component ? { component: i.component } : {}),
    ...(i.group ? { group: i.group } : {}),
    source: i.source,
    digest: i.top.digest,
    mediaType: i.top.mediaType,
    ...(i.root.digest !== i.top.digest ? { sourceDigest: i.root.digest } : {}),
    platforms: children.map((c) => c.platform),
    manifests: children.map((c) => ({ platform: c.platform, digest: c.descriptor.digest, size: c.descriptor.size })),
    size: i.children.reduce((s, c) => s + listedSize(c.manifest), 0),
    ...(i.pin ? { pin: { kind: i.pin.kind, pinnedDigest: i.pin.pinnedDigest } } : {}),
  };
}

/** Bytes the tar will take (headers, padding, blobs, tree, metadata) — for the free-space check. */
export function estimateSize(plan: ResolvedPlan, blobs: readonly Descriptor[]): number {
  const entry = (size: number) => BLOCK + size + padding(size);
  let total = BLOCK * 2 + 64 * 1024;
  for (const b of blobs) total += entry(b.size);
  for (const i of plan.images) total += i.children.reduce((s, c) => s + entry(c.manifest.bytes.length), entry(i.top.bytes.length));
  for (const p of plan.plugins) {
    total += entry(p.manifest.bytes.length);
    // the tree holds the module (at most its layer's inflated size; use 4× the layer as a bound) per version
    total += p.servedVersions.length * (entry(p.layout.wasmLayer.size * (p.layout.wasmEncoding === 'raw' ? 1 : 4)) + entry(512) + 4 * BLOCK);
  }
  return total + blobs.length * 2 * BLOCK;
}
