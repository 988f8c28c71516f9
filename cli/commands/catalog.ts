import type { Command } from 'commander';
import { DEFAULT_RELEASE, getRelease, releaseNames } from '../../shared/catalog/catalog';
import { OFFICIAL_REGISTRY } from '../../shared/catalog/registries';
import { refreshCatalog } from '../../shared/plugins/catalog-refresh';
import { connectRegistry } from '../../shared/registry/connect';
import type { CliIo } from '../io';
import { report, table } from '../output';
import { addConnectionOptions, cliRegistryEnvironment, connectionFlags, type ConnectionOptionValues } from '../registry-env';

export function registerCatalog(program: Command, io: CliIo): void {
  addConnectionOptions(
    program
      .command('catalog')
      .description('List the official plugins of a Higress release: repository, tag, pinned digest, phase, priority')
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
        const client = await connectRegistry(cliRegistryEnvironment(io), opts.source, await connectionFlags(opts, io));
        updates = new Map((await refreshCatalog(client, release, io.signal)).map((u) => [u.name, u]));
      }
      const value = {
        ...release,
        plugins: release.plugins.map((p) => ({ ...p, ...(updates ? { newerTags: updates.get(p.name)?.newer ?? [], refreshError: updates.get(p.name)?.error } : {}) })),
      };
      report(io, opts.json, value, (r) => {
        const ps = r.pluginServer;
        const head = `Higress ${r.release}: plugin-server ${ps.repository}:${ps.tag}${ps.digest ? `@${ps.digest}` : ''}\nConsole asks for version: ${r.consoleVersion === 'tag' ? 'the OCI tag' : '1.0.0 (served as 1.0.0 and 2.0.0)'}\n`;
        const rows = [['NAME', 'REPOSITORY', 'TAG', 'PHASE', 'PRIO', 'DIGEST', ...(updates ? ['NEWER'] : [])]];
        for (const p of r.plugins) {
          rows.push([p.name, p.repository, p.tag, p.phase ?? '-', p.priority === undefined ? '-' : String(p.priority), p.digest ? `${p.digest.slice(0, 19)}…` : '(not pinned)', ...(updates ? [p.refreshError ? `error: ${p.refreshError}` : (p.newerTags ?? []).join(', ') || '-'] : [])]);
        }
        return head + table(rows);
      });
    });
}
