import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../env/cli';
import { startDockerd, type TestDockerd } from '../env/dockerd';
import { startFaultProxy } from '../env/fault-proxy';
import { pluginServerFixture, pushFixtures, sha256, type PushedFixtures } from '../env/fixtures';
import { READ_ONLY_USER, startRegistry, TEST_PASSWORD, TEST_USER, type TestRegistry } from '../env/registry';
import { skopeo, skopeoFlags } from '../env/skopeo';
import { freePort, tempDir, waitFor, type TempDir } from '../env/tools';
import { tinyWasm } from '../env/wasm';

let source: TestRegistry;
let tls: TestRegistry;
let token: TestRegistry;
let dockerd: TestDockerd;
let fixtures: PushedFixtures;
let dir: TempDir;
let bundle: string;
let customWasm: Buffer;
// Catalog plugins of 2.2.3 (json-converter is not one: it comes by reference, under its served name).
const PLUGINS = 'key-auth,basic-auth,ai-proxy';

const env = (name = 'cfg') => ({ HIGRESS_AIRGAP_CONFIG: join(dir.path, name), DOCKER_CONFIG: join(dir.path, 'nodocker'), SOURCE_DATE_EPOCH: '1767225600' });
const tlsFlags = () => ['--ca-file', tls.caFile!, '--username', TEST_USER, '--password-stdin'];
const tokenFlags = () => ['--plain-http', '--username', TEST_USER, '--password-stdin'];

beforeAll(async () => {
  dir = await tempDir('push');
  [source, tls, token, dockerd] = await Promise.all([startRegistry('plain'), startRegistry('tls-basic'), startRegistry('token'), startDockerd()]);
  fixtures = await pushFixtures(source, { pluginServer: await pluginServerFixture('2.2.3') });
  customWasm = tinyWasm('a custom filter built in-house', 4096);
  await writeFile(join(dir.path, 'custom.wasm'), customWasm);
  bundle = join(dir.path, 'b.tar');
  const r = await cli(['bundle', '--out', bundle, '--source', source.host, '--plain-http', '--release', '2.2.3', '--follow-tags', '--plugins', PLUGINS, '--wasm', `my-filter@1.0.0=${join(dir.path, 'custom.wasm')}`, '--plugin', `extra-auth@2.0.0=${source.host}/plugins/key-auth:2.0.0`, '--plugin', `json-converter@2.0.0=${source.host}/plugins/jsonrpc-converter:2.0.0`], { env: env() });
  expect(r.code, r.stderr).toBe(0);
});
afterAll(async () => {
  await Promise.all([source?.stop(), tls?.stop(), token?.stop(), dockerd?.stop()]);
  await dir?.remove();
});

describe('push to the private registry', () => {
  it.each(['tls', 'token'] as const)('pushes byte for byte to the %s registry (skopeo sees the original digests)', async (which) => {
    const reg = which === 'tls' ? tls : token;
    const flags = which === 'tls' ? tlsFlags() : tokenFlags();
    const r = await cli(['push', bundle, '--registry', `${reg.host}/higress`, ...flags, '--json'], { env: env(), stdin: TEST_PASSWORD });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.report.items.every((i: any) => i.status === 'pushed')).toBe(true);
    expect(r.stdout).not.toContain(TEST_PASSWORD);
    const index = await skopeo(['inspect', '--raw', ...skopeoFlags(reg), `docker://${reg.host}/higress/higress/plugin-server:2.2.3`]);
    expect(Buffer.from(index.stdout)).toEqual(fixtures.pluginServer.index.bytes);
    for (const p of fixtures.plugins.filter((x) => x.accepted)) {
      const raw = await skopeo(['inspect', '--raw', ...skopeoFlags(reg), `docker://${reg.host}/higress/${p.repo}:${p.tag}`]);
      expect(Buffer.from(raw.stdout), p.name).toEqual(p.manifest.bytes);
    }
    // the local .wasm landed as a 2-layer artifact at plugins/<name>:<version>
    const custom = JSON.parse((await skopeo(['inspect', '--raw', ...skopeoFlags(reg), `docker://${reg.host}/higress/plugins/my-filter:1.0.0`])).stdout);
    expect(custom.layers.map((l: any) => l.mediaType)).toEqual(['application/vnd.module.wasm.config.v1+json', 'application/vnd.module.wasm.content.layer.v1+wasm']);
  });

  it('a second push of the same bundle succeeds and sends no blob', async () => {
    const proxy = await startFaultProxy(token.host);
    try {
      const r = await cli(['push', bundle, '--registry', `${proxy.host}/higress`, '--plain-http', '--username', TEST_USER, '--password-stdin', '--json'], { env: env(), stdin: TEST_PASSWORD });
      // The proxy's host differs from the registry's: the registry answers by the Host it was asked.
      expect(r.code, r.stderr).toBe(0);
      const again = await cli(['push', bundle, '--registry', `${proxy.host}/higress`, '--plain-http', '--username', TEST_USER, '--password-stdin', '--json'], { env: env(), stdin: TEST_PASSWORD });
      expect(again.code, again.stderr).toBe(0);
      const items = JSON.parse(again.stdout).report.items;
      expect(items.every((i: any) => i.status === 'identical')).toBe(true);
      const secondRun = proxy.log.slice(proxy.log.findLastIndex((l) => l.path === '/v2/') + 1);
      expect(secondRun.filter((l) => l.method === 'PUT' || l.method === 'PATCH' || (l.method === 'POST' && l.path.includes('/blobs/uploads/') && !l.path.includes('higress-airgap-preflight')))).toEqual([]);
    } finally {
      await proxy.stop();
    }
  });

  it('a push killed midway and rerun completes without re-sending finished blobs', async () => {
    const target = await startRegistry('plain');
    const proxy = await startFaultProxy(target.host);
    try {
      proxy.add({ method: 'PUT', path: /\/blobs\/uploads\//, fault: { kind: 'delay', ms: 250 }, times: Infinity });
      const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'push', bundle, '--registry', `${proxy.host}/higress`, '--plain-http'], { env: { ...process.env, ...env('killcfg') }, stdio: 'ignore' });
      const finished = () => proxy.log.filter((l) => l.method === 'PUT' && l.path.includes('digest=') && l.status === 201);
      await waitFor('some uploads to finish', async () => finished().length >= 3, 60000, 20);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const done = new Set(finished().map((l) => decodeURIComponent(/digest=([^&]+)/.exec(l.path)?.[1] ?? '')));
      const cut = proxy.log.length;
      proxy.rules.length = 0;
      const rerun = await cli(['push', bundle, '--registry', `${proxy.host}/higress`, '--plain-http', '--json'], { env: env('killcfg') });
      expect(rerun.code, rerun.stderr).toBe(0);
      const resent = proxy.log.slice(cut).filter((l) => l.method === 'PUT' && l.path.includes('digest=')).map((l) => decodeURIComponent(/digest=([^&]+)/.exec(l.path)?.[1] ?? ''));
      expect(done.size).toBeGreaterThanOrEqual(3);
      expect(resent.filter((d) => done.has(d))).toEqual([]);
      const raw = await skopeo(['inspect', '--raw', '--tls-verify=false', `docker://${target.host}/higress/higress/plugin-server:2.2.3`]);
      expect(Buffer.from(raw.stdout)).toEqual(fixtures.pluginServer.index.bytes);
    } finally {
      await proxy.stop();
      await target.stop();
    }
  });

  it('dockerd pulls the pushed plugin-server image from the target and runs it', async () => {
    const cfg = join(dir.path, 'docker-client');
    const login = await dockerd.cli(['--config', cfg, 'login', tls.host, '-u', TEST_USER, '--password-stdin'], TEST_PASSWORD);
    expect(login.code, login.stderr).toBe(0);
    const ref = `${tls.host}/higress/higress/plugin-server:2.2.3`;
    const pull = await dockerd.cli(['--config', cfg, 'pull', '--platform', 'linux/amd64', ref]);
    expect(pull.code, pull.stderr).toBe(0);
    const port = await freePort();
    expect((await dockerd.cli(['run', '-d', '--network', 'host', ref, '/bin/busybox', 'httpd', '-f', '-p', `127.0.0.1:${port}`, '-h', '/usr/share/nginx/html'])).code).toBe(0);
    const served = fixtures.pluginServer.servedPlugins[2]!;
    await waitFor('plugin server', async () => (await fetch(`http://127.0.0.1:${port}/plugins/${served.name}/${served.version}/plugin.wasm`)).ok);
  });

  it('builds a custom Plugin Server image with the custom plugins; dockerd pulls and runs it and serves them', async () => {
    const ref = `${token.host}/higress/higress/plugin-server:2.2.3-custom`;
    const r = await cli(['push', bundle, '--registry', `${token.host}/higress`, ...tokenFlags(), '--plugin-server-image', ref, '--json'], { env: env(), stdin: TEST_PASSWORD });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const item = JSON.parse(r.stdout).report.items.find((i: any) => i.targetRef === ref);
    expect(item.status).toBe('pushed');
    expect(item.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    const cfg = join(dir.path, 'docker-client-token');
    expect((await dockerd.cli(['--config', cfg, 'login', token.host, '-u', TEST_USER, '--password-stdin'], TEST_PASSWORD)).code).toBe(0);
    const pull = await dockerd.cli(['--config', cfg, 'pull', '--platform', 'linux/amd64', ref]);
    expect(pull.code, pull.stderr).toBe(0);
    const port = await freePort();
    expect((await dockerd.cli(['run', '-d', '--network', 'host', ref, '/bin/busybox', 'httpd', '-f', '-p', `127.0.0.1:${port}`, '-h', '/usr/share/nginx/html'])).code).toBe(0);
    let body = Buffer.alloc(0);
    await waitFor('custom plugin server', async () => {
      const res = await fetch(`http://127.0.0.1:${port}/plugins/my-filter/1.0.0/plugin.wasm`);
      if (!res.ok) return false;
      body = Buffer.from(await res.arrayBuffer());
      return true;
    });
    expect(body.equals(customWasm)).toBe(true);
    const meta = await (await fetch(`http://127.0.0.1:${port}/plugins/my-filter/1.0.0/metadata.txt`)).text();
    expect(meta).toContain('name: my-filter');
    // the official plugins of the base image are still there
    expect((await fetch(`http://127.0.0.1:${port}/plugins/key-auth/1.0.0/plugin.wasm`)).ok).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/plugins/extra-auth/2.0.0/plugin.wasm`)).ok).toBe(true);
  });

  it('load and --via docker work against the real dockerd', async () => {
    const load = await cli(['load', bundle, '--json'], { env: { ...env(), DOCKER_HOST: dockerd.host } });
    expect(load.code, load.stderr).toBe(0);
    const loaded = JSON.parse(load.stdout);
    expect(loaded.loaded).toEqual([`${source.host}/higress/plugin-server:2.2.3`]);
    expect(loaded.images).toMatchObject([{ source: `${source.host}/higress/plugin-server:2.2.3`, platform: 'linux/amd64' }]);
    expect(loaded.notices.map((n: any) => n.code)).toEqual(['DOCKER_PLUGINS_NOT_LOADED']);
    // In Chinese: the image with its platform, and the plugins that Docker does not hold.
    const zh = await cli(['load', bundle], { env: { ...env(), DOCKER_HOST: dockerd.host, LANG: 'zh_CN.UTF-8' } });
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout).toBe(`已导入 Docker：\n  ${source.host}/higress/plugin-server:2.2.3（平台 linux/amd64）\n离线包中的 ${loaded.plugins} 个插件不会导入 Docker（Docker 不能存放 Wasm 插件）：请把它们推送到镜像仓库。\n`);
    // A different image under the same name in the engine must not be pushed in the bundle's place.
    const sourceRef = `${source.host}/higress/plugin-server:2.2.3`;
    const stale = await dockerd.cli(['import', '-', sourceRef], Buffer.alloc(1024));
    expect(stale.code, stale.stderr).toBe(0);
    const target = await startRegistry('plain');
    try {
      const targetRef = `${target.host}/viadocker/higress/plugin-server:2.2.3`;
      const indexDigest = fixtures.pluginServer.index.digest;
      // The dry run lists the image with the platform Docker will push, and says the digest changes.
      const dry = await cli(['push', bundle, '--registry', `${target.host}/viadocker`, '--plain-http', '--via', 'docker', '--dry-run', '--json'], { env: { ...env(), DOCKER_HOST: dockerd.host } });
      expect(dry.code, dry.stderr + dry.stdout).toBe(0);
      const planned = JSON.parse(dry.stdout).report.items.find((i: any) => i.kind === 'image');
      expect(planned).toMatchObject({ status: 'would-push', targetRef, via: 'docker', platform: 'linux/amd64', bundleDigest: indexDigest, digest: '' });
      expect(planned.notes[0]).toMatchObject({ code: 'PUSH_DOCKER_REWRITES', details: { platform: 'linux/amd64', others: 'linux/arm64', index: true } });
      const dryText = await cli(['push', bundle, '--registry', `${target.host}/viadocker`, '--plain-http', '--via', 'docker', '--dry-run'], { env: { ...env(), DOCKER_HOST: dockerd.host } });
      expect(dryText.stderr).toContain(`note: Through Docker, ${targetRef} gets linux/amd64 of ${source.host}/higress/plugin-server:2.2.3 only, as a single-platform manifest: the index and its other platforms (linux/arm64) are not pushed`);
      expect(dryText.stdout).toMatch(new RegExp(`would push\\s+${targetRef.replace(/[.]/g, '\\.')}\\s+\\(chosen by Docker\\)\\s+linux/amd64 only, through Docker\n`));
      // Said once, before: not repeated under the table.
      expect(dryText.stdout).not.toContain('note: Through Docker');
      const dryZh = await cli(['push', bundle, '--registry', `${target.host}/viadocker`, '--plain-http', '--via', 'docker', '--dry-run'], { env: { ...env(), DOCKER_HOST: dockerd.host, LANG: 'zh_CN.UTF-8' } });
      expect(dryZh.stderr).toContain(`note: 通过 Docker 推送时，${targetRef} 只会得到 ${source.host}/higress/plugin-server:2.2.3 的 linux/amd64 平台，且是单平台清单：索引及其他平台（linux/arm64）不会推送，摘要也不会是离线包中的 ${indexDigest}。`);
      expect(dryZh.stdout).toMatch(/^试运行：将把 /);
      expect(dryZh.stdout).toContain('将推送');
      expect(dryZh.stdout).toContain('（由 Docker 决定）');
      expect((await fetch(`http://${target.host}/v2/_catalog`).then((x) => x.json())).repositories).toEqual([]);

      const r = await cli(['push', bundle, '--registry', `${target.host}/viadocker`, '--plain-http', '--via', 'docker', '--json'], { env: { ...env(), DOCKER_HOST: dockerd.host } });
      expect(r.code, r.stderr + r.stdout).toBe(0);
      const items = JSON.parse(r.stdout).report.items;
      const image = items.find((i: any) => i.kind === 'image');
      expect(image).toMatchObject({ status: 'pushed', targetRef, via: 'docker', platform: 'linux/amd64', bundleDigest: indexDigest });
      const pushed = await skopeo(['inspect', '--raw', '--tls-verify=false', `docker://${targetRef}`]);
      expect(pushed.code, pushed.stderr).toBe(0);
      const amd64Config = JSON.parse(fixtures.pluginServer.index.children[0]!.bytes.toString()).config.digest;
      expect(JSON.parse(pushed.stdout).config.digest).toBe(amd64Config);
      // The report gives what the registry holds (asked independently here), not the bundle's index digest.
      const held = sha256(Buffer.from(pushed.stdout));
      expect(image.digest).toBe(held);
      expect(image.digest).not.toBe(indexDigest);
      expect(image.notes[0]).toMatchObject({ code: 'PUSH_DOCKER_RESULT', details: { target: targetRef, digest: held, platform: 'linux/amd64', bundleDigest: indexDigest } });
      // A rerun (without the first run's journal) finds the same image there, by its config: identical, nothing pushed again.
      const rerun = await cli(['push', bundle, '--registry', `${target.host}/viadocker`, '--plain-http', '--via', 'docker', '--json'], { env: { ...env('docker-rerun'), DOCKER_HOST: dockerd.host } });
      expect(rerun.code, rerun.stderr + rerun.stdout).toBe(0);
      expect(JSON.parse(rerun.stdout).report.items.find((i: any) => i.kind === 'image')).toMatchObject({ status: 'identical', digest: held });
      // plugins still went byte for byte, not through docker
      const keyAuth = fixtures.plugins.find((p) => p.name === 'key-auth')!;
      const raw = await skopeo(['inspect', '--raw', '--tls-verify=false', `docker://${target.host}/viadocker/plugins/key-auth:2.0.0`]);
      expect(Buffer.from(raw.stdout)).toEqual(keyAuth.manifest.bytes);
    } finally {
      await target.stop();
    }
  });
});

describe('pre-flight, preview and collisions', () => {
  it('--dry-run previews every source → target reference with its digest and pushes nothing', async () => {
    const target = await startRegistry('plain');
    try {
      const r = await cli(['push', bundle, '--registry', `${target.host}/proj/sub`, '--plain-http', '--target-mode', 'flatten', '--dry-run', '--json'], { env: env() });
      expect(r.code, r.stderr).toBe(0);
      const items = JSON.parse(r.stdout).report.items;
      expect(items.map((i: any) => i.targetRef)).toContain(`${target.host}/proj/sub/plugin-server:2.2.3`);
      expect(items.map((i: any) => i.targetRef)).toContain(`${target.host}/proj/sub/jsonrpc-converter:2.0.0`);
      expect(items.every((i: any) => i.status === 'would-push' && /^sha256:/.test(i.digest))).toBe(true);
      const catalog = await fetch(`http://${target.host}/v2/_catalog`).then((x) => x.json());
      expect(catalog.repositories).toEqual([]);
    } finally {
      await target.stop();
    }
  });

  it('refuses to overwrite a different image under the same tag unless told', async () => {
    const target = await startRegistry('plain');
    try {
      const other = fixtures.plugins.find((p) => p.name === 'basic-auth')!;
      const cp = await skopeo(['copy', '--src-tls-verify=false', '--dest-tls-verify=false', `docker://${source.host}/${other.repo}:${other.tag}`, `docker://${target.host}/c/plugins/key-auth:2.0.0`]);
      expect(cp.code, cp.stderr).toBe(0);
      const r = await cli(['push', bundle, '--registry', `${target.host}/c`, '--plain-http', '--json'], { env: env() });
      expect(r.code).toBe(1);
      const conflict = JSON.parse(r.stdout).report.items.find((i: any) => i.targetRef.endsWith('plugins/key-auth:2.0.0'));
      expect(conflict.status).toBe('conflict');
      const keyAuth = fixtures.plugins.find((p) => p.name === 'key-auth')!;
      expect(conflict.problem).toMatchObject({ code: 'PUSH_TAG_CONFLICT', details: { target: conflict.targetRef, existing: other.manifest.digest } });
      expect(conflict.error).toContain(`already holds other content (${other.manifest.digest})`);
      // The same refusal in Chinese, with the next step (a flag in the CLI).
      const zh = await cli(['push', bundle, '--registry', `${target.host}/c`, '--plain-http'], { env: { ...env(), LANG: 'zh_CN.UTF-8' } });
      expect(zh.code).toBe(1);
      expect(zh.stdout).toContain(`${conflict.targetRef} 已有其他内容（${other.manifest.digest}），已保持原样`);
      expect(zh.stdout).toContain('如需替换，请加 --on-collision overwrite 重新推送');
      expect(zh.stderr).toMatch(/error: \d+ 项中有 1 项未推送\nhint: 请按每项列出的原因处理/);
      // Overwrite names each replaced tag, old → new, in the report and in the text.
      const forced = await cli(['push', bundle, '--registry', `${target.host}/c`, '--plain-http', '--on-collision', 'overwrite', '--json'], { env: env() });
      expect(forced.code, forced.stderr).toBe(0);
      const replaced = JSON.parse(forced.stdout).report.items.find((i: any) => i.targetRef === conflict.targetRef);
      expect(replaced).toMatchObject({ status: 'pushed', replaced: other.manifest.digest, digest: keyAuth.manifest.digest });
      expect(replaced.notes).toEqual([{ code: 'PUSH_REPLACED', message: `${conflict.targetRef} replaced: ${other.manifest.digest} → ${keyAuth.manifest.digest}`, details: { target: conflict.targetRef, old: other.manifest.digest, new: keyAuth.manifest.digest } }]);
      // Nothing left to replace: the text says so for no tag.
      const again = await cli(['push', bundle, '--registry', `${target.host}/c`, '--plain-http', '--on-collision', 'overwrite'], { env: env() });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).not.toContain('replaced:');
    } finally {
      await target.stop();
    }
  });

  it('explains x509, 401 and a missing push right before pushing anything', async () => {
    const x509 = await cli(['push', bundle, '--registry', `${tls.host}/higress`, '--username', TEST_USER, '--password-stdin'], { env: env('noca'), stdin: TEST_PASSWORD });
    expect(x509.code).toBe(1);
    expect(x509.stderr).toMatch(/x509: .*unknown authority/);
    const wrong = await cli(['push', bundle, '--registry', `${tls.host}/higress`, '--ca-file', tls.caFile!, '--username', TEST_USER, '--password-stdin'], { env: env('noca'), stdin: 'wrong' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/refused the credentials .*401/);
    const reader = await cli(['push', bundle, '--registry', `${token.host}/higress`, '--plain-http', '--username', READ_ONLY_USER, '--password-stdin'], { env: env('noca'), stdin: TEST_PASSWORD });
    expect(reader.code).toBe(1);
    expect(reader.stderr).toMatch(/lack permission/);
    // The same failures in Chinese (LANG=zh_CN.UTF-8), with the CLI's next step.
    const zh = { ...env('noca'), LANG: 'zh_CN.UTF-8' };
    const x509zh = await cli(['push', bundle, '--registry', `${tls.host}/higress`, '--username', TEST_USER, '--password-stdin'], { env: zh, stdin: TEST_PASSWORD });
    expect(x509zh.code).toBe(1);
    expect(x509zh.stderr).toContain(`error: x509：${tls.host} 的证书由未知的证书颁发机构签发\nhint: 请提供该仓库的 CA 证书：higress-airgap registry set ${tls.host} --ca-file ca.crt`);
    const wrongZh = await cli(['push', bundle, '--registry', `${tls.host}/higress`, '--ca-file', tls.caFile!, '--username', TEST_USER, '--password-stdin'], { env: zh, stdin: 'wrong' });
    expect(wrongZh.stderr).toContain(`error: ${tls.host} 拒绝了登录凭据（401 未授权）`);
    const closed = `127.0.0.1:${await freePort()}`;
    const refusedZh = await cli(['push', bundle, '--registry', `${closed}/higress`, '--plain-http'], { env: zh });
    expect(refusedZh.code).toBe(1);
    expect(refusedZh.stderr).toContain(`error: ${closed} 拒绝了连接\nhint: 请确认镜像仓库已启动，且端口正确。`);
  });

  it('refuses to push a damaged bundle', async () => {
    const { readFile } = await import('node:fs/promises');
    const bytes = Buffer.from(await readFile(bundle));
    bytes[bytes.length - 3000] = (bytes[bytes.length - 3000] as number) ^ 0xff;
    const damaged = join(dir.path, 'damaged', 'b.tar');
    await mkdir(join(dir.path, 'damaged'));
    await writeFile(damaged, bytes);
    const target = await startRegistry('plain');
    try {
      const r = await cli(['push', damaged, '--registry', `${target.host}/x`, '--plain-http'], { env: env() });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('failed verification; nothing was pushed');
      const catalog = await fetch(`http://${target.host}/v2/_catalog`).then((x) => x.json());
      expect(catalog.repositories).toEqual([]);
    } finally {
      await target.stop();
    }
  });
});
