import type { PluginPhase } from './types';

/** spec.yaml phases → WasmPlugin phases (`default` and anything unknown → UNSPECIFIED_PHASE). */
export function phaseFromSpec(value: string | undefined): PluginPhase {
  switch ((value ?? '').toUpperCase()) {
    case 'AUTHN':
      return 'AUTHN';
    case 'AUTHZ':
      return 'AUTHZ';
    case 'STATS':
      return 'STATS';
    default:
      return 'UNSPECIFIED_PHASE';
  }
}
