import type { PluginPhase } from './types';

/**
 * Phase and priority from the Console's spec.yaml files (higress-console v2.2.1), as collected in
 * shared/reference/higress-facts.md §3.4. Plugins missing here take them from the artifact's own
 * spec.yaml when bundled.
 */
export const KNOWN_PHASES: Readonly<Record<string, { phase: PluginPhase; priority: number }>> = {
  'ai-proxy': { phase: 'UNSPECIFIED_PHASE', priority: 100 },
  'ai-agent': { phase: 'UNSPECIFIED_PHASE', priority: 200 },
  'ai-security-guard': { phase: 'UNSPECIFIED_PHASE', priority: 300 },
  'ai-statistics': { phase: 'UNSPECIFIED_PHASE', priority: 900 },
  'ai-data-masking': { phase: 'AUTHN', priority: 991 },
  'model-router': { phase: 'AUTHN', priority: 900 },
  'model-mapper': { phase: 'AUTHN', priority: 800 },
  'mcp-server': { phase: 'UNSPECIFIED_PHASE', priority: 999 },
  'basic-auth': { phase: 'AUTHN', priority: 320 },
  'key-auth': { phase: 'AUTHN', priority: 310 },
  'jwt-auth': { phase: 'AUTHN', priority: 340 },
  'hmac-auth': { phase: 'AUTHN', priority: 330 },
  oidc: { phase: 'AUTHN', priority: 350 },
  oauth: { phase: 'AUTHN', priority: 350 },
  'ext-auth': { phase: 'AUTHN', priority: 360 },
  opa: { phase: 'AUTHN', priority: 225 },
  'custom-response': { phase: 'AUTHN', priority: 910 },
  transformer: { phase: 'AUTHN', priority: 410 },
  'request-block': { phase: 'AUTHZ', priority: 320 },
  'bot-detect': { phase: 'AUTHZ', priority: 310 },
  waf: { phase: 'AUTHZ', priority: 330 },
  cors: { phase: 'AUTHZ', priority: 340 },
  'key-rate-limit': { phase: 'UNSPECIFIED_PHASE', priority: 10 },
  'cluster-key-rate-limit': { phase: 'UNSPECIFIED_PHASE', priority: 20 },
  'ip-restriction': { phase: 'AUTHN', priority: 210 },
  'request-validation': { phase: 'AUTHN', priority: 220 },
  'traffic-tag': { phase: 'UNSPECIFIED_PHASE', priority: 400 },
};

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
