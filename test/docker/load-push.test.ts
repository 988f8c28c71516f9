import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArchive, tagAndPush } from '../../shared/docker/load-push';
import { AppError, UsageError } from '../../shared/errors';
import type { ProgressEvent } from '../../shared/progress';
import { startDockerd, type TestDockerd } from '../env/dockerd';
import { pushFixtures, sha256, type PushedFixtures } from '../env/fixtures';
import { startRegistry, TEST_PASSWORD, TEST_USER, type TestRegistry } from '../env/registry';
import { skopeo, skopeoFlags } from '../env/skopeo';
import { failureOf, tempDir, type TempDir } from '../env/tools';

let dockerd: TestDockerd;
let source: TestRegistry;
let tls: TestRegistry;
let token: TestRegistry;
let work: TempDir;
let fixtures: PushedFixtures;
/** The amd64 plugin-server fixture as the engine had it, and a `docker save` of it. */
let ref: string;
let imageId: string;
let archive: string;

const credentials = { username: TEST_USER, password: TEST_PASSWORD };
const WRONG = 'not-the-password-Zq8';

beforeAll(async () => {
  [dockerd, source, tls, token, work] = await Promise.all([startDockerd(), startRegistry('plain'), startRegistry('tls-basic'), startRegistry('token'), tempDir('docker-load')]);
  fixtures = await pushFixtures(source, { plugins: [] });
  ref = `${source.host}/${fixtures.pluginServer.repo}:${fixtures.pluginServer.tag}`;
  const pull = await dockerd.cli(['pull', '--platform', 'linux/amd64', ref]);
  if (pull.code !== 0) throw new Error(`docker pull ${ref}: ${pull.stderr}`);
  imageId = (await dockerd.docker.getImage(ref).inspect()).Id;
  archive = join(work.path, 'plugin-server.tar');
  const save = await dockerd.cli(['save', '-o', archive, ref]);
  if (save.code !== 0) throw new Error(`docker save: ${save.stderr}`);
});
afterAll(async () => {
  await dockerd?.stop();
  await Promise.all([source?.stop(), tls?.stop(), token?.stop()]);
  await work?.remove();
});

async function removeImage(): Promise<void> {
  const rmi = await dockerd.cli(['rmi', '--force', imageId]);
  expect(rmi.code, rmi.stderr).toBe(0);
  expect((await dockerd.cli(['image', 'inspect', ref])).code).not.toBe(0);
}

async function tagExists(r: TestRegistry, reference: string): Promise<string | undefined> {
  const raw = await skopeo(['inspect', '--raw', ...skopeoFlags(r), `docker://${reference}`]);
  return raw.code === 0 ? sha256(Buffer.from(raw.stdout)) : undefined;
}

describe('loadArchive', () => {
  it('loads a docker-archive file back into the engine, reporting bytes sent', async () => {
    await removeImage();
    const events: ProgressEvent[] = [];
    const result = await loadArchive(dockerd.docker, archive, { onProgress: (e) => events.push(e) });
    expect(result.loaded).toEqual([ref]);
    const inspect = await dockerd.cli(['image', 'inspect', '--format', '{{.Id}}', ref]);
    expect(inspect.code, inspect.stderr).toBe(0);
    expect(inspect.stdout.trim()).toBe(imageId);
    const size = (await stat(archive)).size;
    expect(events.at(-1)).toMatchObject({ phase: 'docker-load', bytesDone: size, bytesTotal: size });
  });

  it('loads from a stream factory (volumes read as one stream)', async () => {
    await removeImage();
    const size = (await stat(archive)).size;
    const cut = Math.floor(size / 3);
    const volumes = () =>
      Readable.from(
        (async function* () {
          yield* createReadStream(archive, { end: cut - 1 });
          yield* createReadStream(archive, { start: cut });
        })(),
      );
    const result = await loadArchive(dockerd.docker, volumes, { size });
    expect(result.loaded).toEqual([ref]);
    expect((await dockerd.docker.getImage(ref).inspect()).Id).toBe(imageId);
  });

  it('names a failing archive stream rather than the broken upload it causes', async () => {
    const failing = () =>
      Readable.from(
        (async function* () {
          yield* createReadStream(archive, { end: 64 * 1024 - 1 });
          throw new AppError('VOLUME_MISSING', 'Volume plugin-server.tar.001 is missing');
        })(),
      );
    const err = await failureOf(loadArchive(dockerd.docker, failing));
    expect(err.code).toBe('VOLUME_MISSING');
    expect(err.message).toContain('plugin-server.tar.001');
  });

  it('stops the upload when cancelled', async () => {
    await removeImage();
    const controller = new AbortController();
    const err = await failureOf(loadArchive(dockerd.docker, archive, { signal: controller.signal, onProgress: () => controller.abort() }));
    expect(err.code).toBe('CANCELLED');
    expect((await dockerd.cli(['image', 'inspect', ref])).code).not.toBe(0);
  });

  it('surfaces the engine error for something that is not a docker-archive', async () => {
    const junk = join(work.path, 'junk.tar');
    await writeFile(junk, 'this is not a tar archive\n'.repeat(100));
    const err = await failureOf(loadArchive(dockerd.docker, junk));
    expect(err.code).toBe('DOCKER_LOAD_FAILED');
    expect(err.message).toContain(junk);
    expect(err.message).toMatch(/tar/i);
    expect(err.hint).toContain('docker-archive');
  });

  it('refuses a missing file as bad input, and explains an unreachable engine', async () => {
    const missing = await failureOf(loadArchive(dockerd.docker, join(work.path, 'nope.tar')));
    // Bad input (exit 2 in the CLI), with the code the catalog renders in Chinese too.
    expect(missing).toBeInstanceOf(UsageError);
    expect(missing).toMatchObject({ code: 'NOT_FOUND', details: { path: join(work.path, 'nope.tar') } });
    const nowhere = new Docker({ socketPath: join(work.path, 'no-engine.sock') });
    const err = await failureOf(loadArchive(nowhere, archive));
    expect(err.code).toBe('DOCKER_UNREACHABLE');
  });
});

describe('tagAndPush', () => {
  beforeAll(async () => {
    // Independent of the load tests above: make sure the engine has the image.
    if ((await dockerd.cli(['image', 'inspect', ref])).code !== 0) expect((await dockerd.cli(['load', '-i', archive])).code).toBe(0);
  });

  it('pushes to the TLS + basic-auth and the token registry with credentials; skopeo finds the tags', async () => {
    const items = [
      { source: ref, target: `${tls.host}/mirror/plugin-server:2.2.4` },
      { source: ref, target: `${token.host}/mirror/plugin-server:2.2.4` },
    ];
    const events: ProgressEvent[] = [];
    const results = await tagAndPush(dockerd.docker, items, { credentials, onProgress: (e) => events.push(e) });
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(await tagExists(tls, items[0]!.target)).toBe(results[0]!.digest);
    expect(await tagExists(token, items[1]!.target)).toBe(results[1]!.digest);
    expect(results[0]!.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(events.every((e) => e.phase === 'docker-push')).toBe(true);
    expect(events.some((e) => e.message?.startsWith(`pushed ${items[1]!.target}`))).toBe(true);
    expect(JSON.stringify(results)).not.toContain(TEST_PASSWORD);
  });

  it('pushes anonymously to a plain registry, and says when a registry needs credentials', async () => {
    const results = await tagAndPush(dockerd.docker, [
      { source: ref, target: `${source.host}/anonymous/plugin-server` },
      { source: ref, target: `${tls.host}/anonymous/plugin-server:1` },
    ]);
    expect(results[0]).toMatchObject({ ok: true });
    expect(await tagExists(source, `${source.host}/anonymous/plugin-server:latest`)).toBe(results[0]!.digest);
    expect(results[1]!.ok).toBe(false);
    expect(results[1]!.error).toContain('needs credentials');
    expect(await tagExists(tls, `${tls.host}/anonymous/plugin-server:1`)).toBeUndefined();
  });

  it('a wrong password fails that image with a clear message, the others still go, the password is never shown', async () => {
    const items = [
      { source: ref, target: `${tls.host}/wrong/plugin-server:1` },
      { source: 'no/such-image:1', target: `${source.host}/wrong/missing:1` },
      { source: ref, target: `${source.host}/wrong/plugin-server:1` },
      { source: ref, target: `${token.host}/wrong/plugin-server:1` },
    ];
    const results = await tagAndPush(dockerd.docker, items, { credentials: { username: TEST_USER, password: WRONG } });
    expect(results.map((r) => r.ok)).toEqual([false, false, true, false]);
    expect(results[0]!.error).toContain(`Push of ${items[0]!.target} failed`);
    expect(results[0]!.error).toContain('refused the user name or password');
    expect(results[1]!.error).toContain('no/such-image:1 is not in the Docker engine');
    expect(results[3]!.error).toContain('refused the user name or password');
    expect(await tagExists(source, items[2]!.target)).toBe(results[2]!.digest);
    expect(await tagExists(tls, items[0]!.target)).toBeUndefined();
    expect(JSON.stringify(results)).not.toContain(WRONG);

    const nowhere = new Docker({ socketPath: join(work.path, 'no-engine.sock') });
    const err = await failureOf(tagAndPush(nowhere, items, { credentials: { username: TEST_USER, password: WRONG } }));
    expect(err.code).toBe('DOCKER_UNREACHABLE');
    expect(JSON.stringify({ message: err.message, hint: err.hint, details: err.details })).not.toContain(WRONG);
  });

  it('refuses a digest target before pushing anything', async () => {
    const err = await failureOf(tagAndPush(dockerd.docker, [
      { source: ref, target: `${source.host}/refused/first:1` },
      { source: ref, target: `${source.host}/refused/second@${imageId}` },
    ]));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.code).toBe('DOCKER_TARGET_DIGEST');
    expect(await tagExists(source, `${source.host}/refused/first:1`)).toBeUndefined();
  });

  it('stops when cancelled, before or during a push', async () => {
    const before = new AbortController();
    before.abort();
    const err = await failureOf(tagAndPush(dockerd.docker, [{ source: ref, target: `${source.host}/cancelled/x:1` }], { signal: before.signal }));
    expect(err.code).toBe('CANCELLED');
    expect(await tagExists(source, `${source.host}/cancelled/x:1`)).toBeUndefined();

    const during = new AbortController();
    const items = [
      { source: ref, target: `${tls.host}/cancelled/first:1` },
      { source: ref, target: `${source.host}/cancelled/second:1` },
    ];
    const mid = await failureOf(tagAndPush(dockerd.docker, items, { credentials, signal: during.signal, onProgress: () => during.abort() }));
    expect(mid.code).toBe('CANCELLED');
    expect(await tagExists(source, items[1]!.target)).toBeUndefined();
  });
});
