import { describe, expect, it } from 'vitest';
import { buildsLacking, getCatalogPlugin, getRelease, RELEASES, suggest, unknownPluginsError } from '../../shared/catalog/catalog';
import { renderError } from '../../shared/messages/catalog';
import { consoleOciAsks, consolePluginUrl, consoleOciSettings } from '../../shared/catalog/console-urls';
import { parseTarget } from '../../shared/oci/retag';
import { cli } from '../env/cli';

// Spot facts checked by hand in the upstream repositories (the data's own provenance names the
// files): higress-console v2.1.9…v2.2.4 and main@7118cc19 (plugins.properties, */spec.yaml),
// plugin-server@e56a5556 (unmanaged-plugins.lock.json), the higress chart of each release.
const DIGEST = /^sha256:[a-f0-9]{64}$/;

describe('the catalog of each release is the Console built-in list of that release', () => {
  it('covers 2.1.9 to 2.2.4, newest first, each plugin with phase, priority, category and served versions', () => {
    expect(RELEASES.map((r) => r.release)).toEqual(['2.2.4', '2.2.3', '2.2.2', '2.2.1', '2.2.0', '2.1.9']);
    for (const r of RELEASES) {
      expect(r.consoleBuilds.length).toBeGreaterThan(0);
      expect(new Set(r.plugins.map((p) => p.name)).size).toBe(r.plugins.length);
      for (const p of r.plugins) {
        expect(p.category, `${r.release} ${p.name}`).toMatch(/^[a-z0-9-]+$/);
        expect(['UNSPECIFIED_PHASE', 'AUTHN', 'AUTHZ', 'STATS']).toContain(p.phase);
        expect(Number.isInteger(p.priority)).toBe(true);
        expect(p.servedVersions).toContain(p.tag);
        for (const b of p.consoleBuilds) {
          const built = r.consoleBuilds.find((x) => x.id === b)!;
          expect(p.servedVersions, `${r.release} ${p.name}`).toContain(built.plugins[p.name]!.specVersion);
        }
        if (p.digest) expect(p.digest).toMatch(DIGEST);
      }
    }
  });

  it('2.2.4: nine plugins keep spec version 1.0.0 under tag 2.0.0 and are served under both', () => {
    const r = getRelease('2.2.4');
    const nine = ['basic-auth', 'bot-detect', 'custom-response', 'hmac-auth', 'jwt-auth', 'key-auth', 'key-rate-limit', 'oauth', 'request-block'];
    for (const name of nine) {
      const p = getCatalogPlugin(r, name);
      expect(p.tag).toBe('2.0.0');
      expect([...p.servedVersions].sort()).toEqual(['1.0.0', '2.0.0']);
      for (const b of r.consoleBuilds) expect(b.plugins[name]?.specVersion).toBe('1.0.0');
    }
    expect(getCatalogPlugin(r, 'ai-proxy').servedVersions).toEqual(['2.0.1']);
    // Pinned by plugin-server's unmanaged-plugins.lock.json, with the wasm SHA-256.
    const keyAuth = getCatalogPlugin(r, 'key-auth');
    expect(keyAuth.digest).toBe('sha256:c9cddda9b7dc36b8260afd10d12a089556a070dba28b0b17691e18efc0ca545c');
    expect(keyAuth.wasmSha256).toBe('19ec6a090a2515bbb8df50bbf3786c056a217352647793f6a185fb381f4b4df9');
    expect(r.plugins.every((p) => p.digest), 'every 2.2.4 plugin is pinned').toBe(true);
    expect(getCatalogPlugin(r, 'ai-proxy').digest).toBe('sha256:754c4d6c9e8aed2cabc4aa37c21f1e6dbf3b4973f01c18765ab83c17ad4d40db');
    expect(r.pluginServer).toMatchObject({ repository: 'higress/plugin-server', tag: '2.2.4', digest: 'sha256:05a3e3615434befdb89928e491a8833255733c099dd24faefe82fea4d63165bb' });
  });

  it('2.2.4 has two Console builds: the console:2.2.4 image (rebuilt) first, knowing 8 plugins the v2.2.4 tag does not', () => {
    const r = getRelease('2.2.4');
    expect(r.consoleBuilds.map((b) => b.id)).toEqual(['console-2.2.4-rebuild-7118cc192522', 'console-v2.2.4']);
    const [image, tag] = r.consoleBuilds;
    expect(Object.keys(image!.plugins)).toHaveLength(52);
    expect(Object.keys(tag!.plugins)).toHaveLength(44);
    const onlyImage = Object.keys(image!.plugins).filter((n) => !tag!.plugins[n]).sort();
    expect(onlyImage).toEqual(['ai-context-limit', 'gw-error-format', 'hmac-auth-apisix', 'log-request-response', 'mcp-router', 'nginx-rewrite-compatible', 'response-cache', 'simple-jwt-auth']);
    expect(buildsLacking(r, 'mcp-router').map((b) => b.id)).toEqual(['console-v2.2.4']);
    expect(getCatalogPlugin(r, 'mcp-router').consoleBuilds).toEqual(['console-2.2.4-rebuild-7118cc192522']);
  });

  it('2.1.9 to 2.2.3: the Console list (43, with ai-load-balancer, which the official Plugin Server image lacks)', () => {
    for (const release of ['2.2.3', '2.2.2', '2.2.1', '2.2.0', '2.1.9']) {
      const r = getRelease(release);
      expect(r.plugins).toHaveLength(43);
      const alb = getCatalogPlugin(r, 'ai-load-balancer');
      expect(alb.inPluginServerImage).toBe(false);
      expect(getCatalogPlugin(r, 'key-auth').inPluginServerImage).toBe(true);
      for (const p of r.plugins) expect(r.consoleBuilds[0]!.plugins[p.name]!.specVersion).toBe('1.0.0');
      expect(() => getCatalogPlugin(r, 'json-converter')).toThrow(/not in the Higress/);
    }
    expect(getCatalogPlugin(getRelease('2.2.3'), 'mcp-server').repository).toBe('plugins/mcp-server');
    expect(getCatalogPlugin(getRelease('2.2.0'), 'mcp-server').repository).toBe('mcp-server/all-in-one');
    expect(getRelease('2.2.1').helmHubIncludesHigress).toBe(true);
    expect(getRelease('2.2.0').helmHubIncludesHigress).toBe(false);
  });

  it('registry/namespace variables exist from console v2.2.1 only', () => {
    expect(getRelease('2.1.9').consoleBuilds[0]!.registryNamespaceEnv).toBe(false);
    expect(getRelease('2.2.0').consoleBuilds[0]!.registryNamespaceEnv).toBe(false);
    for (const r of ['2.2.1', '2.2.2', '2.2.3', '2.2.4']) for (const b of getRelease(r).consoleBuilds) expect(b.registryNamespaceEnv).toBe(true);
  });

  it('unknown releases and plugins are refused with suggestions', () => {
    expect(() => getRelease('9.9.9')).toThrow(/Unknown Higress release "9.9.9"/);
    try {
      getCatalogPlugin(getRelease('2.2.4'), 'key-aut');
      expect.unreachable();
    } catch (e) {
      expect((e as { hint?: string }).hint).toContain('key-auth');
    }
    expect(suggest('jwt-aut', ['jwt-auth', 'key-auth', 'oidc'])).toEqual(['jwt-auth']);
    expect(suggest('ai-prox', ['ai-proxy', 'ai-proxy-x', 'oidc'])).toEqual(['ai-proxy', 'ai-proxy-x']);
    expect(suggest('zzzzzz', ['jwt-auth'])).toEqual([]);
    expect(getRelease('v2.2.4').release).toBe('2.2.4');
  });

  it('every unknown name of a plan in one error, each with its guesses, readable in Chinese', () => {
    const e = unknownPluginsError(getRelease('2.2.4'), ['key-auht', 'ai-proxi', 'zzzzzz']);
    expect(e.code).toBe('PLUGINS_NOT_IN_CATALOG');
    expect(e.message).toBe('3 plugins are not in the Higress 2.2.4 catalog: key-auht, ai-proxi, zzzzzz');
    expect(e.hint).toBe('Did you mean: key-auht → key-auth; ai-proxi → ai-proxy? List them with: higress-airgap catalog --release 2.2.4');
    expect(e.details?.problems).toEqual([
      { plugin: 'key-auht', suggestions: ['key-auth'] },
      { plugin: 'ai-proxi', suggestions: ['ai-proxy'] },
      { plugin: 'zzzzzz', suggestions: [] },
    ]);
    expect(renderError(e, 'zh-CN')).toEqual({
      message: '有 3 个插件不在 Higress 2.2.4 的插件目录中：key-auht, ai-proxi, zzzzzz',
      hint: '您是不是想找：key-auht → key-auth; ai-proxi → ai-proxy？可用 higress-airgap catalog --release 2.2.4 列出全部插件。',
      localized: true,
    });
    expect(renderError(e, 'zh-CN', 'ui').hint).toBe('您是不是想找：key-auht → key-auth; ai-proxi → ai-proxy？插件列表中列出了该版本的全部插件。');
    const none = unknownPluginsError(getRelease('2.2.4'), ['zzzzzz']);
    expect(none.code).toBe('PLUGIN_NOT_IN_CATALOG');
    expect(renderError(none, 'zh-CN').hint).toBe('可用 higress-airgap catalog --release 2.2.4 列出全部插件。');
    expect(renderError(unknownPluginsError(getRelease('2.2.4'), ['key-aut']), 'en', 'ui').hint).toBe('Did you mean key-auth? The plugin table lists every plugin of this release.');
  });
});

describe('how each Console build names plugin URLs', () => {
  const target = parseTarget('harbor.example.com/infra', 'keep');

  it('a pattern takes spec name and spec version', () => {
    const r = getRelease('2.2.4');
    const b = r.consoleBuilds[0]!;
    expect(consolePluginUrl(b, b.plugins['key-auth']!, { pattern: 'http://ps/plugins/${name}/${version}/plugin.wasm' })).toBe('http://ps/plugins/key-auth/1.0.0/plugin.wasm');
  });

  it('from 2.2.1 registry and namespace replace everything before the second slash of the default URL', () => {
    const b = getRelease('2.2.1').consoleBuilds[0]!;
    const s = consoleOciSettings(b, target)!;
    expect(s).toEqual({ registry: 'harbor.example.com', namespace: 'infra/plugins' });
    expect(consolePluginUrl(b, b.plugins['key-auth']!, s)).toBe('oci://harbor.example.com/infra/plugins/key-auth:2.0.0');
    // From 2.2.1 mcp-server is plugins/mcp-server (before: mcp-server/all-in-one).
    expect(consolePluginUrl(b, b.plugins['mcp-server']!, s)).toBe('oci://harbor.example.com/infra/plugins/mcp-server:2.0.0');
  });

  it('before 2.2.1 OCI mode is a pattern with an oci:// prefix, asking for <spec name>:<spec version>', () => {
    const r = getRelease('2.1.9');
    const b = r.consoleBuilds[0]!;
    const s = consoleOciSettings(b, target)!;
    expect(s).toEqual({ pattern: 'oci://harbor.example.com/infra/plugins/${name}:${version}' });
    const asks = consoleOciAsks(r, ['key-auth', 'mcp-server'], target).map((a) => `${a.plugin} ${a.reference.registry}/${a.reference.repository}:${a.reference.tag}`);
    expect(asks).toEqual(['key-auth harbor.example.com/infra/plugins/key-auth:1.0.0', 'mcp-server harbor.example.com/infra/plugins/mcp-server:1.0.0']);
  });
});

describe('higress-airgap catalog --json', () => {
  it('lists per plugin: name, repository, tag, pinned digest and its source, wasm SHA-256, served versions, phase, priority, category, Console builds, Plugin Server image', async () => {
    const r = await cli(['catalog', '--release', '2.2.4', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.consoleBuilds.map((b: { id: string }) => b.id)).toEqual(['console-2.2.4-rebuild-7118cc192522', 'console-v2.2.4']);
    const keyAuth = out.plugins.find((p: { name: string }) => p.name === 'key-auth');
    expect(keyAuth).toMatchObject({
      name: 'key-auth',
      repository: 'plugins/key-auth',
      tag: '2.0.0',
      digest: 'sha256:c9cddda9b7dc36b8260afd10d12a089556a070dba28b0b17691e18efc0ca545c',
      pinStatus: 'locked',
      wasmSha256: '19ec6a090a2515bbb8df50bbf3786c056a217352647793f6a185fb381f4b4df9',
      phase: 'AUTHN',
      priority: 310,
      category: 'auth',
      consoleBuilds: ['console-2.2.4-rebuild-7118cc192522', 'console-v2.2.4'],
      inPluginServerImage: false,
    });
    expect([...keyAuth.servedVersions].sort()).toEqual(['1.0.0', '2.0.0']);
    expect(keyAuth.pinSource).toMatch(/^locked: higress-group\/plugin-server@[0-9a-f]{12}:unmanaged-plugins\.lock\.json/);
    const router = out.plugins.find((p: { name: string }) => p.name === 'mcp-router');
    expect(router.consoleBuilds).toEqual(['console-2.2.4-rebuild-7118cc192522']);
    const old = JSON.parse((await cli(['catalog', '--release', '2.1.9', '--json'])).stdout);
    expect(old.plugins.find((p: { name: string }) => p.name === 'ai-proxy')).toMatchObject({ tag: '2.0.0', pinStatus: 'observed', servedVersions: ['1.0.0', '2.0.0'] });
  });
});
