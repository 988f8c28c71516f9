import type { Command } from 'commander';
import { systemCheck } from '../../shared/system/check';
import type { Engine } from '../../shared/services/engine';
import type { CliIo } from '../io';
import { formatBytes, report } from '../output';

export function registerSystem(program: Command, io: CliIo, engine: Engine): void {
  const system = program.command('system').description('Check this machine: app version, Docker engine, free space');
  system
    .command('check')
    .description('Report the app version, whether a Docker engine answers, and the free space of a folder')
    .option('--folder <dir>', 'folder whose free space and file system to report', '.')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ higress-airgap system check
  $ higress-airgap system check --folder /media/usb --json
  $ DOCKER_HOST=unix:///run/user/1000/docker.sock higress-airgap system check`,
    )
    .action(async (opts: { folder: string; json?: boolean }) => {
      const result = await systemCheck({ appVersion: engine.appVersion, docker: engine.docker }, opts.folder);
      report(io, opts.json, result, (r) => {
        const lines = [
          `Higress Airgap ${r.appVersion} (${r.platform}, Node ${r.node})`,
          r.docker.reachable
            ? `Docker engine: ${r.docker.endpoint} (Docker ${r.docker.version}, API ${r.docker.apiVersion})`
            : `Docker engine: not reachable at ${r.docker.endpoint}${r.docker.error ? ` (${r.docker.error})` : ''}`,
        ];
        if (r.folder) {
          const f = r.folder;
          lines.push(
            f.error
              ? `Folder ${f.path}: ${f.error}`
              : `Folder ${f.path}: ${formatBytes(f.freeBytes)} free of ${formatBytes(f.totalBytes)} (${f.fileSystem}${f.writable ? '' : ', not writable'}${f.exists ? '' : ', will be created'})`,
          );
        }
        return lines.join('\n');
      });
    });
}
