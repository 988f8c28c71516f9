import { UsageError } from '../errors';
import upstream from './data/upstream.json';
import { phaseFromSpec } from './phases';
import type { CatalogImage, CatalogPlugin, CatalogRelease, ConsoleBuild, ConsoleBuiltIn } from './types';

/**
 * The catalog of each supported Higress release, built from the upstream facts in
 * `data/upstream.json` (regenerated from the upstream repositories by
 * scripts/upstream/generate-catalog-data.mjs; see docs/upstream-data.md). Pure data: the renderer
 * shows it directly.
 */

// The slice of data/upstream.json read here (the file holds more: evidence and provenance).
interface UpstreamBuiltIn {
  name: string;
  specName: string;
  specVersion: string;
  imageUrl: string;
  repository: string;
  tag: string;
  category: string;
  phase: string;
  priority: number;
  title?: string | null;
  provenance: { spec: string };
}
interface UpstreamBuild {
  id: string;
  label: string;
  commit: string;
  source: { kind: string; ref: string; provenance: string };
  features: { envVars: Array<{ name: string; read: boolean }> };
  plugins: UpstreamBuiltIn[];
}
interface UpstreamPin {
  plugin: string;
  repository: string;
  tag: string;
  digest: string | null;
  status: string;
  reason: string | null;
  sources: string[];
  wasmSha256: string | null;
}
interface UpstreamRelease {
  release: string;
  higress: { provenance: string };
  consoleBuilds: UpstreamBuild[];
  pins: UpstreamPin[];
  pluginServer: {
    officialImage: string;
    images: Array<{ repository: string; tag: string; digest: string | null; digestProvenance?: string | null; coverage?: Array<{ consoleBuild: string; lacks: Array<{ name: string }> }> }>;
  };
  chart: {
    core: { pluginServer: { image: { higressPathAddedByTemplate: boolean } } };
    console: { pluginServerValues?: { hasImageRegistry: boolean } | null };
  };
}

const ENV_REGISTRY = 'HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_REGISTRY';
const ENV_NAMESPACE = 'HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_NAMESPACE';
const ENV_PULL_POLICY = 'HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_PULL_POLICY';
const ENV_PULL_SECRET = 'HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_PULL_SECRET';

function consoleBuild(b: UpstreamBuild): ConsoleBuild {
  const reads = (name: string) => b.features.envVars.some((e) => e.name === name && e.read);
  const plugins: Record<string, ConsoleBuiltIn> = {};
  for (const p of b.plugins) {
    plugins[p.name] = {
      specName: p.specName,
      specVersion: p.specVersion,
      imageUrl: p.imageUrl,
      category: p.category,
      phase: phaseFromSpec(p.phase),
      priority: p.priority,
      ...(p.title ? { title: p.title } : {}),
      source: p.provenance.spec,
    };
  }
  return {
    id: b.id,
    // Names a reader of either language can take as they are (the data's prose label is English).
    label: b.source.kind === 'image-rebuild' ? `console:${b.id.replace(/^console-|-rebuild-.*$/g, '')} (${b.source.ref})` : `console ${b.source.ref}`,
    source: b.source.provenance,
    registryNamespaceEnv: reads(ENV_REGISTRY) && reads(ENV_NAMESPACE),
    pullPolicyEnv: reads(ENV_PULL_POLICY),
    pullSecretEnv: reads(ENV_PULL_SECRET),
    plugins,
  };
}

function catalogRelease(r: UpstreamRelease): CatalogRelease {
  // The release's console image first: a rebuild of the image replaces what the git tag built.
  const builds = [...r.consoleBuilds].sort((a, b) => Number(b.source.kind === 'image-rebuild') - Number(a.source.kind === 'image-rebuild')).map(consoleBuild);
  const [officialRepoTail, officialTag] = r.pluginServer.officialImage.split(':') as [string, string];
  const official = r.pluginServer.images.find((i) => i.repository.endsWith(officialRepoTail) && i.tag === officialTag) ?? r.pluginServer.images[0];
  const pluginServer: CatalogImage = {
    repository: official?.repository ?? `higress/${officialRepoTail}`,
    tag: official?.tag ?? officialTag,
    ...(official?.digest ? { digest: official.digest } : {}),
    ...(official?.digestProvenance ? { source: official.digestProvenance } : {}),
  };
  const lacking = new Set((official?.coverage ?? []).flatMap((c) => c.lacks.map((l) => l.name)));

  const names = [...new Set(builds.flatMap((b) => Object.keys(b.plugins)))].sort();
  const plugins = names.map((name): CatalogPlugin => {
    const knownBy = builds.filter((b) => b.plugins[name]);
    const first = knownBy[0]?.plugins[name] as ConsoleBuiltIn;
    const entry = r.consoleBuilds.flatMap((b) => b.plugins).find((p) => p.name === name) as UpstreamBuiltIn;
    const pin = r.pins.find((p) => p.plugin === name);
    if (first.specName !== name) {
      // The Plugin Server tree is laid out by Console name; a spec name that differs would need a second folder.
      throw new Error(`catalog data: ${r.release} ${name} has spec name ${first.specName}`);
    }
    const asked = knownBy.map((b) => (b.plugins[name] as ConsoleBuiltIn).specVersion);
    return {
      name,
      repository: entry.repository,
      tag: entry.tag,
      ...(pin?.digest ? { digest: pin.digest } : {}),
      ...(pin?.wasmSha256 ? { wasmSha256: pin.wasmSha256 } : {}),
      ...(pin?.digest ? { pinStatus: pin.status === 'locked' ? ('locked' as const) : ('observed' as const) } : {}),
      pinSource: pin ? (pin.digest ? `${pin.status}: ${pin.sources.join(', ')}` : `none: ${pin.reason ?? 'upstream publishes no digest'}`) : 'none: no record',
      category: first.category,
      phase: first.phase,
      priority: first.priority,
      ...(first.title ? { title: first.title } : {}),
      servedVersions: [...new Set([...asked, entry.tag])],
      consoleBuilds: knownBy.map((b) => b.id),
      inPluginServerImage: !lacking.has(name),
    };
  });
  return {
    release: r.release,
    pluginServer,
    helmHubIncludesHigress: r.chart.core.pluginServer.image.higressPathAddedByTemplate,
    chartPluginRegistryValues: r.chart.console.pluginServerValues?.hasImageRegistry ?? false,
    consoleBuilds: builds,
    plugins,
    source: r.higress.provenance,
  };
}

const compareReleases = (a: string, b: string) => {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pb[i] ?? 0) - (pa[i] ?? 0);
  return 0;
};

/** All catalog releases, newest first. */
export const RELEASES: readonly CatalogRelease[] = (upstream.releases as unknown as UpstreamRelease[]).map(catalogRelease).sort((a, b) => compareReleases(a.release, b.release));
export const DEFAULT_RELEASE = (RELEASES[0] as CatalogRelease).release;

export function releaseNames(): string[] {
  return RELEASES.map((r) => r.release);
}

export function getRelease(release: string = DEFAULT_RELEASE, releases: readonly CatalogRelease[] = RELEASES): CatalogRelease {
  const r = releases.find((x) => x.release === release.replace(/^v/, ''));
  const known = releases.map((x) => x.release);
  if (!r) throw new UsageError(`Unknown Higress release "${release}"`, { code: 'RELEASE_UNKNOWN', hint: `Known releases: ${known.join(', ')}`, details: { release, known: known.join(', ') } });
  return r;
}

export function getCatalogPlugin(release: CatalogRelease, name: string): CatalogPlugin {
  const p = release.plugins.find((x) => x.name === name);
  if (!p) throw unknownPluginsError(release, [name]);
  return p;
}

/**
 * One error for every name a release's catalog lacks, each with its closest names ("did you
 * mean"), so a plan with three typos is fixed in one go.
 */
export function unknownPluginsError(release: CatalogRelease, names: readonly string[]): UsageError {
  const problems = names.map((plugin) => ({ plugin, suggestions: suggest(plugin, release.plugins.map((x) => x.name)) }));
  const guesses = problems.filter((p) => p.suggestions.length > 0).map((p) => `${p.plugin} → ${p.suggestions.join(' / ')}`);
  const list = `higress-airgap catalog --release ${release.release}`;
  const details = { release: release.release, count: names.length, plugins: names.join(', '), problems, kind: guesses.length ? 'guess' : 'none', ...(guesses.length ? { guesses: guesses.join('; ') } : {}) };
  if (names.length === 1) {
    const [only] = problems as [{ plugin: string; suggestions: string[] }];
    return new UsageError(`Plugin "${only.plugin}" is not in the Higress ${release.release} catalog`, {
      code: 'PLUGIN_NOT_IN_CATALOG',
      hint: guesses.length ? `Did you mean ${only.suggestions.join(', ')}? List them with: ${list}` : `List the plugins with: ${list}`,
      details: { ...details, plugin: only.plugin, suggestion: only.suggestions.join(', ') || undefined },
    });
  }
  return new UsageError(`${names.length} plugins are not in the Higress ${release.release} catalog: ${names.join(', ')}`, {
    code: 'PLUGINS_NOT_IN_CATALOG',
    hint: guesses.length ? `Did you mean: ${guesses.join('; ')}? List them with: ${list}` : `List the plugins with: ${list}`,
    details,
  });
}

/** Catalog names close to a mistyped one: containing it, or within a small edit distance. */
export function suggest(name: string, names: readonly string[]): string[] {
  const scored = names
    .map((n) => ({ n, d: n.includes(name) || name.includes(n) ? 0 : editDistance(name, n) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(name.length / 4)))
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n));
  return scored.slice(0, 3).map((x) => x.n);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length] as number;
}

/** Of these plugin names, the catalog plugins the release's official Plugin Server image does not serve where the Console asks. */
export function notServedByOfficialImage(release: CatalogRelease, names: readonly string[]): string[] {
  return names.filter((n) => release.plugins.find((c) => c.name === n)?.inPluginServerImage === false);
}

/** Console builds of the release that do not know a plugin (the Console shows it as custom there). */
export function buildsLacking(release: CatalogRelease, plugin: string): ConsoleBuild[] {
  return release.consoleBuilds.filter((b) => !b.plugins[plugin]);
}
