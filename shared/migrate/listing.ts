import type { CatalogRelease } from '../catalog/types';
import { configKeys, splitConfig } from './config';
import { objectKey, positionText, readInventoryParts } from './inventory';
import { migrationSources } from './sources';

/** What the Build screen lists for an inventory before anything is fetched. Plain JSON. */
export interface InventoryListing {
  readonly objects: ReadonlyArray<{
    readonly key: string;
    readonly plugin?: string | undefined;
    readonly version?: string | undefined;
    readonly url: string;
    readonly builtIn: boolean;
    readonly config: { readonly present: boolean; readonly keys: readonly string[]; readonly secretKeys: readonly string[] };
    /** Problems of this object (its source, its name), inline. */
    readonly problems: readonly string[];
  }>;
  /** Other objects, by `apiVersion kind`. */
  readonly skipped: Readonly<Record<string, number>>;
  /** Problems that belong to no object taken (a malformed document, an unreadable file), with where. */
  readonly problems: ReadonlyArray<{ readonly where: string; readonly reason: string }>;
}

/** Reads an inventory and says what it would move, with every problem inline; never fetches. */
export async function listInventory(paths: readonly string[], release: CatalogRelease | undefined): Promise<InventoryListing> {
  const { inventory, problems } = await readInventoryParts(paths);
  const { byObject, problems: sourceProblems } = migrationSources(inventory.entries, release);
  const inline = new Map<string, string[]>();
  const at = (p: { file: string; document: number; item?: number | undefined }) => `${p.file}#${p.document}#${p.item ?? 0}`;
  const taken = new Map(inventory.entries.map((e) => [at(e.position), objectKey(e.object)]));
  const loose: Array<{ where: string; reason: string }> = [];
  for (const p of [...problems, ...sourceProblems]) {
    const key = taken.get(at(p));
    if (key) inline.set(key, [...(inline.get(key) ?? []), p.reason]);
    else loose.push({ where: positionText(p), reason: p.reason });
  }
  return {
    objects: inventory.entries.map((e) => {
      const key = objectKey(e.object);
      const source = byObject.get(key);
      const { config } = splitConfig(e.object.spec);
      const keys = configKeys(config);
      return {
        key,
        plugin: source?.name,
        version: source?.version,
        url: String(e.object.spec.url ?? ''),
        builtIn: source?.builtIn !== undefined,
        config: { present: config !== undefined, keys: keys.keys, secretKeys: keys.secretKeys },
        problems: inline.get(key) ?? [],
      };
    }),
    skipped: inventory.skipped,
    problems: loose,
  };
}
