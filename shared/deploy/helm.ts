import { formatReference, type ImageReference } from '../oci/reference';
import { ENV_IMAGE_NAMESPACE, ENV_IMAGE_PULL_POLICY, ENV_IMAGE_PULL_SECRET, ENV_IMAGE_REGISTRY, ENV_URL_PATTERN } from './console-env';
import { warn } from './notes';
import type { DeployContext } from './options';
import { FILES } from './paths';
import { shellQuote } from './shell';
import type { WorkloadEnv } from './types';

const HELM_RELEASE = 'higress';

/**
 * The chart builds the Plugin Server image as `{hub}/higress/{image}:{tag}` from Higress 2.2.1, and
 * `{hub}/{image}:{tag}` before (facts §2.1). Reads hub/image/tag back from the pushed reference;
 * undefined when the chart's template cannot produce it (e.g. a flattened path without `higress/`).
 */
export function chartImageValues(ref: ImageReference, hubIncludesHigress: boolean): { hub: string; image: string; tag: string } | undefined {
  const segments = ref.repository.split('/');
  const image = segments.pop() as string;
  if (hubIncludesHigress && segments.pop() !== 'higress') return undefined;
  // The template appends `:{tag}`; a tag followed by `@<digest>` still makes a valid pinned reference.
  const tag = `${ref.tag ?? 'latest'}${ref.digest ? `@${ref.digest}` : ''}`;
  return { hub: [ref.registry, ...segments].join('/'), image, tag };
}

function envValue(envs: readonly WorkloadEnv[], workload: WorkloadEnv['workload'], name: string): string | undefined {
  return envs.find((w) => w.workload === workload)?.env.find((e) => e.name === name)?.value ?? undefined;
}

function envMap(envs: readonly WorkloadEnv[], workload: WorkloadEnv['workload']): Record<string, string> | undefined {
  const w = envs.find((x) => x.workload === workload);
  const entries = (w?.env ?? []).filter((e) => e.value !== null).map((e) => [e.name, e.value as string] as const);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

/** Values for the umbrella `higress` chart (`higress-core.*`, `higress-console.*`, shared `global.*`). */
export function helmValues(ctx: DeployContext, envs: readonly WorkloadEnv[], pluginServer: ImageReference | undefined): Record<string, unknown> {
  const core: Record<string, unknown> = {};
  const consoleValues: Record<string, unknown> = {};
  const podEnvs: Record<string, string> = {};
  let enablePluginServer = false;

  if (ctx.mode === 'http' && pluginServer) {
    const pattern = envValue(envs, 'console', ENV_URL_PATTERN) as string;
    const chart = chartImageValues(pluginServer, ctx.release.helmHubIncludesHigress);
    if (chart) {
      enablePluginServer = true;
      core.pluginServer = {
        ...chart,
        replicas: ctx.replicas,
        resources: { requests: { ...ctx.resources.requests }, limits: { ...ctx.resources.limits } },
        ...(ctx.pullSecret ? { imagePullSecrets: [{ name: ctx.pullSecret }] } : {}),
      };
      consoleValues.pluginServer = { urlPattern: pattern };
    } else {
      // Helm would deploy an image it cannot name: leave the Plugin Server to the manifest, and set
      // the Console's pattern directly (the chart only injects urlPattern with enablePluginServer).
      const template = ctx.release.helmHubIncludesHigress ? '{hub}/higress/{image}' : '{hub}/{image}';
      warn(
        ctx,
        'DEPLOY_CHART_CANNOT_NAME_PLUGIN_SERVER',
        { image: formatReference(pluginServer), release: ctx.release.release, pattern: template, file: FILES.pluginServer },
      );
      podEnvs[ENV_URL_PATTERN] = pattern;
    }
  } else if (ctx.mode === 'oci') {
    // The Plugin Server stays off: with it on, the Console's URL pattern would win over registry/namespace.
    // Registry/namespace through the chart's values where it has them (console chart 2.2.1 on);
    // everything else the Console reads (the oci:// pattern before 2.2.1, pull secret and policy)
    // through podEnvs, which every console chart of 2.1.9–2.2.4 turns into env variables.
    const registry = envValue(envs, 'console', ENV_IMAGE_REGISTRY);
    const namespace = envValue(envs, 'console', ENV_IMAGE_NAMESPACE);
    if (registry !== undefined && namespace !== undefined) {
      if (ctx.release.chartPluginRegistryValues) consoleValues.pluginServer = { imageRegistry: registry, imageNamespace: namespace };
      else Object.assign(podEnvs, { [ENV_IMAGE_REGISTRY]: registry, [ENV_IMAGE_NAMESPACE]: namespace });
    }
    for (const name of [ENV_URL_PATTERN, ENV_IMAGE_PULL_SECRET, ENV_IMAGE_PULL_POLICY]) {
      const value = envValue(envs, 'console', name);
      if (value !== undefined) podEnvs[name] = value;
    }
  }
  if (Object.keys(podEnvs).length) consoleValues.podEnvs = podEnvs;
  const controllerEnv = envMap(envs, 'controller');
  if (controllerEnv) core.controller = { env: controllerEnv };
  const gatewayEnv = envMap(envs, 'gateway');
  if (gatewayEnv) core.gateway = { env: gatewayEnv };

  return {
    global: { enablePluginServer },
    ...(Object.keys(core).length ? { 'higress-core': core } : {}),
    ...(Object.keys(consoleValues).length ? { 'higress-console': consoleValues } : {}),
  };
}

/**
 * The values as `helm --set` arguments (argv tokens). Strings go through `--set-string` so a tag
 * like `1.0` stays a string; `.` in keys and `,` or `\` in values are escaped as Helm's parser wants.
 */
export function helmSetArgs(values: Record<string, unknown>): string[] {
  const args: string[] = [];
  const walk = (value: unknown, key: string) => {
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${key}[${i}]`));
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, key ? `${key}.${k.replace(/\./g, '\\.')}` : k.replace(/\./g, '\\.'));
    } else if (typeof value === 'string') args.push('--set-string', `${key}=${value.replace(/\\/g, '\\\\').replace(/,/g, '\\,')}`);
    else args.push('--set', `${key}=${String(value)}`);
  };
  walk(values, '');
  return args;
}

/** `helm upgrade` with the values file, and the same with `--set` (both keep the release's other values). */
export function helmCommands(ctx: DeployContext, setArgs: readonly string[]): string[] {
  const base = ['helm', 'upgrade', HELM_RELEASE, shellQuote(ctx.helmChart), '-n', ctx.namespace, '--version', ctx.release.release, '--reuse-values'];
  const pairs: string[] = [];
  for (let i = 0; i < setArgs.length; i += 2) pairs.push(`${setArgs[i]} ${shellQuote(setArgs[i + 1] as string)}`);
  return [[...base, '-f', FILES.helmValues].join(' '), [base.join(' '), ...pairs].join(' \\\n  ')];
}
