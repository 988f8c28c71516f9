import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { OpenBundle } from '../../shared/bundle/open-bundle';
import { writeDeployment } from '../../shared/services/deploy-folder';
import { PLUGIN_PHASES, type PluginPhase } from '../../shared/catalog/types';
import {
  DEFAULT_HELM_CHART,
  DEFAULT_NAMESPACE,
  DEFAULT_REPLICAS,
  DEFAULT_RESOURCES,
  DEPLOY_TARGETS,
  FILES,
  generateForTarget,
  type DeployTarget,
  type TargetDeployment,
  type TargetOptions,
} from '../../shared/deploy';
import { UsageError } from '../../shared/errors';
import { passphraseFromFile, promptPassphrase } from '../../shared/migrate/passphrase';
import { restoreConfig } from '../../shared/migrate/crypto';
import type { BundleManifest } from '../../shared/model/bundle-manifest';
import { localeFromEnv, renderNotice } from '../../shared/messages/catalog';
import { noticeLine } from '../../shared/deploy/notes';
import type { CliIo } from '../io';
import { table } from '../output';
import { collect, parseList, parsePositiveInt } from '../parsers';

interface YamlOptions {
  registry: string;
  target: DeployTarget;
  mode?: 'http' | 'oci';
  out: string;
  namespace?: string;
  release?: string;
  consoleBuild?: string;
  pluginServerImage?: string;
  replicas?: number;
  pullSecret?: string;
  targetMode: 'keep' | 'flatten';
  plainHttp?: boolean;
  insecure?: boolean;
  caFile?: string;
  pinDigest?: boolean;
  imagePullPolicy?: 'IfNotPresent' | 'Always';
  plugins?: string[];
  pluginPhase?: string[];
  pluginPriority?: string[];
  wasmPlugins: boolean;
  cpuRequest?: string;
  memoryRequest?: string;
  cpuLimit?: string;
  memoryLimit?: string;
  helmChart?: string;
  fillSecret?: boolean;
  username?: string;
  passwordStdin?: boolean;
  force?: boolean;
  passphraseFile?: string;
  json?: boolean;
}

export function registerYaml(program: Command, io: CliIo): void {
  program
    .command('yaml')
    .description('Generate the Kubernetes YAML, Helm values and Console/gateway settings that make Higress use the pushed copies')
    .argument('<bundle>', 'the bundle (.tar) that was pushed')
    .requiredOption('--registry <host[:port]/project>', 'the private registry and project, as given to push')
    .addOption(new Option('--target <target>', 'where Higress runs: helm (Kubernetes), compose (higress-standalone docker-compose), docker (the all-in-one image)').choices([...DEPLOY_TARGETS]).default('helm'))
    .addOption(new Option('--mode <mode>', 'helm target: http (Plugin Server serves the plugins) or oci (the gateway pulls them from the registry)').choices(['http', 'oci']))
    .requiredOption('--out <dir>', 'folder to write (created; must be empty unless --force)')
    .option('--namespace <name>', 'namespace Higress runs in', DEFAULT_NAMESPACE)
    .option('--release <version>', "Higress release of the cluster (default: the bundle's)")
    .option('--console-build <id>', "the Console build the cluster runs, when a release has several (ids: higress-airgap catalog --release R; default: the release's console image)")
    .option('--replicas <n>', `Plugin Server replicas (default ${DEFAULT_REPLICAS})`, parsePositiveInt)
    .option('--pull-secret <name>', 'docker-registry Secret to pull with (a template is generated)')
    .addOption(new Option('--target-mode <mode>', 'retag mode used by push').choices(['keep', 'flatten']).default('keep'))
    .option('--plain-http', 'the registry speaks plain HTTP')
    .option('--insecure', "the registry's certificate is not trusted (self-signed)")
    .option('--ca-file <file>', 'the registry uses a private CA (the gateway is told to accept it)')
    .option('--pin-digest', 'name the Plugin Server image by tag and digest')
    .option('--plugin-server-image <ref>', 'deploy this Plugin Server image instead of the bundled one: the custom image push --plugin-server-image built (serves every bundled plugin)')
    .addOption(new Option('--image-pull-policy <policy>', 'pull policy of the Plugin Server and OCI WasmPlugins').choices(['IfNotPresent', 'Always']))
    .option('--plugins <names>', 'only these plugins (comma-separated)', parseList)
    .option('--plugin-phase <name=phase>', `phase of a plugin (${PLUGIN_PHASES.join('|')}); repeatable`, collect)
    .option('--plugin-priority <name=n>', 'priority of a plugin; repeatable', collect)
    .option('--no-wasm-plugins', 'leave out the WasmPlugin objects')
    .option('--cpu-request <q>', `Plugin Server CPU request (default ${DEFAULT_RESOURCES.requests.cpu})`)
    .option('--memory-request <q>', `Plugin Server memory request (default ${DEFAULT_RESOURCES.requests.memory})`)
    .option('--cpu-limit <q>', `Plugin Server CPU limit (default ${DEFAULT_RESOURCES.limits.cpu})`)
    .option('--memory-limit <q>', `Plugin Server memory limit (default ${DEFAULT_RESOURCES.limits.memory})`)
    .option('--helm-chart <chart>', `chart for helm upgrade: a repo chart or a local .tgz (default ${DEFAULT_HELM_CHART})`)
    .option('--fill-secret', 'put real credentials into the pull Secret (needs --username and --password-stdin)')
    .option('--username <user>', 'registry user for --fill-secret')
    .option('--password-stdin', 'read the registry password from standard input')
    .option('--force', 'write into a non-empty folder, replacing files from an earlier run')
    .option('--passphrase-file <file>', "passphrase that decrypts the migrated WasmPlugins' configuration (bundle --with-config); in a terminal it is asked instead; without it they are written without configuration")
    .option('--json', 'print a summary as JSON')
    .addHelpText(
      'after',
      `
--target helm (default) writes all.yaml (every object), manifests/, patches/, kubectl-set-env.sh,
helm/ and a README.md with the apply order; when the bundle carries the Higress release (bundle
--with-higress), helm/values.yaml points every image at the private registry and helm/install.sh
installs from the bundled chart, copied to charts/. --target compose writes compose/.env.airgap and
compose/docker-compose.override.yml for higress-standalone; --target docker writes
docker/run-higress.sh (the all-in-one image) and the custom plugins' modules it mounts.
Passwords are only written with --fill-secret, and only read from stdin.

Examples:
  $ higress-airgap yaml bundle.tar --registry harbor.example.com/higress --mode http --out deploy/
  $ higress-airgap yaml bundle.tar --registry harbor.example.com/higress --target compose --out compose-deploy/
  $ higress-airgap yaml bundle.tar --registry harbor.example.com/higress --target docker --out aio/
  $ higress-airgap yaml bundle.tar --registry 10.0.0.5:5000/higress --plain-http --mode oci \\
      --pull-secret harbor-pull --out deploy/
  $ higress-airgap yaml bundle.tar --registry harbor.example.com/higress --mode http --replicas 3 \\
      --pin-digest --namespace gateway --release 2.2.3 --out deploy/ --force
  $ printf '%s' "$HARBOR_PASSWORD" | higress-airgap yaml bundle.tar --registry harbor.example.com/higress \\
      --mode oci --pull-secret harbor-pull --fill-secret --username robot --password-stdin --out deploy/`,
    )
    .action(async (bundle: string, opts: YamlOptions) => {
      const opened = await OpenBundle.open(resolve(io.cwd, bundle));
      try {
        const manifest = opened.manifest;
        const restoredConfig = opts.target === 'helm' ? await restoredConfigOf(manifest, opts, io) : undefined;
        const output = generateForTarget(manifest, { ...(await deployOptions(opts, io)), restoredConfig });
        // Written as the app's Deploy screen writes it: binary files (plugin modules, chart packages)
        // copied out of the bundle, replacements only with --force.
        const out = resolve(io.cwd, opts.out);
        await writeDeployment({ dir: out, files: output.files, copies: output.copies, bundle: opened, consent: opts.force ?? false });
        report(io, opts.json, out, output);
      } finally {
        await opened.close();
      }
    });
}

async function deployOptions(opts: YamlOptions, io: CliIo): Promise<TargetOptions> {
  if (opts.passwordStdin && !opts.fillSecret) throw new UsageError('--password-stdin is only used with --fill-secret', { code: 'SECRET_PASSWORD_WITHOUT_FILL', hint: 'Without --fill-secret the Secret is a template with placeholders.' });
  if (opts.fillSecret && !opts.passwordStdin) throw new UsageError('--fill-secret reads the password from standard input', { code: 'SECRET_FILL_NEEDS_PASSWORD', hint: 'Add --password-stdin and pipe the password in; it is never taken from the command line.' });
  const password = opts.passwordStdin ? (await io.readStdin()).replace(/\r?\n$/, '') : undefined;
  const settings: Record<string, { phase?: PluginPhase; priority?: number }> = {};
  for (const [name, value] of pairs(opts.pluginPhase ?? [], '--plugin-phase')) {
    if (!(PLUGIN_PHASES as readonly string[]).includes(value)) throw new UsageError(`Invalid phase "${value}" for plugin ${name}`, { code: 'PLUGIN_PHASE_INVALID', details: { phase: value, plugin: name, phases: PLUGIN_PHASES.join(', ') }, hint: `Use one of ${PLUGIN_PHASES.join(', ')}.` });
    settings[name] = { ...settings[name], phase: value as PluginPhase };
  }
  for (const [name, value] of pairs(opts.pluginPriority ?? [], '--plugin-priority')) {
    if (!/^-?\d+$/.test(value)) throw new UsageError(`Invalid priority "${value}" for plugin ${name}`, { code: 'PLUGIN_PRIORITY_FLAG_INVALID', details: { priority: value, plugin: name }, hint: 'Use a whole number, e.g. --plugin-priority my-filter=500.' });
    settings[name] = { ...settings[name], priority: Number(value) };
  }
  return {
    registry: opts.registry,
    target: opts.target,
    targetMode: opts.targetMode,
    mode: opts.mode,
    namespace: opts.namespace,
    release: opts.release,
    consoleBuild: opts.consoleBuild,
    pluginServerImage: opts.pluginServerImage,
    replicas: opts.replicas,
    resources: { requests: { cpu: opts.cpuRequest, memory: opts.memoryRequest }, limits: { cpu: opts.cpuLimit, memory: opts.memoryLimit } },
    pullSecret: opts.pullSecret,
    pinDigest: opts.pinDigest,
    imagePullPolicy: opts.imagePullPolicy,
    plainHttp: opts.plainHttp,
    insecure: opts.insecure,
    caFile: opts.caFile !== undefined,
    plugins: opts.plugins,
    pluginSettings: settings,
    wasmPlugins: opts.wasmPlugins,
    helmChart: opts.helmChart,
    fillSecret: opts.fillSecret,
    credentials: opts.fillSecret && opts.username !== undefined && password !== undefined ? { username: opts.username, password } : undefined,
  };
}

/**
 * The migrated WasmPlugins' configuration, decrypted with the passphrase (from --passphrase-file,
 * else asked on a terminal; an empty answer skips it). A wrong passphrase refuses the whole run
 * before anything is written.
 */
async function restoredConfigOf(manifest: BundleManifest, opts: YamlOptions, io: CliIo) {
  const enc = manifest.inventory?.config;
  if (!enc) {
    if (opts.passphraseFile) io.stderr('note: this bundle carries no encrypted plugin configuration; --passphrase-file is not used\n');
    return undefined;
  }
  let passphrase = opts.passphraseFile ? await passphraseFromFile(resolve(io.cwd, opts.passphraseFile)) : undefined;
  if (passphrase === undefined && io.isTTY && process.stdin.isTTY) passphrase = (await promptPassphrase('Passphrase of the plugin configuration (empty: leave it out): ')) || undefined;
  return passphrase === undefined ? undefined : restoreConfig(enc, passphrase);
}

function pairs(values: readonly string[], option: string): Array<[string, string]> {
  return values.map((v) => {
    const eq = v.indexOf('=');
    if (eq <= 0 || eq === v.length - 1) throw new UsageError(`${option} expects <plugin>=<value>, got "${v}"`, { code: 'PLUGIN_SETTING_FLAG_INVALID', details: { option, value: v, example: option === '--plugin-phase' ? 'AUTHN' : '500' }, hint: `e.g. ${option} my-filter=${option === '--plugin-phase' ? 'AUTHN' : '500'}` });
    return [v.slice(0, eq), v.slice(eq + 1)];
  });
}

function report(io: CliIo, json: boolean | undefined, out: string, o: TargetDeployment): void {
  const locale = localeFromEnv(io.env);
  const h = o.helm;
  const files = [...o.files, ...o.copies];
  if (json) {
    const summary = {
      out,
      target: o.target,
      release: o.release,
      ...(h ? { mode: h.mode, namespace: h.namespace, pluginServerImage: h.pluginServerImage } : {}),
      files: files.map((f) => ({ path: f.path, description: f.description })),
      images: o.images,
      ...(h ? { plugins: h.plugins, env: h.env, kubectlCommands: h.kubectlCommands, helmCommands: h.helmCommands, migrated: h.migrated } : {}),
      warnings: o.warnings,
      notices: o.notices.map((n) => ({ code: n.code, details: n.details, message: renderNotice(n, locale).message })),
    };
    io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  const where = h ? `${h.mode} mode, namespace ${h.namespace}, Higress ${h.release}` : `${o.target}, Higress ${o.release}`;
  const lines = [`Wrote ${files.length} files to ${out} (${where}):`, table(files.map((f) => [`  ${f.path}`, f.description])), '', `Next: read ${join(out, FILES.readme)} for the ${h ? 'apply order' : 'steps'}.`];
  io.stdout(`${lines.join('\n')}\n`);
  // Every warning is coded: printed in the reader's language.
  for (const n of o.notices) io.stderr(`warning: ${noticeLine(n, locale)}\n`);
}
