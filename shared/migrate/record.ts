/**
 * bundle.json `inventory` (WasmPlugins moved from another Higress): the schema lives with the rest
 * of bundle.json in shared/model/bundle-manifest.ts (pure, read by the renderer and the deployment
 * generators); this module names it for shared/migrate.
 */
export {
  configPartSchema,
  configPayloadSchema,
  encryptedConfigSchema,
  inventoryObjectSchema,
  inventoryRecordSchema,
  objectKey,
  type ConfigPart,
  type EncryptedConfig,
  type InventoryObjectRecord,
  type InventoryRecord,
} from '../model/bundle-manifest';
