import { parse } from 'yaml';
import { phaseFromSpec } from '../catalog/phases';
import type { PluginPhase } from '../catalog/types';
import type { Descriptor } from '../oci/schemas';
import type { ContentStore } from '../store/content-store';
import { readAll } from '../stream/verify';

const MAX_DOC_BYTES = 1024 * 1024;

/** What a plugin's spec.yaml says about itself (the Console reads the same file). */
export interface PluginSpecInfo {
  readonly name?: string | undefined;
  readonly version?: string | undefined;
  readonly title?: string | undefined;
  readonly description?: string | undefined;
  readonly category?: string | undefined;
  readonly phase?: PluginPhase | undefined;
  readonly priority?: number | undefined;
}

export interface PluginDocs {
  readonly readme?: string | undefined;
  readonly specYaml?: string | undefined;
  readonly spec?: PluginSpecInfo | undefined;
}

/** Reads README and spec.yaml layers (small, capped) for display and for phase/priority. */
export async function readPluginDocs(store: ContentStore, docLayers: readonly Descriptor[], specLayer: Descriptor | undefined, signal?: AbortSignal): Promise<PluginDocs> {
  const read = async (d: Descriptor) => {
    if (d.size > MAX_DOC_BYTES) return undefined;
    return (await readAll(await store.blobSource(d).open(0, signal), MAX_DOC_BYTES, d.digest)).toString('utf8');
  };
  // Prefer the plain README (doc.v1+markdown) over translations.
  const readmeLayer = docLayers.find((d) => d.mediaType === 'application/vnd.module.wasm.doc.v1+markdown') ?? docLayers[0];
  const [readme, specYaml] = await Promise.all([readmeLayer ? read(readmeLayer) : undefined, specLayer ? read(specLayer) : undefined]);
  return { readme, specYaml, spec: specYaml ? parseSpecYaml(specYaml) : undefined };
}

export function parseSpecYaml(text: string): PluginSpecInfo | undefined {
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 10 });
  } catch {
    return undefined;
  }
  if (!doc || typeof doc !== 'object') return undefined;
  const info = ((doc as { info?: unknown }).info ?? {}) as Record<string, unknown>;
  const spec = ((doc as { spec?: unknown }).spec ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).slice(0, 4096) : undefined);
  const priority = typeof spec.priority === 'number' ? spec.priority : Number.parseInt(String(spec.priority ?? ''), 10);
  return {
    name: str(info.name),
    version: str(info.version),
    title: str(info.title),
    description: str(info.description),
    category: str(info.category),
    phase: spec.phase === undefined ? undefined : phaseFromSpec(str(spec.phase)),
    priority: Number.isInteger(priority) && priority >= 0 && priority <= 10000 ? priority : undefined,
  };
}
