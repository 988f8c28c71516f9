import type { Command } from 'commander';
import { inspect, type InspectedManifest } from '../../shared/inspect';
import { formatReference, manifestReference, parseReference } from '../../shared/oci/reference';
import type { Engine } from '../../shared/services/engine';
import { RegistryStore } from '../../shared/store/registry-store';
import type { CliIo } from '../io';
import { formatBytes, report, table } from '../output';
import { addConnectionOptions, connectionFlags, type ConnectionOptionValues } from '../registry-env';

export function registerInspect(program: Command, io: CliIo, engine: Engine): void {
  addConnectionOptions(
    program
      .command('inspect <ref>')
      .description('Show what a reference is: media type, digest, platforms, layers and sizes')
      .option('--json', 'print as JSON'),
  )
    .addHelpText('after', `
Examples:
  $ higress-airgap inspect higress-registry.cn-hangzhou.cr.aliyuncs.com/higress/plugin-server:2.2.4
  $ higress-airgap inspect 127.0.0.1:5000/plugins/key-auth:2.0.0 --plain-http --json`)
    .action(async (refText: string, opts: ConnectionOptionValues & { json?: boolean }) => {
      const ref = parseReference(refText);
      const client = await engine.connect(ref.registry, await connectionFlags(opts, io));
      const result = await inspect(new RegistryStore(client, ref.repository), manifestReference(ref), io.signal);
      report(io, opts.json, { ...result, reference: formatReference(ref) }, (r) => {
        const lines = [`${r.reference}`, `  media type  ${r.mediaType}`, `  digest      ${r.digest}`, `  total size  ${formatBytes(r.totalSize)}`];
        if (r.platforms) for (const p of r.platforms) lines.push('', `  ${p.platform}  ${p.manifest.digest}`, layersTable(p.manifest));
        if (r.manifest) lines.push('', layersTable(r.manifest));
        return lines.join('\n');
      });
    });
}

function layersTable(m: InspectedManifest): string {
  const rows = [['    KIND', 'MEDIA TYPE', 'SIZE', 'DIGEST'], ['    config', m.config.mediaType, formatBytes(m.config.size), m.config.digest], ...m.layers.map((l) => ['    layer', l.mediaType, formatBytes(l.size), `${l.digest}${l.title ? `  (${l.title})` : ''}`])];
  return table(rows);
}
