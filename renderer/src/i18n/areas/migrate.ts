/** UI strings — Moving WasmPlugins: inventory on Build, migrated objects on Deploy. English is the key contract; Chinese must fill every key. */
export const MIGRATE_EN = {} as const;

export const MIGRATE_ZH: Record<keyof typeof MIGRATE_EN, string> = {};
