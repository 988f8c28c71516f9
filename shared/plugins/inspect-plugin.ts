import type { ParsedManifest } from '../oci/schemas';
import type { ContentStore } from '../store/content-store';
import { extractWasm, type ExtractedWasm } from './extract-wasm';
import { classifyPluginManifest, PluginRefusedError, type PluginLayout, type PluginLayoutInfo } from './layout-gate';
import { readPluginDocs, type PluginDocs } from './plugin-docs';

export interface InspectedPlugin {
  readonly name: string;
  readonly reference: string;
  readonly digest: string;
  readonly mediaType: string;
  readonly layout: PluginLayout;
  readonly manifest: ParsedManifest;
  readonly layoutInfo: PluginLayoutInfo;
  readonly wasm: ExtractedWasm;
  readonly docs: PluginDocs;
  /** Accepted, but worth telling the operator (e.g. the module is not named plugin.wasm). */
  readonly warnings: readonly string[];
}

/**
 * Resolves a plugin reference in a store, checks its layout and (when pinned) its digest, and
 * extracts the module (checked as proxy-wasm: `wasm.abiVersion`) and its README/spec.yaml.
 * Refusals are PluginRefusedErrors or ProxyWasmErrors naming the plugin, the reference and the
 * reason.
 */
export async function inspectPlugin(
  store: ContentStore,
  reference: string,
  options: { name: string; label?: string; pinnedDigest?: string | undefined; signal?: AbortSignal | undefined },
): Promise<InspectedPlugin> {
  const label = options.label ?? reference;
  const manifest = await store.resolve(reference, options.signal);
  if (options.pinnedDigest && manifest.digest !== options.pinnedDigest) {
    throw new PluginRefusedError(
      options.name,
      label,
      `its digest ${manifest.digest} differs from the pinned ${options.pinnedDigest}`,
      'The tag was moved after the release was published; do not bundle it unless you have verified the new build.',
    );
  }
  const layoutInfo = classifyPluginManifest(manifest, options.name, label);
  const layer = await store.blobSource(layoutInfo.wasmLayer).open(0, options.signal);
  const [wasm, docs] = await Promise.all([
    extractWasm(layer, layoutInfo.wasmEncoding, options.name, label),
    readPluginDocs(store, layoutInfo.docLayers, layoutInfo.specLayer, options.signal),
  ]);
  // A module not named plugin.wasm used to be a warning; extractWasm refuses it now (the gateway
  // cannot load it by oci://). The field stays for accepted-but-notable findings.
  const warnings: string[] = [];
  return { name: options.name, reference: label, digest: manifest.digest, mediaType: manifest.mediaType, layout: layoutInfo.layout, manifest, layoutInfo, wasm, docs, warnings };
}
