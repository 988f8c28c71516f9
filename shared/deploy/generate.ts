import { notServedByOfficialImage } from '../catalog/catalog';
import { formatReference } from '../oci/reference';
import { setEnvCommand, workloadEnvs } from './console-env';
import { helmCommands, helmSetArgs, helmValues } from './helm';
import { resolveOptions, type DeployContext } from './options';
import { pluginServerDeployment, pluginServerImage, pluginServerService } from './plugin-server';
import { renderFiles } from './render';
import { pullSecret, pullSecretCommand } from './secret';
import type { DeployInput, DeployOptions, DeployOutput, KubeObject, PluginSummary } from './types';
import { validateObject } from './validate';
import { pluginSummaries, wasmPluginObject } from './wasm-plugins';

/**
 * Everything the offline side needs to make Higress use the private copies: objects, settings,
 * Helm values, commands and the output folder. Pure (no I/O): the UI calls it on every keystroke,
 * the CLI writes its files. Bad options throw a UsageError; every object is validated.
 */
export function generateDeployment(input: DeployInput, options: DeployOptions): DeployOutput {
  const ctx = resolveOptions(input, options);
  const serverRef = ctx.mode === 'http' ? pluginServerImage(input.images, ctx) : undefined;
  const serverImage = serverRef && formatReference(serverRef);
  const plugins = pluginSummaries(ctx);
  const env = workloadEnvs(ctx);

  const secret = ctx.pullSecret ? pullSecret(ctx, ctx.pullSecret) : undefined;
  const server: KubeObject[] = serverImage ? [pluginServerDeployment(ctx, serverImage), pluginServerService(ctx)] : [];
  const wasm: KubeObject[] = ctx.wasmPlugins ? ctx.plugins.map((p, i) => wasmPluginObject(ctx, p, plugins[i] as PluginSummary)) : [];
  const objects: KubeObject[] = [...(secret ? [secret] : []), ...server, ...wasm];
  for (const o of objects) validateObject(o);

  const values = helmValues(ctx, env, serverRef);
  const setArgs = helmSetArgs(values);
  const helm = helmCommands(ctx, setArgs);
  const setEnvCommands = env.map((w) => setEnvCommand(ctx.namespace, w));
  const secretCommand = ctx.pullSecret ? pullSecretCommand(ctx, ctx.pullSecret) : undefined;
  modeWarnings(ctx);

  const { combined, files } = renderFiles({ ctx, secret, pluginServer: server, wasmPlugins: wasm, env, helmValues: values, helmCommands: helm, setEnvCommands, secretCommand, pluginServerImage: serverImage });
  return {
    mode: ctx.mode,
    namespace: ctx.namespace,
    release: ctx.release.release,
    pluginServerImage: serverImage,
    objects,
    combined,
    files,
    env,
    helmValues: values,
    helmSetArgs: setArgs,
    helmCommands: helm,
    kubectlCommands: secretCommand ? [...setEnvCommands, secretCommand] : setEnvCommands,
    plugins,
    warnings: ctx.warnings,
  };
}

function modeWarnings(ctx: DeployContext): void {
  if (ctx.mode !== 'http') return;
  // With the custom image push built, every bundled plugin is served under every served version.
  const custom = ctx.customPluginServer ? [] : ctx.plugins.filter((p) => p.origin !== 'catalog').map((p) => p.name);
  if (custom.length) {
    ctx.warnings.push(`${custom.join(', ')} ${custom.length > 1 ? 'are' : 'is'} not in the official Plugin Server image: serve them from a custom Plugin Server image (base image + a plugins layer), or use OCI mode.`);
  }
  const lacking = ctx.customPluginServer
    ? []
    : notServedByOfficialImage(ctx.release, ctx.plugins.filter((p) => p.origin === 'catalog').map((p) => p.name));
  if (lacking.length) {
    ctx.warnings.push(`The official Higress ${ctx.release.release} Plugin Server image does not serve ${lacking.join(', ')} where the Console asks: deploy the custom Plugin Server image push builds from this bundle instead.`);
  }
  if (ctx.insecureRegistry) {
    ctx.warnings.push(`The cluster's container runtime pulls the Plugin Server image from ${ctx.target.registry}: it must trust that registry (containerd/Docker insecure-registry or CA settings on every node).`);
  }
}
