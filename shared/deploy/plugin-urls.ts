import type { CatalogRelease } from '../catalog/types';
import { pluginTargetReference } from '../model/placement';
import { formatReference } from '../oci/reference';
import type { RetagTarget } from '../oci/retag';
import type { DeployPlugin } from './types';

/**
 * Where the gateway fetches each plugin from, in both modes, and which version the Console asks
 * for. Every URL in the output (WasmPlugins, Console pattern, MCP env, Helm) is built here.
 */
export const PLUGIN_SERVER_NAME = 'higress-plugin-server';
export const NAME_PLACEHOLDER = '${name}';
export const VERSION_PLACEHOLDER = '${version}';

/** The Console's `HIGRESS_ADMIN_WASM_PLUGIN_CUSTOM_IMAGE_URL_PATTERN` for our Service (port 80). */
export function pluginServerUrlPattern(namespace: string): string {
  return `http://${PLUGIN_SERVER_NAME}.${namespace}.svc/plugins/${NAME_PLACEHOLDER}/${VERSION_PLACEHOLDER}/plugin.wasm`;
}

/** What the Console does with the pattern: a literal replace of both placeholders. */
export function expandUrlPattern(pattern: string, name: string, version: string): string {
  return pattern.replaceAll(NAME_PLACEHOLDER, name).replaceAll(VERSION_PLACEHOLDER, version);
}

/**
 * The `${version}` the Console of `release` puts into URLs for this plugin: its spec.yaml version,
 * which is 1.0.0 for Consoles ≤ 2.2.3 and the catalog tag from 2.2.4. Plugins the Console does not
 * ship are only ever applied by our WasmPlugins, under their own version.
 */
export function consoleVersion(plugin: DeployPlugin, release: CatalogRelease): string {
  const builtIn = plugin.origin === 'catalog' ? release.plugins.find((p) => p.name === plugin.name) : undefined;
  if (!builtIn) return plugin.version;
  return release.consoleVersion === 'spec-1.0.0' ? '1.0.0' : builtIn.tag;
}

/** The version directory to fetch: the one the Console asks for when served, else the plugin's own. */
export function servedVersion(plugin: DeployPlugin, wanted: string): string {
  if (plugin.servedVersions.includes(wanted)) return wanted;
  if (plugin.servedVersions.includes(plugin.version)) return plugin.version;
  return plugin.servedVersions[0] ?? plugin.version;
}

export function httpPluginUrl(namespace: string, name: string, version: string): string {
  return expandUrlPattern(pluginServerUrlPattern(namespace), name, version);
}

/** `oci://` + where the push step put the artifact (one placement function for both). */
export function ociPluginUrl(plugin: DeployPlugin, target: RetagTarget): string {
  return `oci://${formatReference(pluginTargetReference(plugin, target))}`;
}
