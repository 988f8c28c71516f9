import type { OpenedBundle, ResultOf } from '../../../shared/ipc/contract';
import type { Notice } from '../../../shared/messages/catalog';
import type { TargetForm } from './target-form';
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

/** Which target a result belongs to: a result for another registry, project or mode says nothing about this one. */
export function targetKey(form: Pick<TargetForm, 'registry' | 'targetMode'>): string {
  return `${form.registry.trim()}|${form.targetMode}`;
}

/** What a push would change, from its dry run: tags it replaces (old → new) and the Docker path's notices. */
export interface PushChanges {
  readonly replaced: ReadonlyArray<{ readonly target: string; readonly old: string; readonly new: string; readonly platform?: string | undefined }>;
  readonly docker: ReadonlyArray<Notice>;
}

export function pushChanges(preview: ResultOf<'push:preview'>): PushChanges {
  const replaced: Array<PushChanges['replaced'][number]> = [];
  const docker: Notice[] = [];
  for (const item of preview.items) {
    for (const n of item.notes ?? []) {
      if (n.code === 'PUSH_WOULD_REPLACE') replaced.push({ target: item.targetRef, old: String(n.details.old), new: String(n.details.new), ...(item.via === 'docker' ? { platform: item.platform } : {}) });
      if (n.code === 'PUSH_DOCKER_REWRITES') docker.push(n);
    }
  }
  return { replaced, docker };
}
