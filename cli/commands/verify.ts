import type { Command } from 'commander';
import { resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import { verifyBundle, verifyProblems } from '../../shared/bundle/verify';
import { renderVerifyText } from '../../shared/messages/verify-render';
import { localeFromEnv, renderError } from '../../shared/messages/catalog';
import { OpenBundle } from '../../shared/bundle/open-bundle';
import type { CliIo } from '../io';
import { formatBytes, report, table } from '../output';
import { progressBar } from '../progress-bar';

export function registerVerify(program: Command, io: CliIo): void {
  program
    .command('verify <bundle>')
    .description('Offline side: check every volume, file (SHA-256, and MD5 but for image blobs) and OCI digest of a bundle (exit 1 on any problem)')
    .option('--json', 'print the full per-file report as JSON')
    .addHelpText('after', `
<bundle> is the .tar file, its first volume (.000), or the folder holding it.

Examples:
  $ higress-airgap verify /media/usb/higress-2.2.4.tar
  $ higress-airgap verify /media/usb/higress-2.2.4.tar.000 --json > report.json`)
    .action(async (input: string, opts: { json?: boolean }) => {
      const locale = localeFromEnv(io.env);
      const bar = progressBar(io, io.isTTY && !opts.json);
      const r = await verifyBundle(resolve(io.cwd, input), { signal: io.signal, onProgress: bar.sink });
      bar.done();
      const findings = r.findings ?? [];
      // A file that is no bundle, or one cut short, is one sentence with the next step (the error below).
      const oneSentence = r.verdict?.code === 'NOT_A_BUNDLE' || r.verdict?.code === 'VERIFY_TRUNCATED';
      if (opts.json || !oneSentence) report(io, opts.json, r, (v) => {
        const line = (code: string, details: Record<string, unknown>) => renderError({ code, message: code, details }, locale, 'cli').message;
        const lines = [
          v.ok
            ? line('VERIFY_REPORT_OK', { bundle: v.bundle, files: v.summary.files, size: formatBytes(v.summary.bytes) })
            : line('VERIFY_REPORT_BAD', { bundle: v.bundle, count: findings.length, bad: v.summary.bad, files: v.summary.files }),
        ];
        // Every volume of a set; a single file only when it could not be checked (its problems are findings).
        for (const vol of v.volumes) {
          if (vol.status === 'mismatch') continue;
          if (vol.status === 'ok' && v.volumes.length > 1) lines.push(`  ${line('VOLUME_OK', { volume: vol.name })}`);
          else if (vol.status === 'unchecked' && vol.code) lines.push(`  ${renderVerifyText({ code: vol.code, message: `volume ${vol.name}: ${vol.detail ?? 'unchecked'}`, details: vol.details ?? { volume: vol.name } }, locale).message}`);
        }
        for (const f of findings) lines.push(`  ✗ ${renderVerifyText(f, locale).message}`);
        return lines.join('\n');
      });
      if (!r.ok && r.verdict) {
        throw new AppError(r.verdict.code, r.verdict.message, { hint: r.verdict.hint, details: { ...r.verdict.details, problems: verifyProblems(r), issues: findings.map((f) => ({ code: f.code, details: f.details })) } });
      }
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

