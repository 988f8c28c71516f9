/** Phases of a WasmPlugin (the Console maps spec.yaml `default` to UNSPECIFIED_PHASE). */
export type PluginPhase = 'UNSPECIFIED_PHASE' | 'AUTHN' | 'AUTHZ' | 'STATS';
export const PLUGIN_PHASES: readonly PluginPhase[] = ['UNSPECIFIED_PHASE', 'AUTHN', 'AUTHZ', 'STATS'];

/** Categories as the Console writes the `higress.io/wasm-plugin-category` label (spec.yaml `info.category`). */
export type PluginCategory = string;

/** What one Console build knows about one of its built-in plugins (its spec.yaml and plugins.properties). */
export interface ConsoleBuiltIn {
  /** spec.yaml `info.name`: what `${name}` of the URL pattern and the WasmPlugin name use. */
  readonly specName: string;
  /** spec.yaml `info.version` (1.0.0 when absent): what `${version}` and the WasmPlugin name use. */
  readonly specVersion: string;
  /** The plugins.properties value: the Console's default URL, `oci://<official>/<repository>:<tag>`. */
  readonly imageUrl: string;
  readonly category: PluginCategory;
  readonly phase: PluginPhase;
  readonly priority: number;
  readonly title?: string | undefined;
  /** `repo@commit:path` of the spec.yaml. */
  readonly source: string;
}

/** One build of the Higress Console that ships with a release (2.2.4 has two). */
export interface ConsoleBuild {
  readonly id: string;
  /** For people: "Console v2.2.4 (tag)", "console:2.2.4 image (rebuilt from 7118cc19)". */
  readonly label: string;
  /** `repo@commit` the build comes from. */
  readonly source: string;
  /** Reads HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_REGISTRY/_NAMESPACE (console v2.2.1 on). */
  readonly registryNamespaceEnv: boolean;
  /** Reads HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_PULL_POLICY. */
  readonly pullPolicyEnv: boolean;
  /** Reads HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_PULL_SECRET. */
  readonly pullSecretEnv: boolean;
  /** Built-in plugins by Console name (plugins.properties key with a spec.yaml). */
  readonly plugins: Readonly<Record<string, ConsoleBuiltIn>>;
}

/** One official plugin as a Higress release ships it. */
export interface CatalogPlugin {
  /** The Console's name (plugins.properties key) and the Plugin Server folder: `json-converter`. */
  readonly name: string;
  /** OCI repository path on the official registry: `plugins/jsonrpc-converter`. */
  readonly repository: string;
  readonly tag: string;
  /** The pinned manifest digest, where upstream publishes one for this release. */
  readonly digest?: string | undefined;
  /** SHA-256 of plugin.wasm where upstream publishes it (checked after extraction). */
  readonly wasmSha256?: string | undefined;
  /**
   * locked: a lock file bound to the release names the digest (2.2.4); observed: no record of the
   * release's own bytes exists, so the pin is what the tag held when upstream recorded it later
   * (2.1.9–2.2.3) — still a known good build, and never a tag that moved since.
   */
  readonly pinStatus?: 'locked' | 'observed' | undefined;
  /** `repo@commit:path` of the pin, or why there is none. */
  readonly pinSource: string;
  readonly category: PluginCategory;
  readonly phase: PluginPhase;
  readonly priority: number;
  readonly title?: string | undefined;
  /**
   * Version directories the Plugin Server tree serves it under: every spec version a Console build
   * of the release asks for, and the tag.
   */
  readonly servedVersions: readonly string[];
  /** Ids of the Console builds of the release that list it as built-in. */
  readonly consoleBuilds: readonly string[];
  /**
   * Whether the release's official Plugin Server image serves it at every path a Console build of
   * the release asks for (false also when it has the plugin under another version folder only).
   */
  readonly inPluginServerImage: boolean;
}

export interface CatalogImage {
  readonly repository: string;
  readonly tag: string;
  readonly digest?: string | undefined;
  readonly source?: string | undefined;
}

export interface CatalogRelease {
  /** Higress release: `2.2.4`. */
  readonly release: string;
  readonly pluginServer: CatalogImage;
  /** Helm hub semantics: from 2.2.1 the image is `{hub}/higress/plugin-server`, before `{hub}/plugin-server`. */
  readonly helmHubIncludesHigress: boolean;
  /** The chart has `pluginServer.imageRegistry/imageNamespace` (feeding the Console's registry/namespace env). */
  readonly chartPluginRegistryValues: boolean;
  /** The Console builds of this release; the first is what the release's console image runs. */
  readonly consoleBuilds: readonly ConsoleBuild[];
  readonly plugins: readonly CatalogPlugin[];
  /** Where the facts come from. */
  readonly source: string;
}

export interface SourceRegistry {
  readonly host: string;
  readonly label: string;
}
