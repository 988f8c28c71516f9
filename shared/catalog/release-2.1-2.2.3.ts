import { KNOWN_PHASES } from './phases';
import type { CatalogPlugin, CatalogRelease, PluginCategory } from './types';

/**
 * Higress 2.1.9 – 2.2.3: plugin-server's plugins.properties (43 entries, OCI tag 2.0.0). These
 * Consoles ask for spec version 1.0.0, so each plugin is served as 1.0.0 and 2.0.0 (same bytes),
 * as the official Plugin Server image does. No digests were published for this line.
 */
const ROWS: ReadonlyArray<readonly [name: string, repository: string, category: PluginCategory]> = [
  ['ai-prompt-decorator', 'plugins/ai-prompt-decorator', 'ai'],
  ['ai-prompt-template', 'plugins/ai-prompt-template', 'ai'],
  ['ai-rag', 'plugins/ai-rag', 'ai'],
  ['ai-search', 'plugins/ai-search', 'ai'],
  ['ai-security-guard', 'plugins/ai-security-guard', 'ai'],
  ['ai-statistics', 'plugins/ai-statistics', 'ai'],
  ['ai-token-ratelimit', 'plugins/ai-token-ratelimit', 'ai'],
  ['ai-transformer', 'plugins/ai-transformer', 'ai'],
  ['ai-cache', 'plugins/ai-cache', 'ai'],
  ['ai-proxy', 'plugins/ai-proxy', 'ai'],
  ['ai-history', 'plugins/ai-history', 'ai'],
  ['ai-intent', 'plugins/ai-intent', 'ai'],
  ['ai-quota', 'plugins/ai-quota', 'ai'],
  ['ai-agent', 'plugins/ai-agent', 'ai'],
  ['ai-data-masking', 'plugins/ai-data-masking', 'ai'],
  ['ai-json-resp', 'plugins/ai-json-resp', 'ai'],
  ['model-router', 'plugins/model-router', 'ai'],
  ['model-mapper', 'plugins/model-mapper', 'ai'],
  ['mcp-server', 'plugins/mcp-server', 'ai'],
  ['basic-auth', 'plugins/basic-auth', 'auth'],
  ['key-auth', 'plugins/key-auth', 'auth'],
  ['oidc', 'plugins/oidc', 'auth'],
  ['jwt-auth', 'plugins/jwt-auth', 'auth'],
  ['hmac-auth', 'plugins/hmac-auth', 'auth'],
  ['ext-auth', 'plugins/ext-auth', 'auth'],
  ['oauth', 'plugins/oauth', 'auth'],
  ['opa', 'plugins/opa', 'auth'],
  ['custom-response', 'plugins/custom-response', 'transformation'],
  ['transformer', 'plugins/transformer', 'transformation'],
  ['cache-control', 'plugins/cache-control', 'transformation'],
  ['de-graphql', 'plugins/de-graphql', 'transformation'],
  ['geo-ip', 'plugins/geo-ip', 'transformation'],
  ['frontend-gray', 'plugins/frontend-gray', 'transformation'],
  ['json-converter', 'plugins/jsonrpc-converter', 'transformation'],
  ['request-block', 'plugins/request-block', 'traffic'],
  ['key-rate-limit', 'plugins/key-rate-limit', 'traffic'],
  ['cluster-key-rate-limit', 'plugins/cluster-key-rate-limit', 'traffic'],
  ['ip-restriction', 'plugins/ip-restriction', 'traffic'],
  ['request-validation', 'plugins/request-validation', 'traffic'],
  ['traffic-tag', 'plugins/traffic-tag', 'traffic'],
  ['bot-detect', 'plugins/bot-detect', 'security'],
  ['waf', 'plugins/waf', 'security'],
  ['cors', 'plugins/cors', 'security'],
];

function lineRelease(release: string, options: { mcpRepository: string; pluginServerTag: string; hubIncludesHigress: boolean }): CatalogRelease {
  const plugins: CatalogPlugin[] = ROWS.map(([name, repository, category]) => ({
    name,
    repository: name === 'mcp-server' ? options.mcpRepository : repository,
    tag: '2.0.0',
    category,
    ...KNOWN_PHASES[name],
    servedVersions: ['1.0.0', '2.0.0'],
  }));
  return {
    release,
    pluginServer: { repository: 'higress/plugin-server', tag: options.pluginServerTag },
    helmHubIncludesHigress: options.hubIncludesHigress,
    consoleVersion: 'spec-1.0.0',
    plugins,
    source: 'higress-group/plugin-server@ca99976 plugins.properties; higress-console v2.1.9–v2.2.3 (spec version 1.0.0)',
  };
}

// mcp-server moved from mcp-server/all-in-one to plugins/mcp-server in 2.2.1; the plugin-server
// image is built per release since 2.2.1 (before: 1.0.0), when the Helm hub gained /higress too.
export const releases21to223: readonly CatalogRelease[] = [
  lineRelease('2.2.3', { mcpRepository: 'plugins/mcp-server', pluginServerTag: '2.2.3', hubIncludesHigress: true }),
  lineRelease('2.2.2', { mcpRepository: 'plugins/mcp-server', pluginServerTag: '2.2.2', hubIncludesHigress: true }),
  lineRelease('2.2.1', { mcpRepository: 'plugins/mcp-server', pluginServerTag: '2.2.1', hubIncludesHigress: true }),
  lineRelease('2.2.0', { mcpRepository: 'mcp-server/all-in-one', pluginServerTag: '1.0.0', hubIncludesHigress: false }),
  lineRelease('2.1.9', { mcpRepository: 'mcp-server/all-in-one', pluginServerTag: '1.0.0', hubIncludesHigress: false }),
];
