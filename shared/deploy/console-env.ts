import { OFFICIAL_REGISTRY } from '../catalog/registries';
import { retag } from '../oci/retag';
import type { DeployContext } from './options';
import { httpPluginUrl, ociPluginUrl, pluginServerUrlPattern, servedVersion } from './plugin-urls';
import { shellQuote } from './shell';
import type { EnvChange, WorkloadEnv } from './types';

/** Higress's own Deployments and the container in each that reads the setting (chart templates). */
export const WORKLOADS = {
  console: { deployment: 'higress-console', container: 'higress-console' },
  controller: { deployment: 'higress-controller', container: 'higress-core' },
  gateway: { deployment: 'higress-gateway', container: 'higress-gateway' },
} as const;

export const ENV_URL_PATTERN = 'HIGRESS_ADMIN_WASM_PLUGIN_CUSTOM_IMAGE_URL_PATTERN';
export const ENV_IMAGE_REGISTRY = 'HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_REGISTRY';
export const ENV_IMAGE_NAMESPACE = 'HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_NAMESPACE';
export const ENV_IMAGE_PULL_SECRET = 'HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_PULL_SECRET';
export const ENV_MCP_SERVER_URL = 'MCP_SERVER_WASM_IMAGE_URL';
export const ENV_INSECURE_REGISTRIES = 'WASM_INSECURE_REGISTRIES';

/** The Console's built-in plugin URLs are `oci://<official>/plugins/<rest>` (global.pluginNamespace). */
const CONSOLE_DEFAULT_NAMESPACE = 'plugins';

/**
 * Where the Console's registry/namespace rewrite must point so `oci://<official>/plugins/<rest>`
 * becomes the pushed artifact. Derived by placing such a path with the push step's own retag.
 * Undefined when the target cannot be named that way (flatten with no project: no namespace left).
 */
export function consoleRegistrySettings(ctx: DeployContext): { registry: string; namespace: string } | undefined {
  const placed = retag({ registry: OFFICIAL_REGISTRY, repository: `${CONSOLE_DEFAULT_NAMESPACE}/plugin` }, ctx.target);
  const slash = placed.repository.lastIndexOf('/');
  return slash < 0 ? undefined : { registry: placed.registry, namespace: placed.repository.slice(0, slash) };
}

/** The environment changes each Higress Deployment needs for the chosen mode. */
export function workloadEnvs(ctx: DeployContext): WorkloadEnv[] {
  const result: WorkloadEnv[] = [];
  const add = (workload: keyof typeof WORKLOADS, env: EnvChange[]) => {
    if (env.length) result.push({ workload, ...WORKLOADS[workload], env });
  };
  add('console', ctx.mode === 'http' ? [{ name: ENV_URL_PATTERN, value: pluginServerUrlPattern(ctx.namespace) }] : ociConsoleEnv(ctx));
  const mcp = ctx.plugins.find((p) => p.name === 'mcp-server');
  if (mcp) {
    const url = ctx.mode === 'http' ? httpPluginUrl(ctx.namespace, mcp.name, servedVersion(mcp, mcp.version)) : ociPluginUrl(mcp, ctx.target);
    add('controller', [{ name: ENV_MCP_SERVER_URL, value: url }]);
  }
  // Only the OCI fetcher talks to the registry; HTTP mode fetches from the Plugin Server in-cluster.
  if (ctx.mode === 'oci' && ctx.insecureRegistry) add('gateway', [{ name: ENV_INSECURE_REGISTRIES, value: ctx.target.registry }]);
  return result;
}

function ociConsoleEnv(ctx: DeployContext): EnvChange[] {
  const settings = consoleRegistrySettings(ctx);
  if (!settings) {
    ctx.warnings.push(
      'With --target-mode flatten and no project the plugins sit at the registry root, which the Console cannot be pointed at: push them under a project (host/project) for the Console to use them.',
    );
    return [];
  }
  warnConsoleMismatches(ctx, settings);
  return [
    { name: ENV_IMAGE_REGISTRY, value: settings.registry },
    { name: ENV_IMAGE_NAMESPACE, value: settings.namespace },
    ...(ctx.pullSecret ? [{ name: ENV_IMAGE_PULL_SECRET, value: ctx.pullSecret }] : []),
    // A URL pattern (set when the Plugin Server was enabled) wins over registry/namespace.
    { name: ENV_URL_PATTERN, value: null },
  ];
}

/** Built-in plugins the Console would fetch from somewhere the push step did not put them. */
function warnConsoleMismatches(ctx: DeployContext, settings: { registry: string; namespace: string }): void {
  for (const plugin of ctx.plugins) {
    const listed = plugin.origin === 'catalog' ? ctx.release.plugins.find((c) => c.name === plugin.name) : undefined;
    if (!listed) continue;
    // The Console keeps everything after the first path segment of its default repository.
    const rest = listed.repository.slice(listed.repository.indexOf('/') + 1);
    const asked = `oci://${settings.registry}/${settings.namespace}/${rest}:${listed.tag}`;
    const pushed = ociPluginUrl(plugin, ctx.target);
    if (asked !== pushed) ctx.warnings.push(`The Higress ${ctx.release.release} Console will fetch ${plugin.name} from ${asked}, but it is pushed as ${pushed}: configure it through its WasmPlugin instead.`);
  }
}

export function setEnvCommand(namespace: string, w: WorkloadEnv): string {
  const pairs = w.env.map((e) => (e.value === null ? `${e.name}-` : shellQuote(`${e.name}=${e.value}`)));
  return ['kubectl', '-n', namespace, 'set', 'env', `deployment/${w.deployment}`, '-c', w.container, ...pairs].join(' ');
}

/** A strategic merge patch (`kubectl patch --patch-file`); the container is matched by name. */
export function envPatch(w: WorkloadEnv): Record<string, unknown> {
  const env = w.env.map((e) => (e.value === null ? { name: e.name, $patch: 'delete' } : { name: e.name, value: e.value }));
  return { spec: { template: { spec: { containers: [{ name: w.container, env }] } } } };
}
