import type { BundleManifest } from '../model/bundle-manifest';
import { wasmPluginProblems } from '../deploy/validate';
import { printable } from '../errors';
import { splitConfig } from './config';
import { objectKey } from './record';

/** One inconsistency of bundle.json `inventory` (the BundleIssue shape of shared/bundle/cross-check.ts). */
export interface InventoryIssue {
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * The inventory against the rest of bundle.json, on every open and by verify: each object runs a
 * bundled plugin at a version the bundle serves, is a valid WasmPlugin, carries no configuration in
 * clear, appears once; the encrypted configuration is there exactly when an object says so.
 */
export function inventoryIssues(m: Pick<BundleManifest, 'plugins' | 'inventory'>): InventoryIssue[] {
  const inv = m.inventory;
  if (!inv) return [];
  const issues: InventoryIssue[] = [];
  const seen = new Set<string>();
  for (const o of inv.objects) {
    const object = printable(objectKey(o.object), 320);
    if (seen.has(object)) issues.push({ code: 'INVENTORY_OBJECT_DUPLICATE', message: `bundle.json inventory lists WasmPlugin ${object} twice`, details: { object } });
    seen.add(object);
    const plugin = m.plugins.find((p) => p.name === o.plugin);
    if (!plugin) issues.push({ code: 'INVENTORY_PLUGIN_MISSING', message: `bundle.json inventory: WasmPlugin ${object} runs plugin ${printable(o.plugin, 128)}, which the bundle does not hold`, details: { object, plugin: o.plugin } });
    else if (!plugin.servedVersions.includes(o.version)) {
      issues.push({ code: 'INVENTORY_VERSION_NOT_SERVED', message: `bundle.json inventory: WasmPlugin ${object} runs ${o.plugin} ${printable(o.version, 128)}, which the bundle does not serve`, details: { object, plugin: o.plugin, version: o.version } });
    }
    const { config } = splitConfig(o.object.spec);
    for (const field of Object.keys(config ?? {})) issues.push({ code: 'INVENTORY_CONFIG_IN_CLEAR', message: `bundle.json inventory: WasmPlugin ${object} carries ${field} in clear`, details: { object, field } });
    const url = typeof o.object.spec.url === 'string' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(o.object.spec.url) ? `oci://${o.object.spec.url}` : o.object.spec.url;
    const problems = wasmPluginProblems({ ...o.object, spec: { ...o.object.spec, url } });
    if (problems.length) issues.push({ code: 'INVENTORY_OBJECT_INVALID', message: `bundle.json inventory: WasmPlugin ${object} is not valid: ${printable(problems.slice(0, 3).join('; '), 400)}`, details: { object, reason: printable(problems[0] ?? '', 200) } });
  }
  const included = inv.objects.filter((o) => o.config.included).length;
  if (included && !inv.config) issues.push({ code: 'INVENTORY_CONFIG_ABSENT', message: `bundle.json inventory: ${included} objects say their configuration is included, but there is no encrypted configuration`, details: { included } });
  if (!included && inv.config) issues.push({ code: 'INVENTORY_CONFIG_UNCLAIMED', message: 'bundle.json inventory has encrypted configuration, but no object says its configuration is included', details: {} });
  return issues;
}
