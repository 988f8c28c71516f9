import type { Command } from 'commander';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { OpenBundle } from '../../shared/bundle/open-bundle';
import { verifyBundle, verifyProblems, type VerifyReport } from '../../shared/bundle/verify';
import { AppError, UsageError } from '../../shared/errors';
import { isLoopback, startBundleServer, type BundleServer } from '../../shared/serve/server';
import type { CliIo } from '../io';
import { parsePort } from '../parsers';
import { progressBar } from '../progress-bar';

const DEFAULT_PORT = 8080;

export function registerServe(program: Command, io: CliIo): void {
  program
    .command('serve <bundle>')
    .description("Offline side: serve a bundle's plugins like the Plugin Server (/plugins/<name>/<version>/plugin.wasm) and its images through a read-only /v2/ registry API")
    .option('--port <n>', `port to listen on (0 = a free one)`, parsePort, DEFAULT_PORT)
    .option('--host <address>', 'address to listen on; 0.0.0.0 serves every interface (unauthenticated, read-only HTTP)', '127.0.0.1')
    .option('--no-verify', 'serve without verifying the bundle first (quick tests only)')
    .option('--json', 'print the addresses as one JSON line when ready')
    .addHelpText('after', `
<bundle> is the .tar file, its first volume (.000), or the folder holding it. The bundle is
verified first (as \`higress-airgap verify\` does) and refused if anything is damaged. Files are read
from the tar in place; nothing is extracted. Runs until Ctrl-C.

Served:
  /plugins/<name>/<version>/plugin.wasm, metadata.txt   the Plugin Server layout (with listings)
  /healthz                                              200 ok
  /v2/                                                  read-only registry (pull only, plain HTTP:
                                                        docker needs insecure-registries, skopeo
                                                        --tls-verify=false)

Examples:
  $ higress-airgap serve higress-2.2.4.tar
  $ higress-airgap serve /media/usb/higress-2.2.4.tar.000 --host 0.0.0.0 --port 8080
  $ curl -s http://127.0.0.1:8080/plugins/key-auth/2.0.0/metadata.txt
  $ skopeo copy --src-tls-verify=false docker://127.0.0.1:8080/higress/plugin-server:2.2.4 oci:./ps --all`)
    .action(async (input: string, opts: { port: number; host: string; verify: boolean; json?: boolean }) => {
      if (isIP(opts.host) === 0 && opts.host !== 'localhost') {
        throw new UsageError(`--host ${JSON.stringify(opts.host)} is not an IP address`, { code: 'SERVE_HOST_INVALID', details: { host: opts.host }, hint: 'Use 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or one address of this machine.' });
      }
      const path = resolve(io.cwd, input);
      if (opts.verify) await verifyOrRefuse(io, path, Boolean(opts.json));
      else io.stderr('warning: --no-verify: serving a bundle that was not verified; damaged files would be served as they are.\n');
      if (!isLoopback(opts.host)) {
        io.stderr(
          `notice: listening on ${opts.host}: anyone who can reach this machine can read the bundle (unauthenticated, read-only, plain HTTP).\n` +
            (opts.host === '0.0.0.0' || opts.host === '::' ? "        From other machines, use this machine's address in the URLs below.\n" : ''),
        );
      }
      const bundle = await OpenBundle.open(path);
      try {
        const server = await startBundleServer({ bundle, host: opts.host, port: opts.port, onError: (m) => io.stderr(`error: ${m}\n`) });
        try {
          announce(io, bundle, server, Boolean(opts.json));
          await new Promise<void>((ok) => {
            if (io.signal.aborted) ok();
            else io.signal.addEventListener('abort', () => ok(), { once: true });
          });
        } finally {
          await server.close();
        }
      } finally {
        await bundle.close();
      }
    });
}

async function verifyOrRefuse(io: CliIo, path: string, json: boolean): Promise<void> {
  const bar = progressBar(io, io.isTTY && !json);
  let report: VerifyReport;
  try {
    report = await verifyBundle(path, { signal: io.signal, onProgress: bar.sink });
  } finally {
    bar.done();
  }
  if (report.ok) return;
  const problems = verifyProblems(report);
  io.stderr(problems.map((p) => `  ${p}\n`).join(''));
  throw new AppError('VERIFY_FAILED', `${report.bundle} failed verification: not serving it`, {
    hint: 'Copy the damaged files or volumes again from the source (`higress-airgap verify` shows the full report); --no-verify serves it anyway, for tests only.',
    details: { bundle: report.bundle, problems },
  });
}

function announce(io: CliIo, bundle: OpenBundle, server: BundleServer, json: boolean): void {
  const registry = server.url.replace(/^http:\/\//, '');
  const pattern = `${server.url}/plugins/\${name}/\${version}/plugin.wasm`;
  for (const w of server.warnings) io.stderr(`warning: ${w}\n`);
  if (json) {
    io.stdout(`${JSON.stringify({ url: server.url, port: server.port, pluginUrlPattern: pattern, registry, plugins: server.plugins, references: server.references, warnings: server.warnings })}\n`);
    return;
  }
  const m = bundle.manifest;
  const lines = [
    `Serving ${bundle.location.name} (Higress ${m.higressRelease ?? '-'}: ${server.plugins.length} plugins, ${server.references.length} references) at ${server.url}`,
    '',
    'Plugin URL pattern (Console HIGRESS_ADMIN_WASM_PLUGIN_CUSTOM_IMAGE_URL_PATTERN):',
    `  ${pattern}`,
    `Registry (read-only, plain HTTP): ${registry}`,
    ...server.references.slice(0, 5).map((r) => `  ${registry}/${r}`),
    ...(server.references.length > 5 ? [`  … ${server.references.length - 5} more (GET ${server.url}/v2/_catalog)`] : []),
    `Health: ${server.url}/healthz`,
    '',
    'Press Ctrl-C to stop.',
  ];
  io.stdout(`${lines.join('\n')}\n`);
}
