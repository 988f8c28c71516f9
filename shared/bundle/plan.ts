import { UsageError } from '../errors';
import { baseName, parseReference } from '../oci/reference';
import type { MigrationPlan } from '../migrate/prepare';

/**
 * What to put in a bundle, as the operator chose it (CLI flags or the Build screen). Plain data:
 * it crosses IPC and is validated there; `normalisePlan` checks it here too.
 */
export interface BundlePlan {
  /** Higress release whose catalog names the plugins and the plugin-server image. */
  readonly release?: string | undefined;
  /** Registry for catalog plugins and the plugin-server image (official host, a mirror, or local). */
  readonly source?: string | undefined;
  /** undefined: the release's plugin-server image; null: none; a string: this reference. */
  readonly pluginServer?: string | null | undefined;
  readonly catalogPlugins?: readonly string[] | undefined;
  readonly allCatalogPlugins?: boolean | undefined;
  /** Any OCI plugin; name and version default to the repository's last segment and the tag. */
  readonly ociPlugins?: ReadonlyArray<{ readonly reference: string; readonly name?: string | undefined; readonly version?: string | undefined }> | undefined;
  readonly wasmFiles?: ReadonlyArray<{ readonly name: string; readonly version: string; readonly file: string }> | undefined;
  /** WasmPlugins of another Higress (`--from-wasmplugins`), read and planned by shared/migrate. */
  readonly migration?: MigrationPlan | undefined;
  /**
   * The release itself (`--with-higress`): its core images (gateway, controller, pilot, console,
   * plugin-server), pinned where the release data pins them, from `source` under the release's
   * repository paths; the optional groups; and its Helm charts from `chartRepo` (default: the
   * release's official repository) unless `charts` is false.
   */
  readonly higress?: HigressPlan | undefined;
  /** Extra images by OCI reference. */
  readonly images?: readonly string[] | undefined;
  /** Images from the local Docker engine, by name. */
  readonly dockerImages?: readonly string[] | undefined;
  /** `linux/amd64`…; default: every platform each index has. */
  readonly platforms?: readonly string[] | undefined;
  /**
   * Catalog plugins are pulled by the release's pinned digest; when the source lacks it the plan is
   * refused, unless this is set: then the tag's current content is taken (gated, and recorded).
   */
  readonly followTags?: boolean | undefined;
  /** ISO time for bundle.json and entry mtimes (default: SOURCE_DATE_EPOCH, else derived from the inputs). */
  readonly createdAt?: string | undefined;
}

export interface HigressPlan {
  /** The Console's grafana, prometheus, loki and the gateway's promtail (`--with-observability`). */
  readonly observability?: boolean | undefined;
  /** The single-container all-in-one image (`--with-all-in-one`). */
  readonly allInOne?: boolean | undefined;
  /** The redis image, where the release uses one (`--with-redis`). */
  readonly redis?: boolean | undefined;
  /** higress-standalone's compose-only images: nacos-server, runner, api-server (`--with-compose-images`). */
  readonly compose?: boolean | undefined;
  /** Default true; false: `--no-charts`. */
  readonly charts?: boolean | undefined;
  /** Helm repository URL (`--chart-repo`); default: the release's official repository. */
  readonly chartRepo?: string | undefined;
}

const NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const VERSION = /^[\w][\w.-]{0,127}$/;

/** `[<name>@<version>=]<ref>` (the CLI's --plugin). */
export function parsePluginArg(text: string): { reference: string; name?: string; version?: string } {
  const eq = text.indexOf('=');
  if (eq < 0) return { reference: text };
  const head = text.slice(0, eq);
  const at = head.lastIndexOf('@');
  if (at <= 0) throw new UsageError(`--plugin ${text}: write <name>@<version>=<ref> or just <ref>`, { code: 'PLUGIN_ARG_INVALID', details: { value: text } });
  return { name: head.slice(0, at), version: head.slice(at + 1), reference: text.slice(eq + 1) };
}

/** `<name>@<version>=<file>` (the CLI's --wasm). */
export function parseWasmArg(text: string): { name: string; version: string; file: string } {
  const m = /^([^@=]+)@([^=]+)=(.+)$/.exec(text);
  if (!m) throw new UsageError(`--wasm ${text}: write <name>@<version>=<file.wasm>`, { code: 'WASM_ARG_INVALID', details: { value: text } });
  return { name: m[1] as string, version: m[2] as string, file: m[3] as string };
}

/** Checks names and versions, defaults plugin names and versions, and refuses duplicates. */
export function pluginIdentity(p: { reference: string; name?: string | undefined; version?: string | undefined }): { name: string; version: string } {
  const ref = parseReference(p.reference);
  const name = p.name ?? baseName(ref.repository);
  const version = p.version ?? ref.tag;
  if (!version) throw new UsageError(`Plugin ${p.reference} has no tag: give its version as ${name}@<version>=${p.reference}`, { code: 'PLUGIN_VERSION_MISSING', details: { reference: p.reference, plugin: name } });
  checkNameVersion(name, version);
  return { name, version };
}

export function checkNameVersion(name: string, version: string): void {
  if (!NAME.test(name)) throw new UsageError(`Plugin name "${name}" must be lowercase letters, digits and . _ -`, { code: 'PLUGIN_NAME_INVALID', details: { plugin: name } });
  if (!VERSION.test(version)) throw new UsageError(`Plugin version "${version}" is not a valid tag`, { code: 'PLUGIN_VERSION_INVALID', details: { version } });
  if (version === 'latest') throw new UsageError(`Plugin ${name}: "latest" is not a version`, { code: 'PLUGIN_VERSION_LATEST', details: { plugin: name }, hint: 'Pin a version or a digest; latest moves (higress#4528).' });
}

/**
 * The creation time the operator fixed: `--created`, else SOURCE_DATE_EPOCH; undefined when neither
 * is given (the writer then derives it from the inputs, so the same inputs give the same bytes).
 */
export function chosenCreatedAt(plan: BundlePlan, env: NodeJS.ProcessEnv): string | undefined {
  if (plan.createdAt) {
    const t = Date.parse(plan.createdAt);
    if (Number.isNaN(t)) throw new UsageError(`Invalid creation time ${plan.createdAt}`, { code: 'CREATED_AT_INVALID', hint: 'Give an ISO time, e.g. 2026-01-01T00:00:00Z.', details: { createdAt: plan.createdAt } });
    return new Date(Math.floor(t / 1000) * 1000).toISOString();
  }
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  return undefined;
}

/** Times before this are not real build times (zeroed or reproducible-build placeholders). */
const EARLIEST_REAL = Date.parse('2000-01-01T00:00:00Z');

/**
 * The newest build time the inputs record — image configs' `created`, plugin manifests'
 * `org.opencontainers.image.created` — to the second; the Unix epoch when none records one.
 */
export function inputsCreatedAt(times: Iterable<string | undefined>): string {
  let newest = 0;
  for (const t of times) {
    const ms = t ? Date.parse(t) : Number.NaN;
    if (Number.isFinite(ms) && ms >= EARLIEST_REAL && ms > newest) newest = ms;
  }
  return new Date(Math.floor(newest / 1000) * 1000).toISOString();
}
