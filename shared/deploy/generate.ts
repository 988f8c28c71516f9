import { notServedByOfficialImage } from '../catalog/catalog';
import { formatReference } from '../oci/reference';
import { setEnvCommand, workloadEnvs } from './console-env';
import { helmCommands, helmSetArgs, helmValues } from './helm';
import { resolveOptions, type DeployContext } from './options';
import { pluginServerDeployment, pluginServerImage, pluginServerService } from './plugin-server';
import { renderFiles } from './render';
import { pullSecret, pullSecretCommand } from './secret';
import { notice, type Notice } from '../messages/catalog';
import type { DeployInput, DeployOptions, DeployOutput, KubeObject, PluginSummary } from './types';
import { validateObject } from './validate';
import { migratedWasmPlugins, pluginSummaries, wasmPluginObject } from './wasm-plugins';
import { objectKey } from '../model/bundle-manifest';
import { httpPluginUrl, ociPluginUrl, servedVersion } from './plugin-urls';
import { migrationReadme } from './readme';
import { FILES } from './paths';
import { noticeLine, warn } from './notes';

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
  // Plugins the inventory brought have their own WasmPlugins: the migrated objects.
  const inventoryPlugins = new Set(input.inventory?.objects.map((o) => o.plugin) ?? []);
  const generated: KubeObject[] = ctx.wasmPlugins ? ctx.plugins.flatMap((p, i) => (inventoryPlugins.has(p.name) ? [] : [wasmPluginObject(ctx, p, plugins[i] as PluginSummary)])) : [];
  const migration = ctx.wasmPlugins && input.inventory ? migrated(ctx, input.inventory, options) : { objects: [] as KubeObject[], notices: [] as Notice[] };
  // A migrated object and a generated one of the same name: the migrated one wins (the README says so).
  const migratedKeys = new Set(migration.objects.map((o) => objectKey(o as { metadata: { name: string; namespace: string } })));
  const replaced = generated.filter((o) => migratedKeys.has(`${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`));
  const notices = [...migration.notices, ...replaced.map((o) => replacedNotice(`${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`))];
  const wasm: KubeObject[] = [...generated.filter((o) => !replaced.includes(o)), ...migration.objects];
  ctx.notices.push(...notices);
  const objects: KubeObject[] = [...(secret ? [secret] : []), ...server, ...wasm];
  for (const o of objects) validateObject(o);

  const values = mergeValues(options.chartValues ?? {}, helmValues(ctx, env, serverRef));
  const setArgs = helmSetArgs(values);
  const helm = helmCommands(ctx, setArgs);
  const setEnvCommands = env.map((w) => setEnvCommand(ctx.namespace, w));
  const secretCommand = ctx.pullSecret ? pullSecretCommand(ctx, ctx.pullSecret) : undefined;
  modeWarnings(ctx);

  const rendered = renderFiles({ ctx, secret, pluginServer: server, wasmPlugins: wasm, env, helmValues: values, helmCommands: helm, setEnvCommands, secretCommand, pluginServerImage: serverImage });
  const combined = rendered.combined;
  const section = migration.objects.length ? migrationReadme({ migrated: [...migratedKeys], replaced: replaced.length, restored: options.restoredConfig !== undefined, mode: ctx.mode }) : '';
  const files = section ? rendered.files.map((f) => (f.path === FILES.readme ? { ...f, content: `${f.content.trimEnd()}\n\n${section}` } : f)) : rendered.files;
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
    warnings: ctx.notices.map((n) => noticeLine(n)),
    migrated: [...migratedKeys],
    notices: ctx.notices,
  };
}

function migrated(ctx: DeployContext, inventory: NonNullable<DeployInput['inventory']>, options: DeployOptions): { objects: KubeObject[]; notices: Notice[] } {
  const { objects, leftBehind, notInBundle } = migratedWasmPlugins(
    inventory,
    {
      mode: ctx.mode,
      imagePullPolicy: ctx.imagePullPolicy,
      pullSecret: ctx.pullSecret,
      urlOf: (name, version) => {
        const p = ctx.plugins.find((x) => x.name === name);
        if (!p) return undefined;
        return ctx.mode === 'oci' ? { url: ociPluginUrl(p, ctx.target), sha256: p.digest?.replace(/^sha256:/, '') } : { url: httpPluginUrl(ctx.namespace, p.name, servedVersion(p, version)), sha256: p.wasm?.sha256 };
      },
    },
    options.restoredConfig,
  );
  // Texts as in shared/messages/texts/migrate.ts (test/migrate checks they agree).
  const notices: Notice[] = [];
  if (leftBehind.length) {
    const details = { count: leftBehind.length, objects: leftBehind.join(', ') };
    notices.push(notice('MIGRATE_CONFIG_LEFT_BEHIND', details));
  }
  if (notInBundle.length) {
    const details = { count: notInBundle.length, objects: notInBundle.join(', ') };
    notices.push(notice('MIGRATE_CONFIG_NOT_IN_BUNDLE', details));
  }
  // The gateway reads a WasmPlugin's imagePullSecret from the WasmPlugin's own namespace
  // (higress-group/istio@1dbd77359624ab4af2953a4840927fbd7ea1d668:pilot/pkg/model/extensions.go, toSecretResourceName).
  if (ctx.mode === 'oci' && ctx.pullSecret) {
    const elsewhere = [...new Set(objects.map((o) => o.metadata.namespace).filter((ns) => ns !== ctx.namespace))];
    if (elsewhere.length) {
      const details = { secret: ctx.pullSecret, namespaces: elsewhere.join(', '), namespace: ctx.namespace };
      notices.push(notice('MIGRATE_PULL_SECRET_NAMESPACE', details));
    }
  }
  // A built-in moved with other bytes than the release's: the official Plugin Server image serves the
  // release's build at that path, which the object's sha256 would refuse.
  if (ctx.mode === 'http' && !ctx.customPluginServer) {
    const used = new Set(inventory.objects.map((o) => o.plugin));
    const differing = ctx.plugins.filter((p) => used.has(p.name) && p.origin === 'catalog' && p.digest !== ctx.release.plugins.find((c) => c.name === p.name)?.digest).map((p) => p.name);
    if (differing.length) {
      const details = { plugins: differing.join(', ') };
      notices.push(notice('MIGRATE_NEEDS_CUSTOM_SERVER', details));
    }
  }
  return { objects, notices };
}

/** `over` laid on `under`: mappings merge key by key, anything else from `over` wins. */
export function mergeValues(under: Readonly<Record<string, unknown>>, over: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...under };
  const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  for (const [k, v] of Object.entries(over)) {
    const u = out[k];
    out[k] = isMap(u) && isMap(v) ? mergeValues(u, v) : v;
  }
  return out;
}

function replacedNotice(object: string): Notice {
  return notice('MIGRATE_REPLACES_GENERATED', { object });
}

function modeWarnings(ctx: DeployContext): void {
  if (ctx.mode !== 'http') return;
  // With the custom image push built, every bundled plugin is served under every served version.
  const custom = ctx.customPluginServer ? [] : ctx.plugins.filter((p) => p.origin !== 'catalog').map((p) => p.name);
  if (custom.length) {
    warn(ctx, 'DEPLOY_NOT_IN_OFFICIAL_IMAGE', { plugins: custom.join(', ') });
  }
  const lacking = ctx.customPluginServer
    ? []
    : notServedByOfficialImage(ctx.release, ctx.plugins.filter((p) => p.origin === 'catalog').map((p) => p.name));
  if (lacking.length) {
    warn(ctx, 'DEPLOY_OFFICIAL_IMAGE_LACKS', {
      release: ctx.release.release,
      plugins: lacking.join(', '),
    });
  }
  if (ctx.insecureRegistry) {
    warn(ctx, 'DEPLOY_RUNTIME_MUST_TRUST', {
      registry: ctx.target.registry,
    });
  }
}
