import { KNOWN_PHASES } from './phases';
import type { CatalogPlugin, CatalogRelease, PluginCategory } from './types';

/**
 * Higress 2.2.4: the Console's plugin-snapshot.lock.json (higress-console@b5ae4b2, gateway 2.2.4),
 * whose entries pin manifest digests, plus the plugins of unmanaged-plugins.lock.json at 2.0.0.
 * Here the Console asks for spec version == tag, so each plugin is served under its tag.
 */
type Row = readonly [name: string, repository: string, tag: string, digest: string | undefined, category: PluginCategory];

const ROWS: readonly Row[] = [
  ['ai-agent', 'plugins/ai-agent', '2.0.1', 'sha256:1ff8b5c19243765a1e19fa6ec182e408643c771edc1bf8df5332f96eeda9d69f', 'ai'],
  ['ai-cache', 'plugins/ai-cache', '2.0.1', 'sha256:7d34e9da7b6782b1ec6fcb8d1f54d1445998e6e97d9e9d75ddc6c4c6a00637b0', 'ai'],
  ['ai-context-limit', 'plugins/ai-context-limit', '1.0.0', 'sha256:6325ca94b20a3f5ab5e9df4014b60daca8d86e7d0999e74abb2c1ddd29b36f83', 'ai'],
  ['ai-data-masking', 'plugins/ai-data-masking', '2.0.1', 'sha256:673f0b54baa723b54ef64f20a18546131ac4b534fc21912d62227a01ea998966', 'ai'],
  ['ai-history', 'plugins/ai-history', '2.0.1', 'sha256:7fbff33f15cfe786c9f62bad1f7ae96526511a742b06298d7deebc1e8bb3c7f8', 'ai'],
  ['ai-intent', 'plugins/ai-intent', '2.0.1', 'sha256:b7e086cd909fd8a570ebdf7813ff0ea2cfc9a45d1a43b209a3c567bb8be3c301', 'ai'],
  ['ai-json-resp', 'plugins/ai-json-resp', '2.0.1', 'sha256:8b16921e60399a97d19ffb4914b0d8648206c58640b35078438036c57c12c4a8', 'ai'],
  ['ai-load-balancer', 'plugins/ai-load-balancer', '2.0.1', 'sha256:74d6644005938bb712b3848497ad7a943c1b7d15d088fc285bec537e4f47d1f4', 'ai'],
  ['ai-prompt-decorator', 'plugins/ai-prompt-decorator', '2.0.1', 'sha256:f0ce3fa99d76ddd59d10fdfcc9899053258c55bb42ef8578125d28f10762ecef', 'ai'],
  ['ai-prompt-template', 'plugins/ai-prompt-template', '2.0.1', 'sha256:a7470b80c435ec3bdf45bbd790f1d47a8fb05fedce70b4ddc4107b8c1b4d6830', 'ai'],
  ['ai-proxy', 'plugins/ai-proxy', '2.0.1', 'sha256:754c4d6c9e8aed2cabc4aa37c21f1e6dbf3b4973f01c18765ab83c17ad4d40db', 'ai'],
  ['ai-quota', 'plugins/ai-quota', '2.0.1', 'sha256:1c5a0bc5cff949a194b662e9bd2aeb9599bfe18fbc8bc01398cc99e936ed3507', 'ai'],
  ['ai-rag', 'plugins/ai-rag', '2.0.1', 'sha256:b02f12e1716bfa1dcc51d00c1424042bbc5fc566b4fd680a163be2239a7bf41f', 'ai'],
  ['ai-search', 'plugins/ai-search', '2.0.1', 'sha256:675b82ad3ef6f833c1f2eff07a38bd0fcd402096b2252abd2b1ee8f483fc9b1f', 'ai'],
  ['ai-security-guard', 'plugins/ai-security-guard', '2.0.1', 'sha256:a0d2d07e734aabf18b560094054c61a35263d88c6b4ec93b1d275554930eb1fb', 'ai'],
  ['ai-statistics', 'plugins/ai-statistics', '2.0.1', 'sha256:4fa80b5b1b679097ca0d41bb8d269b589695ca140fd1a926a7b1b7c824bef838', 'ai'],
  ['ai-token-ratelimit', 'plugins/ai-token-ratelimit', '2.0.1', 'sha256:e2d899b97850600ad15764ce1ee6bc13bb0589d6d50a6c20f3a28cc0b77caca9', 'ai'],
  ['ai-transformer', 'plugins/ai-transformer', '2.0.1', 'sha256:44d062c1fb5635ff7c03dac2e132b307625c07ee15821f08883a1b1cb7806aaf', 'ai'],
  ['cache-control', 'plugins/cache-control', '2.0.1', 'sha256:f41bce5e679990ac9b75f94a2df4d7eba4009a0f8fc8063723024c19f36a5f96', 'transformation'],
  ['cluster-key-rate-limit', 'plugins/cluster-key-rate-limit', '2.0.1', 'sha256:9af3e19fbef7ac1765bfd69a19f4ae6cced7d70d40b026169f9df18482af41aa', 'traffic'],
  ['cors', 'plugins/cors', '2.0.2', 'sha256:a94929f327aa5195ff5b16bd3d54aa8f31c8dc2aae7f2a76357758e8916b73fb', 'security'],
  ['de-graphql', 'plugins/de-graphql', '2.0.1', 'sha256:1a3964128ee623427d09e135368daf9ea6f1c352b1f9875d81adc6b9e66b3d24', 'transformation'],
  ['ext-auth', 'plugins/ext-auth', '2.0.1', 'sha256:ed86a3642f090872a957cf28270816dfb62627cb636877b50f7174039a3645dd', 'auth'],
  ['frontend-gray', 'plugins/frontend-gray', '2.0.1', 'sha256:ef8521ffa2bc077426c313273fada1bce3dd45ff7fe2fcf2c9fbf69c6ccc842b', 'transformation'],
  ['geo-ip', 'plugins/geo-ip', '2.0.1', 'sha256:844d3afade0236dd0fe07ae9d62bf1520837fe86281111e46c269a0bfc6815d1', 'transformation'],
  ['gw-error-format', 'plugins/gw-error-format', '1.0.0', 'sha256:a0b80b448e995cc3c5697397167e81d3d557205f8ec00e44b16b00997c4082e9', 'transformation'],
  ['hmac-auth-apisix', 'plugins/hmac-auth-apisix', '2.0.1', 'sha256:9c4ffddfd75efc557840d2b5844a03d7292268ed97deb3af69ebf3583d3a0633', 'auth'],
  ['ip-restriction', 'plugins/ip-restriction', '2.0.1', 'sha256:1db058146bf088af90e232a4a54dc552f11d5b2a022ef6544d3f69bb55f817e1', 'traffic'],
  ['json-converter', 'plugins/jsonrpc-converter', '2.0.1', 'sha256:c169476e09115062ce717257531407576d42761a7ce1888215a1ae37b5f179a0', 'transformation'],
  ['log-request-response', 'plugins/log-request-response', '1.0.0', 'sha256:a3e915062ffc312b79f67dd1a6a8a9e199f6f6d2bdd2afb4b272327552b68731', 'o11y'],
  ['mcp-router', 'plugins/mcp-router', '2.0.1', 'sha256:2f888548c5284d514ed9f0384711610dfdb8b72f572e95bfcd1c64e41d199203', 'ai'],
  ['mcp-server', 'plugins/mcp-server', '2.0.1', 'sha256:1fe9a60eae0563e855cf66ead8062e14bc57f823b431a90963b4a026373cd6da', 'ai'],
  ['model-mapper', 'plugins/model-mapper', '2.0.1', 'sha256:e587c00a42abae26ce7086d8fc1652ab560e2b3f72125ae655fc8aeaf504181b', 'ai'],
  ['model-router', 'plugins/model-router', '2.0.1', 'sha256:19cdd07e82b4deb4550a988285e55cc08fc308414d94ffcc9d3ca0d45fe0c8fc', 'ai'],
  ['nginx-rewrite-compatible', 'plugins/nginx-rewrite-compatible', '1.0.0', 'sha256:9ab80c0c7e9abd30e099ef92964efc0291f1161175ea2a6873019d1d47a06922', 'transformation'],
  ['oidc', 'plugins/oidc', '2.0.1', 'sha256:a819327246c31bd77d66cd7b931bfd6f363ddcdfa3dc25ca68ae736e2e49e4a4', 'auth'],
  ['opa', 'plugins/opa', '2.0.1', 'sha256:58c890242b106694b8aec3247e03ef0954e3e7f5e284b9116b3590bf9bf0b5f4', 'auth'],
  ['request-validation', 'plugins/request-validation', '2.0.1', 'sha256:5450d67db6d50c29bdcd966b5a7eb7e01a9e81672aa4ae3c96462937a6b7b559', 'traffic'],
  ['response-cache', 'plugins/response-cache', '1.0.1', 'sha256:48ac08f29879b14b76e154ec5107a67137a82dc2b90964726177e7f5abdd97e5', 'transformation'],
  ['simple-jwt-auth', 'plugins/simple-jwt-auth', '1.0.1', 'sha256:fc47399ea9eb53bf3b15485a7819b1c4d00e777f8bb5223e0502087b19b1d53e', 'auth'],
  ['traffic-tag', 'plugins/traffic-tag', '2.0.1', 'sha256:b5fda0cbb24440619d66629636f0a5e0388a790fc3dbe98d93e75093e6e50c3b', 'traffic'],
  ['transformer', 'plugins/transformer', '2.0.1', 'sha256:192ab149cca30ed38b05a9263a8c0ec064c90f0064bf1801ff42f017782d45c3', 'transformation'],
  ['waf', 'plugins/waf', '2.0.1', 'sha256:c137f884daf936f527cdbc1501833fd768cf9f545f51e85799bdbe81576b6ab1', 'security'],
  // unmanaged-plugins.lock.json (plugin-server@e56a555): 2.0.0; only basic-auth's digest is quoted in the reference.
  ['basic-auth', 'plugins/basic-auth', '2.0.0', 'sha256:f6eca46f214f54737bb0fa9075cce88f8a35465373526a265a9a4f7e13809806', 'auth'],
  ['key-auth', 'plugins/key-auth', '2.0.0', undefined, 'auth'],
  ['jwt-auth', 'plugins/jwt-auth', '2.0.0', undefined, 'auth'],
  ['hmac-auth', 'plugins/hmac-auth', '2.0.0', undefined, 'auth'],
  ['oauth', 'plugins/oauth', '2.0.0', undefined, 'auth'],
  ['custom-response', 'plugins/custom-response', '2.0.0', undefined, 'transformation'],
  ['request-block', 'plugins/request-block', '2.0.0', undefined, 'traffic'],
  ['key-rate-limit', 'plugins/key-rate-limit', '2.0.0', undefined, 'traffic'],
  ['bot-detect', 'plugins/bot-detect', '2.0.0', undefined, 'security'],
];

function plugin([name, repository, tag, digest, category]: Row): CatalogPlugin {
  return { name, repository, tag, digest, category, ...KNOWN_PHASES[name], servedVersions: [tag] };
}

export const release224: CatalogRelease = {
  release: '2.2.4',
  pluginServer: {
    repository: 'higress/plugin-server',
    tag: '2.2.4',
    digest: 'sha256:05a3e3615434befdb89928e491a8833255733c099dd24faefe82fea4d63165bb',
  },
  helmHubIncludesHigress: true,
  consoleVersion: 'tag',
  plugins: ROWS.map(plugin),
  source: 'higress-console@b5ae4b2 plugin-snapshot.lock.json (gateway 2.2.4) + plugin-server unmanaged-plugins.lock.json',
};
