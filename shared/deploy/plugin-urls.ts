import { expandUrlPattern, NAME_PLACEHOLDER, VERSION_PLACEHOLDER } from '../catalog/console-urls';
import type { ConsoleBuild, ConsoleBuiltIn } from '../catalog/types';
import { pluginTargetReference } from '../model/placement';
import { formatReference } from '../oci/reference';
import type { RetagTarget } from '../oci/retag';
import type { DeployPlugin } from './types';

export { expandUrlPattern, NAME_PLACEHOLDER, VERSION_PLACEHOLDER };

/**
 * Where the gateway fetches each plugin from, in both modes, and which name and version the Console
 * asks for. Every URL in the output (WasmPlugins, Console pattern, MCP env, Helm) is built here.
 */
export const PLUGIN_SERVER_NAME = 'higress-plugin-server';

/** The Console's `HIGRESS_ADMIN_WASM_PLUGIN_CUSTOM_IMAGE_URL_PATTERN` for our Service (port 80). */
export function pluginServerUrlPattern(namespace: string): string {
  return `http://${PLUGIN_SERVER_NAME}.${namespace}.svc/plugins/${NAME_PLACEHOLDER}/${VERSION_PLACEHOLDER}/plugin.wasm`;
}

/** The Console build's own entry for a bundled catalog plugin; undefined for anything else. */
export function consoleBuiltIn(plugin: DeployPlugin, build: ConsoleBuild): ConsoleBuiltIn | undefined {
  return plugin.origin === 'catalog' ? build.plugins[plugin.name] : undefined;
}

/**
 * The name and version the Console puts into `${name}`/`${version}` and into the WasmPlugin it
 * names `<name>-<version>`: spec.yaml `info.name`/`info.version` for its built-in plugins (1.0.0 for
 * key-auth and eight more even on 2.2.4, whose tag is 2.0.0); the bundle's own name and version for
 * plugins the Console does not ship, which only our WasmPlugins apply.
 */
export function consoleIdentity(plugin: DeployPlugin, build: ConsoleBuild): { name: string; version: string } {
  const builtIn = consoleBuiltIn(plugin, build);
  return builtIn ? { name: builtIn.specName, version: builtIn.specVersion } : { name: plugin.name, version: plugin.version };
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
