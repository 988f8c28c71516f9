import { DEFAULT_RELEASE, getRelease } from '../catalog/catalog';
import { PLUGIN_PHASES, type CatalogRelease, type ConsoleBuild, type PluginPhase } from '../catalog/types';
import { UsageError } from '../errors';
import { parseReference, type ImageReference } from '../oci/reference';
import { parseTarget, type RetagTarget } from '../oci/retag';
import { isDnsLabel, isDnsSubdomain } from './names';
import { quantityValue } from './quantity';
import { warn } from './notes';
import type { Notice } from '../messages/catalog';
import type { DeliveryMode, DeployInput, DeployOptions, DeployPlugin, PullPolicy, Quantities } from './types';

export const DEFAULT_NAMESPACE = 'higress-system';
export const DEFAULT_HELM_CHART = 'higress.io/higress';
/** The higress-core chart's pluginServer defaults (values.yaml, 2.2.1). */
export const DEFAULT_REPLICAS = 2;
export const DEFAULT_RESOURCES: { readonly requests: Quantities; readonly limits: Quantities } = {
  requests: { cpu: '200m', memory: '128Mi' },
  limits: { cpu: '500m', memory: '256Mi' },
};

export interface PluginSetting {
  readonly phase?: PluginPhase | undefined;
  readonly priority?: number | undefined;
}

/** Options checked and defaulted once; every generator reads this. */
export interface DeployContext {
  readonly mode: DeliveryMode;
  readonly namespace: string;
  readonly release: CatalogRelease;
  /** The Console build the cluster runs (2.2.4 has two); names, versions and URLs follow it. */
  readonly consoleBuild: ConsoleBuild;
  readonly target: RetagTarget;
  readonly replicas: number;
  readonly resources: { readonly requests: Quantities; readonly limits: Quantities };
  readonly pullSecret: string | undefined;
  readonly pinDigest: boolean;
  /** A custom Plugin Server image (as push built it), replacing the bundled one. */
  readonly customPluginServer: ImageReference | undefined;
  readonly imagePullPolicy: PullPolicy;
  readonly plainHttp: boolean;
  /** The gateway must be told to accept the registry (plain HTTP, self-signed or private CA). */
  readonly insecureRegistry: boolean;
  /** The selected plugins, in bundle order. */
  readonly plugins: readonly DeployPlugin[];
  readonly pluginSettings: Readonly<Record<string, PluginSetting>>;
  readonly wasmPlugins: boolean;
  readonly helmChart: string;
  /** Only set when the caller asked for a filled Secret. */
  readonly credentials: { readonly username: string; readonly password: string } | undefined;
  /** Warnings collected while generating, coded (shared/messages/texts/deploy.ts), in the order raised. */
  readonly notices: Notice[];
}

function refuse(message: string, hint: string, code: string, details: Record<string, unknown> = {}): never {
  throw new UsageError(message, { hint, code, details });
}

/** Checks every option and applies the defaults; bad input → UsageError with a hint. */
export function resolveOptions(input: DeployInput, options: DeployOptions): DeployContext {
  const notices: Notice[] = [];
  const sink = { notices };
  const mode = options.mode;
  if (mode !== 'http' && mode !== 'oci') refuse(`Invalid delivery mode "${String(mode)}"`, 'Use http (Plugin Server) or oci (gateway pulls from the private registry).', 'DEPLOY_MODE_INVALID', { mode: String(mode) });

  const targetMode = options.targetMode ?? 'keep';
  if (targetMode !== 'keep' && targetMode !== 'flatten') refuse(`Invalid target mode "${String(targetMode)}"`, 'Use keep or flatten, as for the push.', 'DEPLOY_TARGET_MODE_INVALID', { targetMode: String(targetMode) });
  const target = parseTarget(options.registry, targetMode);

  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  if (!isDnsLabel(namespace)) {
    refuse(`Invalid namespace "${namespace}": a namespace is a DNS-1123 label`, 'Use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit, e.g. higress-system.', 'DEPLOY_NAMESPACE_INVALID', { namespace });
  }

  const replicas = options.replicas ?? DEFAULT_REPLICAS;
  if (!Number.isInteger(replicas) || replicas < 1) refuse(`Invalid replicas ${String(replicas)}: the Plugin Server needs a whole number of at least 1`, 'Use 2 or more for high availability (the chart default is 2).', 'DEPLOY_REPLICAS_INVALID', { replicas: String(replicas) });

  const releaseName = options.release ?? input.higressRelease;
  if (releaseName === undefined) warn(sink, 'DEPLOY_RELEASE_ASSUMED', { release: DEFAULT_RELEASE });
  const release = getRelease(releaseName ?? DEFAULT_RELEASE);
  const consoleBuild = pickConsoleBuild(release, options.consoleBuild);
  if (mode === 'oci' && !consoleBuild.registryNamespaceEnv && input.higressRelease !== undefined && input.higressRelease !== release.release) {
    // push writes the <namespace>/<spec name>:<spec version> references for the bundle's release only.
    warn(
      sink,
      'DEPLOY_OCI_REFERENCES_OTHER_RELEASE',
      { build: consoleBuild.label, release: release.release, bundleRelease: input.higressRelease },
    );
  }
  if (options.consoleBuild === undefined && release.consoleBuilds.length > 1) {
    const others = release.consoleBuilds.slice(1).map((b) => b.label).join(', ');
    warn(sink, 'DEPLOY_CONSOLE_BUILD_CHOSEN', {
      release: release.release,
      count: release.consoleBuilds.length,
      build: consoleBuild.label,
      others,
    });
  }

  const pullSecret = options.pullSecret;
  if (pullSecret !== undefined && !isDnsSubdomain(pullSecret)) {
    refuse(`Invalid pull Secret name "${pullSecret}": a Secret name is a DNS-1123 subdomain`, 'Use lowercase letters, digits, "-" and ".", e.g. private-registry.', 'DEPLOY_PULL_SECRET_INVALID', { name: pullSecret });
  }

  const imagePullPolicy = options.imagePullPolicy ?? 'IfNotPresent';
  if (imagePullPolicy !== 'IfNotPresent' && imagePullPolicy !== 'Always') refuse(`Invalid image pull policy "${String(imagePullPolicy)}"`, 'Use IfNotPresent or Always.', 'DEPLOY_PULL_POLICY_INVALID', { policy: String(imagePullPolicy) });

  const plugins = selectPlugins(input.plugins, options.plugins);
  const pluginSettings = checkSettings(input.plugins, options.pluginSettings ?? {});

  const credentials = options.fillSecret ? checkCredentials(options) : undefined;
  if (!options.fillSecret && options.credentials) warn(sink, 'DEPLOY_CREDENTIALS_UNUSED');

  return {
    mode,
    namespace,
    release,
    consoleBuild,
    target,
    replicas,
    resources: resolveResources(options.resources),
    pullSecret,
    pinDigest: options.pinDigest ?? false,
    customPluginServer: customImage(options.pluginServerImage, target),
    imagePullPolicy,
    plainHttp: options.plainHttp ?? false,
    insecureRegistry: Boolean(options.plainHttp || options.insecure || options.caFile),
    plugins,
    pluginSettings,
    wasmPlugins: options.wasmPlugins ?? true,
    helmChart: options.helmChart ?? DEFAULT_HELM_CHART,
    credentials,
    notices,
  };
}

function customImage(reference: string | undefined, target: RetagTarget): ImageReference | undefined {
  if (reference === undefined || reference.trim() === '') return undefined;
  let ref: ImageReference;
  try {
    ref = parseReference(reference.trim());
  } catch (e) {
    return refuse(`Invalid Plugin Server image "${reference}": ${(e as Error).message}`, 'Give the image push built, e.g. harbor.example.com/higress/higress/plugin-server:2.2.4-custom.', 'DEPLOY_PLUGIN_SERVER_IMAGE_INVALID', { reference, reason: (e as Error).message });
  }
  if (ref.registry !== target.registry) refuse(`The Plugin Server image ${reference} is not on the target registry ${target.registry}`, 'Give the custom image as push built it on the private registry.', 'DEPLOY_PLUGIN_SERVER_IMAGE_ELSEWHERE', { reference, registry: target.registry });
  return ref;
}

function pickConsoleBuild(release: CatalogRelease, id: string | undefined): ConsoleBuild {
  const first = release.consoleBuilds[0] as ConsoleBuild;
  if (id === undefined) return first;
  const build = release.consoleBuilds.find((b) => b.id === id);
  if (!build) refuse(`Unknown Console build "${id}" for Higress ${release.release}`, `Known builds: ${release.consoleBuilds.map((b) => `${b.id} (${b.label})`).join(', ')}.`, 'DEPLOY_CONSOLE_BUILD_UNKNOWN', { build: id, release: release.release, known: release.consoleBuilds.map((b) => `${b.id} (${b.label})`).join(', ') });
  return build;
}

function knownNames(plugins: readonly DeployPlugin[]): string {
  const names = [...new Set(plugins.map((p) => p.name))];
  return names.length ? `The bundle holds: ${names.join(', ')}.` : 'The bundle holds no plugins.';
}

/** The details of an unknown plugin: `held` chooses the catalog text that names them (or says there are none). */
function unknownPlugin(plugins: readonly DeployPlugin[], plugin: string): Record<string, unknown> {
  const names = [...new Set(plugins.map((p) => p.name))];
  return { plugin, held: names.length ? 'some' : 'none', known: names.join(', ') };
}

function selectPlugins(all: readonly DeployPlugin[], selection: readonly string[] | undefined): DeployPlugin[] {
  if (selection === undefined) return [...all];
  for (const name of selection) {
    if (!all.some((p) => p.name === name)) refuse(`Unknown plugin "${name}": it is not in the bundle`, knownNames(all), 'DEPLOY_PLUGIN_UNKNOWN', unknownPlugin(all, name));
  }
  return all.filter((p) => selection.includes(p.name));
}

function checkSettings(all: readonly DeployPlugin[], settings: Readonly<Record<string, PluginSetting>>): Readonly<Record<string, PluginSetting>> {
  for (const [name, s] of Object.entries(settings)) {
    if (!all.some((p) => p.name === name)) refuse(`Unknown plugin "${name}" in the phase/priority settings: it is not in the bundle`, knownNames(all), 'DEPLOY_PLUGIN_SETTING_UNKNOWN', unknownPlugin(all, name));
    if (s.phase !== undefined && !PLUGIN_PHASES.includes(s.phase)) refuse(`Invalid phase "${s.phase}" for plugin ${name}`, `Use one of ${PLUGIN_PHASES.join(', ')}.`, 'PLUGIN_PHASE_INVALID', { phase: s.phase, plugin: name, phases: PLUGIN_PHASES.join(', ') });
    if (s.priority !== undefined && (!Number.isInteger(s.priority) || Math.abs(s.priority) > 2 ** 31 - 1)) {
      refuse(`Invalid priority ${String(s.priority)} for plugin ${name}`, 'Use a whole number; plugins in the same phase run from the highest priority down.', 'DEPLOY_PRIORITY_INVALID', { priority: String(s.priority), plugin: name });
    }
  }
  return settings;
}

function checkCredentials(options: DeployOptions): { username: string; password: string } {
  if (!options.pullSecret) refuse('A filled Secret needs a Secret name', 'Pass the pull Secret name as well (--pull-secret).', 'DEPLOY_SECRET_NAME_MISSING');
  const c = options.credentials;
  if (!c || !c.username || !c.password) refuse('A filled Secret needs a username and a password', 'Give the username and pass the password on standard input (--username U --password-stdin).', 'DEPLOY_SECRET_CREDENTIALS_MISSING');
  return { username: c.username, password: c.password };
}

function resolveResources(given: DeployOptions['resources']): DeployContext['resources'] {
  const pick = (kind: 'requests' | 'limits', key: keyof Quantities): string => {
    const value = given?.[kind]?.[key] ?? DEFAULT_RESOURCES[kind][key];
    if (quantityValue(value) === undefined) refuse(`Invalid ${key} ${kind === 'requests' ? 'request' : 'limit'} "${value}"`, key === 'cpu' ? 'Write CPU as cores or millicores, e.g. 0.5 or 500m.' : 'Write memory with a unit, e.g. 128Mi or 1Gi.', 'DEPLOY_RESOURCE_INVALID', { resource: key, kind: kind === 'requests' ? 'request' : 'limit', value, field: `${key}-${kind === 'requests' ? 'request' : 'limit'}` });
    return value;
  };
  const resources = {
    requests: { cpu: pick('requests', 'cpu'), memory: pick('requests', 'memory') },
    limits: { cpu: pick('limits', 'cpu'), memory: pick('limits', 'memory') },
  };
  for (const key of ['cpu', 'memory'] as const) {
    if ((quantityValue(resources.requests[key]) as number) > (quantityValue(resources.limits[key]) as number)) {
      refuse(`The ${key} request ${resources.requests[key]} is above the ${key} limit ${resources.limits[key]}`, 'Kubernetes refuses a request above its limit: raise the limit or lower the request.', 'DEPLOY_REQUEST_ABOVE_LIMIT', { resource: key, request: resources.requests[key], limit: resources.limits[key] });
    }
  }
  return resources;
}
