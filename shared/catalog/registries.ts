import type { SourceRegistry } from './types';

/** The official Higress registry and its regional mirrors (auto-synced from cn-hangzhou). */
export const OFFICIAL_REGISTRY = 'higress-registry.cn-hangzhou.cr.aliyuncs.com';

export const SOURCE_REGISTRIES: readonly SourceRegistry[] = [
  { host: OFFICIAL_REGISTRY, label: 'Official (China, Hangzhou)' },
  { host: 'higress-registry.us-west-1.cr.aliyuncs.com', label: 'Mirror (North America)' },
  { host: 'higress-registry.ap-southeast-7.cr.aliyuncs.com', label: 'Mirror (Southeast Asia)' },
];
