import type { Command } from 'commander';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { DEFAULT_RELEASE } from '../../shared/catalog/catalog';
import { OFFICIAL_REGISTRY } from '../../shared/catalog/registries';
import { UsageError } from '../../shared/errors';
import { parsePluginArg, parseWasmArg, type BundlePlan } from '../../shared/bundle/plan';
import { parseSplitSize } from '../../shared/model/volume-names';
import { writeBundle } from '../../shared/bundle/write-bundle';
import type { CliIo } from '../io';
import { formatBytes, report } from '../output';
import { progressBar } from '../progress-bar';
import { collect, parseList } from '../parsers';
import { addConnectionOptions, cliRegistryEnvironment, connectionFlags, type ConnectionOptionValues } from '../registry-env';
import { dockerImageSaver } from '../../shared/services/docker-images';

interface BundleOpts extends ConnectionOptionValues {
  out: string;
  release?: string;
  source: string;
  pluginServer?: string | false;
  plugins?: string[];
  allPlugins?: boolean;
  plugin: string[];
  wasm: string[];
  image: string[];
  dockerImage: string[];
  platform?: string[];
  split?: string;
  force?: boolean;
  tempDir?: string;
  created?: string;
  followTags?: boolean;
  json?: boolean;
}

export function registerBundle(program: Command, io: CliIo): void {
  addConnectionOptions(
    program
      .command('bundle')
      .description('Connected side: write one portable, checksummed bundle of the Plugin Server image and plugins')
      .requiredOption('--out <file>', 'the bundle to write (e.g. higress-2.2.4.tar)')
      .option('--release <x.y.z>', `Higress release whose catalog and plugin-server image to use (default ${DEFAULT_RELEASE})`)
      .option('--source <host[:port]>', 'registry for catalog plugins and the plugin-server image: the official host, a mirror, or a local registry', OFFICIAL_REGISTRY)
      .option('--plugin-server <ref>', "bundle this plugin-server image instead of the release's")
      .option('--no-plugin-server', 'bundle no plugin-server image')
      .option('--plugins <list>', 'catalog plugins by name, comma separated', parseList)
      .option('--all-plugins', 'every plugin of the release catalog')
      .option('--plugin <[name@version=]ref>', 'any OCI plugin (repeatable); name and version default to the repository name and tag', collect, [])
      .option('--wasm <name@version=file>', 'a local .wasm file, packaged as a 2-layer OCI artifact (repeatable)', collect, [])
      .option('--image <ref>', 'an extra image (repeatable)', collect, [])
      .option('--docker-image <name>', 'an image from the local Docker engine (repeatable)', collect, [])
      .option('--platform <list>', 'platforms to keep, e.g. linux/amd64,linux/arm64 (default: all the index has)', parseList)
      .option('--split <size>', 'write volumes of this size: 700M, 2G (powers of 1024) or fat32 (just under 4 GiB)')
      .option('--temp-dir <dir>', 'where to stage small blobs (default: the system temp folder)')
      .option('--follow-tags', "when the source lacks a catalog plugin's pinned digest, take the tag's current content instead of refusing (gated; recorded in bundle.json)")
      .option('--created <time>', 'creation time recorded in the bundle (default: SOURCE_DATE_EPOCH, else the newest build time of the inputs, so the same inputs give the same bytes)')
      .option('--force', 'replace an existing bundle of the same name')
      .option('--json', 'print the result as JSON'),
  )
    .addHelpText('after', `
Catalog plugins are pulled by the digest the release pins, so the bundle holds the release's exact
bytes. A mirror without that digest is refused (every refused plugin is listed at once); add
--follow-tags to take what the tag holds there instead (bundle.json records both digests).

The one-off registry flags (--plain-http, --insecure, --ca-file) apply to every registry read;
--username/--password-stdin only to the --source registry. Saved settings and logins apply too.

Examples:
  $ higress-airgap bundle --out higress-2.2.4.tar --all-plugins
  $ higress-airgap bundle --out plugins.tar --release 2.2.3 --plugins key-auth,ai-proxy --platform linux/amd64 --split fat32
  $ higress-airgap bundle --out mine.tar --no-plugin-server --plugin my-filter@1.0.0=harbor.example.com/x/my-filter:1.0.0 --wasm other@0.1.0=./other.wasm
  $ higress-airgap bundle --out b.tar --source 127.0.0.1:5000 --plain-http --release 2.2.3 --plugins key-auth`)
    .action(async (opts: BundleOpts) => {
      const volumeSize = opts.split === undefined ? undefined : parseSplitSize(opts.split);
      if (opts.split !== undefined && volumeSize === undefined) throw new UsageError(`--split ${opts.split}: give a size like 700M, 2G or fat32`);
      if (opts.plugins?.length && opts.allPlugins) throw new UsageError('--plugins and --all-plugins exclude each other');
      const plan: BundlePlan = {
        release: opts.release,
        source: opts.source,
        pluginServer: opts.pluginServer === false ? null : opts.pluginServer,
        catalogPlugins: opts.plugins,
        allCatalogPlugins: opts.allPlugins,
        ociPlugins: opts.plugin.map(parsePluginArg),
        wasmFiles: opts.wasm.map(parseWasmArg).map((w) => ({ ...w, file: resolve(io.cwd, w.file) })),
        images: opts.image,
        dockerImages: opts.dockerImage,
        platforms: opts.platform,
        createdAt: opts.created,
        followTags: opts.followTags,
      };
      const bar = progressBar(io, io.isTTY && !opts.json);
      const tempDir = opts.tempDir ? resolve(io.cwd, opts.tempDir) : tmpdir();
      const saver = opts.dockerImage.length ? dockerImageSaver(io.env, tempDir) : undefined;
      try {
        const result = await writeBundle(
          plan,
          { registry: cliRegistryEnvironment(io, (i) => bar.sink({ phase: 'bundle', bytesDone: 0, retry: i })), flags: await connectionFlags(opts, io), dockerImage: saver?.save },
          { out: resolve(io.cwd, opts.out), volumeSize, force: opts.force, tempDir, env: io.env, signal: io.signal, onProgress: bar.sink },
        );
        bar.done();
        for (const w of result.warnings) io.stderr(`warning: ${w}\n`);
        const m = result.manifest;
        report(io, opts.json, { manifest: m, output: result.output, warnings: result.warnings }, () =>
          [
            `Wrote ${result.output.files.map((f) => f.path).join(', ')} (${formatBytes(result.output.whole.size)})`,
            `  release ${m.higressRelease ?? '-'}, created ${m.createdAt}, platforms ${m.platforms.join(', ') || '-'}`,
            ...m.images.map((i) => `  image  ${i.source}  ${i.digest}  (${i.platforms.join(', ')})`),
            ...m.plugins.map((p) => `  plugin ${p.name} ${p.version} [${p.layout}] served as ${p.servedVersions.join(', ')}  ${p.digest}${p.pin?.kind === 'followed-tag' ? ` (tag followed; release pins ${p.pin.pinnedDigest ?? '?'})` : ''}`),
            `  sha256 ${result.output.whole.sha256}`,
            `  md5    ${result.output.whole.md5}`,
            ...(result.output.volumeList ? [`  volume list ${result.output.volumeList}`] : []),
          ].join('\n'),
        );
      } finally {
        bar.done();
        await saver?.cleanup();
      }
    });
}
