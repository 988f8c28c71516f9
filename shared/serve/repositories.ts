import { blobPath } from '../bundle/archive-documents';
import type { OpenBundle } from '../bundle/open-bundle';
import { messageOf } from '../errors';
import { Annotation } from '../oci/media-types';
import { parseReference } from '../oci/reference';
import type { Descriptor } from '../oci/schemas';
import { successors } from '../oci/successors';

/** A manifest or index kept in memory exactly as bundled (they are small and digest-checked). */
export interface ServedManifest {
  readonly digest: string;
  readonly mediaType: string;
  readonly bytes: Uint8Array;
}

/** One repository of the `/v2/` API: what its tags name and everything reachable from them. */
export interface Repository {
  readonly name: string;
  readonly tags: Map<string, ServedManifest>;
  /** The tagged manifests and every child manifest of their indexes, by digest. */
  readonly manifests: Map<string, ServedManifest>;
  /** Blobs a client may fetch from this repository (configs, layers, the manifests), → size. */
  readonly blobs: Map<string, number>;
}

export interface RepositoryMap {
  readonly repositories: ReadonlyMap<string, Repository>;
  /** Entries that could not be served (a damaged manifest in an unverified bundle, a bad name). */
  readonly warnings: readonly string[];
}

/**
 * Groups index.json's entries into repositories by the repository path of their
 * `org.opencontainers.image.ref.name` (registry host dropped: `…/higress/plugin-server:2.2.3` is
 * `higress/plugin-server`) and walks each manifest tree once, so that a request can only reach
 * manifests and blobs of the repository it names.
 */
export async function loadRepositories(bundle: OpenBundle): Promise<RepositoryMap> {
  const store = bundle.store();
  const repositories = new Map<string, Repository>();
  const warnings: string[] = [];
  const cache = new Map<string, Promise<ServedManifest & { isIndex: boolean; children: readonly Descriptor[] }>>();

  const present = (d: Descriptor) => bundle.entries.get(blobPath(d.digest))?.size === d.size;
  const load = (d: Descriptor) => {
    let p = cache.get(d.digest);
    if (!p) {
      p = store.fetchManifest(d).then((m) => ({
        digest: m.digest,
        mediaType: m.mediaType,
        bytes: m.bytes,
        isIndex: m.kind === 'index',
        children: successors(m),
      }));
      cache.set(d.digest, p);
    }
    return p;
  };
  // Adds a manifest and what it reaches; missing children are skipped (a 404 later, like a registry).
  const walk = async (repo: Repository, d: Descriptor): Promise<ServedManifest> => {
    const m = await load(d);
    if (!repo.manifests.has(m.digest)) {
      repo.manifests.set(m.digest, m);
      repo.blobs.set(m.digest, m.bytes.length);
      for (const c of m.children) {
        if (!present(c)) continue;
        if (m.isIndex) await walk(repo, c);
        else repo.blobs.set(c.digest, c.size);
      }
    }
    return m;
  };

  for (const d of (await bundle.ociIndex()).manifests) {
    const refName = d.annotations?.[Annotation.refName] ?? '';
    try {
      const ref = parseReference(refName);
      let repo = repositories.get(ref.repository);
      if (!repo) repositories.set(ref.repository, (repo = { name: ref.repository, tags: new Map(), manifests: new Map(), blobs: new Map() }));
      const top = await walk(repo, d);
      if (ref.tag === undefined) continue;
      const taken = repo.tags.get(ref.tag);
      if (!taken) repo.tags.set(ref.tag, top);
      else if (taken.digest !== top.digest) warnings.push(`${refName}: ${ref.repository}:${ref.tag} already names ${taken.digest} (from another registry); served by digest only`);
    } catch (e) {
      warnings.push(`${refName || d.digest} is not served: ${messageOf(e)}`);
    }
  }
  return { repositories, warnings };
}
