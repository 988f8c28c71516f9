import type { ConfigPart } from '../model/bundle-manifest';
import { SECRET_KEY } from './facts';

/**
 * Configuration of a WasmPlugin, taken out of its spec so the object can travel without it:
 * `defaultConfig`, `pluginConfig`, each `matchRules[i].config` and each inline
 * `vmConfig.env[i].value` (facts.ts CONFIG_FIELDS). Pure: the renderer lists keys with it too.
 */
export type { ConfigPart } from '../model/bundle-manifest';

type Spec = Readonly<Record<string, unknown>>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The spec without its configuration, and the configuration (undefined when there is none). */
export function splitConfig(spec: Spec): { spec: Record<string, unknown>; config: ConfigPart | undefined } {
  const rest: Record<string, unknown> = { ...spec };
  const part: { defaultConfig?: unknown; pluginConfig?: unknown; matchRules?: Record<string, unknown>; env?: Record<string, string> } = {};
  if ('defaultConfig' in rest) {
    part.defaultConfig = rest.defaultConfig;
    delete rest.defaultConfig;
  }
  if ('pluginConfig' in rest) {
    part.pluginConfig = rest.pluginConfig;
    delete rest.pluginConfig;
  }
  if (Array.isArray(rest.matchRules)) {
    const rules: Record<string, unknown> = {};
    rest.matchRules = rest.matchRules.map((r: unknown, i) => {
      if (!isRecord(r) || !('config' in r)) return r;
      rules[String(i)] = r.config;
      const { config: _config, ...others } = r;
      return others;
    });
    if (Object.keys(rules).length) part.matchRules = rules;
  }
  const vm = rest.vmConfig;
  if (isRecord(vm) && Array.isArray(vm.env)) {
    const env: Record<string, string> = {};
    const list = vm.env.map((e: unknown, i) => {
      if (!isRecord(e) || typeof e.value !== 'string') return e;
      env[String(i)] = e.value;
      const { value: _value, ...others } = e;
      return others;
    });
    if (Object.keys(env).length) {
      part.env = env;
      rest.vmConfig = { ...vm, env: list };
    }
  }
  return { spec: rest, config: Object.keys(part).length ? part : undefined };
}

/** The fields that held configuration: defaultConfig, pluginConfig, matchRules[i].config, vmConfig.env[i].value. */
export function configFields(config: ConfigPart | undefined): string[] {
  if (!config) return [];
  return [
    ...(config.defaultConfig !== undefined ? ['defaultConfig'] : []),
    ...(config.pluginConfig !== undefined ? ['pluginConfig'] : []),
    ...Object.keys(config.matchRules ?? {}).map((i) => `matchRules[${i}].config`),
    ...Object.keys(config.env ?? {}).map((i) => `vmConfig.env[${i}].value`),
  ];
}

/** Key paths of a configuration (values never), e.g. `defaultConfig.consumers[].credential`. */
export function configKeys(config: ConfigPart | undefined, limit = 200): { keys: string[]; secretKeys: string[] } {
  const keys = new Set<string>();
  const walk = (v: unknown, path: string, depth: number) => {
    if (keys.size >= limit || depth > 12) return;
    if (Array.isArray(v)) {
      for (const item of v.slice(0, 50)) walk(item, `${path}[]`, depth + 1);
      return;
    }
    if (!isRecord(v)) return;
    for (const [k, child] of Object.entries(v)) {
      const p = `${path}.${k.slice(0, 64)}`;
      keys.add(p);
      walk(child, p, depth + 1);
    }
  };
  if (config) {
    if (config.defaultConfig !== undefined) walk(config.defaultConfig, 'defaultConfig', 0);
    if (config.pluginConfig !== undefined) walk(config.pluginConfig, 'pluginConfig', 0);
    for (const [i, c] of Object.entries(config.matchRules ?? {})) walk(c, `matchRules[${i}].config`, 0);
    for (const i of Object.keys(config.env ?? {})) keys.add(`vmConfig.env[${i}].value`);
  }
  const list = [...keys];
  const secretKeys = list.filter((k) => {
    const last = k.replace(/\[\d*\]/g, '').split('.').pop() ?? '';
    return SECRET_KEY.test(last) || k.startsWith('vmConfig.env');
  });
  return { keys: list, secretKeys };
}
