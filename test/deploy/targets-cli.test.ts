import { readFileSync } from 'node:fs';
import { appendFile, copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { releaseParts } from '../../shared/catalog/release-parts';
import { MESSAGES } from '../../shared/messages/catalog';
import { renderChartImages } from '../../shared/release/chart-images';
import { cli } from '../env/cli';
import { startDockerd, type TestDockerd } from '../env/dockerd';
import { blob, manifestOf, MT, pluginServerFixture, pushManifestTree, sha256, tarOf, type FixtureManifest } from '../env/fixtures';
import { RawRegistryClient } from '../env/raw-registry';
import { startRegistry, type TestRegistry } from '../env/registry';
import { freePort, requireTool, run, tempDir, waitFor, type TempDir } from '../env/tools';
import { tinyWasm } from '../env/wasm';

/**
 * `yaml --target` end to end on real services: fixture images stand in for Higress 2.2.4's gateway,
 * controller, pilot, console, plugin-server and all-in-one under the release's repository paths on
 * a source registry; `bundle` (with a custom plugin) → `push` to a second registry → `yaml`:
 * - helm: every image the chart would render with the generated values answers on the target;
 * - compose: Debian's docker-compose validates the override merged with a standalone-shaped compose
 *   file (`config`), and every image of the merged result resolves on the target;
 * - docker: the generated script runs the all-in-one-shaped image from the target on the private
 *   dockerd, and the custom plugin, copied out of the bundle, is served at its Plugin Server URL.
 */
const RELEASE = '2.2.4';
const COMPOSE = requireTool('/usr/bin/docker-compose', 'docker-compose');
let dir: TempDir;
let source: TestRegistry;
let target: TestRegistry;
let dockerd: TestDockerd;
let bundlePath = '';
const WASM = tinyWasm('targets-cli custom plugin 1.0.0');
const env = () => ({ HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), DOCKER_CONFIG: join(dir.path, 'nodocker'), HOME: dir.path });

/** A one-layer image naming its component (distinct digests). */
async function componentImage(component: string): Promise<FixtureManifest> {
  const layerTar = await tarOf([{ name: 'etc/', type: 'directory' }, { name: 'etc/component', data: `${component} ${RELEASE}\n` }]);
  const config = blob(MT.ociConfig, Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Labels: { component } }, rootfs: { type: 'layers', diff_ids: [sha256(layerTar)] } })));
  return manifestOf(MT.ociManifest, config, [blob(MT.ociLayerGzip, gzipSync(layerTar))]);
}

/** Shaped like the all-in-one (written here): busybox serving /usr/share/nginx/html on AIO_PS_PORT only with USE_PLUGIN_SERVER=on. */
async function allInOneImage(): Promise<FixtureManifest> {
  const start = '#!/bin/sh\nmkdir -p /data\ncase "${USE_PLUGIN_SERVER:-off}" in\n  on) /bin/busybox httpd -p "127.0.0.1:${AIO_PS_PORT:-8002}" -h /usr/share/nginx/html ;;\nesac\nexec /bin/busybox httpd -f -p "127.0.0.1:${AIO_HTTP_PORT:-8080}" -h /www\n';
  const base = await tarOf([
    { name: 'bin/', type: 'directory' },
    { name: 'bin/busybox', data: readFileSync('/bin/busybox'), mode: 0o755 },
    { name: 'bin/sh', type: 'symlink', linkname: 'busybox' },
    { name: 'tmp/', type: 'directory', mode: 0o1777 },
  ]);
  const app = await tarOf([
    { name: 'start.sh', data: start, mode: 0o755 },
    { name: 'www/', type: 'directory' },
    { name: 'www/index.html', data: 'aio\n' },
    ...['usr/', 'usr/share/', 'usr/share/nginx/', 'usr/share/nginx/html/', 'usr/share/nginx/html/plugins/'].map((name) => ({ name, type: 'directory' as const })),
  ]);
  const config = blob(MT.ociConfig, Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Env: ['PATH=/bin'], Cmd: ['/bin/sh', '/start.sh'] }, rootfs: { type: 'layers', diff_ids: [sha256(base), sha256(app)] } })));
  return manifestOf(MT.ociManifest, config, [blob(MT.ociLayerGzip, gzipSync(base)), blob(MT.ociLayerGzip, gzipSync(app))]);
}

beforeAll(async () => {
  dir = await tempDir('targets-cli');
  [source, target, dockerd] = await Promise.all([startRegistry('plain'), startRegistry('plain'), startDockerd()]);
  const client = new RawRegistryClient(source);
  const parts = releaseParts(RELEASE);
  const images: string[] = [];
  // Everything the three targets name (redis aside): core, all-in-one, compose-only and observability images.
  for (const i of parts.images.filter((x) => x.group !== 'redis' && x.component !== 'plugin-server')) {
    await pushManifestTree(client, i.repository, i.tag, i.group === 'all-in-one' ? await allInOneImage() : await componentImage(i.component));
    images.push(`${source.host}/${i.repository}:${i.tag}`);
  }
  const ps = await pluginServerFixture(RELEASE);
  await pushManifestTree(client, ps.repo, ps.tag, ps.index);
  const wasmFile = join(dir.path, 'custom.wasm');
  await writeFile(wasmFile, WASM);
  bundlePath = join(dir.path, 'release.tar');
  const b = await cli(
    ['bundle', '--out', bundlePath, '--source', source.host, '--plain-http', '--release', RELEASE, '--platform', 'linux/amd64', '--plugin-server', `${source.host}/${ps.repo}:${ps.tag}`, ...images.flatMap((i) => ['--image', i]), '--wasm', `my-plugin@1.0.0=${wasmFile}`, '--temp-dir', dir.path],
    { env: env() },
  );
  expect(b.code, b.stderr).toBe(0);
  const p = await cli(['push', bundlePath, '--registry', `${target.host}/airgap`, '--plain-http'], { env: env() });
  expect(p.code, p.stderr).toBe(0);
}, 300_000);

afterAll(async () => {
  await Promise.all([source?.stop(), target?.stop(), dockerd?.stop()]);
  await dir?.remove();
});

/** HEAD of a reference on the target registry: 200 when it resolves (by digest when it names one). */
async function resolves(ref: string): Promise<boolean> {
  const m = /^([^/]+)\/(.+?)(?::([^:@/]+))?(?:@(sha256:[a-f0-9]{64}))?$/.exec(ref);
  if (!m) return false;
  const [, host, repo, tag, digest] = m;
  const res = await fetch(`http://${host}/v2/${repo}/manifests/${digest ?? tag}`, {
    method: 'HEAD',
    headers: { accept: [MT.ociIndex, MT.ociManifest, 'application/vnd.docker.distribution.manifest.v2+json', 'application/vnd.docker.distribution.manifest.list.v2+json'].join(', ') },
  });
  // A tag and a digest: the tag must hold that digest too.
  if (res.status !== 200) return false;
  if (tag && digest) {
    const byTag = await fetch(`http://${host}/v2/${repo}/manifests/${tag}`, { method: 'HEAD', headers: { accept: [MT.ociIndex, MT.ociManifest].join(', ') } });
    return byTag.headers.get('docker-content-digest') === digest;
  }
  return true;
}

describe('yaml --target on a pushed release bundle', () => {
  it('helm: the values name only the target, and every image the chart renders resolves there', async () => {
    const out = join(dir.path, 'helm');
    const r = await cli(['yaml', bundlePath, '--registry', `${target.host}/airgap`, '--plain-http', '--mode', 'http', '--target', 'helm', '--out', out, '--json'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const values = parse(await readFile(join(out, 'helm/values.yaml'), 'utf8')) as Record<string, unknown>;
    const rendered = renderChartImages(releaseParts(RELEASE), values);
    expect(rendered.map((x) => x.component).sort()).toEqual(['console', 'controller', 'gateway', 'pilot', 'plugin-server']);
    for (const x of rendered) {
      expect(x.ref.startsWith(`${target.host}/airgap/higress/`), x.ref).toBe(true);
      expect(await resolves(x.ref), x.ref).toBe(true);
    }
    // No chart in this bundle: the install script asks for it and the run says so.
    expect(await readFile(join(out, 'helm/install.sh'), 'utf8')).toContain('HIGRESS_CHART');
    expect(JSON.parse(r.stdout).notices.map((n: { code: string }) => n.code)).toContain('TARGET_CHART_NOT_IN_BUNDLE');
  });

  it("compose: docker-compose validates the override over a standalone-shaped compose folder, and every image of the merged result resolves on the target", async () => {
    const out = join(dir.path, 'compose-out');
    const r = await cli(['yaml', bundlePath, '--registry', `${target.host}/airgap`, '--plain-http', '--target', 'compose', '--out', out, '--json'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    // The standalone's own folder, shaped like it (written here): services, image variables, URL variables, the plugin-server profile.
    const compose = releaseParts(RELEASE).compose!;
    const ps = compose.pluginServer!;
    const standalone = join(dir.path, 'standalone', 'compose');
    await mkdir(standalone, { recursive: true });
    const services = Object.fromEntries(
      compose.services.map((svc) => [
        svc.name,
        {
          image: svc.imageVariable ? `\${${svc.imageVariable}}` : svc.ref,
          ...(svc.environment.length ? { environment: Object.fromEntries(svc.environment.map((e) => [e.name, e.value])) } : {}),
          ...(svc.name === ps.service ? { profiles: [ps.profile] } : {}),
        },
      ]),
    );
    await writeFile(join(standalone, 'docker-compose.yml'), `${JSON.stringify({ version: compose.fileVersion ?? '3.9', services }, null, 2)}\n`);
    const env0 = compose.variables.filter((v) => v.kind === 'image' || v.kind === 'tag').map((v) => `${v.name}='${v.value}'`);
    await writeFile(join(standalone, '.env'), `${["COMPOSE_PROFILES='nacos'", ...env0].join('\n')}\n`);
    await copyFile(join(out, 'compose/docker-compose.override.yml'), join(standalone, 'docker-compose.override.yml'));
    await appendFile(join(standalone, '.env'), await readFile(join(out, 'compose/.env.airgap'), 'utf8'));

    const config = await run(COMPOSE, ['config'], { cwd: standalone, env: { PATH: '/usr/bin:/bin', HOME: dir.path } });
    expect(config.code, config.stderr).toBe(0);
    const merged = parse(config.stdout) as { services: Record<string, { image: string; environment?: Record<string, string> }> };
    expect(Object.keys(merged.services).sort()).toEqual(compose.services.map((x) => x.name).sort());
    for (const [name, svc] of Object.entries(merged.services)) {
      expect(svc.image.startsWith(`${target.host}/airgap/higress/`), `${name}: ${svc.image}`).toBe(true);
      expect(await resolves(svc.image), `${name}: ${svc.image}`).toBe(true);
    }
    // `config` prints a compose file again, so the literal `${name}` comes back escaped as `$${name}`.
    expect(merged.services.console?.environment?.HIGRESS_ADMIN_WASM_PLUGIN_CUSTOM_IMAGE_URL_PATTERN).toBe('http://plugin-server:8080/plugins/$${name}/$${version}/plugin.wasm');
    // The custom plugin needs the custom Plugin Server image: said, by code.
    expect(JSON.parse(r.stdout).notices.map((n: { code: string }) => n.code)).toContain('TARGET_CUSTOM_PLUGINS_NEED_IMAGE');
  });

  it('notes print in the CLI locale (zh), by code', async () => {
    const out = join(dir.path, 'compose-zh');
    const r = await cli(['yaml', bundlePath, '--registry', `${target.host}/airgap`, '--plain-http', '--target', 'compose', '--out', out], { env: { ...env(), LANG: 'zh_CN.UTF-8' } });
    expect(r.code, r.stderr).toBe(0);
    const zh = MESSAGES.TARGET_CUSTOM_PLUGINS_NEED_IMAGE!.message.zh;
    expect(zh).toContain('{count}');
    expect(r.stderr).toContain(zh.slice(0, zh.indexOf('{count}')));
    expect(r.stderr).not.toContain(MESSAGES.TARGET_CUSTOM_PLUGINS_NEED_IMAGE!.message.en.slice(0, 12));
  });

  it('docker: the generated script runs the all-in-one from the target on the private dockerd, and the custom plugin is served', async () => {
    const out = join(dir.path, 'docker');
    const r = await cli(['yaml', bundlePath, '--registry', `${target.host}/airgap`, '--plain-http', '--target', 'docker', '--out', out], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const script = join(out, 'docker/run-higress.sh');
    expect((await stat(script)).mode & 0o777).toBe(0o755);
    expect((await readFile(join(out, 'docker/plugins/my-plugin/1.0.0/plugin.wasm'))).equals(WASM)).toBe(true);

    const [psPort, httpPort] = [await freePort(), await freePort()];
    const started = await run('/bin/sh', [script, '--network', 'host', '-e', `AIO_PS_PORT=${psPort}`, '-e', `AIO_HTTP_PORT=${httpPort}`], {
      env: { PATH: '/usr/bin:/bin', DOCKER_HOST: dockerd.host, HOME: dir.path, HIGRESS_NAME: 'higress-targets-cli', HIGRESS_DATA: join(dir.path, 'aio-data') },
    });
    expect(started.code, started.stderr).toBe(0);
    let body = Buffer.alloc(0);
    await waitFor('the all-in-one Plugin Server', async () => {
      const res = await fetch(`http://127.0.0.1:${psPort}/plugins/my-plugin/1.0.0/plugin.wasm`).catch(() => undefined);
      if (!res?.ok) return false;
      body = Buffer.from(await res.arrayBuffer());
      return true;
    });
    expect(body.equals(WASM)).toBe(true);
    const inspect = JSON.parse((await dockerd.cli(['inspect', 'higress-targets-cli'])).stdout)[0];
    expect(inspect.Config.Image).toMatch(new RegExp(`^${target.host.replace(/[.]/g, '\\.')}/airgap/higress/all-in-one:2\\.2\\.4@sha256:[a-f0-9]{64}$`));
    await dockerd.cli(['rm', '-f', 'higress-targets-cli']);
  });
});
