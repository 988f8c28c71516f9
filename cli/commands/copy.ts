import { Option, type Command } from 'commander';
import { copy } from '../../shared/copy';
import { UsageError } from '../../shared/errors';
import { formatReference, manifestReference, parseReference } from '../../shared/oci/reference';
import { parsePlatform } from '../../shared/oci/schemas';
import { cliFlagNames, connectionProblems, flagsOf, refuseConnectionProblems } from '../../shared/registry/connection-flags';
import type { Engine } from '../../shared/services/engine';
import { RegistryStore } from '../../shared/store/registry-store';
import type { CliIo } from '../io';
import { formatBytes, report } from '../output';
import { progressBar } from '../progress-bar';

interface CopyOpts {
  platform?: string;
  json?: boolean;
  srcPlainHttp?: boolean;
  srcInsecure?: boolean;
  srcCaFile?: string;
  destPlainHttp?: boolean;
  destInsecure?: boolean;
  destCaFile?: string;
}

export function registerCopy(program: Command, io: CliIo, engine: Engine): void {
  program
    .command('copy <src-ref> <dst-ref>')
    .description('Copy an image or artifact between registries byte for byte (manifest digests unchanged)')
    .option('--platform <list>', 'keep only these platforms of a multi-arch index, e.g. linux/amd64,linux/arm64')
    .option('--json', 'print the result as JSON')
    .addOption(new Option('--src-plain-http', 'the source registry speaks plain HTTP'))
    .addOption(new Option('--src-insecure', 'do not verify the source registry certificate'))
    .addOption(new Option('--src-ca-file <file>', 'PEM CA for the source registry'))
    .addOption(new Option('--dest-plain-http', 'the destination registry speaks plain HTTP'))
    .addOption(new Option('--dest-insecure', 'do not verify the destination registry certificate'))
    .addOption(new Option('--dest-ca-file <file>', 'PEM CA for the destination registry'))
    .addHelpText('after', `
Credentials come from saved logins (higress-airgap login) or docker's config.json.
Only blobs the destination lacks are sent; the tag is written last.

Examples:
  $ higress-airgap copy higress-registry.cn-hangzhou.cr.aliyuncs.com/plugins/key-auth:2.0.0 harbor.example.com/higress/plugins/key-auth:2.0.0
  $ higress-airgap copy 127.0.0.1:5000/higress/plugin-server:2.2.4 harbor.example.com/higress/higress/plugin-server:2.2.4 --platform linux/amd64 --src-plain-http`)
    .action(async (srcText: string, dstText: string, opts: CopyOpts) => {
      const src = parseReference(srcText);
      const dst = parseReference(dstText);
      if (dst.digest && !dst.tag) throw new UsageError('The destination needs a tag (a digest alone cannot name a copy)', { code: 'COPY_DESTINATION_NEEDS_TAG', details: { destination: dstText } });
      const platforms = opts.platform?.split(',').filter(Boolean).map(parsePlatform);
      // Both registries' flags through the engine's one check, every problem of both at once.
      const srcInput = { plainHttp: opts.srcPlainHttp, insecure: opts.srcInsecure, caFile: opts.srcCaFile };
      const dstInput = { plainHttp: opts.destPlainHttp, insecure: opts.destInsecure, caFile: opts.destCaFile };
      refuseConnectionProblems([...connectionProblems(srcInput, cliFlagNames('src-')), ...connectionProblems(dstInput, cliFlagNames('dest-'))]);
      const bar = progressBar(io, io.isTTY && !opts.json);
      const srcClient = await engine.connect(src.registry, flagsOf(srcInput, io.cwd));
      const dstClient = await engine.connect(dst.registry, flagsOf(dstInput, io.cwd));
      try {
        const result = await copy(new RegistryStore(srcClient, src.repository), manifestReference(src), new RegistryStore(dstClient, dst.repository), dst.tag ?? manifestReference(src), {
          platforms,
          signal: io.signal,
          onProgress: bar.sink,
        });
        bar.done();
        report(io, opts.json, { source: formatReference(src), destination: formatReference({ ...dst, digest: undefined }), ...result }, (r) =>
          [
            `Copied ${r.source} → ${r.destination}`,
            `  digest ${r.digest}${r.digest !== r.sourceDigest ? ` (filtered from ${r.sourceDigest})` : ''}`,
            `  platforms ${r.platforms.join(', ') || '-'}`,
            `  blobs: ${r.blobs.uploaded} sent (${formatBytes(r.blobs.bytesSent)}), ${r.blobs.mounted} mounted, ${r.blobs.skipped} already there`,
          ].join('\n'),
        );
      } finally {
        bar.done();
      }
    });
}
