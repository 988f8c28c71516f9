import type { PluginPhase } from '../catalog/types';
import { UsageError } from '../errors';
import { isDnsSubdomain, isLabelValue } from './names';
import { warn } from './notes';
import type { DeployContext } from './options';
import { consoleBuiltIn, consoleIdentity, httpPluginUrl, ociPluginUrl, servedVersion } from './plugin-urls';
import type { DeployPlugin, PluginSummary } from './types';
import type { WasmPlugin } from './validate';
import { objectKey, type ConfigPart, type InventoryRecord } from '../model/bundle-manifest';

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
    if (seen.has(s.objectName)) throw new UsageError(`Two plugins would both be WasmPlugin "${s.objectName}"`, { code: 'WASMPLUGIN_NAME_TAKEN', details: { name: s.objectName }, hint: 'Select one of them with --plugins.' });
    seen.add(s.objectName);
  }
  const noChecksum = summaries.filter((s) => s.sha256 === undefined).map((s) => s.name);
  if (noChecksum.length) warn(ctx, 'DEPLOY_NO_CHECKSUM', { plugins: noChecksum.join(', ') });
  return summaries;
}

function summarise(ctx: DeployContext, plugin: DeployPlugin): PluginSummary {
  const { name, version } = consoleIdentity(plugin, ctx.consoleBuild);
  const objectName = `${plugin.name}-${version}`;
  // The name and version also become label values (at most 63 characters).
  if (!isDnsSubdomain(objectName) || !isLabelValue(plugin.name) || !isLabelValue(version)) {
    throw new UsageError(`Plugin ${plugin.name} ${version} cannot be a WasmPlugin: "${objectName}" is not a valid Kubernetes name`, {
      code: 'WASMPLUGIN_NAME_INVALID',
      details: { plugin: plugin.name, version, name: objectName },
      hint: 'Names must be lowercase letters, digits, "-" and "."; leave the plugin out with --plugins or rebuild it with a lowercase name and version.',
    });
  }
  if (plugin.origin === 'catalog' && !consoleBuiltIn(plugin, ctx.consoleBuild)) {
    warn(ctx, 'DEPLOY_NOT_BUILT_IN', {
      plugin: plugin.name,
      build: ctx.consoleBuild.label,
      name: objectName,
    });
  }
  const { phase, priority } = phaseAndPriority(ctx, plugin);
  if (ctx.mode === 'oci') {
    return { name: plugin.name, version, objectName, url: ociPluginUrl(plugin, ctx.target), sha256: plugin.digest?.replace(/^sha256:/, ''), phase, priority };
  }
  const served = servedVersion(plugin, version);
  if (served !== version) {
    warn(ctx, 'DEPLOY_VERSION_NOT_SERVED', {
      build: ctx.consoleBuild.label,
      plugin: plugin.name,
      version,
      served: plugin.servedVersions.join(', '),
    });
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

// ── WasmPlugins moved from another Higress (bundle.json `inventory`, shared/migrate) ──

type Spec = Readonly<Record<string, unknown>>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Puts an object's configuration back into its spec (the inverse of shared/migrate/config.ts splitConfig). */
export function joinConfig(spec: Spec, config: ConfigPart): Record<string, unknown> {
  const out: Record<string, unknown> = { ...spec };
  if (config.defaultConfig !== undefined) out.defaultConfig = config.defaultConfig;
  if (config.pluginConfig !== undefined) out.pluginConfig = config.pluginConfig;
  if (config.matchRules && Array.isArray(out.matchRules)) {
    out.matchRules = out.matchRules.map((r: unknown, i) => {
      const c = config.matchRules?.[String(i)];
      return c !== undefined && isRecord(r) ? { ...r, config: c } : r;
    });
  }
  const vm = out.vmConfig;
  if (config.env && isRecord(vm) && Array.isArray(vm.env)) {
    out.vmConfig = { ...vm, env: vm.env.map((e: unknown, i) => (config.env?.[String(i)] !== undefined && isRecord(e) ? { ...e, value: config.env[String(i)] } : e)) };
  }
  return out;
}

/**
 * The spec written when the configuration stayed behind: switched off where it had configuration
 * (`defaultConfigDisable: true` for defaultConfig/pluginConfig, `configDisable: true` on each rule
 * that had a config), so an auth plugin with an empty configuration does not act on traffic the
 * moment it is applied.
 */
export function disableUnconfigured(spec: Spec, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...spec };
  if (fields.includes('defaultConfig') || fields.includes('pluginConfig')) out.defaultConfigDisable = true;
  const rules = new Set(fields.map((f) => /^matchRules\[(\d+)\]\.config$/.exec(f)?.[1]).filter((i): i is string => i !== undefined));
  if (rules.size && Array.isArray(out.matchRules)) out.matchRules = out.matchRules.map((r: unknown, i) => (rules.has(String(i)) && isRecord(r) ? { ...r, configDisable: true } : r));
  return out;
}

export interface MigrationTarget {
  readonly mode: 'http' | 'oci';
  /** Where a selected bundled plugin is fetched from in this mode; undefined when it is not selected. */
  readonly urlOf: (plugin: string, version: string) => { url: string; sha256: string | undefined } | undefined;
  readonly imagePullPolicy: string;
  readonly pullSecret: string | undefined;
}

/**
 * The migrated WasmPlugins for one delivery mode: the same name, namespace, labels, annotations
 * and spec as in the source environment, except `url` and `sha256` (and `imagePullPolicy`,
 * `imagePullSecret` in OCI mode), which point at the private copies. Configuration is put back
 * when it was decrypted; otherwise the object is switched off where it had configuration and named.
 */
export function migratedWasmPlugins(
  inventory: InventoryRecord,
  target: MigrationTarget,
  restored: Readonly<Record<string, ConfigPart>> | undefined,
): { objects: WasmPlugin[]; leftBehind: string[]; notInBundle: string[] } {
  const leftBehind: string[] = [];
  const notInBundle: string[] = [];
  const objects: WasmPlugin[] = [];
  for (const o of inventory.objects) {
    const where = target.urlOf(o.plugin, o.version);
    if (!where) continue;
    const key = objectKey(o.object);
    let spec: Record<string, unknown> = { ...o.object.spec, url: where.url };
    if (where.sha256) spec.sha256 = where.sha256;
    else delete spec.sha256;
    if (target.mode === 'oci') {
      spec.imagePullPolicy = target.imagePullPolicy;
      if (target.pullSecret) spec.imagePullSecret = target.pullSecret;
      else delete spec.imagePullSecret;
    }
    if (o.config.present) {
      const config = restored?.[key];
      if (config) spec = joinConfig(spec, config);
      else {
        spec = disableUnconfigured(spec, o.config.fields);
        (o.config.included ? leftBehind : notInBundle).push(key);
      }
    }
    objects.push({ apiVersion: 'extensions.higress.io/v1alpha1', kind: 'WasmPlugin', metadata: { ...o.object.metadata }, spec } as WasmPlugin);
  }
  return { objects, leftBehind, notInBundle };
}
