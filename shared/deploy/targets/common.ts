import type { Notice } from '../../messages/catalog';
import { imageTargetReference } from '../../model/placement';
import { formatReference, parseReference, withDigest } from '../../oci/reference';
import type { RetagTarget } from '../../oci/retag';

/**
 * What the compose and docker targets read: pure data, so the same call serves `yaml --target`,
 * the Deploy screen's live preview and the tests.
 */
export interface TargetImage {
  /** The source reference as bundled, e.g. `higress-registry.cn-hangzhou.cr.aliyuncs.com/higress/gateway:2.2.4`. */
  readonly source: string;
  /** Digest of the top manifest or index as bundled (and pushed). */
  readonly digest?: string | undefined;
}

export interface TargetPlugin {
  readonly name: string;
  readonly version: string;
  /** Version directories it is served under (aliases included); default `[version]`. */
  readonly servedVersions?: readonly string[] | undefined;
  /** The plugin.wasm file on the machine that writes the output (the bundle tree); needed by the docker target. */
  readonly wasmPath?: string | undefined;
}

export interface TargetInput {
  readonly release: string;
  /** Private registry and namespace, exactly as the push step was given them. */
  readonly target: RetagTarget;
  /** The bundle's images. */
  readonly images: readonly TargetImage[];
  /** The bundle's custom plugins (not served by the official Plugin Server image). */
  readonly customPlugins: readonly TargetPlugin[];
  /** The custom Plugin Server image push built (compose: used when there are custom plugins). */
  readonly pluginServerImage?: string | undefined;
  /** Name images by tag and digest where the bundle knows the digest (default true). */
  readonly pinDigest?: boolean | undefined;
}

export interface TargetFile {
  /** Relative path under the output folder, `/`-separated. */
  readonly path: string;
  readonly content: string;
  readonly description: string;
  /** File mode (the run script is executable). */
  readonly mode?: number | undefined;
}

/** A binary file the writer copies into the output folder (a plugin.wasm to mount). */
export interface TargetCopy {
  readonly from: string;
  readonly path: string;
}

export interface TargetOutput {
  readonly target: 'compose' | 'docker';
  readonly files: readonly TargetFile[];
  readonly copies: readonly TargetCopy[];
  readonly notices: readonly Notice[];
  /** Every image reference the output names, source → private (for checks and the preview). */
  readonly images: readonly { readonly source: string; readonly ref: string; readonly bundled: boolean }[];
}

/** `registry/repository:tag` of a reference, without a digest. */
export function tagKey(ref: string): string {
  const r = parseReference(ref);
  return `${r.registry}/${r.repository}:${r.tag ?? 'latest'}`;
}

/**
 * `repository:tag` of a reference: how a release image is found in a bundle. Not the registry: a
 * bundle made from a mirror (`bundle --source`) carries the same repositories from another host,
 * and push places them by repository alike.
 */
export function bundleKey(ref: string): string {
  const r = parseReference(ref);
  return `${r.repository}:${r.tag ?? 'latest'}`;
}

/** Looks images up by `repository:tag` (bundleKey). */
export function bundledImages(images: readonly TargetImage[]): Map<string, TargetImage> {
  const map = new Map<string, TargetImage>();
  for (const i of images) map.set(bundleKey(i.source), i);
  return map;
}

/** The private copy of a source reference, pinned by the bundled digest when asked and known. */
export function privateRef(source: string, input: TargetInput, bundled: TargetImage | undefined): string {
  const ref = imageTargetReference({ source: tagKey(source) }, input.target);
  const digest = bundled?.digest;
  return formatReference(input.pinDigest !== false && digest ? withDigest(ref, digest) : ref);
}

/** Value for a `.env` line: single-quoted (compose v2 keeps it literal; see compose.ts for v1). */
export function envValue(v: string): string {
  if (v.includes("'")) throw new Error(`envValue(): ${v} contains a single quote`);
  return `'${v}'`;
}
