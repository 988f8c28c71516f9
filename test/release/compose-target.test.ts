import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { releaseImages, releaseParts } from '../../shared/catalog/release-parts';
import { composeTarget, ENV_FILE, OVERRIDE_FILE } from '../../shared/deploy/targets/compose';
import type { TargetInput } from '../../shared/deploy/targets/common';
import { parseTarget } from '../../shared/oci/retag';
import { blob, manifestOf, MT, pushManifestTree } from '../env/fixtures';
import { RawRegistryClient } from '../env/raw-registry';
import { startRegistry, type TestRegistry } from '../env/registry';
import { requireTool, run, tempDir, type TempDir } from '../env/tools';

const COMPOSE = requireTool('/usr/bin/docker-compose', 'docker-compose');
const PUBLIC = 'higress-registry.cn-hangzhou.cr.aliyuncs.com';
const PRIVATE = '10.0.0.5:5000/airgap';

/**
 * A compose file shaped like higress-standalone's (same service names, variables, profiles and
 * URL variables; written here, not copied). `byVariable`: controller, pilot, gateway and
 * plugin-server name their whole image by one `.env` variable (as from 2.2.4); otherwise every
 * image names the registry and takes its tag from a variable (as up to 2.2.3).
 */
function shapedCompose(byVariable: boolean): string {
  const fixed = (name: string, tagVar: string) => `${PUBLIC}/higress/${name}:\${${tagVar}}`;
  const core = (name: string, imageVar: string, tagVar: string) => (byVariable ? `\${${imageVar}}` : fixed(name, tagVar));
  const services: Record<string, Record<string, unknown>> = {
    nacos: { image: fixed('nacos-server', 'NACOS_SERVER_TAG'), profiles: ['nacos'], env_file: ['./env/nacos.env'] },
    initializer: { image: fixed('runner', 'HIGRESS_RUNNER_TAG'), profiles: ['init'], env_file: ['./.env'] },
    // a probe, not upstream's: shows which COMPOSE_PROFILES compose reads from .env (config does not filter by profile in 1.29)
    precheck: { image: fixed('runner', 'HIGRESS_RUNNER_TAG'), env_file: ['./.env'], labels: { 'probe.profiles': '${COMPOSE_PROFILES}' } },
    apiserver: { image: fixed('api-server', 'HIGRESS_API_SERVER_TAG'), depends_on: ['precheck'] },
    prepare: { image: fixed('runner', 'HIGRESS_RUNNER_TAG'), depends_on: ['apiserver'] },
    controller: { image: core('higress', 'HIGRESS_CONTROLLER_IMAGE', 'HIGRESS_CONTROLLER_TAG'), environment: { MCP_SERVER_WASM_IMAGE_URL: '${MCP_SERVER_WASM_URL:-}' }, depends_on: ['prepare'] },
    pilot: { image: core('pilot', 'HIGRESS_PILOT_IMAGE', 'HIGRESS_PILOT_TAG'), depends_on: ['controller'] },
    gateway: { image: core('gateway', 'HIGRESS_GATEWAY_IMAGE', 'HIGRESS_GATEWAY_TAG'), ports: ['${GATEWAY_HTTP_PORT:-80}:80/tcp'], depends_on: ['pilot'] },
    'plugin-server': { image: core('plugin-server', 'HIGRESS_PLUGIN_SERVER_IMAGE', 'HIGRESS_PLUGIN_SERVER_TAG'), profiles: ['plugin-server'] },
    console: { image: fixed('console', 'HIGRESS_CONSOLE_TAG'), environment: { HIGRESS_ADMIN_WASM_PLUGIN_CUSTOM_IMAGE_URL_PATTERN: '${WASM_PLUGIN_URL_PATTERN:-}' }, env_file: ['./env/console.env'] },
    prometheus: { image: fixed('prometheus', 'PROMETHEUS_TAG') },
    promtail: { image: fixed('promtail', 'PROMTAIL_TAG') },
    loki: { image: fixed('loki', 'LOKI_TAG') },
    grafana: { image: fixed('grafana', 'GRAFANA_TAG') },
    postcheck: { image: fixed('runner', 'HIGRESS_RUNNER_TAG') },
  };
  const text = JSON.stringify({ version: '3.9', networks: { 'higress-net': { external: false } }, services }, null, 2);
  return `${text}\n`;
}

/** An `.env` shaped like the standalone's: the release's tags, and only the nacos profile (the plugin-server one must come from us). */
function shapedEnv(release: string, byVariable: boolean): string {
  const parts = releaseParts(release);
  const lines = ["COMPOSE_PROFILES='nacos'", "CONFIG_STORAGE='nacos'"];
  for (const v of parts.compose?.variables ?? []) if (v.kind === 'tag') lines.push(`${v.name}='${v.value}'`);
  if (byVariable) for (const v of parts.compose?.variables ?? []) if (v.kind === 'image') lines.push(`${v.name}='${v.value}'`);
  lines.push(`WASM_PLUGIN_URL_PATTERN='http://example.invalid/\${name}/\${version}'`, "MCP_SERVER_WASM_URL=''", "GATEWAY_HTTP_PORT='80'");
  return `${lines.join('\n')}\n`;
}

const digestOf = (ref: string) => `sha256:${Buffer.from(ref).toString('hex').padEnd(64, '0').slice(0, 64)}`;

function inputFor(release: string, extra: Partial<TargetInput> = {}): TargetInput {
  const images = releaseImages(release, ['core', 'observability', 'compose']).map((i) => ({ source: i.ref, digest: digestOf(i.ref) }));
  return { release, target: parseTarget(PRIVATE), images, customPlugins: [], ...extra };
}

let dir: TempDir;
let registry: TestRegistry;
beforeAll(async () => {
  dir = await tempDir('compose-target');
  registry = await startRegistry('plain');
});
afterAll(async () => {
  await registry?.stop();
  await dir?.remove();
});

/** Lays the shaped standalone folder and our output, appends .env.airgap to .env, and returns `docker-compose config`. */
async function merged(name: string, release: string, byVariable: boolean, input: TargetInput): Promise<{ services: Record<string, { image: string; environment?: Record<string, string>; profiles?: string[]; labels?: Record<string, string> }> }> {
  const root = join(dir.path, name);
  await mkdir(join(root, 'compose', 'env'), { recursive: true });
  await writeFile(join(root, 'compose', 'docker-compose.yml'), shapedCompose(byVariable));
  await writeFile(join(root, 'compose', '.env'), shapedEnv(release, byVariable));
  for (const f of ['nacos.env', 'console.env']) await writeFile(join(root, 'compose', 'env', f), '');
  const out = composeTarget(input);
  for (const f of out.files) await writeFile(join(root, f.path), f.content);
  await appendFile(join(root, 'compose', '.env'), await readFile(join(root, ENV_FILE), 'utf8'));
  const r = await run(COMPOSE, ['config'], { cwd: join(root, 'compose'), env: { PATH: '/usr/bin:/bin', HOME: root } });
  expect(r.code, r.stderr).toBe(0);
  return parse(r.stdout);
}

/** `docker-compose config` writes `$` as `$$`. */
const unescape = (v: string | undefined) => v?.replace(/\$\$/g, '$');

describe('compose target with Debian docker-compose 1.29', () => {
  it.each([
    ['2.2.4', true],
    ['2.2.3', false],
    ['2.2.0', false],
  ])('%s: every image of the merged result is a private reference pinned by digest; plugin-server profile on; URLs at the Plugin Server service', async (release, byVariable) => {
    const input = inputFor(release);
    const config = await merged(`all-${release}`, release, byVariable, input);
    // the appended line wins over the shaped .env's 'nacos': the plugin-server profile is on
    expect(config.services.precheck?.labels?.['probe.profiles']).toBe('nacos,plugin-server');
    expect(config.services['plugin-server']?.profiles).toEqual(['plugin-server']);
    for (const [svc, s] of Object.entries(config.services)) {
      expect(s.image, svc).toMatch(new RegExp(`^${PRIVATE.replace(/[.]/g, '\\.')}/higress/[a-z-]+:[\\w.-]+@sha256:[0-9a-f]{64}$`));
      const source = `${PUBLIC}/${s.image.slice(PRIVATE.length + 1).replace(/@.*/, '')}`;
      expect(s.image.endsWith(`@${digestOf(source)}`), svc).toBe(true);
    }
    const ps = releaseParts(release).compose?.pluginServer;
    expect(unescape(config.services.console?.environment?.HIGRESS_ADMIN_WASM_PLUGIN_CUSTOM_IMAGE_URL_PATTERN)).toBe('http://plugin-server:8080/plugins/${name}/${version}/plugin.wasm');
    expect(config.services.controller?.environment?.MCP_SERVER_WASM_IMAGE_URL).toBe(ps?.mcpServerUrl?.replace(/^http:\/\/[^/]+/, 'http://plugin-server:8080'));
    expect(composeTarget(input).notices.map((n) => n.code)).toEqual(['TARGET_COMPOSE_PROFILES']);
  });

  it('the .env lines keep the pattern literal for compose v2, and set only the image variables the release uses', () => {
    const out = composeTarget(inputFor('2.2.4'));
    const env = out.files.find((f) => f.path === ENV_FILE)?.content ?? '';
    expect(env).toContain("WASM_PLUGIN_URL_PATTERN='http://plugin-server:8080/plugins/${name}/${version}/plugin.wasm'");
    expect(env).toContain("COMPOSE_PROFILES='nacos,plugin-server'");
    expect(env.split('\n').filter((l) => /_IMAGE=/.test(l)).map((l) => l.split('=')[0])).toEqual(['HIGRESS_CONTROLLER_IMAGE', 'HIGRESS_GATEWAY_IMAGE', 'HIGRESS_PILOT_IMAGE', 'HIGRESS_PLUGIN_SERVER_IMAGE']);
    const override = parse(out.files.find((f) => f.path === OVERRIDE_FILE)?.content ?? '');
    expect(override.version).toBe('3.9');
    expect(Object.keys(override.services).sort()).toEqual(['apiserver', 'console', 'controller', 'grafana', 'initializer', 'loki', 'nacos', 'postcheck', 'precheck', 'prepare', 'prometheus', 'promtail']);
  });

  it('custom plugins: the Plugin Server runs the custom image; without one, a notice says the official image does not serve them', async () => {
    const custom = `${PRIVATE}/higress/plugin-server:2.2.4-custom@sha256:${'ab'.repeat(32)}`;
    const input = inputFor('2.2.4', { customPlugins: [{ name: 'my-plugin', version: '1.0.0' }], pluginServerImage: custom });
    const config = await merged('custom', '2.2.4', true, input);
    expect(config.services['plugin-server']?.image).toBe(custom);
    expect(composeTarget(input).notices.map((n) => n.code)).toContain('TARGET_CUSTOM_PLUGIN_SERVER');
    const without = composeTarget(inputFor('2.2.4', { customPlugins: [{ name: 'my-plugin', version: '1.0.0' }] }));
    expect(without.notices.map((n) => n.code)).toContain('TARGET_CUSTOM_PLUGINS_NEED_IMAGE');
    expect(() => composeTarget(inputFor('2.2.4', { customPlugins: [{ name: 'my-plugin', version: '1.0.0' }], pluginServerImage: "reg.local/x:1' ; rm -rf /" }))).toThrow(expect.objectContaining({ code: expect.any(String) }));
  });

  it('an image the bundle lacks stays public, and the notice names its service', async () => {
    const input = inputFor('2.2.4');
    const lacking = { ...input, images: input.images.filter((i) => !/\/grafana:/.test(i.source)) };
    const out = composeTarget(lacking);
    expect(out.notices.filter((n) => n.code === 'TARGET_IMAGE_NOT_IN_BUNDLE').map((n) => n.details)).toEqual([{ service: 'grafana', image: `${PUBLIC}/higress/grafana:9.3.6` }]);
    const config = await merged('lacking', '2.2.4', true, lacking);
    expect(config.services.grafana?.image).toBe(`${PUBLIC}/higress/grafana:9.3.6`);
  });

  it('on a real registry: every image of the merged result resolves there, by the digest it names', async () => {
    const client = new RawRegistryClient(registry);
    const target = parseTarget(`${registry.host}/airgap`);
    const images = [];
    // Push a small distinct image where push would put each bundled one, and bundle its real digest.
    for (const i of releaseImages('2.2.4', ['core', 'observability', 'compose'])) {
      const m = manifestOf(MT.ociManifest, blob(MT.ociConfig, Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [] }, note: i.ref }))), []);
      await pushManifestTree(client, `airgap/${i.repository}`, i.tag, m);
      images.push({ source: i.ref, digest: m.digest });
    }
    const config = await merged('registry', '2.2.4', true, { release: '2.2.4', target, images, customPlugins: [] });
    for (const [svc, s] of Object.entries(config.services)) {
      const m = new RegExp(`^${registry.host.replace(/[.]/g, '\\.')}/(.+):([\\w.-]+)@(sha256:[0-9a-f]{64})$`).exec(s.image);
      expect(m, `${svc}: ${s.image}`).not.toBeNull();
      const [, repo = '', tag = '', digest = ''] = m as RegExpExecArray;
      const byDigest = await client.request('HEAD', `/v2/${repo}/manifests/${digest}`, { repo, actions: 'pull', headers: { accept: MT.ociManifest } });
      expect(byDigest.status, `${svc} ${s.image}`).toBe(200);
      const byTag = await client.request('HEAD', `/v2/${repo}/manifests/${tag}`, { repo, actions: 'pull', headers: { accept: MT.ociManifest } });
      expect(byTag.headers['docker-content-digest'], `${svc} ${s.image}`).toBe(digest);
    }
  });

  it('refuses a release whose standalone has no Plugin Server service', () => {
    expect(() => composeTarget(inputFor('2.1.9'))).toThrow(expect.objectContaining({ code: 'TARGET_NO_COMPOSE_DATA' }));
  });
});
