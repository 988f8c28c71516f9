import { UsageError } from '../errors';
import upstream from './data/upstream.json';

/**
 * The parts of a Higress release an offline install needs beyond its plugins (issue 15): the core
 * images, the optional image groups, the charts and their Helm repository, which chart values key
 * sets each image, and the higress-standalone facts (compose, all-in-one). Read from
 * `data/upstream.json` (`releases[].parts`, `releases[].images`; see docs/upstream-data.md).
 */

export type ImageGroup = 'core' | 'all-in-one' | 'observability' | 'redis' | 'compose';

export interface ReleaseImage {
  readonly group: ImageGroup;
  /** gateway, controller, pilot, console, plugin-server, all-in-one, grafana, prometheus, loki, promtail, redis, nacos-server, runner, api-server */
  readonly component: string;
  readonly registry: string;
  readonly repository: string;
  readonly tag: string;
  /** Pinned digest where upstream records one. */
  readonly digest: string | null;
  /** `registry/repository:tag` */
  readonly ref: string;
  /** Where upstream uses it: helm-chart-default, standalone-compose, release-provenance, all-in-one (core); the group name otherwise. */
  readonly usedBy: readonly string[];
  /** Values that turn it on in the chart (`global.o11y.enabled`, `global.enableRedis`), if any. */
  readonly enabledBy: string | null;
  /** Chart values keys of an optional image (observability, redis). */
  readonly keys: OptionalImageKeys | null;
  readonly provenance: readonly string[];
}

export interface OptionalImageKeys {
  readonly hub?: readonly string[] | undefined;
  readonly pathAfterHub?: string | null | undefined;
  readonly image: ValuesKey;
  readonly tag: ValuesKey;
  readonly imagePullSecrets: string | null;
}

export interface ValuesKey {
  readonly key: string;
  readonly default: string | null;
}

export interface ChartImageKey {
  readonly component: string;
  readonly chart: string;
  /** Keys tried in order for the registry part (empty: the image key names the full repository). */
  readonly hub: readonly string[];
  /** Path the template adds between the hub and the image name (`higress` from 2.2.1), or null. */
  readonly pathAfterHub: string | null;
  readonly image: ValuesKey;
  readonly tag: ValuesKey;
  /** The values key of this workload's imagePullSecrets (the chart has no global fallback), or null when the template sets none. */
  readonly imagePullSecrets: string | null;
  readonly provenance: readonly string[];
}

export interface ChartFact {
  readonly name: string;
  readonly version: string;
  readonly appVersion: string;
  /** Where the official repository serves it. */
  readonly url: string;
  readonly subcharts: readonly string[];
  readonly provenance: readonly string[];
}

export interface HelmFacts {
  /** `global.hub` of the core chart's values (2.1.9 and 2.2.0 end it in `/higress`). */
  readonly defaultHub: string;
  readonly repository: { readonly url: string; readonly index: string; readonly rule: string; readonly provenance: readonly string[] };
  readonly charts: readonly ChartFact[];
  readonly imageKeys: readonly ChartImageKey[];
}

export interface ComposeVariable {
  readonly name: string;
  readonly value: string;
  readonly kind: 'image' | 'tag' | 'profiles' | 'url';
}

export interface ComposeService {
  readonly name: string;
  /** The image as the compose file writes it (`${HIGRESS_GATEWAY_IMAGE}`, `host/higress/console:${HIGRESS_CONSOLE_TAG}`). */
  readonly image: string;
  /** Set when the whole image is one variable of `.env`. */
  readonly imageVariable: string | null;
  /** Set when the compose file names the registry itself (an override file must replace it). */
  readonly fixedRegistry: string | null;
  readonly tagVariables: readonly string[];
  /** The reference it resolves to with the release's `.env`. */
  readonly ref: string;
  readonly digest: string | null;
  readonly profiles: readonly string[];
  /** `${…}` entries of the service's environment, as written. */
  readonly environment: readonly { readonly name: string; readonly value: string }[];
}

export interface ComposeFacts {
  readonly commit: string;
  /** The compose file's `version:` (an override must match it for docker-compose 1.x), or null. */
  readonly fileVersion: string | null;
  readonly variables: readonly ComposeVariable[];
  readonly services: readonly ComposeService[];
  readonly pluginServer: {
    readonly service: string;
    readonly port: number;
    readonly profile: string;
    readonly defaultProfiles: readonly string[];
    readonly urlPatternVariable: string;
    readonly urlPattern: string | null;
    readonly mcpServerVariable: string;
    readonly mcpServerUrl: string | null;
    readonly documentRoot: string;
  } | null;
  readonly provenance: readonly string[];
}

export interface AllInOneFacts {
  readonly commit: string;
  /** Ports the image exposes and the README publishes. */
  readonly ports: readonly number[];
  readonly dataVolume: string;
  readonly pluginServer: {
    readonly enabledBy: string;
    readonly enabledValue: string;
    readonly port: number;
    readonly published: boolean;
    readonly documentRoot: string;
    readonly urlPattern: string;
    /** Where the all-in-one's file-backed API server keeps WasmPlugin objects (`<name>-<version>.yaml`). */
    readonly wasmPluginsDir: string;
  } | null;
  readonly provenance: readonly string[];
}

export interface ReleaseParts {
  readonly release: string;
  readonly images: readonly ReleaseImage[];
  readonly helm: HelmFacts;
  readonly compose: ComposeFacts | null;
  readonly allInOne: AllInOneFacts | null;
}

interface RawImage {
  component: string;
  registry: string;
  repository: string;
  tag: string;
  digest: string | null;
  usedBy?: string[];
  enabledBy?: string;
  keys?: OptionalImageKeys;
  provenance: string[];
}
interface RawRelease {
  release: string;
  images: RawImage[];
  chart: { core: { globalHub: { value: string } } };
  parts: {
    helm: Omit<HelmFacts, 'defaultHub'>;
    imageGroups: { observability: RawImage[]; redis: RawImage[]; compose: RawImage[] };
    compose: ComposeFacts | null;
    allInOne: AllInOneFacts | null;
  };
}

const RELEASES = (upstream as unknown as { releases: RawRelease[] }).releases;

function toImage(group: ImageGroup, i: RawImage): ReleaseImage {
  return {
    group,
    component: i.component,
    registry: i.registry,
    repository: i.repository,
    tag: i.tag,
    digest: i.digest,
    ref: `${i.registry}/${i.repository}:${i.tag}`,
    usedBy: i.usedBy ?? [group],
    enabledBy: i.enabledBy ?? null,
    keys: i.keys ?? null,
    provenance: i.provenance,
  };
}

/** Releases whose parts are known, oldest first. */
export function partsReleases(): readonly string[] {
  return RELEASES.map((r) => r.release);
}

/** Everything known about one release's images, charts and deployment targets. */
export function releaseParts(release: string): ReleaseParts {
  const r = RELEASES.find((x) => x.release === release);
  if (!r) {
    const known = partsReleases().join(', ');
    throw new UsageError(`Unknown Higress release "${release}"`, { code: 'RELEASE_UNKNOWN', hint: `Known releases: ${known}`, details: { release, known } });
  }
  // The chart and compose can name the same reference (different usedBy): core entries are unique by ref already.
  const images: ReleaseImage[] = [];
  for (const i of r.images) images.push(toImage(i.component === 'all-in-one' ? 'all-in-one' : 'core', i));
  for (const group of ['observability', 'redis', 'compose'] as const) for (const i of r.parts.imageGroups[group]) images.push(toImage(group, i));
  return { release: r.release, images, helm: { ...r.parts.helm, defaultHub: r.chart.core.globalHub.value }, compose: r.parts.compose, allInOne: r.parts.allInOne };
}

/** The images of a release in the given groups (core is always wanted by `--with-higress`). */
export function releaseImages(release: string, groups: readonly ImageGroup[]): readonly ReleaseImage[] {
  const want = new Set(groups);
  return releaseParts(release).images.filter((i) => want.has(i.group));
}

/** The charts a release publishes (higress, higress-console, higress-core). */
export function releaseCharts(release: string): readonly ChartFact[] {
  return releaseParts(release).helm.charts;
}

/** The default Helm repository (index.yaml lives under it). */
export function defaultChartRepository(release: string): string {
  return releaseParts(release).helm.repository.url;
}
