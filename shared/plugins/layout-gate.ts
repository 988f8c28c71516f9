import { AppError } from '../errors';
import { MediaType } from '../oci/media-types';
import type { Descriptor, ParsedManifest } from '../oci/schemas';

/**
 * The layouts a Higress gateway can load (istio imagefetcher in the Higress fork):
 * - docker-compat: Docker v2 manifest whose last layer is a tar+gzip holding plugin.wasm;
 * - oci-compat: OCI manifest whose last layer is tar+gzip holding plugin.wasm (official pipeline);
 *   (exactly one regular file whose base name is plugin.wasm: extract-wasm.ts checks the layer);
 * - oci-wasm: OCI manifest with exactly 2 layers, one of them the raw wasm layer.
 * Everything else is refused before bundling, naming the plugin, the reference and why.
 */
export type PluginLayout = 'docker-compat' | 'oci-compat' | 'oci-wasm';

export interface PluginLayoutInfo {
  readonly layout: PluginLayout;
  /** The layer holding the module. */
  readonly wasmLayer: Descriptor;
  /** tar+gzip (compat layouts) or the raw module (oci-wasm). */
  readonly wasmEncoding: 'tar+gzip' | 'raw';
  /** README / spec.yaml layers, for display. */
  readonly docLayers: readonly Descriptor[];
  readonly specLayer?: Descriptor | undefined;
}

/**
 * A plugin the gateway could not load. `PLUGIN_REFUSED` in general; the module checks of
 * extract-wasm.ts use their own codes (`PLUGIN_WASM_NOT_FOUND`, `PLUGIN_WASM_AMBIGUOUS`,
 * `PLUGIN_WASM_NOT_A_FILE`, `PLUGIN_WASM_BEYOND_GATEWAY_LIMIT`, `PLUGIN_LAYER_DAMAGED`), with their
 * facts in `details` beside plugin, reference and reason.
 */
export class PluginRefusedError extends AppError {
  override name = 'PluginRefusedError';
  constructor(plugin: string, reference: string, reason: string, hint?: string, details: Record<string, unknown> = {}, code = 'PLUGIN_REFUSED') {
    super(code, `Plugin ${plugin} (${reference}) was refused: ${reason}`, {
      ...(hint ? { hint } : {}),
      details: { ...details, plugin, reference, reason },
    });
  }
}

export function classifyPluginManifest(m: ParsedManifest, plugin: string, reference: string): PluginLayoutInfo {
  const refuse = (reason: string, hint?: string): never => {
    throw new PluginRefusedError(plugin, reference, reason, hint);
  };
  if (m.kind === 'index') return refuse(`it is an image index (${m.mediaType}), not a plugin artifact`, 'Point at the plugin artifact itself, not a multi-platform image.');
  const layers = m.manifest.layers;
  const docLayers = layers.filter((l) => l.mediaType.startsWith('application/vnd.module.wasm.doc.'));
  const specLayer = layers.find((l) => l.mediaType === MediaType.wasmSpec);
  const last = layers[layers.length - 1];
  if (!last) return refuse('it has no layers');

  if (m.mediaType === MediaType.dockerManifest) {
    if (last.mediaType !== MediaType.dockerLayerGzip) return refuse(`its last layer is ${last.mediaType}; a Docker manifest must end with ${MediaType.dockerLayerGzip} holding plugin.wasm`);
    return { layout: 'docker-compat', wasmLayer: last, wasmEncoding: 'tar+gzip', docLayers, specLayer };
  }
  if (m.mediaType !== MediaType.ociManifest) return refuse(`unsupported manifest type ${m.mediaType}`);

  const wasmLayers = layers.filter((l) => l.mediaType === MediaType.wasmLayer);
  if (last.mediaType === MediaType.ociLayerGzip) return { layout: 'oci-compat', wasmLayer: last, wasmEncoding: 'tar+gzip', docLayers, specLayer };
  if (layers.length === 2 && wasmLayers.length === 1) return { layout: 'oci-wasm', wasmLayer: wasmLayers[0] as Descriptor, wasmEncoding: 'raw', docLayers, specLayer };
  if (layers.length === 1 && wasmLayers.length === 1) {
    return refuse(
      'it is a single raw-wasm layer artifact, which no Higress gateway can load (the August 2026 release incident, higress#4528)',
      'Use a tag or digest published before the incident, or a build in the 2-layer OCI or compat layout.',
    );
  }
  if (last.mediaType === MediaType.ociEmpty) {
    return refuse('its last layer is an empty {} blob: the artifact was probably mangled by docker pull/push (higress#2295)', 'Copy plugins byte for byte (higress-airgap copy, oras cp), never through docker pull/push.');
  }
  return refuse(`its layers (${layers.map((l) => l.mediaType).join(', ')}) match no layout a gateway accepts (compat: last layer tar+gzip with plugin.wasm; OCI: exactly 2 layers with ${MediaType.wasmLayer})`);
}
