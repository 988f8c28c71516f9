import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import type { PluginPhase } from '../catalog/types';
import type { Notice } from '../messages/catalog';
import type { RetagMode } from '../oci/retag';
import type { ConfigPart, InventoryRecord } from '../model/bundle-manifest';
import type { WasmPlugin } from './validate';

/**
 * What the deployment generators read. A `BundleManifest` satisfies it; so does a plan made before
 * a bundle exists (digests and wasm hashes may then be missing, and the output says so).
 */
export interface DeployImage {
  readonly role: 'plugin-server' | 'extra' | 'docker';
  /** Full source reference, e.g. `higress-registry.cn-hangzhou.cr.aliyuncs.com/higress/plugin-server:2.2.4`. */
  readonly source: string;
  /** Digest of the top manifest or index as bundled (and pushed). */
  readonly digest?: string | undefined;
}

export interface DeployPlugin {
  readonly name: string;
  /** The OCI tag (or the version given to a local .wasm file). */
  readonly version: string;
  /** Version directories the Plugin Server serves it under (aliases included). */
  readonly servedVersions: readonly string[];
  readonly origin: 'catalog' | 'oci' | 'wasm-file';
  readonly source: string;
  /** Manifest digest `sha256:<hex>`. */
  readonly digest?: string | undefined;
  readonly wasm?: { readonly sha256: string } | undefined;
  readonly category?: string | undefined;
  readonly phase?: PluginPhase | undefined;
  readonly priority?: number | undefined;
  readonly title?: string | undefined;
  readonly description?: string | undefined;
}

export interface DeployInput {
  readonly higressRelease?: string | undefined;
  readonly images: readonly DeployImage[];
  readonly plugins: readonly DeployPlugin[];
  /** WasmPlugins moved from another Higress (bundle.json `inventory`): written beside the generated ones. */
  readonly inventory?: InventoryRecord | undefined;
  /** The Helm charts the bundle carries (bundle.json `charts`, `bundle --with-higress`); absent in older bundles. */
  readonly charts?: readonly DeployChart[] | undefined;
}

/** A chart package in the bundle tree (`charts/<name>-<version>.tgz`). */
export interface DeployChart {
  readonly name: string;
  readonly version: string;
  /** Path inside the bundle, e.g. `charts/higress-2.2.4.tgz`. */
  readonly path: string;
  readonly digest?: string | undefined;
}

/** http: the Plugin Server serves the plugins; oci: the gateway pulls them from the private registry. */
export type DeliveryMode = 'http' | 'oci';
export type PullPolicy = 'IfNotPresent' | 'Always';

export interface Quantities {
  readonly cpu: string;
  readonly memory: string;
}

/** Quantities as given: each one left out or undefined takes its default. */
export type QuantitiesGiven = { readonly [K in keyof Quantities]?: Quantities[K] | undefined };

export interface DeployOptions {
  /** `host[:port]/project[/path]`, exactly as given to the push step. */
  readonly registry: string;
  /** The push step's retag mode (default keep). */
  readonly targetMode?: RetagMode | undefined;
  readonly mode: DeliveryMode;
  /** Where Higress runs (default `higress-system`): Plugin Server, WasmPlugins and pull Secret go there. */
  readonly namespace?: string | undefined;
  /** Higress release; default: the bundle's, else the newest known. */
  readonly release?: string | undefined;
  /** Which Console build of the release the cluster runs (an id of `catalog --release R`); default: the release's console image. */
  readonly consoleBuild?: string | undefined;
  readonly replicas?: number | undefined;
  readonly resources?: { readonly requests?: QuantitiesGiven | undefined; readonly limits?: QuantitiesGiven | undefined } | undefined;
  /** Name of the docker-registry Secret the cluster pulls with; also produces a Secret template. */
  readonly pullSecret?: string | undefined;
  /**
   * The Plugin Server image to deploy instead of the bundled official one: the custom image push
   * built (the bundle's whole plugin tree over the official image).
   */
  readonly pluginServerImage?: string | undefined;
  /** Name the Plugin Server image by tag and digest. */
  readonly pinDigest?: boolean | undefined;
  readonly imagePullPolicy?: PullPolicy | undefined;
  /** The target registry speaks plain HTTP. */
  readonly plainHttp?: boolean | undefined;
  /** The target registry's certificate is not trusted (self-signed). */
  readonly insecure?: boolean | undefined;
  /** The target registry's certificate is signed by a private CA (the gateway will not trust it either). */
  readonly caFile?: boolean | undefined;
  /** Only these plugins (by name); default all. */
  readonly plugins?: readonly string[] | undefined;
  /** Phase and priority chosen by the user, per plugin name; wins over the bundle and the catalog. */
  readonly pluginSettings?: Readonly<Record<string, { readonly phase?: PluginPhase | undefined; readonly priority?: number | undefined }>> | undefined;
  /** Emit WasmPlugin objects (default true). */
  readonly wasmPlugins?: boolean | undefined;
  /** Chart reference for `helm upgrade` (default `higress.io/higress`; offline: a local .tgz). */
  readonly helmChart?: string | undefined;
  /** Put real credentials into the pull Secret. Without it, credentials are ignored. */
  readonly fillSecret?: boolean | undefined;
  readonly credentials?: { readonly username: string; readonly password: string } | undefined;
  /** The inventory's configuration, decrypted with the passphrase (shared/migrate); without it the migrated objects are written without configuration. */
  readonly restoredConfig?: Readonly<Record<string, ConfigPart>> | undefined;
  /**
   * Values laid under the generated Helm values (the generated ones win where both set a key): the
   * release's images at their private copies (shared/deploy/targets/helm-release.ts).
   */
  readonly chartValues?: Readonly<Record<string, unknown>> | undefined;
}

export type KubeObject = IDeployment | IService | ISecret | WasmPlugin;

export interface DeployFile {
  /** Relative path under the output folder, `/`-separated. */
  readonly path: string;
  readonly content: string;
  readonly description: string;
}

/** An environment change on one of Higress's own Deployments. `value: null` removes the variable. */
export interface EnvChange {
  readonly name: string;
  readonly value: string | null;
}

export interface WorkloadEnv {
  readonly workload: 'console' | 'controller' | 'gateway';
  readonly deployment: string;
  readonly container: string;
  readonly env: readonly EnvChange[];
}

export interface PluginSummary {
  readonly name: string;
  readonly version: string;
  /** The WasmPlugin name, `<name>-<version>` with the version the Console uses. */
  readonly objectName: string;
  readonly url: string;
  readonly sha256: string | undefined;
  readonly phase: PluginPhase;
  readonly priority: number;
}

export interface DeployOutput {
  readonly mode: DeliveryMode;
  readonly namespace: string;
  readonly release: string;
  /** The Plugin Server image as pushed (HTTP mode). */
  readonly pluginServerImage: string | undefined;
  /** Every object to `kubectl apply`, validated, in apply order. */
  readonly objects: readonly KubeObject[];
  /** The same objects as one multi-document YAML file. */
  readonly combined: string;
  /** The folder: manifests, patches, Helm values, commands, README (and `all.yaml` = combined). */
  readonly files: readonly DeployFile[];
  readonly env: readonly WorkloadEnv[];
  readonly helmValues: Record<string, unknown>;
  /** `helm upgrade` arguments equivalent to the values file, as argv tokens. */
  readonly helmSetArgs: readonly string[];
  /** Shell lines: `helm upgrade … -f values.yaml` and the `--set` equivalent. */
  readonly helmCommands: readonly string[];
  /** Shell lines: `kubectl set env …` and the pull Secret command (placeholders only). */
  readonly kubectlCommands: readonly string[];
  readonly plugins: readonly PluginSummary[];
  /** The English text of `notices`, in order (scripts and `--json` read it). */
  readonly warnings: readonly string[];
  /** `namespace/name` of each migrated WasmPlugin written (bundle.json `inventory`). */
  readonly migrated: readonly string[];
  /** Every warning, coded, in the order raised (codes in shared/messages/texts/{deploy,migrate}.ts), rendered in the reader's language. */
  readonly notices: readonly Notice[];
}
