/** Phases of a WasmPlugin (the Console maps spec.yaml `default` to UNSPECIFIED_PHASE). */
export type PluginPhase = 'UNSPECIFIED_PHASE' | 'AUTHN' | 'AUTHZ' | 'STATS';
export const PLUGIN_PHASES: readonly PluginPhase[] = ['UNSPECIFIED_PHASE', 'AUTHN', 'AUTHZ', 'STATS'];

export type PluginCategory = 'ai' | 'auth' | 'transformation' | 'traffic' | 'security' | 'o11y';

/** One official plugin as a Higress release ships it. */
export interface CatalogPlugin {
  /** The served name (Console and Plugin Server): `json-converter`. */
  readonly name: string;
  /** OCI repository path on the official registry: `plugins/jsonrpc-converter`. */
  readonly repository: string;
  readonly tag: string;
  /** The pinned manifest digest, where the release's lock file gives one. */
  readonly digest?: string | undefined;
  /** SHA-256 of plugin.wasm where upstream publishes it (checked after extraction). */
  readonly wasmSha256?: string | undefined;
  readonly category: PluginCategory;
  /** From the Console's spec.yaml where known; the bundle also reads the artifact's own spec.yaml. */
  readonly phase?: PluginPhase | undefined;
  readonly priority?: number | undefined;
  /**
   * Version directories the Plugin Server serves it under. The Console asks for spec.yaml's
   * `info.version`, which is 1.0.0 for Console ≤ 2.2.3 although the OCI tag is 2.0.0.
   */
  readonly servedVersions: readonly string[];
}

export interface CatalogImage {
  readonly repository: string;
  readonly tag: string;
  readonly digest?: string | undefined;
}

export interface CatalogRelease {
  /** Higress release: `2.2.4`. */
  readonly release: string;
  readonly pluginServer: CatalogImage;
  /** Helm hub semantics: from 2.2.1 the image is `{hub}/higress/plugin-server`, before `{hub}/plugin-server`. */
  readonly helmHubIncludesHigress: boolean;
  /** Version the Console puts into `${version}` of the URL pattern: the spec version or the tag. */
  readonly consoleVersion: 'spec-1.0.0' | 'tag';
  readonly plugins: readonly CatalogPlugin[];
  /** Where the facts come from. */
  readonly source: string;
}

export interface SourceRegistry {
  readonly host: string;
  readonly label: string;
}
