import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../env/fixtures';
import { skopeo } from '../env/skopeo';
import { bundleFromFixtures, curlInto, startServe, type CurlResult, type ServeEnv, type ServeRun } from './serve-env';

let env: ServeEnv;
let serve: ServeRun;
let base: string;
let host: string;
let curl: (url: string, extra?: readonly string[]) => Promise<CurlResult>;

beforeAll(async () => {
  env = await bundleFromFixtures('serve-registry');
  await mkdir(join(env.dir.path, 'curl'));
  curl = curlInto(join(env.dir.path, 'curl'));
  serve = startServe([env.bundle, '--port', '0', '--json']);
  const ready = await serve.ready();
  base = ready.url;
  host = ready.registry;
});
afterAll(async () => {
  await serve?.stop();
  await env?.stop();
});

const plugin = (name: string) => env.fixtures.plugins.find((p) => p.name === name)!;
const errorCode = (r: CurlResult) => JSON.parse(r.body.toString('utf8')).errors[0].code as string;

describe('serve: read-only /v2/ registry API (skopeo as the oracle)', () => {
  it('skopeo copies the multi-arch plugin-server image out of it, byte for byte', async () => {
    const ref = `docker://${host}/higress/plugin-server:2.2.3`;
    const raw = await skopeo(['inspect', '--raw', '--tls-verify=false', ref]);
    expect(raw.code, raw.stderr).toBe(0);
    expect(Buffer.from(raw.stdout)).toEqual(env.fixtures.pluginServer.index.bytes);
    const out = join(env.dir.path, 'copied');
    const cp = await skopeo(['copy', '--all', '--src-tls-verify=false', ref, `oci:${out}:x`]);
    expect(cp.code, cp.stderr).toBe(0);
    const copied = await skopeo(['inspect', '--raw', `oci:${out}:x`]);
    expect(Buffer.from(copied.stdout)).toEqual(env.fixtures.pluginServer.index.bytes);
    // --all: every platform's manifest and blobs came across, exactly.
    for (const child of env.fixtures.pluginServer.index.children) {
      for (const b of [child, ...child.blobs]) expect(await readFile(join(out, 'blobs/sha256', b.digest.slice(7))), b.digest).toEqual(b.bytes);
    }
  });

  it('serves plugin artifacts (OCI and Docker v2) with their exact manifests, and skopeo copies one', async () => {
    for (const name of ['key-auth', 'basic-auth', 'ai-proxy']) {
      const p = plugin(name);
      const raw = await skopeo(['inspect', '--raw', '--tls-verify=false', `docker://${host}/${p.repo}:${p.tag}`]);
      expect(raw.code, `${name}: ${raw.stderr}`).toBe(0);
      expect(Buffer.from(raw.stdout), name).toEqual(p.manifest.bytes);
    }
    const keyAuth = plugin('key-auth');
    const out = join(env.dir.path, 'plugin');
    const cp = await skopeo(['copy', '--src-tls-verify=false', `docker://${host}/plugins/key-auth:2.0.0`, `oci:${out}:key-auth`]);
    expect(cp.code, cp.stderr).toBe(0);
    const copied = await skopeo(['inspect', '--raw', `oci:${out}:key-auth`]);
    expect(Buffer.from(copied.stdout)).toEqual(keyAuth.manifest.bytes);
    const tags = await skopeo(['list-tags', '--tls-verify=false', `docker://${host}/plugins/key-auth`]);
    expect(JSON.parse(tags.stdout).Tags).toEqual(['2.0.0']);
  });

  it('answers /v2/, _catalog, tags/list and HEAD like a distribution registry', async () => {
    const ping = await curl(`${base}/v2/`);
    expect(ping.status).toBe(200);
    expect(ping.headers['docker-distribution-api-version']).toBe('registry/2.0');
    expect(JSON.parse(ping.body.toString())).toEqual({});
    const catalog = JSON.parse((await curl(`${base}/v2/_catalog`)).body.toString());
    expect(catalog.repositories).toEqual(['higress/plugin-server', 'plugins/ai-proxy', 'plugins/basic-auth', 'plugins/jsonrpc-converter', 'plugins/key-auth']);
    const page = await curl(`${base}/v2/_catalog?n=2`);
    expect(JSON.parse(page.body.toString()).repositories).toEqual(['higress/plugin-server', 'plugins/ai-proxy']);
    expect(page.headers.link).toBe('</v2/_catalog?last=plugins%2Fai-proxy&n=2>; rel="next"');

    const index = env.fixtures.pluginServer.index;
    const head = await curl(`${base}/v2/higress/plugin-server/manifests/2.2.3`, ['-I']);
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('application/vnd.oci.image.index.v1+json');
    expect(head.headers['docker-content-digest']).toBe(index.digest);
    expect(head.headers['content-length']).toBe(String(index.size));
    const docker = await curl(`${base}/v2/plugins/basic-auth/manifests/2.0.0`, ['-I']);
    expect(docker.headers['content-type']).toBe('application/vnd.docker.distribution.manifest.v2+json');
    const byDigest = await curl(`${base}/v2/higress/plugin-server/manifests/${index.children[1]!.digest}`);
    expect(byDigest.status).toBe(200);
    expect(byDigest.body).toEqual(index.children[1]!.bytes);
  });

  it('streams blobs with Range support', async () => {
    const layer = env.fixtures.pluginServer.index.children[0]!.blobs.find((b) => b.mediaType.includes('layer'))!;
    const full = await curl(`${base}/v2/higress/plugin-server/blobs/${layer.digest}`);
    expect(full.status).toBe(200);
    expect(full.headers['docker-content-digest']).toBe(layer.digest);
    expect(sha256(full.body)).toBe(layer.digest);
    const part = await curl(`${base}/v2/higress/plugin-server/blobs/${layer.digest}`, ['-r', '10-19']);
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 10-19/${layer.size}`);
    expect(part.body).toEqual(layer.bytes.subarray(10, 20));
    const tail = await curl(`${base}/v2/higress/plugin-server/blobs/${layer.digest}`, ['-r', '-5']);
    expect(tail.body).toEqual(layer.bytes.subarray(layer.size - 5));
  });
});

describe('serve: /v2/ serves only what a repository reaches, and never writes', () => {
  it('refuses blobs and manifests of another repository, unknown names and bad digests', async () => {
    const layer = env.fixtures.pluginServer.index.children[0]!.blobs.find((b) => b.mediaType.includes('layer'))!;
    expect((await curl(`${base}/v2/higress/plugin-server/blobs/${layer.digest}`, ['-I'])).status).toBe(200);
    const foreign = await curl(`${base}/v2/plugins/key-auth/blobs/${layer.digest}`);
    expect(foreign.status).toBe(404);
    expect(errorCode(foreign)).toBe('BLOB_UNKNOWN');
    expect(foreign.body.length).toBeLessThan(300);
    const keyAuth = plugin('key-auth').manifest.digest;
    const otherManifest = await curl(`${base}/v2/higress/plugin-server/manifests/${keyAuth}`);
    expect(otherManifest.status).toBe(404);
    expect(errorCode(otherManifest)).toBe('MANIFEST_UNKNOWN');
    expect(errorCode(await curl(`${base}/v2/plugins/key-auth/manifests/9.9.9`))).toBe('MANIFEST_UNKNOWN');
    expect(errorCode(await curl(`${base}/v2/higress/nope/tags/list`))).toBe('NAME_UNKNOWN');
    expect(errorCode(await curl(`${base}/v2/plugins/key-auth/blobs/${sha256('not in the bundle')}`))).toBe('BLOB_UNKNOWN');
    const bad = await curl(`${base}/v2/plugins/key-auth/blobs/sha256:xyz`);
    expect(bad.status).toBe(400);
    expect(errorCode(bad)).toBe('DIGEST_INVALID');
    expect((await curl(`${base}/v2/plugins/key-auth/blobs/..%2f..%2fhigress%2fplugin-server%2fblobs%2f${layer.digest}`)).status).toBe(400);
    expect((await curl(`${base}/v2/plugins/key-auth/../../higress/plugin-server/blobs/${layer.digest}`)).status).toBe(400);
  });

  it('answers every write with 405 UNSUPPORTED', async () => {
    const writes: Array<[string, string]> = [
      ['POST', '/v2/plugins/key-auth/blobs/uploads/'],
      ['PUT', '/v2/plugins/key-auth/manifests/evil'],
      ['PATCH', '/v2/plugins/key-auth/blobs/uploads/x'],
      ['DELETE', `/v2/plugins/key-auth/manifests/${plugin('key-auth').manifest.digest}`],
    ];
    for (const [method, path] of writes) {
      const r = await curl(`${base}${path}`, ['-X', method, '--data-binary', '{}']);
      expect(r.status, `${method} ${path}`).toBe(405);
      expect(errorCode(r)).toBe('UNSUPPORTED');
    }
    expect(JSON.parse((await curl(`${base}/v2/plugins/key-auth/tags/list`)).body.toString()).tags).toEqual(['2.0.0']);
  });
});
