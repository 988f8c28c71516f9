import type { Command } from 'commander';
import { cliFlagNames } from '../../shared/model/connection-input';
import { describeRegistrySettings as describe, listRegistrySettings, removeRegistrySettings } from '../../shared/settings/registry-settings';
import { saveRegistry } from '../../shared/services/saved-registries';
import type { Engine } from '../../shared/services/engine';
import { resolve } from 'node:path';
import type { CliIo } from '../io';
import { report, table } from '../output';
import { collect } from '../parsers';

export function registerRegistry(program: Command, io: CliIo, engine: Engine): void {
  const registry = program
    .command('registry')
    .description('Saved per-registry settings: plain HTTP, TLS verification, CA file (shared with the app)')
    .addHelpText('after', `\nSettings live in ${'$HIGRESS_AIRGAP_CONFIG'} or the platform's config folder (registries.json).`);

  registry
    .command('set <host>')
    .description('Save how to reach a registry (replaces its previous settings)')
    .option('--plain-http', 'the registry speaks plain HTTP')
    .option('--insecure', 'TLS without certificate verification (self-signed)')
    .option('--ca-file <file>', 'PEM file of the CA that signed the registry certificate')
    .option('--allow-realm <host>', 'trust this token service host (repeatable)', collect, [])
    .option('--json', 'print the saved settings as JSON')
    .addHelpText('after', `
Examples:
  $ higress-airgap registry set harbor.example.com --ca-file ./harbor-ca.crt
  $ higress-airgap registry set 10.0.0.5:5000 --plain-http
  $ higress-airgap registry set registry.local:8443 --insecure`)
    .action(async (host: string, opts: { plainHttp?: boolean; insecure?: boolean; caFile?: string; allowRealm: string[]; json?: boolean }) => {
      // The app's Settings save through the same function (and the same check of the TLS options).
      const saved = await saveRegistry(
        engine,
        { host, plainHttp: opts.plainHttp, insecure: opts.insecure, caFile: opts.caFile ? resolve(io.cwd, opts.caFile) : undefined, allowRealmHosts: opts.allowRealm },
        cliFlagNames(),
      );
      report(io, opts.json, saved, (s) => `Saved ${s.host}: ${describe(s)}`);
    });

  registry
    .command('list')
    .description('List saved registry settings')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const all = await listRegistrySettings(engine.settingsDir);
      report(io, opts.json, all, (list) => (list.length ? table([['HOST', 'SETTINGS'], ...list.map((s) => [s.host, describe(s)])]) : 'No saved registry settings.'));
    });

  registry
    .command('remove <host>')
    .description('Forget the saved settings of a registry')
    .action(async (host: string) => {
      const removed = await removeRegistrySettings(engine.settingsDir, host);
      io.stdout(removed ? `Removed ${host}.\n` : `${host} had no saved settings.\n`);
    });

  registry
    .command('test <host>')
    .description('Check that a registry answers, and what authentication it asks for')
    .option('--json', 'print as JSON')
    .action(async (host: string, opts: { json?: boolean }) => {
      const client = await engine.connect(host);
      const ping = await client.ping(io.signal);
      report(io, opts.json, ping, (p) => `${p.host} answers at ${p.url}; authentication: ${p.auth}${p.apiVersion ? ` (${p.apiVersion})` : ''}`);
    });
}
