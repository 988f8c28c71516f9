import { formatTarget } from '../oci/retag';
import type { DeployContext } from './options';
import { FILES, patchPath } from './paths';
import { PLUGIN_SERVER_NAME } from './plugin-urls';
import type { DeployFile, WorkloadEnv } from './types';

export interface ReadmeParts {
  readonly ctx: DeployContext;
  readonly files: readonly DeployFile[];
  readonly env: readonly WorkloadEnv[];
  readonly helmCommands: readonly string[];
  readonly pluginServerImage: string | undefined;
}

/** The folder's README: what is there and the order to apply it in. Short on purpose. */
export function readme(parts: ReadmeParts): string {
  const { ctx, files } = parts;
  const has = (path: string) => files.some((f) => f.path === path);
  const ns = ctx.namespace;
  const out: string[] = [];
  out.push(`# Higress ${ctx.release.release}: plugins from ${formatTarget(ctx.target)} (${ctx.mode === 'http' ? 'HTTP, Plugin Server' : 'OCI'} mode)`, '');
  out.push(
    ctx.mode === 'http'
      ? `The gateway fetches plugins over HTTP from the Plugin Server (\`${parts.pluginServerImage}\`) in namespace \`${ns}\`; the Console builds their URLs from its URL pattern.`
      : `The gateway pulls plugins straight from \`${formatTarget(ctx.target)}\`; the Console points its built-in plugins there.`,
    '',
    '## Files',
    '',
    ...files.map((f) => `- \`${f.path}\`: ${f.description}`),
    '',
    '## Apply order (kubectl)',
    '',
  );
  // Each step: its first line, then indented commands.
  const steps: string[][] = [];
  if (has(FILES.secret)) {
    steps.push([`Pull Secret (first: everything below pulls with it). ${ctx.credentials ? 'It holds the password.' : 'Replace `<USERNAME>` and `<PASSWORD>` first.'}`, `kubectl apply -f ${FILES.secret}`]);
  }
  if (has(FILES.pluginServer)) {
    steps.push(['Plugin Server, and wait until it serves:', `kubectl apply -f ${FILES.pluginServer}`, `kubectl -n ${ns} rollout status deployment/${PLUGIN_SERVER_NAME}`]);
  }
  if (parts.env.length) {
    steps.push([
      `Higress settings (${parts.env.map((w) => w.deployment).join(', ')} restart): \`sh ${FILES.setEnv}\`, or the patches:`,
      ...parts.env.map((w) => `kubectl -n ${ns} patch deployment ${w.deployment} --patch-file ${patchPath(w)}`),
    ]);
  }
  if (has(FILES.wasmPlugins)) {
    steps.push([
      'WasmPlugins (optional: for applying plugins by CRD; the Console adopts them, same names). They are registered switched off (`defaultConfigDisable: true`) until you add configuration:',
      `kubectl apply -f ${FILES.wasmPlugins}`,
    ]);
  }
  steps.forEach(([first, ...commands], i) => out.push(`${i + 1}. ${first}`, ...commands.map((c) => `   \`${c}\``)));
  out.push('', `Every object at once: \`kubectl apply -f ${FILES.all}\` (the Higress settings stay a separate step: they change Deployments that Helm owns).`, '');
  out.push(
    '## Or with Helm',
    '',
    ctx.mode === 'http'
      ? `Instead of the Plugin Server manifest and the settings: \`sh ${FILES.helmUpgrade}\`, which runs`
      : `Instead of the settings: \`sh ${FILES.helmUpgrade}\`. It also turns the Plugin Server off (\`global.enablePluginServer=false\`): while it is on, the Console's URL pattern wins over the registry settings. It runs`,
    '',
    '```sh',
    parts.helmCommands[0] ?? '',
    '```',
    '',
    `Offline there is no chart repository: fetch the chart on the connected side (\`helm pull higress.io/higress --version ${ctx.release.release}\`) and pass the .tgz as the chart. The pull Secret and the WasmPlugins are applied with kubectl either way.`,
    '',
  );
  const notes = [...ctx.warnings];
  if (ctx.mode === 'oci' && ctx.plainHttp && !/:(?!80$)\d+$/.test(ctx.target.registry)) {
    notes.push(
      `Plain-HTTP registry on port 80: older gateways try HTTPS first and fall back to HTTP only on "server gave HTTP response" (higress#1872, #2079). If plugins fail to pull, name the port: oci://${ctx.target.registry.replace(/:80$/, '')}:80/…`,
    );
  }
  if (notes.length) out.push('## Check before applying', '', ...notes.map((w) => `- ${w}`), '');
  return out.join('\n');
}

/**
 * The README section on WasmPlugins moved from another Higress: what they are, which one wins over
 * a generated object of the same name, and whether their configuration came along.
 */
export function migrationReadme(m: { migrated: readonly string[]; replaced: number; restored: boolean; mode: 'http' | 'oci' }): string {
  return [
    '## Migrated WasmPlugins',
    '',
    `${m.migrated.length} WasmPlugins come from the source environment's inventory (\`${FILES.wasmPlugins}\`): ${m.migrated.map((k) => `\`${k}\``).join(', ')}.`,
    `They keep their names, namespaces, labels, annotations and spec; only \`url\` and \`sha256\`${m.mode === 'oci' ? ' (and `imagePullPolicy`, `imagePullSecret`)' : ''} point at the private copies.`,
    'Where a migrated WasmPlugin has the same namespace and name as one generated for a bundled plugin, the migrated one is written and the generated one left out' + (m.replaced ? ` (${m.replaced} here).` : '.'),
    m.restored
      ? 'Their configuration was decrypted with the passphrase and is in the files: treat them as secrets.'
      : 'Their configuration is not in these files: each object that had some is switched off where it had it (`defaultConfigDisable: true`, `configDisable: true` on its rules) until you configure it.',
    '',
  ].join('\n');
}
