import type { Command } from 'commander';
import { resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import { verifyBundle, verifyProblems } from '../../shared/bundle/verify';
import { OpenBundle } from '../../shared/bundle/open-bundle';
import type { CliIo } from '../io';
import { formatBytes, report, table } from '../output';
import { progressBar } from '../progress-bar';

export function registerVerify(program: Command, io: CliIo): void {
  program
    .command('verify <bundle>')
    .description('Offline side: check every volume, file (MD5 and SHA-256) and OCI digest of a bundle (exit 1 on any problem)')
    .option('--json', 'print the full per-file report as JSON')
    .addHelpText('after', `
<bundle> is the .tar file, its first volume (.000), or the folder holding it.

Examples:
  $ higress-airgap verify /media/usb/higress-2.2.4.tar
  $ higress-airgap verify /media/usb/higress-2.2.4.tar.000 --json > report.json`)
    .action(async (input: string, opts: { json?: boolean }) => {
      const bar = progressBar(io, io.isTTY && !opts.json);
      const r = await verifyBundle(resolve(io.cwd, input), { signal: io.signal, onProgress: bar.sink });
      bar.done();
      report(io, opts.json, r, (v) => {
        const bad = v.files.filter((f) => f.status !== 'ok');
        const lines = [`${v.bundle}: ${v.ok ? 'OK' : 'FAILED'} — ${v.summary.ok}/${v.summary.files} files ok, ${formatBytes(v.summary.bytes)} read`];
        for (const vol of v.volumes) if (vol.status !== 'ok' || v.volumes.length > 1) lines.push(`  volume ${vol.name}: ${vol.status}${vol.detail ? ` (${vol.detail})` : ''}`);
        if (bad.length) lines.push(table(bad.map((f) => [`  ${f.status.toUpperCase()}`, f.path, f.detail ?? ''])));
        for (const p of v.problems) lines.push(`  problem: ${p}`);
        return lines.join('\n');
      });
      if (!r.ok) throw new AppError('VERIFY_FAILED', `${r.bundle} failed verification`, { hint: 'Copy the damaged files or volumes again from the source; nothing can be pushed from this bundle.', details: { bundle: r.bundle, problems: verifyProblems(r) } });
    });

  program
    .command('list <bundle>')
    .description('Show what a bundle holds: release, images, plugins and their digests (does not verify)')
    .option('--json', 'print as JSON')
    .addHelpText('after', `
Examples:
  $ higress-airgap list higress-2.2.4.tar
  $ higress-airgap list ./usb-folder --json`)
    .action(async (input: string, opts: { json?: boolean }) => {
      const b = await OpenBundle.open(resolve(io.cwd, input));
      try {
        const m = b.manifest;
        const value = { bundle: b.location.name, kind: b.location.kind, volumes: b.location.volumes.map((v) => ({ name: v.name, size: v.size })), size: b.location.totalSize, manifest: m };
        report(io, opts.json, value, (v) =>
          [
            `${v.bundle} (${formatBytes(v.size)}${v.kind === 'split' ? `, ${v.volumes.length} volumes` : ''}) — Higress ${m.higressRelease ?? '-'}, created ${m.createdAt} by ${m.tool.name} ${m.tool.version}`,
            '',
            table([['IMAGE', 'PLATFORMS', 'SIZE', 'DIGEST'], ...m.images.map((i) => [i.source, i.platforms.join(','), formatBytes(i.size), i.digest])]),
            '',
            table([['PLUGIN', 'VERSION', 'SERVED AS', 'LAYOUT', 'ABI', 'WASM', 'DIGEST'], ...m.plugins.map((p) => [p.name, p.version, p.servedVersions.join(','), p.layout, p.abiVersion ?? '-', formatBytes(p.wasm.size), `${p.digest}${p.pin?.kind === 'followed-tag' ? ` (tag followed; release pins ${p.pin.pinnedDigest ?? '?'})` : ''}`])]),
            '',
            `${m.files.length} files listed in bundle.json`,
          ].join('\n'),
        );
      } finally {
        await b.close();
      }
    });
}
