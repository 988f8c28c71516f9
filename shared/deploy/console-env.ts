import { consoleOciSettings } from '../catalog/console-urls';
import { warn } from './notes';
import type { DeployContext } from './options';
import { consoleIdentity, httpPluginUrl, ociPluginUrl, pluginServerUrlPattern, servedVersion } from './plugin-urls';
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
export const ENV_IMAGE_PULL_POLICY = 'HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_PULL_POLICY';
export const ENV_MCP_SERVER_URL = 'MCP_SERVER_WASM_IMAGE_URL';
export const ENV_INSECURE_REGISTRIES = 'WASM_INSECURE_REGISTRIES';

/** The environment changes each Higress Deployment needs for the chosen mode. */
export function workloadEnvs(ctx: DeployContext): WorkloadEnv[] {
  const result: WorkloadEnv[] = [];
  const add = (workload: keyof typeof WORKLOADS, env: EnvChange[]) => {
    if (env.length) result.push({ workload, ...WORKLOADS[workload], env });
  };
  add('console', ctx.mode === 'http' ? [{ name: ENV_URL_PATTERN, value: pluginServerUrlPattern(ctx.namespace) }] : ociConsoleEnv(ctx));
  const mcp = ctx.plugins.find((p) => p.name === 'mcp-server');
  if (mcp) {
    const asked = consoleIdentity(mcp, ctx.consoleBuild);
    const url = ctx.mode === 'http' ? httpPluginUrl(ctx.namespace, asked.name, servedVersion(mcp, asked.version)) : ociPluginUrl(mcp, ctx.target);
    add('controller', [{ name: ENV_MCP_SERVER_URL, value: url }]);
    if (ctx.mode === 'oci' && ctx.pullSecret) {
      const image = url.replace(/^oci:\/\//, '');
      warn(ctx, 'DEPLOY_MCP_NO_PULL_SECRET', {
        env: ENV_MCP_SERVER_URL,
        image,
      });
    }
  }
  // Only the OCI fetcher talks to the registry; HTTP mode fetches from the Plugin Server in-cluster.
  if (ctx.mode === 'oci' && ctx.insecureRegistry) add('gateway', [{ name: ENV_INSECURE_REGISTRIES, value: ctx.target.registry }]);
  return result;
}

/**
 * OCI mode: from console v2.2.1 the Console reads a registry and namespace and rewrites its default
 * URLs; before, it only reads the URL pattern, so it gets `oci://<registry>/<namespace>/${name}:${version}`
 * — and `push` adds the extra tags and paths that makes every built-in plugin exist there.
 */
function ociConsoleEnv(ctx: DeployContext): EnvChange[] {
  const build = ctx.consoleBuild;
  const settings = consoleOciSettings(build, ctx.target);
  if (!settings) {
    warn(
      ctx,
      'DEPLOY_FLATTEN_NO_PROJECT',
    );
    return [];
  }
  const extras: EnvChange[] = [
    ...(ctx.pullSecret && build.pullSecretEnv ? [{ name: ENV_IMAGE_PULL_SECRET, value: ctx.pullSecret }] : []),
    ...(build.pullPolicyEnv ? [{ name: ENV_IMAGE_PULL_POLICY, value: ctx.imagePullPolicy }] : []),
  ];
  if (ctx.pullSecret && !build.pullSecretEnv) warn(ctx, 'DEPLOY_CONSOLE_NO_PULL_SECRET', { build: build.label });
  if (settings.pattern) return [{ name: ENV_URL_PATTERN, value: settings.pattern }, ...extras];
  return [
    { name: ENV_IMAGE_REGISTRY, value: settings.registry as string },
    { name: ENV_IMAGE_NAMESPACE, value: settings.namespace as string },
    ...extras,
    // A URL pattern (set when the Plugin Server was enabled) wins over registry/namespace.
    { name: ENV_URL_PATTERN, value: null },
  ];
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
