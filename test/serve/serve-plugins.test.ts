import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOk } from '../env/tools';
import { bundleFromFixtures, curlInto, startServe, type CurlResult, type ServeEnv, type ServeRun } from './serve-env';

let env: ServeEnv;
let serve: ServeRun;
let base: string;
let curl: (url: string, extra?: readonly string[]) => Promise<CurlResult>;

beforeAll(async () => {
  env = await bundleFromFixtures('serve-plugins');
  await mkdir(join(env.dir.path, 'curl'));
  curl = curlInto(join(env.dir.path, 'curl'));
  serve = startServe([env.bundle, '--port', '0', '--json']);
  base = (await serve.ready()).url;
});
afterAll(async () => {
  await serve?.stop();
  await env?.stop();
});

const md5Line = (meta: string) => /^md5: ([a-f0-9]{32})$/m.exec(meta)?.[1];

describe('serve: the Plugin Server layout over a verified bundle', () => {
  it('curl gets plugin.wasm whose MD5 (md5sum) equals metadata.txt and the fixture, for every served version', async () => {
    const cases = [
      { name: 'key-auth', fixture: 'key-auth' },
      { name: 'json-converter', fixture: 'json-converter' },
    ];
    let checked = 0;
    for (const c of cases) {
      const wasm = env.fixtures.plugins.find((p) => p.name === c.fixture)!.wasm;
      const versions: string[] = env.manifest.plugins.find((p: any) => p.name === c.name).servedVersions;
      if (c.name === 'key-auth') expect(versions).toEqual(['1.0.0', '2.0.0']);
      for (const v of versions) {
        const got = await curl(`${base}/plugins/${c.name}/${v}/plugin.wasm`);
        expect(got.status, `${c.name}/${v}`).toBe(200);
        expect(got.headers['content-type']).toBe('application/wasm');
        expect(got.body.equals(wasm), `${c.name}/${v} bytes`).toBe(true);
        const md5sum = (await runOk('md5sum', [got.file])).stdout.split(' ')[0];
        const meta = await curl(`${base}/plugins/${c.name}/${v}/metadata.txt`);
        expect(meta.status).toBe(200);
        const text = meta.body.toString('utf8');
        expect(text).toContain(`name: ${c.name}\nversion: ${v}\nsize: ${wasm.length}\n`);
        expect(md5Line(text)).toBe(md5sum);
        expect(md5sum).toBe(createHash('md5').update(wasm).digest('hex'));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  });

  it('lists /plugins/ and below like nginx autoindex, and redirects a folder without its slash', async () => {
    const root = await curl(`${base}/plugins/`);
    expect(root.status).toBe(200);
    expect(root.headers['content-type']).toMatch(/^text\/html/);
    const html = root.body.toString('utf8');
    expect(html).toContain('<title>Index of /plugins/</title>');
    const names: string[] = env.manifest.plugins.map((p: any) => p.name);
    expect(names.sort()).toEqual(['ai-proxy', 'basic-auth', 'json-converter', 'key-auth']);
    for (const n of names) expect(html).toMatch(new RegExp(`<a href="${n}/">${n}/</a> +\\d{2}-[A-Z][a-z]{2}-\\d{4} \\d{2}:\\d{2} +-\\r\\n`));
    expect([...html.matchAll(/<a href="([^"]+)">/g)].map((m) => m[1])).toEqual(['../', ...names.map((n) => `${n}/`)]);

    const versions = (await curl(`${base}/plugins/key-auth/`)).body.toString('utf8');
    expect(versions).toContain('<a href="1.0.0/">1.0.0/</a>');
    expect(versions).toContain('<a href="2.0.0/">2.0.0/</a>');
    const files = (await curl(`${base}/plugins/key-auth/1.0.0/`)).body.toString('utf8');
    const size = env.fixtures.plugins.find((p) => p.name === 'key-auth')!.wasm.length;
    expect(files).toMatch(new RegExp(`<a href="plugin.wasm">plugin.wasm</a> +01-Jan-2026 00:00 +${size}\\r\\n`));
    expect(files).toContain('<a href="metadata.txt">metadata.txt</a>');

    const redirect = await curl(`${base}/plugins/key-auth`);
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe('/plugins/key-auth/');
    const site = await curl(`${base}/`);
    expect(site.status).toBe(200);
    expect(site.body.toString('utf8')).toContain('<a href="plugins/">plugins/</a>');
    expect((await curl(`${base}/plugins/no-such-plugin/`)).status).toBe(404);
  });

  it('/healthz answers ok; HEAD and Range work on plugin files', async () => {
    const health = await curl(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(health.body.toString()).toBe('ok');
    const wasm = env.fixtures.plugins.find((p) => p.name === 'key-auth')!.wasm;
    const head = await curl(`${base}/plugins/key-auth/2.0.0/plugin.wasm`, ['-I']);
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(wasm.length));
    expect(head.headers['last-modified']).toBe('Thu, 01 Jan 2026 00:00:00 GMT');
    const part = await curl(`${base}/plugins/key-auth/2.0.0/plugin.wasm`, ['-r', '0-3']);
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-3/${wasm.length}`);
    expect(part.body).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
    expect((await curl(`${base}/plugins/key-auth/2.0.0/plugin.wasm`, ['-r', `${wasm.length}-`])).status).toBe(416);
  });

  it('sends security headers', async () => {
    const r = await curl(`${base}/plugins/`);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toContain("default-src 'none'");
    expect(r.headers['x-frame-options']).toBe('DENY');
  });
});

describe('serve: refuses what is not the Plugin Server tree', () => {
  it('never leaves /plugins/: dot segments, encoded dots and slashes, backslashes, other entries', async () => {
    const attempts = [
      '/plugins/../bundle.json',
      '/plugins/%2e%2e/bundle.json',
      '/plugins/%2E%2E/%2e%2e/bundle.json',
      '/plugins/key-auth/..%2f..%2fbundle.json',
      '/plugins/key-auth%2f..%2f..%2fbundle.json',
      '/plugins/..%5c..%5cbundle.json',
      '/plugins/key-auth/1.0.0/plugin.wasm%00.txt',
      '/plugins//key-auth/1.0.0/plugin.wasm',
      '/plugins/%E0%A4%A/x',
      '/./plugins/key-auth/1.0.0/plugin.wasm',
    ];
    for (const a of attempts) {
      const r = await curl(`${base}${a}`);
      expect(r.status, a).toBe(400);
      expect(r.body.toString('utf8'), a).not.toContain('higress-airgap-bundle');
    }
    // Entries outside plugins/ exist in the tar but are not served; double encoding stays literal.
    for (const a of ['/bundle.json', '/index.json', '/MD5SUMS', '/blobs/', '/manifest.json', '/plugins/%252e%252e/bundle.json']) {
      const r = await curl(`${base}${a}`);
      expect(r.status, a).toBe(404);
      expect(r.body.toString('utf8'), a).not.toContain('higress-airgap-bundle');
    }
  });

  it('answers writes with 405 and foreign Host headers with 421 (loopback only)', async () => {
    for (const method of ['PUT', 'POST', 'DELETE', 'PATCH']) {
      const r = await curl(`${base}/plugins/key-auth/1.0.0/plugin.wasm`, ['-X', method, '--data-binary', 'x']);
      expect(r.status, method).toBe(405);
      expect(r.headers.allow).toBe('GET, HEAD');
    }
    expect((await curl(`${base}/plugins/`, ['-H', 'Host: attacker.example'])).status).toBe(421);
    expect((await curl(`${base}/plugins/`, ['-H', `Host: localhost:${new URL(base).port}`])).status).toBe(200);
  });
});
