import type { ChartImageKey, ReleaseImage, ReleaseParts } from '../catalog/release-parts';
import { notice, type Notice } from '../messages/catalog';
import { imageTargetReference } from '../model/placement';
import { formatReference, withDigest, type ImageReference } from '../oci/reference';
import type { RetagTarget } from '../oci/retag';

/**
 * The images the Higress chart renders, from the data of its image keys (`parts.helm.imageKeys`
 * and the optional images' `keys`): values that point each one at its private copy, and an
 * evaluator that computes the reference each image key renders for given values — so the helm
 * target's output can be checked against the chart without Helm.
 */

export type Values = Record<string, unknown>;

export interface ChartImage {
  readonly component: string;
  /** The reference the chart renders. */
  readonly ref: string;
  /** The values key that holds its pull secrets (null: the template sets none). */
  readonly imagePullSecrets: string | null;
}

export interface ChartImageOptions {
  readonly observability?: boolean | undefined;
  readonly redis?: boolean | undefined;
}

/** Reads a dotted key (`higress-core.gateway.hub`) of nested values. */
export function getValue(values: Values, key: string): unknown {
  let cur: unknown = values;
  for (const k of key.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** Sets a dotted key, creating the mappings on the way. */
export function setValue(values: Values, key: string, value: unknown): void {
  const path = key.split('.');
  let cur = values;
  for (const k of path.slice(0, -1)) {
    const next = cur[k];
    if (!next || typeof next !== 'object') cur[k] = {};
    cur = cur[k] as Values;
  }
  cur[path[path.length - 1] as string] = value;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);

/** The tag a key defaults to: `Chart.AppVersion`/`Chart.Version` of the chart, or the literal. */
function tagDefault(parts: ReleaseParts, chart: string, d: string | null): string {
  const c = parts.helm.charts.find((x) => x.name === chart);
  if (d === 'Chart.AppVersion') return c?.appVersion ?? parts.release;
  if (d === 'Chart.Version') return c?.version ?? parts.release;
  return d ?? 'latest';
}

function hubOf(values: Values, keys: readonly string[], parts: ReleaseParts): string {
  for (const k of keys) {
    const v = text(getValue(values, k));
    if (v) return v;
  }
  return parts.helm.defaultHub;
}

/** The reference one core/console image key renders with `values`. */
function renderKey(parts: ReleaseParts, k: ChartImageKey, values: Values): string {
  const tag = text(getValue(values, k.tag.key)) ?? tagDefault(parts, k.chart, k.tag.default);
  if (k.hub.length === 0) return `${text(getValue(values, k.image.key)) ?? k.image.default}:${tag}`;
  const hub = hubOf(values, k.hub, parts);
  const image = text(getValue(values, k.image.key)) ?? k.image.default;
  return `${hub}/${k.pathAfterHub ? `${k.pathAfterHub}/` : ''}${image}:${tag}`;
}

function renderOptional(parts: ReleaseParts, i: ReleaseImage, values: Values): string {
  const keys = i.keys;
  if (!keys) return i.ref;
  const tag = text(getValue(values, keys.tag.key)) ?? keys.tag.default ?? i.tag;
  if (keys.hub && keys.hub.length > 0) {
    const hub = hubOf(values, keys.hub, parts);
    const image = text(getValue(values, keys.image.key)) ?? keys.image.default;
    return `${hub}/${keys.pathAfterHub ? `${keys.pathAfterHub}/` : ''}${image}:${tag}`;
  }
  const repository = text(getValue(values, keys.image.key));
  if (repository) return `${repository}:${tag}`;
  // promtail's default: `<global.hub>/higress/promtail`, written in the data as `{{ global.hub }}/…`
  const d = keys.image.default ?? `${i.registry}/${i.repository}`;
  return `${d.replace('{{ global.hub }}', hubOf(values, ['global.hub'], parts))}:${tag}`;
}

/** Every image the umbrella chart renders with `values` (core workloads; optional groups when asked). */
export function renderChartImages(parts: ReleaseParts, values: Values, options: ChartImageOptions = {}): ChartImage[] {
  const out: ChartImage[] = parts.helm.imageKeys.map((k) => ({ component: k.component, ref: renderKey(parts, k, values), imagePullSecrets: k.imagePullSecrets }));
  for (const i of parts.images) {
    if ((i.group === 'observability' && options.observability) || (i.group === 'redis' && options.redis)) {
      out.push({ component: i.component, ref: renderOptional(parts, i, values), imagePullSecrets: i.keys?.imagePullSecrets ?? null });
    }
  }
  return out;
}

/** The images the chart deploys by default (the sources the private copies are made from). */
export function chartSourceImages(parts: ReleaseParts, options: ChartImageOptions = {}): ChartImage[] {
  return renderChartImages(parts, {}, options);
}

export interface PrivateChartValues {
  /** Values for the umbrella `higress` chart that point every image at its private copy. */
  readonly values: Values;
  /** source → private reference of every image the values name. */
  readonly images: readonly { readonly component: string; readonly source: string; readonly ref: string }[];
  readonly notices: readonly Notice[];
}

/** Splits a private reference into hub and image for a template `{hub}/[path/]{image}:{tag}`; undefined when it cannot. */
function splitForTemplate(ref: ImageReference, pathAfterHub: string | null): { hub: string; image: string } | undefined {
  const segments = ref.repository.split('/');
  const image = segments.pop() as string;
  if (pathAfterHub) {
    const path = pathAfterHub.split('/');
    for (const p of path.reverse()) if (segments.pop() !== p) return undefined;
  }
  return { hub: [ref.registry, ...segments].join('/'), image };
}

/**
 * Values that point every image the chart renders at its private copy (as push names it), with
 * each workload's own imagePullSecrets (the chart has no global fallback for them). Digests, when
 * given (source → digest), pin the tag as `<tag>@<digest>`.
 */
export function privateChartValues(
  parts: ReleaseParts,
  target: RetagTarget,
  options: ChartImageOptions & { readonly pullSecret?: string | undefined; readonly digests?: ReadonlyMap<string, string> | undefined } = {},
): PrivateChartValues {
  const values: Values = {};
  const images: Array<{ component: string; source: string; ref: string }> = [];
  const notices: Notice[] = [];
  const pin = (source: string, ref: ImageReference): ImageReference => {
    const d = options.digests?.get(source);
    return d ? withDigest(ref, d) : ref;
  };
  const tagOf = (ref: ImageReference) => `${ref.tag ?? 'latest'}${ref.digest ? `@${ref.digest}` : ''}`;
  const secrets = new Set<string>();

  for (const k of parts.helm.imageKeys) {
    const source = renderKey(parts, k, {});
    const ref = pin(source, imageTargetReference({ source }, target));
    if (k.hub.length === 0) {
      setValue(values, k.image.key, `${ref.registry}/${ref.repository}`);
    } else {
      const split = splitForTemplate(ref, k.pathAfterHub);
      if (!split) {
        notices.push(notice('CHART_CANNOT_NAME_IMAGE', { component: k.component, image: formatReference(ref), template: `{hub}/${k.pathAfterHub ? `${k.pathAfterHub}/` : ''}{image}:{tag}` }));
        continue;
      }
      setValue(values, k.hub[0] as string, split.hub);
      setValue(values, k.image.key, split.image);
    }
    setValue(values, k.tag.key, tagOf(ref));
    images.push({ component: k.component, source, ref: formatReference(ref) });
    if (k.imagePullSecrets) secrets.add(k.imagePullSecrets);
  }
  for (const i of parts.images) {
    const wanted = (i.group === 'observability' && options.observability) || (i.group === 'redis' && options.redis);
    if (!wanted || !i.keys) continue;
    const source = renderOptional(parts, i, {});
    const ref = pin(source, imageTargetReference({ source }, target));
    if (i.keys.hub && i.keys.hub.length > 0) {
      // redis: only global.hub names its registry
      const split = splitForTemplate(ref, i.keys.pathAfterHub ?? null);
      if (!split) {
        notices.push(notice('CHART_CANNOT_NAME_IMAGE', { component: i.component, image: formatReference(ref), template: `{global.hub}/${i.keys.pathAfterHub ? `${i.keys.pathAfterHub}/` : ''}{image}:{tag}` }));
        continue;
      }
      setValue(values, i.keys.hub[0] as string, split.hub);
      setValue(values, i.keys.image.key, split.image);
    } else {
      setValue(values, i.keys.image.key, `${ref.registry}/${ref.repository}`);
    }
    setValue(values, i.keys.tag.key, tagOf(ref));
    images.push({ component: i.component, source, ref: formatReference(ref) });
    if (i.keys.imagePullSecrets) secrets.add(i.keys.imagePullSecrets);
    else if (options.pullSecret) notices.push(notice('CHART_IMAGE_NO_PULL_SECRET', { component: i.component }));
  }
  if (options.pullSecret) for (const key of [...secrets].sort()) setValue(values, key, [{ name: options.pullSecret }]);
  return { values, images, notices };
}
