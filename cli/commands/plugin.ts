import type { Command } from 'commander';
import { resolve } from 'node:path';
import { copy } from '../../shared/copy';
import { UsageError } from '../../shared/errors';
import { baseName, formatReference, manifestReference, parseReference } from '../../shared/oci/reference';
import { inspectPlugin } from '../../shared/plugins/inspect-plugin';
import { packageWasmFile } from '../../shared/plugins/wasm-artifact';
import type { Engine } from '../../shared/services/engine';
import { OciLayoutStore } from '../../shared/store/oci-layout-store';
import { RegistryStore } from '../../shared/store/registry-store';
import type { CliIo } from '../io';
import { formatBytes, report } from '../output';
import { addConnectionOptions, connectionFlags, type ConnectionOptionValues } from '../registry-env';

const NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export function registerPlugin(program: Command, io: CliIo, engine: Engine): void {
  const plugin = program.command('plugin').description('Check and package Higress Wasm plugins');

  addConnectionOptions(
    plugin
      .command('inspect <ref>')
      .description('Check a plugin artifact: layout, proxy-wasm ABI version, wasm size, MD5, SHA-256, manifest digest (exit 1 if a gateway could not load it)')
      .option('--name <name>', 'plugin name for messages (default: the repository name)')
      .option('--json', 'print as JSON'),
  )
    .addHelpText('after', `
Accepted layouts: docker-compat and oci-compat (last layer tar+gzip holding exactly one regular
file named plugin.wasm) and the 2-layer OCI wasm variant. Refused: single raw-wasm layer artifacts,
empty {} layers, layers without plugin.wasm (another *.wasm does not count) or with several, and
modules that are not proxy-wasm: they must compile as WebAssembly and export a
proxy_abi_version_* function the gateway knows (0.1.0, 0.2.0, 0.2.1, 0.2.100) and malloc or
proxy_on_memory_allocate.

Examples:
  $ higress-airgap plugin inspect higress-registry.cn-hangzhou.cr.aliyuncs.com/plugins/key-auth:2.0.0
  $ higress-airgap plugin inspect 127.0.0.1:5000/plugins/my-plugin:1.0.0 --plain-http --json`)
    .action(async (refText: string, opts: ConnectionOptionValues & { name?: string; json?: boolean }) => {
      const ref = parseReference(refText);
      const client = await engine.connect(ref.registry, await connectionFlags(opts, io));
      const p = await inspectPlugin(new RegistryStore(client, ref.repository), manifestReference(ref), { name: opts.name ?? baseName(ref.repository), label: formatReference(ref), signal: io.signal });
      const value = {
        name: p.name,
        reference: p.reference,
        digest: p.digest,
        mediaType: p.mediaType,
        layout: p.layout,
        wasm: { size: p.wasm.size, md5: p.wasm.md5, sha256: p.wasm.sha256, entry: p.wasm.entry, abiVersion: p.wasm.abiVersion },
        spec: p.docs.spec,
        warnings: p.warnings,
      };
      report(io, opts.json, value, (v) =>
        [
          `${v.name}  ${v.reference}`,
          `  layout           ${v.layout}`,
          `  manifest digest  ${v.digest}`,
          `  wasm             ${formatBytes(v.wasm.size)} (${v.wasm.size} bytes)${v.wasm.entry ? ` from ${v.wasm.entry}` : ''}`,
          `  wasm md5         ${v.wasm.md5}`,
          `  wasm sha256      ${v.wasm.sha256}`,
          `  proxy-wasm ABI   ${v.wasm.abiVersion}`,
          ...(v.spec?.version ? [`  spec version     ${v.spec.version}`] : []),
          ...(v.spec?.phase ? [`  phase/priority   ${v.spec.phase} / ${v.spec.priority ?? '-'}`] : []),
          ...v.warnings.map((w) => `  warning: ${w}`),
        ].join('\n'),
      );
    });

  addConnectionOptions(
    plugin
      .command('package <file.wasm>')
      .description('Package a local .wasm as a 2-layer OCI artifact a gateway can load by oci://')
      .requiredOption('--name <name>', 'plugin name')
      .requiredOption('--version <version>', 'plugin version (the tag)')
      .option('--to <ref>', 'push the artifact to this reference')
      .option('--oci-layout <dir>', 'write it into this OCI layout folder')
      .option('--json', 'print as JSON'),
  )
    .addHelpText('after', `
The module must be a proxy-wasm plugin (compiles as WebAssembly, exports proxy_abi_version_* and
malloc or proxy_on_memory_allocate); anything else is refused with the likely cause (exit 2).

Examples:
  $ higress-airgap plugin package ./my-filter.wasm --name my-filter --version 1.0.0 --to harbor.example.com/higress/plugins/my-filter:1.0.0
  $ higress-airgap plugin package ./my-filter.wasm --name my-filter --version 1.0.0 --oci-layout ./out`)
    .action(async (file: string, opts: ConnectionOptionValues & { name: string; version: string; to?: string; ociLayout?: string; json?: boolean }) => {
      if (!NAME.test(opts.name)) throw new UsageError(`--name "${opts.name}" must be lowercase letters, digits and . _ -`, { code: 'PLUGIN_PACKAGE_NAME_INVALID', details: { name: opts.name } });
      if (!/^[\w][\w.-]{0,127}$/.test(opts.version)) throw new UsageError(`--version "${opts.version}" is not a valid tag`, { code: 'PLUGIN_PACKAGE_VERSION_INVALID', details: { version: opts.version } });
      if (!opts.to && !opts.ociLayout) throw new UsageError('Give --to <ref> or --oci-layout <dir>', { code: 'PLUGIN_PACKAGE_DESTINATION_MISSING' });
      const artifact = await packageWasmFile(resolve(io.cwd, file), { name: opts.name, version: opts.version });
      const written: string[] = [];
      if (opts.ociLayout) {
        const layout = new OciLayoutStore(resolve(io.cwd, opts.ociLayout));
        await layout.init();
        await copy(artifact.store, artifact.reference, layout, artifact.reference, { signal: io.signal });
        written.push(`${opts.ociLayout} (${artifact.reference})`);
      }
      if (opts.to) {
        const ref = parseReference(opts.to);
        const client = await engine.connect(ref.registry, await connectionFlags(opts, io));
        await copy(artifact.store, artifact.reference, new RegistryStore(client, ref.repository), ref.tag ?? opts.version, { signal: io.signal });
        written.push(formatReference({ ...ref, tag: ref.tag ?? opts.version, digest: undefined }));
      }
      report(io, opts.json, { name: opts.name, version: opts.version, digest: artifact.manifest.digest, abiVersion: artifact.abiVersion, written }, (v) => `Packaged ${v.name}:${v.version} (${v.digest}, proxy-wasm ABI ${v.abiVersion})\n${v.written.map((w) => `  → ${w}`).join('\n')}`);
    });
}
