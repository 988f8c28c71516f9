import type { MessageEntry } from '../types';

/** Moving WasmPlugins between environments: inventory reading, sources, encrypted configuration. */
export const MIGRATE_MESSAGES: Readonly<Record<string, MessageEntry>> = {};
