import type { Command } from 'commander';
import { resolve } from 'node:path';
import { DEFAULT_RELEASE } from '../../shared/catalog/catalog';
import { OFFICIAL_REGISTRY } from '../../shared/catalog/registries';
import { refuseProblems, UsageError } from '../../shared/errors';
import { parsePluginArg, parseWasmArg, type BundlePlan } from '../../shared/bundle/plan';
import { parseSplitSize } from '../../shared/model/volume-names';
import type { CliIo } from '../io';
import { formatBytes, report } from '../output';
import { progressBar } from '../progress-bar';
import { collect, parseList } from '../parsers';
import { addConnectionOptions, connectionFlagProblems, connectionFlags, type ConnectionOptionValues } from '../registry-env';
import { buildBundle } from '../../shared/services/build-bundle';
import type { Engine } from '../../shared/services/engine';
import { getRelease } from '../../shared/catalog/catalog';
import { prepareMigration } from '../../shared/migrate/prepare';
import { passphraseFromFile, promptPassphrase } from '../../shared/migrate/passphrase';
import { checkPassphrase } from '../../shared/migrate/crypto';
import { renderNotice, localeFromEnv } from '../../shared/messages/catalog';

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
  fromWasmplugins: string[];
  withConfig?: boolean;
  passphraseFile?: string;
  withHigress?: boolean;
  withObservability?: boolean;
  withAllInOne?: boolean;
  withRedis?: boolean;
  withComposeImages?: boolean;
  chartRepo?: string;
  charts: boolean;
  json?: boolean;
}

export function registerBundle(program: Command, io: CliIo, engine: Engine): void {
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
      .option('--from-wasmplugins <file|folder>', 'WasmPlugins of a running Higress to move (kubectl get wasmplugins -A -o yaml, multi-document YAML, JSON, or a folder of them; repeatable): each module is fetched from its spec.url and the objects travel in the bundle', collect, [])
      .option('--with-config', 'take the WasmPlugins\' configuration along, encrypted (AES-256-GCM, key from a passphrase by scrypt)')
      .option('--passphrase-file <file>', 'read the passphrase for --with-config from this file (else it is asked on the terminal; never an argument)')
      .option('--with-higress', "the release itself: its core images (gateway, controller, pilot, console, plugin-server), pinned by digest where the release pins them, and its Helm charts")
      .option('--with-observability', "with --with-higress: the Console's grafana, prometheus, loki and the gateway's promtail")
      .option('--with-all-in-one', 'with --with-higress: the single-container all-in-one image (Docker)')
      .option('--with-redis', 'with --with-higress: the redis image the release uses (chart value global.enableRedis)')
      .option('--with-compose-images', "with --with-higress: higress-standalone's compose-only images (nacos-server, runner, api-server)")
      .option('--chart-repo <url>', "with --with-higress: the Helm repository to read the charts from (default: the release's official repository)")
      .option('--no-charts', 'with --with-higress: leave the charts out')
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
  $ higress-airgap bundle --out b.tar --source 127.0.0.1:5000 --plain-http --release 2.2.3 --plugins key-auth
  $ higress-airgap bundle --out higress-2.2.4-full.tar --with-higress --with-all-in-one --all-plugins --platform linux/amd64
  $ higress-airgap bundle --out h.tar --with-higress --source mirror.example.com --chart-repo https://mirror.example.com/helm-charts/
  $ kubectl get wasmplugins.extensions.higress.io -A -o yaml > wasmplugins.yaml
  $ higress-airgap bundle --out moved.tar --no-plugin-server --from-wasmplugins wasmplugins.yaml --with-config --passphrase-file pass.txt`)
    .action(async (opts: BundleOpts) => {
      const volumeSize = opts.split === undefined ? undefined : parseSplitSize(opts.split);
      // Every problem of the command line at once: its own flags' and the connection flags'.
      refuseProblems([...bundleFlagProblems(opts, volumeSize), ...connectionFlagProblems(opts)], {
        code: 'BUNDLE_FLAGS_REFUSED',
        message: (count) => `${count} problems with the flags of bundle`,
        hint: 'Each problem is listed with its own cause; fix them together and run the command again.',
      });
      const flags = await connectionFlags(opts, io);
      const migration = opts.fromWasmplugins.length ? await migrationOf(opts, io) : undefined;
      for (const n of migration?.notices ?? []) if (n.code === 'MIGRATE_OBJECTS_SKIPPED') io.stderr(`note: ${renderNotice(n, localeFromEnv(io.env)).message}\n`);
      const plan: BundlePlan = {
        release: opts.release,
        source: opts.source,
        pluginServer: opts.pluginServer === false ? null : opts.pluginServer,
        catalogPlugins: opts.plugins,
        allCatalogPlugins: opts.allPlugins,
        ociPlugins: opts.plugin.map(parsePluginArg),
        wasmFiles: opts.wasm.map(parseWasmArg).map((w) => ({ ...w, file: resolve(io.cwd, w.file) })),
        ...(opts.withHigress
          ? { higress: { observability: opts.withObservability, allInOne: opts.withAllInOne, redis: opts.withRedis, compose: opts.withComposeImages, charts: opts.charts, chartRepo: opts.chartRepo } }
          : {}),
        images: opts.image,
        dockerImages: opts.dockerImage,
        platforms: opts.platform,
        createdAt: opts.created,
        followTags: opts.followTags,
        migration: migration && { ...migration, notices: migration.notices.filter((n) => n.code !== 'MIGRATE_OBJECTS_SKIPPED') },
      };
      const bar = progressBar(io, io.isTTY && !opts.json);
      const tempDir = opts.tempDir ? resolve(io.cwd, opts.tempDir) : engine.defaultTempDir;
      try {
        // The app's Build screen writes through the same function.
        const result = await buildBundle(engine, plan, { flags, out: resolve(io.cwd, opts.out), volumeSize, force: opts.force, tempDir, signal: io.signal, onProgress: bar.sink });
        bar.done();
        const coded = new Map((result.notices ?? []).map((n) => [n.message, n]));
        for (const w of result.warnings) {
          const n = coded.get(w);
          io.stderr(`warning: ${n ? renderNotice(n, localeFromEnv(io.env)).message : w}\n`);
        }
        const m = result.manifest;
        report(io, opts.json, { manifest: m, output: result.output, warnings: result.warnings }, () =>
          [
            `Wrote ${result.output.files.map((f) => f.path).join(', ')} (${formatBytes(result.output.whole.size)})`,
            `  release ${m.higressRelease ?? '-'}, created ${m.createdAt}, platforms ${m.platforms.join(', ') || '-'}`,
            ...m.images.map((i) => `  image  ${i.source}  ${i.digest}  (${i.platforms.join(', ')})${i.component ? `  [${i.component}]` : ''}`),
            ...(m.charts ?? []).map((c) => `  chart  ${c.name} ${c.version}  ${c.path}  ${c.digest}`),
            ...m.plugins.map((p) => `  plugin ${p.name} ${p.version} [${p.layout}] served as ${p.servedVersions.join(', ')}  ${p.digest}${p.pin?.kind === 'followed-tag' ? ` (tag followed; release pins ${p.pin.pinnedDigest ?? '?'})` : ''}`),
            ...(m.inventory?.objects ?? []).map((o) => `  wasmplugin ${o.object.metadata.namespace}/${o.object.metadata.name} → ${o.plugin} ${o.version}${o.config.present ? (o.config.included ? '  (configuration encrypted)' : '  (configuration left behind)') : ''}`),
            `  sha256 ${result.output.whole.sha256}`,
            `  md5    ${result.output.whole.md5}`,
            ...(result.output.volumeList ? [`  volume list ${result.output.volumeList}`] : []),
          ].join('\n'),
        );
      } finally {
        bar.done();
      }
    });
}

/** Reads the inventory and plans the move (the passphrase from its file or the terminal, never an argument). */
async function migrationOf(opts: BundleOpts, io: CliIo) {
  let passphrase: string | undefined;
  if (opts.withConfig) {
    passphrase = opts.passphraseFile ? await passphraseFromFile(resolve(io.cwd, opts.passphraseFile)) : undefined;
    if (passphrase === undefined) {
      if (!io.isTTY) {
        throw new UsageError('Taking the plugin configuration along needs a passphrase to encrypt it', { code: 'PASSPHRASE_NEEDED', hint: 'Give it with --passphrase-file <file>, or run in a terminal to be asked; it is never read from the command line.' });
      }
      passphrase = await promptPassphrase('Passphrase for the plugin configuration: ');
      checkPassphrase(passphrase);
      if ((await promptPassphrase('The same passphrase again: ')) !== passphrase) throw new UsageError('The two passphrases differ', { code: 'PASSPHRASE_MISMATCH', hint: 'Type the same passphrase twice.' });
    }
    checkPassphrase(passphrase);
  }
  // Built-ins are recognised against the release's catalog (the default release when none is named).
  return prepareMigration(opts.fromWasmplugins.map((f) => resolve(io.cwd, f)), { release: getRelease(opts.release), withConfig: opts.withConfig, passphrase });
}

/** What is wrong with bundle's own flags, every problem (nothing is read or fetched to know it). */
function bundleFlagProblems(opts: BundleOpts, volumeSize: number | undefined): UsageError[] {
  const problems: UsageError[] = [];
  if (opts.split !== undefined && volumeSize === undefined) problems.push(new UsageError(`--split ${opts.split}: give a size like 700M, 2G or fat32`, { code: 'SPLIT_FLAG_INVALID', details: { split: opts.split } }));
  if (opts.plugins?.length && opts.allPlugins) problems.push(new UsageError('--plugins and --all-plugins exclude each other', { code: 'PLUGINS_FLAGS_EXCLUSIVE' }));
  if ((opts.withConfig || opts.passphraseFile) && !opts.fromWasmplugins.length) {
    problems.push(new UsageError('--with-config and --passphrase-file go with --from-wasmplugins', { code: 'CONFIG_WITHOUT_WASMPLUGINS', hint: 'They encrypt the configuration of the WasmPlugins read with --from-wasmplugins.' }));
  }
  if (opts.passphraseFile && !opts.withConfig) problems.push(new UsageError('--passphrase-file is only used with --with-config', { code: 'PASSPHRASE_FILE_WITHOUT_CONFIG', hint: 'Without --with-config the configuration stays behind and nothing is encrypted.' }));
  const higressOnly = (['withObservability', 'withAllInOne', 'withRedis', 'withComposeImages', 'chartRepo'] as const).filter((k) => opts[k] !== undefined && opts[k] !== false);
  if (!opts.withHigress && (higressOnly.length || !opts.charts)) {
    const flags = [...higressOnly.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`), ...(opts.charts ? [] : ['--no-charts'])];
    problems.push(new UsageError(`${flags.join(', ')} go${flags.length === 1 ? 'es' : ''} with --with-higress`, { code: 'HIGRESS_FLAGS_WITHOUT_RELEASE', hint: 'Add --with-higress to bundle the release itself.', details: { flags } }));
  }
  if (opts.chartRepo && !opts.charts) problems.push(new UsageError('--chart-repo and --no-charts exclude each other', { code: 'CHART_REPO_WITHOUT_CHARTS', hint: 'Give the chart repository to take the charts, or --no-charts to leave them out.', details: {} }));
  return problems;
}
