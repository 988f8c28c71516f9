import type { CatalogRelease } from '../catalog/types';
import type { RegistryClient } from '../registry/client';
import pLimit from 'p-limit';

export interface TagUpdate {
  readonly name: string;
  readonly repository: string;
  readonly current: string;
  /** Newer semantic-version tags in the registry (never `latest`), newest first. */
  readonly newer: readonly string[];
  readonly error?: string | undefined;
}

/**
 * Lists the registry's tags for every catalog plugin and reports newer versions. It only shows
 * them: the catalog's pinned tag stays what is bundled until the operator picks another.
 */
export async function refreshCatalog(client: RegistryClient, release: CatalogRelease, signal?: AbortSignal): Promise<TagUpdate[]> {
  const limit = pLimit(8);
  return Promise.all(
    release.plugins.map((p) =>
      limit(async (): Promise<TagUpdate> => {
        try {
          const tags = await client.repository(p.repository).listTags(signal);
          const newer = tags.filter((t) => isSemver(t) && compareSemver(t, p.tag) > 0).sort((a, b) => compareSemver(b, a));
          return { name: p.name, repository: p.repository, current: p.tag, newer };
        } catch (e) {
          return { name: p.name, repository: p.repository, current: p.tag, newer: [], error: (e as Error).message };
        }
      }),
    ),
  );
}

export function isSemver(tag: string): boolean {
  return /^v?\d+\.\d+\.\d+$/.test(tag);
}

export function compareSemver(a: string, b: string): number {
  const pa = a.replace(/^v/, '').split('.').map(Number);
  const pb = b.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
