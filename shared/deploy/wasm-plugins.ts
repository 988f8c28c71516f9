import type { PluginPhase } from '../catalog/types';
import { UsageError } from '../errors';
import { isDnsSubdomain, isLabelValue } from './names';
import type { DeployContext } from './options';
import { consoleBuiltIn, consoleIdentity, httpPluginUrl, ociPluginUrl, servedVersion } from './plugin-urls';
import type { DeployPlugin, PluginSummary } from './types';
import type { WasmPlugin } from './validate';

/**
 * The labels and annotations the Console puts on the WasmPlugins it creates, and selects them by:
 * it lists only objects labelled `higress.io/resource-definer=higress`, then by name, version and
 * built-in labels (higress-group/higress-console@v2.2.4: KubernetesModelConverter.wasmPluginToCr,
 * KubernetesClientService.listWasmPlugin and renderDefaultMetadata, constant/KubernetesConstants.java;
 * the same keys from v2.1.9).
 */
const LABEL_DEFINER = 'higress.io/resource-definer';
const DEFINER_HIGRESS = 'higress';
const LABEL_NAME = 'higress.io/wasm-plugin-name';
const LABEL_VERSION = 'higress.io/wasm-plugin-version';
const LABEL_CATEGORY = 'higress.io/wasm-plugin-category';
const LABEL_BUILT_IN = 'higress.io/wasm-plugin-built-in';
const ANNOTATION_TITLE = 'higress.io/wasm-plugin-title';
const ANNOTATION_DESCRIPTION = 'higress.io/wasm-plugin-description';

/**
 * One summary per selected plugin: its WasmPlugin name, URL, checksum, phase and priority. Named
 * and labelled as the Console names its own (`<name>-<version>` with the Console's version), so the
 * Console adopts these objects instead of creating a second copy of a plugin.
 */
export function pluginSummaries(ctx: DeployContext): PluginSummary[] {
  const summaries = ctx.plugins.map((p) => summarise(ctx, p));
  const seen = new Set<string>();
  for (const s of summaries) {
    if (seen.has(s.objectName)) throw new UsageError(`Two plugins would both be WasmPlugin "${s.objectName}"`, { hint: 'Select one of them with --plugins.' });
    seen.add(s.objectName);
  }
  const noChecksum = summaries.filter((s) => s.sha256 === undefined).map((s) => s.name);
  if (noChecksum.length) ctx.warnings.push(`No checksum known for ${noChecksum.join(', ')} (not bundled yet): their WasmPlugins have no sha256.`);
  return summaries;
}

function summarise(ctx: DeployContext, plugin: DeployPlugin): PluginSummary {
  const { name, version } = consoleIdentity(plugin, ctx.consoleBuild);
  const objectName = `${plugin.name}-${version}`;
  // The name and version also become label values (at most 63 characters).
  if (!isDnsSubdomain(objectName) || !isLabelValue(plugin.name) || !isLabelValue(version)) {
    throw new UsageError(`Plugin ${plugin.name} ${version} cannot be a WasmPlugin: "${objectName}" is not a valid Kubernetes name`, {
      hint: 'Names must be lowercase letters, digits, "-" and "."; leave the plugin out with --plugins or rebuild it with a lowercase name and version.',
    });
  }
  if (plugin.origin === 'catalog' && !consoleBuiltIn(plugin, ctx.consoleBuild)) {
    ctx.warnings.push(`${plugin.name} is not a built-in plugin of ${ctx.consoleBuild.label}: the Console lists it as a custom plugin; its WasmPlugin is named ${objectName}.`);
  }
  const { phase, priority } = phaseAndPriority(ctx, plugin);
  if (ctx.mode === 'oci') {
    return { name: plugin.name, version, objectName, url: ociPluginUrl(plugin, ctx.target), sha256: plugin.digest?.replace(/^sha256:/, ''), phase, priority };
  }
  const served = servedVersion(plugin, version);
  if (served !== version) {
    ctx.warnings.push(`${ctx.consoleBuild.label} asks for ${plugin.name} ${version}, which the bundle does not serve (it serves ${plugin.servedVersions.join(', ')}).`);
  }
  return { name: plugin.name, version, objectName, url: httpPluginUrl(ctx.namespace, name, served), sha256: plugin.wasm?.sha256, phase, priority };
}

/** The user's choice, else the Console's spec.yaml for its built-ins, else the artifact's own spec.yaml, else the CRD defaults. */
function phaseAndPriority(ctx: DeployContext, plugin: DeployPlugin): { phase: PluginPhase; priority: number } {
  const chosen = ctx.pluginSettings[plugin.name];
  const listed = consoleBuiltIn(plugin, ctx.consoleBuild);
  return {
    phase: chosen?.phase ?? listed?.phase ?? plugin.phase ?? 'UNSPECIFIED_PHASE',
    priority: chosen?.priority ?? listed?.priority ?? plugin.priority ?? 0,
  };
}

export function wasmPluginObject(ctx: DeployContext, plugin: DeployPlugin, summary: PluginSummary): WasmPlugin {
  const listed = consoleBuiltIn(plugin, ctx.consoleBuild);
  // The Console's category for its built-ins; a spec.yaml category that is no valid label value is left out.
  const category = [listed?.category, plugin.category, 'custom'].find((c) => c !== undefined && isLabelValue(c));
  const title = listed?.title ?? plugin.title;
  const annotations = {
    ...(title ? { [ANNOTATION_TITLE]: title } : {}),
    ...(plugin.description ? { [ANNOTATION_DESCRIPTION]: plugin.description } : {}),
  };
  // Pull policy and secret only mean something to the OCI fetcher; the gateway ignores them for http(s).
  const oci = ctx.mode === 'oci';
  return {
    apiVersion: 'extensions.higress.io/v1alpha1',
    kind: 'WasmPlugin',
    metadata: {
      name: summary.objectName,
      namespace: ctx.namespace,
      labels: {
        [LABEL_DEFINER]: DEFINER_HIGRESS,
        [LABEL_NAME]: plugin.name,
        [LABEL_VERSION]: summary.version,
        ...(category ? { [LABEL_CATEGORY]: category } : {}),
        [LABEL_BUILT_IN]: String(listed !== undefined),
      },
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec: {
      url: summary.url,
      ...(summary.sha256 ? { sha256: summary.sha256 } : {}),
      ...(oci ? { imagePullPolicy: ctx.imagePullPolicy } : {}),
      ...(oci && ctx.pullSecret ? { imagePullSecret: ctx.pullSecret } : {}),
      phase: summary.phase,
      priority: summary.priority,
      // Registered but switched off until configured: an auth plugin with an empty global config
      // would otherwise act on every route the moment it is applied.
      defaultConfigDisable: true,
    },
  };
}
