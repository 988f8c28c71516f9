import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import upstream from '../../shared/catalog/data/upstream.json';
import { cli } from '../env/cli';
import { startDockerd, type TestDockerd } from '../env/dockerd';
import { pluginFixture, pluginServerFixture, pushManifestTree } from '../env/fixtures';
import { RawRegistryClient } from '../env/raw-registry';
import { startRegistry, type TestRegistry } from '../env/registry';
import { freePort, tempDir, waitFor, type TempDir } from '../env/tools';
import { parseDocs } from '../deploy/fixtures';
import { startServe } from '../serve/serve-env';

/**
 * Plays the Higress Console of every supported release (both 2.2.4 builds) against our real
 * output. For each of its built-in plugins it forms the URL exactly as that Console does — written
 * here from the Console's code (WasmPluginServiceImpl.buildPluginImageUrl / formatImageUrl), not
 * from ours: pattern first (${name} → spec.yaml info.name, ${version} → info.version), then from
 * console v2.2.1 registry/namespace replacing all before the second "/" of the default URL, else
 * the default — using the settings our `yaml` output gives the Console, and fetches it:
 * HTTP mode from `serve` of the bundle and from the custom Plugin Server image running in dockerd,
 * OCI mode from the real registry after `push`. The Console itself and the gateway cannot run here.
 */
interface RawPlugin {
  name: string;
  specName: string;
  specVersion: string;
  imageUrl: string;
  repository: string;
  tag: string;
}
interface RawBuild {
  id: string;
  features: { envVars: Array<{ name: string; read: boolean }> };
  plugins: RawPlugin[];
}
interface RawRelease {
  release: string;
  consoleBuilds: RawBuild[];
  pluginServer: { officialImage: string; images: Array<{ repository: string; tag: string }> };
}

const RELEASES = upstream.releases as unknown as RawRelease[];
const PATTERN = 'HIGRESS_ADMIN_WASM_PLUGIN_CUSTOM_IMAGE_URL_PATTERN';
const REGISTRY = 'HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_REGISTRY';
const NAMESPACE = 'HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_NAMESPACE';
const OFFICIAL = 'higress-registry.cn-hangzhou.cr.aliyuncs.com';
const IN_CLUSTER = 'http://higress-plugin-server.higress-system.svc';

/** The Console's URL for one built-in plugin, given the environment our output sets on it. */
function consoleUrl(build: RawBuild, p: RawPlugin, env: ReadonlyMap<string, string | null>): string {
  const pattern = env.get(PATTERN);
  if (pattern) return pattern.split('${name}').join(p.specName).split('${version}').join(p.specVersion);
  const reads = (name: string) => build.features.envVars.some((e) => e.name === name && e.read);
  const registry = reads(REGISTRY) ? env.get(REGISTRY) : undefined;
  const namespace = reads(NAMESPACE) ? env.get(NAMESPACE) : undefined;
  if (!registry && !namespace) return p.imageUrl;
  const parts = p.imageUrl.slice('oci://'.length).split('/');
  return `oci://${registry || OFFICIAL}/${namespace || 'plugins'}/${parts.slice(2).join('/')}`;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const slug = (release: string) => `r${release.replaceAll('.', '')}`;

let dir: TempDir;
let source: TestRegistry;
let target: TestRegistry;
let dockerd: TestDockerd;
const env = () => ({ HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), DOCKER_CONFIG: join(dir.path, 'nodocker'), SOURCE_DATE_EPOCH: '1767225600' });

beforeAll(async () => {
  dir = await tempDir('console-play');
  [source, target, dockerd] = await Promise.all([startRegistry('plain'), startRegistry('plain'), startDockerd()]);
  // Every (repository, tag) any Console build names, and every release's plugin-server image —
  // distinct content each, pushed with the raw client.
  const client = new RawRegistryClient(source);
  const artifacts = new Map<string, { name: string; repository: string; tag: string }>();
  for (const r of RELEASES) for (const b of r.consoleBuilds) for (const p of b.plugins) artifacts.set(`${p.repository}:${p.tag}`, { name: p.name, repository: p.repository, tag: p.tag });
  for (const a of artifacts.values()) {
    const f = await pluginFixture({ name: a.name, repo: a.repository, tag: a.tag, layout: 'oci-compat' });
    await pushManifestTree(client, a.repository, a.tag, f.manifest);
  }
  const servers = new Set(RELEASES.map((r) => r.pluginServer.officialImage));
  for (const s of servers) {
    const [repoTail, tag] = s.split(':') as [string, string];
    const ps = await pluginServerFixture(tag, `higress/${repoTail}`);
    await pushManifestTree(client, ps.repo, ps.tag, ps.index);
  }
}, 300_000);

afterAll(async () => {
  await Promise.all([source?.stop(), target?.stop(), dockerd?.stop()]);
  await dir?.remove();
});

describe.each(RELEASES.map((r) => [r.release, r] as const))('Higress %s: every built-in plugin resolves where its Console asks', (release, raw) => {
  let bundle: string;
  let manifest: { plugins: Array<{ name: string; digest: string; servedVersions: string[]; wasm: { sha256: string } }> };
  const project = () => `${target.host}/${slug(release)}`;

  beforeAll(async () => {
    bundle = join(dir.path, `${slug(release)}.tar`);
    const made = await cli(['bundle', '--out', bundle, '--release', release, '--all-plugins', '--follow-tags', '--platform', 'linux/amd64', '--source', source.host, '--plain-http', '--json'], { env: env() });
    expect(made.code, made.stderr).toBe(0);
    manifest = JSON.parse(made.stdout).manifest;
    const custom = `${project()}/higress/plugin-server:${release}-custom`;
    const pushed = await cli(['push', bundle, '--registry', project(), '--plain-http', '--plugin-server-image', custom, '--json'], { env: env() });
    expect(pushed.code, pushed.stderr + pushed.stdout).toBe(0);
  }, 300_000);

  const yaml = async (mode: 'http' | 'oci', build: string) => {
    const out = join(dir.path, `${slug(release)}-${mode}-${build}`);
    const r = await cli(['yaml', bundle, '--registry', project(), '--plain-http', '--mode', mode, '--console-build', build, '--out', out, '--force', '--json'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { env: Array<{ workload: string; env: Array<{ name: string; value: string | null }> }> };
    const consoleEnv = new Map((summary.env.find((w) => w.workload === 'console')?.env ?? []).map((e) => [e.name, e.value]));
    return { consoleEnv, objects: parseDocs(await readFile(join(out, 'all.yaml'), 'utf8')) };
  };

  const bundled = (name: string) => {
    const p = manifest.plugins.find((x) => x.name === name);
    expect(p, `${name} is in the bundle`).toBeDefined();
    return p!;
  };

  it.each(raw.consoleBuilds.map((b) => [b.id, b] as const))('HTTP mode, %s: each URL serves the plugin from `serve` and from the custom Plugin Server image', async (_id, build) => {
    const { consoleEnv, objects } = await yaml('http', build.id);
    const serve = startServe([bundle, '--port', '0', '--json']);
    const port = await freePort();
    const image = `${project()}/higress/plugin-server:${release}-custom`;
    expect((await dockerd.cli(['pull', '--platform', 'linux/amd64', image])).code).toBe(0);
    const run = await dockerd.cli(['run', '-d', '--network', 'host', image, '/bin/busybox', 'httpd', '-f', '-p', `127.0.0.1:${port}`, '-h', '/usr/share/nginx/html']);
    expect(run.code, run.stderr).toBe(0);
    try {
      const served = (await serve.ready()).url.replace(/\/$/, '');
      const container = `http://127.0.0.1:${port}`;
      // busybox httpd has no directory listing: wait for the first plugin file.
      const first = build.plugins[0] as RawPlugin;
      const probe = `${container}/plugins/${first.specName}/${first.specVersion}/plugin.wasm`;
      await waitFor('custom plugin server', async () => (await fetch(probe).catch(() => undefined))?.ok === true);
      for (const p of build.plugins) {
        const url = consoleUrl(build, p, consoleEnv);
        expect(url.startsWith(`${IN_CLUSTER}/plugins/`), url).toBe(true);
        const want = bundled(p.name).wasm.sha256;
        for (const base of [served, container]) {
          const res = await fetch(url.replace(IN_CLUSTER, base));
          expect(res.status, `${base} ${url}`).toBe(200);
          expect(sha256(Buffer.from(await res.arrayBuffer())), `${p.name} from ${base}`).toBe(want);
        }
        // The object the Console looks up: <name>-<spec version>, by these labels.
        const name = `${p.name}-${p.specVersion}`;
        const object = objects.find((o) => o.kind === 'WasmPlugin' && o.metadata.name === name);
        expect(object, name).toBeDefined();
        expect(object.metadata.labels).toMatchObject({ 'higress.io/resource-definer': 'higress', 'higress.io/wasm-plugin-name': p.name, 'higress.io/wasm-plugin-version': p.specVersion, 'higress.io/wasm-plugin-built-in': 'true' });
        expect(new URL(object.spec.url).pathname).toBe(new URL(url).pathname);
        expect(object.spec.sha256).toBe(want);
      }
    } finally {
      await serve.stop();
      await dockerd.cli(['rm', '-f', (run.stdout || '').trim()]);
    }
  }, 300_000);

  it.each(raw.consoleBuilds.map((b) => [b.id, b] as const))('OCI mode, %s: each URL names the pushed manifest on the registry', async (_id, build) => {
    const { consoleEnv, objects } = await yaml('oci', build.id);
    for (const p of build.plugins) {
      const url = consoleUrl(build, p, consoleEnv);
      expect(url.startsWith(`oci://${target.host}/`), url).toBe(true);
      const ref = url.slice('oci://'.length + target.host.length + 1);
      const colon = ref.lastIndexOf(':');
      const res = await fetch(`http://${target.host}/v2/${ref.slice(0, colon)}/manifests/${ref.slice(colon + 1)}`, {
        method: 'HEAD',
        headers: { accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' },
      });
      expect(res.status, url).toBe(200);
      expect(res.headers.get('docker-content-digest'), url).toBe(bundled(p.name).digest);
      const object = objects.find((o) => o.kind === 'WasmPlugin' && o.metadata.name === `${p.name}-${p.specVersion}`);
      expect(object?.spec.sha256).toBe(bundled(p.name).digest.slice('sha256:'.length));
    }
  }, 120_000);
});
