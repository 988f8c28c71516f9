import { releaseParts, type ReleaseParts } from '../../catalog/release-parts';
import { notice, type Notice } from '../../messages/catalog';
import { imageTargetReference } from '../../model/placement';
import { formatReference, parseReference } from '../../oci/reference';
import type { RetagTarget } from '../../oci/retag';
import { getValue, privateChartValues, renderChartImages, setValue, type ChartImage, type ChartImageOptions, type Values } from '../../release/chart-images';
import type { DeployChart, DeployImage } from '../types';
import { bundledImages, bundleKey } from './common';

/**
 * The Helm target's part for the whole release: when the bundle carries the release's core images
 * (`bundle --with-higress`), values that point every image the chart renders at its private copy
 * (pinned by the bundled digest), `global.hub` at the private hub (from 2.2.1 the Console derives
 * its plugin registry from it too), each workload's imagePullSecrets, and the bundled chart package
 * to install from. Pure: the CLI, the Deploy screen's preview and the tests call it alike.
 */

/** The components that say "this bundle carries the release" (every bundle has a Plugin Server image). */
const RELEASE_COMPONENTS = new Set(['gateway', 'controller', 'pilot', 'console']);

export interface HelmReleaseInput {
  readonly release: string;
  readonly target: RetagTarget;
  readonly images: readonly DeployImage[];
  readonly charts?: readonly DeployChart[] | undefined;
  readonly pullSecret?: string | undefined;
  /** The custom Plugin Server image push built (the chart renders it instead of the bundled one). */
  readonly pluginServerImage?: string | undefined;
}

export interface HelmRelease {
  /** Values for the umbrella chart, laid under the generated ones. */
  readonly values: Values;
  /** Every image the chart renders, source → private reference, and whether the bundle carries it. */
  readonly images: readonly { readonly component: string; readonly source: string; readonly ref: string; readonly bundled: boolean }[];
  /** The optional chart groups the bundle carries (observability, redis). */
  readonly options: ChartImageOptions;
  /** The `higress` chart package in the bundle, when it carries it. */
  readonly chart: DeployChart | undefined;
  /** The chart's file name and where the official repository serves it (for the install script). */
  readonly chartFile: string;
  readonly chartUrl: string | undefined;
  readonly notices: readonly Notice[];
}

/** undefined when the bundle carries none of the release's core images (the plugin-only output stays as it was). */
export function helmRelease(input: HelmReleaseInput, parts: ReleaseParts = releaseParts(input.release)): HelmRelease | undefined {
  const bundled = bundledImages(input.images);
  const inBundle = (ref: string) => bundled.get(bundleKey(ref));
  const options: ChartImageOptions = {
    observability: parts.images.some((i) => i.group === 'observability' && i.keys && inBundle(i.ref)),
    redis: parts.images.some((i) => i.group === 'redis' && i.keys && inBundle(i.ref)),
  };
  const sources = renderChartImages(parts, {}, options);
  if (!sources.some((s) => RELEASE_COMPONENTS.has(s.component) && inBundle(s.ref))) return undefined;

  const digests = new Map<string, string>();
  for (const s of sources) {
    const d = inBundle(s.ref)?.digest;
    if (d) digests.set(s.ref, d);
  }
  const pcv = privateChartValues(parts, input.target, { ...options, pullSecret: input.pullSecret, digests });
  const values = structuredClone(pcv.values);
  // The chart's global hub at the private one too (redis and, from 2.2.1, the Console's plugin registry read it).
  const hub = getValue(values, 'higress-core.gateway.hub');
  if (typeof hub === 'string') setValue(values, 'global.hub', hub);
  const notices: Notice[] = [...pcv.notices];
  const images = pcv.images.map((i) => ({ ...i, bundled: Boolean(inBundle(i.source)) || (i.component === 'plugin-server' && input.pluginServerImage !== undefined) }));
  for (const i of images) if (!i.bundled) notices.push(notice('TARGET_CHART_IMAGE_NOT_IN_BUNDLE', { component: i.component, image: i.source, ref: i.ref }));

  const fact = parts.helm.charts.find((c) => c.name === 'higress');
  const chart = input.charts?.find((c) => c.name === 'higress' && (!fact || c.version === fact.version));
  const chartFile = chart ? (chart.path.split('/').pop() as string) : `higress-${fact?.version ?? input.release}.tgz`;
  if (!chart) notices.push(notice('TARGET_CHART_NOT_IN_BUNDLE', { chart: chartFile, url: fact?.url ?? parts.helm.repository.url }));
  return { values, images, options, chart, chartFile, chartUrl: fact?.url, notices };
}

/** Where push puts each bundled image (with and without its digest): what the cluster can pull. */
export function pushedReferences(images: readonly DeployImage[], target: RetagTarget): Set<string> {
  const out = new Set<string>();
  for (const i of images) {
    const ref = imageTargetReference(i, target);
    out.add(formatReference({ ...ref, digest: undefined }));
    if (i.digest) out.add(formatReference({ ...ref, digest: i.digest }));
  }
  return out;
}

/**
 * The images the chart renders with `values` that are not where push put a bundled image (nor the
 * custom Plugin Server image): each would fail to pull on an offline cluster.
 */
export function unresolvedChartImages(parts: ReleaseParts, values: Values, options: ChartImageOptions, pushed: ReadonlySet<string>): ChartImage[] {
  return renderChartImages(parts, values, options).filter((c) => !pushed.has(formatReference(parseReference(c.ref))));
}
