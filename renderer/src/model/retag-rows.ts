import type { OpenedBundle } from '../../../shared/ipc/contract';
import { imageTargetReference, pluginTargetReference } from '../../../shared/model/placement';
import { formatReference } from '../../../shared/oci/reference';
import type { RetagTarget } from '../../../shared/oci/retag';

export interface RetagRow {
  readonly kind: 'image' | 'plugin';
  readonly source: string;
  readonly target: string;
  readonly digest: string;
}

/** Where every bundled item lands, computed with the same placement functions the push and the YAML use. */
export function retagRows(manifest: OpenedBundle['manifest'], target: RetagTarget): RetagRow[] {
  return [
    ...manifest.images.map((i) => ({ kind: 'image' as const, source: i.source, target: formatReference(imageTargetReference(i, target)), digest: i.digest })),
    ...manifest.plugins.map((p) => ({ kind: 'plugin' as const, source: p.origin === 'wasm-file' ? `${p.source} (${p.name})` : p.source, target: formatReference(pluginTargetReference(p, target)), digest: p.digest })),
  ];
}
