import { CommanderError } from 'commander';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobPath } from '../../shared/bundle/archive-documents';
import { OpenBundle } from '../../shared/bundle/open-bundle';
import { AppError, UsageError } from '../../shared/errors';
import { cli } from '../env/cli';
import { freePort, run, waitFor } from '../env/tools';
import { bundleFromFixtures, curlInto, startServe, type CurlResult, type ServeEnv } from './serve-env';

let env: ServeEnv;
let curl: (url: string, extra?: readonly string[]) => Promise<CurlResult>;

beforeAll(async () => {
  env = await bundleFromFixtures('serve-cli');
  await mkdir(join(env.dir.path, 'curl'));
  curl = curlInto(join(env.dir.path, 'curl'));
});
afterAll(async () => {
  await env?.stop();
});

/** A copy of the bundle (with its sidecars) with one byte flipped inside an entry. */
async function damaged(name: string, entry: string): Promise<string> {
  const open = await OpenBundle.open(env.bundle);
  const e = open.entries.get(entry)!;
  await open.close();
  const bytes = Buffer.from(await readFile(env.bundle));
  bytes[e.offset + Math.floor(e.size / 2)]! ^= 0xff;
  const file = join(env.dir.path, name);
  await writeFile(file, bytes);
  for (const ext of ['md5', 'sha256']) await writeFile(`${file}.${ext}`, (await readFile(`${env.bundle}.${ext}`, 'utf8')).replace('higress.tar', name));
  return file;
}

describe('serve command', () => {
  it('prints the Console URL pattern and the registry address, and stops on Ctrl-C', async () => {
    const port = await freePort();
    const serve = startServe([env.bundle, '--port', String(port)]);
    await waitFor('serve', async () => serve.stdout().includes('Press Ctrl-C'), 60_000);
    expect(serve.stdout()).toContain(`http://127.0.0.1:${port}/plugins/\${name}/\${version}/plugin.wasm`);
    expect(serve.stdout()).toContain(`127.0.0.1:${port}/higress/plugin-server:2.2.3`);
    expect(serve.stderr()).toBe('');
    expect((await curl(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(await serve.stop()).toBeUndefined();
    const after = await run('/usr/bin/curl', ['-s', `http://127.0.0.1:${port}/healthz`]);
    expect(after.code).toBe(7); // connection refused: the server is closed
  });

  it('refuses a damaged bundle, naming the damage, and serves it only with --no-verify', async () => {
    const wasm = 'plugins/key-auth/1.0.0/plugin.wasm';
    const file = await damaged('damaged.tar', wasm);
    const refused = startServe([file, '--port', '0', '--json']);
    const error = await refused.done;
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VERIFY_FAILED');
    expect(refused.stderr()).toContain(wasm);
    expect(refused.stdout()).toBe('');

    const forced = startServe([file, '--port', '0', '--json', '--no-verify']);
    const ready = await forced.ready();
    expect(forced.stderr()).toMatch(/warning: --no-verify/);
    const got = await curl(`${ready.url}/${wasm}`);
    const meta = (await curl(`${ready.url}/plugins/key-auth/1.0.0/metadata.txt`)).body.toString();
    expect(/md5: ([a-f0-9]{32})/.exec(meta)?.[1]).not.toBe(createHash('md5').update(got.body).digest('hex'));
    expect(await forced.stop()).toBeUndefined();
  });

  it('even with --no-verify, a damaged manifest is refused: opening cross-checks the manifests against their digests', async () => {
    const keyAuth = env.fixtures.plugins.find((p) => p.name === 'key-auth')!;
    const path = blobPath(keyAuth.manifest.digest);
    const file = await damaged('bad-manifest.tar', path);
    const serve = startServe([file, '--port', '0', '--json', '--no-verify']);
    const error = await serve.done;
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('BUNDLE_INCONSISTENT');
    expect((error as AppError).message).toContain(path);
    expect(serve.stdout()).toBe('');
  });

  it('serves a split bundle from its first volume, blobs crossing volume boundaries', async () => {
    const split = join(env.dir.path, 'split');
    await mkdir(split);
    const made = await cli(['bundle', '--out', join(split, 'higress.tar'), '--source', env.registry.host, '--plain-http', '--release', '2.2.3', '--follow-tags', '--plugins', 'key-auth', '--split', '64K'], {
      env: { HIGRESS_AIRGAP_CONFIG: join(env.dir.path, 'cfg'), SOURCE_DATE_EPOCH: '1767225600' },
    });
    expect(made.code, made.stderr).toBe(0);
    const serve = startServe([join(split, 'higress.tar.000'), '--port', '0', '--json']);
    const ready = await serve.ready();
    const layer = env.fixtures.pluginServer.index.children[0]!.blobs.reduce((a, b) => (b.size > a.size ? b : a));
    expect(layer.size).toBeGreaterThan(64 * 1024);
    const got = await curl(`${ready.url}/v2/higress/plugin-server/blobs/${layer.digest}`);
    expect(got.body.equals(layer.bytes)).toBe(true);
    const wasm = await curl(`${ready.url}/plugins/key-auth/2.0.0/plugin.wasm`);
    expect(wasm.body.equals(env.fixtures.plugins.find((p) => p.name === 'key-auth')!.wasm)).toBe(true);
    await serve.stop();
  });

  it('--host 0.0.0.0 is explicit, says it is unauthenticated, and accepts any Host (compose service names)', async () => {
    const serve = startServe([env.bundle, '--host', '0.0.0.0', '--port', '0', '--json']);
    const ready = await serve.ready();
    expect(serve.stderr()).toMatch(/notice: listening on 0\.0\.0\.0: .*unauthenticated, read-only, plain HTTP/);
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await curl(`${ready.url}/plugins/`, ['-H', 'Host: plugin-server:8080'])).status).toBe(200);
    await serve.stop();
  });

  it('rejects a host that is not an address and a port out of range (usage errors)', async () => {
    const badHost = await startServe([env.bundle, '--host', 'example.com']).done;
    expect(badHost).toBeInstanceOf(UsageError);
    const badPort = await startServe([env.bundle, '--port', '70000']).done;
    expect(badPort).toBeInstanceOf(CommanderError);
    expect((badPort as CommanderError).code).toBe('commander.invalidArgument');
  });
});
