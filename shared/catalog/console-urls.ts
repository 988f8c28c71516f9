import { parseReference, type ImageReference } from '../oci/reference';
import { retag, type RetagTarget } from '../oci/retag';
import { OFFICIAL_REGISTRY } from './registries';
import type { CatalogRelease, ConsoleBuild, ConsoleBuiltIn } from './types';

/**
 * How a Higress Console turns a built-in plugin into the URL its WasmPlugin fetches
 * (higress-group/higress-console WasmPluginServiceImpl: `buildPluginImageUrl`/`formatImageUrl`):
 * a URL pattern wins and has `${name}`/`${version}` replaced by spec.yaml `info.name`/`info.version`;
 * else, from console v2.2.1, a registry and/or namespace replace everything before the second `/` of
 * the default `oci://` URL; else the default URL from plugins.properties stands.
 */
export const NAME_PLACEHOLDER = '${name}';
export const VERSION_PLACEHOLDER = '${version}';
const OCI = 'oci://';
/** The Console's defaults when only one of registry/namespace is set (the official host is also ours). */
const DEFAULT_IMAGE_NAMESPACE = 'plugins';

/** What our deployment output sets on the Console (environment variables). */
export interface ConsoleUrlSettings {
  /** HIGRESS_ADMIN_WASM_PLUGIN_CUSTOM_IMAGE_URL_PATTERN */
  readonly pattern?: string | undefined;
  /** HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_REGISTRY (read from console v2.2.1) */
  readonly registry?: string | undefined;
  /** HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_NAMESPACE (read from console v2.2.1) */
  readonly namespace?: string | undefined;
}

/** The literal replacement the Console does (every occurrence, no escaping). */
export function expandUrlPattern(pattern: string, name: string, version: string): string {
  return pattern.replaceAll(NAME_PLACEHOLDER, name).replaceAll(VERSION_PLACEHOLDER, version);
}

export function consolePluginUrl(build: ConsoleBuild, plugin: ConsoleBuiltIn, settings: ConsoleUrlSettings): string {
  if (settings.pattern?.trim()) return expandUrlPattern(settings.pattern, plugin.specName, plugin.specVersion);
  if (!build.registryNamespaceEnv) return plugin.imageUrl;
  const registry = settings.registry?.trim();
  const namespace = settings.namespace?.trim();
  if (!registry && !namespace) return plugin.imageUrl;
  if (!plugin.imageUrl.startsWith(OCI)) return plugin.imageUrl;
  const rest = plugin.imageUrl.slice(OCI.length);
  const first = rest.indexOf('/');
  const second = first < 0 ? -1 : rest.indexOf('/', first + 1);
  if (second < 0) return plugin.imageUrl;
  return `${OCI}${registry || OFFICIAL_REGISTRY}/${namespace || DEFAULT_IMAGE_NAMESPACE}/${rest.slice(second + 1)}`;
}

/**
 * Where the Console must be pointed in OCI mode so its built-in plugins resolve in the private
 * registry. Registry and namespace are found by placing `plugins/<x>` with the push step's own
 * retag; undefined when the target leaves no namespace (flatten with no project).
 */
export function privatePluginNamespace(target: RetagTarget): { registry: string; namespace: string } | undefined {
  const placed = retag({ registry: OFFICIAL_REGISTRY, repository: `${DEFAULT_IMAGE_NAMESPACE}/plugin` }, target);
  const slash = placed.repository.lastIndexOf('/');
  return slash < 0 ? undefined : { registry: placed.registry, namespace: placed.repository.slice(0, slash) };
}

/**
 * The Console settings for OCI mode: registry and namespace where the build reads them; before
 * console v2.2.1 (no such variables) a URL pattern with an `oci://` prefix, under which every
 * plugin is asked for as `<namespace>/<spec name>:<spec version>`.
 */
export function consoleOciSettings(build: ConsoleBuild, target: RetagTarget): ConsoleUrlSettings | undefined {
  const place = privatePluginNamespace(target);
  if (!place) return undefined;
  if (build.registryNamespaceEnv) return { registry: place.registry, namespace: place.namespace };
  return { pattern: `${OCI}${place.registry}/${place.namespace}/${NAME_PLACEHOLDER}:${VERSION_PLACEHOLDER}` };
}

/** One reference the Console of a build will ask the registry for, for one bundled plugin. */
export interface ConsoleOciAsk {
  readonly plugin: string;
  readonly build: string;
  readonly reference: ImageReference;
}

/**
 * Every private reference the release's Console builds will ask for in OCI mode, for the given
 * catalog plugins. The push step makes each exist (an extra tag or path of the same manifest)
 * where it differs from where the plugin itself is pushed.
 */
export function consoleOciAsks(release: CatalogRelease, pluginNames: readonly string[], target: RetagTarget): ConsoleOciAsk[] {
  const asks: ConsoleOciAsk[] = [];
  for (const build of release.consoleBuilds) {
    const settings = consoleOciSettings(build, target);
    if (!settings) continue;
    for (const name of pluginNames) {
      const builtIn = build.plugins[name];
      if (!builtIn) continue;
      const url = consolePluginUrl(build, builtIn, settings);
      if (!url.startsWith(OCI)) continue;
      asks.push({ plugin: name, build: build.id, reference: parseReference(url.slice(OCI.length)) });
    }
  }
  return asks;
}
