import type { CatalogRelease } from '../catalog/types';
import { configFields, configKeys, splitConfig, type ConfigPart } from './config';
import { encryptConfig } from './crypto';
import { countOf, inventoryInvalid, objectKey, readInventory, type Inventory } from './inventory';
import type { InventoryRecord } from './record';
import { migrationSources, type MigrationSource } from './sources';
import { notice, type Notice } from '../messages/catalog';

/** What the bundle writer needs to move an inventory: the modules to fetch and the bundle.json record. */
export interface MigrationPlan {
  readonly sources: readonly MigrationSource[];
  readonly record: InventoryRecord;
  readonly notices: readonly Notice[];
}

export interface MigrationOptions {
  readonly release?: CatalogRelease | undefined;
  /** Take the configuration along (encrypted with the passphrase). */
  readonly withConfig?: boolean | undefined;
  readonly passphrase?: string | undefined;
}

/** Reads the inventory files and plans the move; every problem of the inventory at once. */
export async function prepareMigration(paths: readonly string[], options: MigrationOptions): Promise<MigrationPlan> {
  return planMigration(await readInventory(paths), options);
}

export async function planMigration(inventory: Inventory, options: MigrationOptions): Promise<MigrationPlan> {
  const { sources, byObject, problems } = migrationSources(inventory.entries, options.release);
  if (problems.length) throw inventoryInvalid(problems);
  const configs: Record<string, ConfigPart> = {};
  const objects = inventory.entries.map((e) => {
    const key = objectKey(e.object);
    const source = byObject.get(key) as MigrationSource;
    const { spec, config } = splitConfig(e.object.spec);
    const included = Boolean(config && options.withConfig);
    if (config && included) configs[key] = config;
    const keys = configKeys(config);
    return {
      // spec.url is rewritten on the private side; it travels with tokens in its query masked.
      object: { ...e.object, spec: { ...spec, url: source.url } },
      plugin: source.name,
      version: source.version,
      sourceUrl: source.url,
      builtIn: source.builtIn !== undefined,
      from: { file: e.position.file, document: e.position.document, ...(e.position.item ? { item: e.position.item } : {}) },
      config: { present: config !== undefined, included, fields: configFields(config), keys: keys.keys, secretKeys: keys.secretKeys },
    };
  });
  const notices: Notice[] = [];
  const leftOut = objects.filter((o) => o.config.present && !o.config.included).map((o) => objectKey(o.object));
  if (leftOut.length) notices.push(notice('MIGRATE_CONFIG_NOT_TAKEN', { count: leftOut.length, objects: leftOut.join(', ') }));
  const skipped = countOf(inventory.skipped);
  if (skipped) notices.push(notice('MIGRATE_OBJECTS_SKIPPED', { count: skipped, kinds: Object.entries(inventory.skipped).map(([k, n]) => `${k} ×${n}`).join(', ') }));
  const config = Object.keys(configs).length ? await encryptConfig({ objects: configs }, options.passphrase ?? '') : undefined;
  return { sources, record: { objects, skipped: { ...inventory.skipped }, ...(config ? { config } : {}) }, notices };
}
