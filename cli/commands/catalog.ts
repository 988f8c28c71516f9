import type { Command } from 'commander';
import { DEFAULT_RELEASE, getRelease, releaseNames } from '../../shared/catalog/catalog';
import { OFFICIAL_REGISTRY } from '../../shared/catalog/registries';
import { refreshCatalog } from '../../shared/plugins/catalog-refresh';
import type { Engine } from '../../shared/services/engine';
import type { CliIo } from '../io';
import { report, table } from '../output';
import { addConnectionOptions, connectionFlags, type ConnectionOptionValues } from '../registry-env';

export function registerCatalog(program: Command, io: CliIo, engine: Engine): void {
  addConnectionOptions(
    program
      .command('catalog')
      .description("List a Higress release's built-in plugins as its Console knows them: repository, tag, pinned digest, served versions, phase, priority, category, which Console builds know each, and whether the official Plugin Server image serves it where the Console asks (PS SERVES)")
      .option('--release <x.y.z>', `Higress release (${releaseNames().join(', ')})`, DEFAULT_RELEASE)
      .option('--refresh', "also list newer tags from the source registry (shown, never followed; 'latest' is ignored)")
      .option('--source <host[:port]>', 'registry for --refresh', OFFICIAL_REGISTRY)
      .option('--json', 'print as JSON'),
  )
    .addHelpText('after', `
Examples:
  $ higress-airgap catalog
  $ higress-airgap catalog --release 2.2.3 --json
  $ higress-airgap catalog --refresh --source higress-registry.us-west-1.cr.aliyuncs.com`)
    .action(async (opts: ConnectionOptionValues & { release: string; refresh?: boolean; source: string; json?: boolean }) => {
      const release = getRelease(opts.release);
      let updates: Map<string, { newer: readonly string[]; error?: string | undefined }> | undefined;
      if (opts.refresh) {
        const client = await engine.connect(opts.source, await connectionFlags(opts, io));
        updates = new Map((await refreshCatalog(client, release, io.signal)).map((u) => [u.name, u]));
      }
      const value = {
        release: release.release,
        source: release.source,
        pluginServer: release.pluginServer,
        consoleBuilds: release.consoleBuilds.map((b) => ({ id: b.id, label: b.label, source: b.source, registryNamespaceEnv: b.registryNamespaceEnv, pullPolicyEnv: b.pullPolicyEnv, plugins: Object.keys(b.plugins).length })),
        plugins: release.plugins.map((p) => ({
          name: p.name,
          repository: p.repository,
          tag: p.tag,
          digest: p.digest ?? null,
          pinStatus: p.pinStatus ?? null,
          wasmSha256: p.wasmSha256 ?? null,
          pinSource: p.pinSource,
          servedVersions: p.servedVersions,
          phase: p.phase,
          priority: p.priority,
          category: p.category,
          consoleBuilds: p.consoleBuilds,
          inPluginServerImage: p.inPluginServerImage,
          ...(updates ? { newerTags: updates.get(p.name)?.newer ?? [], refreshError: updates.get(p.name)?.error } : {}),
        })),
      };
      report(io, opts.json, value, (r) => {
        const ps = r.pluginServer;
        const builds = r.consoleBuilds.map((b, i) => `  [${i + 1}] ${b.label} (${b.id}): ${b.plugins} built-in plugins`).join('\n');
        const head = `Higress ${r.release}: plugin-server ${ps.repository}:${ps.tag}${ps.digest ? `@${ps.digest}` : ''}\nConsole builds:\n${builds}\n`;
        const rows = [['NAME', 'REPOSITORY', 'TAG', 'SERVED AS', 'PHASE', 'PRIO', 'CATEGORY', 'DIGEST', ...(r.consoleBuilds.length > 1 ? ['CONSOLE'] : []), 'PS SERVES', ...(updates ? ['NEWER'] : [])]];
        for (const p of r.plugins) {
          rows.push([
            p.name,
            p.repository,
            p.tag,
            p.servedVersions.join(','),
            p.phase,
            String(p.priority),
            p.category,
            p.digest ? `${p.digest.slice(0, 19)}…` : '(not pinned)',
            ...(r.consoleBuilds.length > 1 ? [r.consoleBuilds.map((b, i) => (p.consoleBuilds.includes(b.id) ? String(i + 1) : '-')).join(' ')] : []),
            p.inPluginServerImage ? 'yes' : 'no',
            ...(updates ? [p.refreshError ? `error: ${p.refreshError}` : (p.newerTags ?? []).join(', ') || '-'] : []),
          ]);
        }
        const lacking = r.plugins.filter((p) => !p.inPluginServerImage).map((p) => p.name);
        const foot = lacking.length ? `\nThe official Plugin Server image of ${r.release} does not serve ${lacking.join(', ')} as the Console asks: in HTTP mode push a custom Plugin Server image (push --plugin-server-image).\n` : '';
        return head + table(rows) + foot;
      });
    });
}
