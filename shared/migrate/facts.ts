/**
 * Upstream facts the migration rests on, each with where it comes from. Data only: the readers,
 * the bundle and the deployment output all take them from here.
 */

/** The WasmPlugin the gateway reads: group/version and kind (higress-group/higress@8e4041c9ba9a97d0494fa56b784fa30866adca35:helm/core/crds/customresourcedefinitions.gen.yaml). */
export const WASMPLUGIN_API_VERSION = 'extensions.higress.io/v1alpha1';
export const WASMPLUGIN_KIND = 'WasmPlugin';

/**
 * Labels the Console writes on the WasmPlugins it creates and recognises its built-ins by
 * (higress-group/higress-console@b5ae4b23f68a68dcd1931903011ab25a0b07e777:backend/sdk/src/main/java/com/alibaba/higress/sdk/constant/KubernetesConstants.java,
 * Label.RESOURCE_DEFINER_KEY, WASM_PLUGIN_NAME_KEY, WASM_PLUGIN_VERSION_KEY, WASM_PLUGIN_BUILT_IN_KEY).
 */
export const CONSOLE_LABELS = {
  definer: 'higress.io/resource-definer',
  name: 'higress.io/wasm-plugin-name',
  version: 'higress.io/wasm-plugin-version',
  builtIn: 'higress.io/wasm-plugin-built-in',
} as const;

/**
 * Metadata the cluster manages: dropped from every migrated object (they belong to the source
 * cluster; the API server of the target sets its own). Only name, namespace, labels and
 * annotations travel.
 */
export const KEPT_METADATA = ['name', 'namespace', 'labels', 'annotations'] as const;
/** kubectl's copy of the whole object as applied: it holds the configuration in clear. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * How the gateway treats `spec.url` (higress-group/istio@1dbd77359624ab4af2953a4840927fbd7ea1d668):
 * no scheme → oci:// (pilot/pkg/model/extensions.go, "when no scheme is given, default to oci://");
 * file:// → a local file on the gateway (buildDataSource); http/https → downloaded, its SHA-256
 * compared with `spec.sha256`; oci → the image's manifest digest compared with `spec.sha256`
 * (pkg/wasm/cache.go getOrFetch, pkg/wasm/imagefetcher.go PrepareFetch: `img.Digest().Hex`).
 */
export const URL_SCHEMES = ['oci', 'http', 'https', 'file'] as const;

/**
 * Where a WasmPlugin holds configuration, which often carries credentials: `defaultConfig`,
 * `matchRules[].config`, the deprecated `pluginConfig`, and inline `vmConfig.env[].value`
 * (the CRD above, spec properties).
 */
export const CONFIG_FIELDS = ['defaultConfig', 'matchRules[].config', 'pluginConfig', 'vmConfig.env[].value'] as const;

/** The Plugin Server's URL layout: `/plugins/<name>/<version>/plugin.wasm` (higress-group/plugin-server@ca999767d537e84699dbb58336cc024642f8f205:README.md, the Console's URL pattern). */
export const PLUGIN_SERVER_PATH = /\/plugins\/([a-z0-9]+(?:[._-][a-z0-9]+)*)\/([\w][\w.-]{0,127})\/plugin\.wasm$/;

/** The Console's default spec version when a plugin's spec.yaml names none (shared/catalog/types.ts ConsoleBuiltIn.specVersion). */
export const DEFAULT_PLUGIN_VERSION = '1.0.0';

/** Key names that usually hold credentials (matched case-insensitively on each key of the configuration). */
export const SECRET_KEY = /(token|secret|passw|credential|api[-_]?key|apikey|private|cookie|^key$|^keys$|_key$|-key$|consumers|authorization|session)/i;
