import { formatTarget } from '../oci/retag';
import type { DeployContext } from './options';
import type { Notice } from '../messages/catalog';
import { noticeLine } from './notes';
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
  const notes = ctx.notices.map((n) => noticeLine(n));
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

type ImageRow = { readonly source: string; readonly ref: string; readonly bundled: boolean; readonly component?: string };
type Note = Notice;

function imageLines(images: readonly ImageRow[]): string[] {
  return images.map((i) => `- ${i.component ? `${i.component}: ` : ''}\`${i.ref}\`${i.bundled ? '' : ' (not in the bundle: still the public image)'}${i.source !== i.ref ? ` ← \`${i.source}\`` : ''}`);
}

function noteLines(notices: readonly Note[]): string[] {
  return notices.length ? ['## Check before running', '', ...notices.map((n) => `- ${noticeLine(n)}`), ''] : [];
}

/** The Helm target's README section for the whole release (bundle --with-higress). */
export function helmReleaseReadme(p: { release: string; images: readonly ImageRow[]; chart: string | undefined; chartFile: string; chartUrl: string | undefined; notices: readonly Note[]; pullSecret: string | undefined }): string {
  return [
    `## Install Higress ${p.release} itself (Helm, offline)`,
    '',
    `\`helm/values.yaml\` points every image the chart renders at the private registry (pinned by the bundled digest), \`global.hub\` included${p.pullSecret ? `, each workload pulling with Secret \`${p.pullSecret}\`` : ''}:`,
    '',
    ...imageLines(p.images),
    '',
    p.chart
      ? `The chart package is in this folder (\`${p.chart}\`, copied from the bundle): no chart repository, no internet.`
      : `The bundle has no chart: fetch \`${p.chartFile}\`${p.chartUrl ? ` (${p.chartUrl})` : ''} on the connected side and give it as \`HIGRESS_CHART=<file>\`.`,
    '',
    ...(p.pullSecret ? [`1. Namespace and pull Secret: \`kubectl create namespace <ns>\`, then \`kubectl apply -f ${FILES.secret}\`.`] : []),
    `${p.pullSecret ? '2' : '1'}. \`sh helm/install.sh\` (\`helm upgrade --install\` with \`helm/values.yaml\`; extra arguments go to helm).`,
    `${p.pullSecret ? '3' : '2'}. The WasmPlugins, if any: \`kubectl apply -f ${FILES.wasmPlugins}\`.`,
    '',
  ].join('\n');
}

/** The compose target's README: from the standalone's compose folder to a running gateway. */
export function composeReadme(p: { release: string; files: readonly { path: string; description: string }[]; images: readonly ImageRow[]; notices: readonly Note[] }): string {
  return [
    `# Higress ${p.release} with docker-compose (higress-standalone), from the private registry`,
    '',
    '## Files',
    '',
    ...p.files.map((f) => `- \`${f.path}\`: ${f.description}`),
    '',
    '## Images',
    '',
    ...imageLines(p.images),
    '',
    '## Steps',
    '',
    `1. Take higress-standalone ${p.release} (its \`compose/\` folder) to this machine, and log in to the private registry (\`docker login\`) if it needs credentials.`,
    '2. Copy `compose/.env.airgap` and `compose/docker-compose.override.yml` into that `compose/` folder.',
    '3. In it: `cat .env.airgap >> .env` (the last definition of a variable wins).',
    '4. Check the merged configuration: `docker-compose config` (every image names the private registry).',
    '5. Start: `docker-compose up -d` (the `plugin-server` profile is on through `COMPOSE_PROFILES`).',
    '',
    ...noteLines(p.notices),
  ].join('\n');
}

/** The docker (all-in-one) target's README. */
export function dockerReadme(p: { release: string; files: readonly { path: string; description: string }[]; copies: readonly { path: string }[]; images: readonly ImageRow[]; notices: readonly Note[]; parts: { allInOne: { ports: readonly number[] } | null } }): string {
  const ports = p.parts.allInOne?.ports ?? [];
  return [
    `# Higress ${p.release} all-in-one (Docker), from the private registry`,
    '',
    '## Files',
    '',
    ...p.files.map((f) => `- \`${f.path}\`: ${f.description}`),
    ...(p.copies.length ? [`- \`docker/plugins/\`: ${p.copies.length} custom plugin module${p.copies.length === 1 ? '' : 's'}, mounted read-only where the built-in Plugin Server serves them`] : []),
    '',
    '## Image',
    '',
    ...imageLines(p.images),
    '',
    '## Steps',
    '',
    '1. Copy this folder to the Docker host and log in to the private registry (`docker login`) if it needs credentials.',
    '2. `sh docker/run-higress.sh` (extra arguments go to `docker run`; `HIGRESS_NAME`, `HIGRESS_DATA`, `HIGRESS_PORT_<port>` change the name, data folder and ports).',
    `3. The gateway listens on ${ports.map((x) => `\`${x}\``).join(', ')}; the built-in Plugin Server is on (\`USE_PLUGIN_SERVER=on\`).`,
    '',
    ...noteLines(p.notices),
  ].join('\n');
}
