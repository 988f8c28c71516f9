import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../shared/ipc/envelope';
import { IpcSession } from '../../shared/ipc/session';
import { createHandlers } from '../../shared/services/handlers';
import { createEngine } from '../../shared/services/engine';
import { cli } from '../env/cli';
import { defaultPluginFixtures, pushFixtures, type PluginFixture } from '../env/fixtures';
import { startRegistry, TEST_PASSWORD, TEST_USER, type TestRegistry } from '../env/registry';
import { skopeo, skopeoFlags } from '../env/skopeo';
import { tempDir, type TempDir } from '../env/tools';

// `login --ca-file` (and the app's login form with a CA file) keep the CA with the registry's
// settings, so the next command reaches the TLS registry without being given the CA again.
let source: TestRegistry;
let tls: TestRegistry;
let dir: TempDir;
let plugin: PluginFixture;

beforeAll(async () => {
  dir = await tempDir('truth-login-ca');
  [source, tls] = await Promise.all([startRegistry('plain'), startRegistry('tls-basic')]);
  plugin = (await defaultPluginFixtures())[0] as PluginFixture;
  await pushFixtures(source, { plugins: [plugin] });
  // The CA sits beside the commands' working folder and is named relative to it.
  await copyFile(tls.caFile!, join(dir.path, 'ca.pem'));
});
afterAll(async () => {
  await Promise.all([source?.stop(), tls?.stop()]);
  await dir?.remove();
});

const envOf = (name: string) => ({ HIGRESS_AIRGAP_CONFIG: join(dir.path, name), DOCKER_CONFIG: join(dir.path, `${name}-docker`), HOME: dir.path });
const savedRegistries = async (name: string) => JSON.parse(await readFile(join(dir.path, name, 'registries.json'), 'utf8')).registries;

describe('login --ca-file', () => {
  it('saves the CA with the registry, says so, and the next copy to the TLS registry needs no --ca-file', async () => {
    const env = envOf('cli');
    await cli(['registry', 'set', source.host, '--plain-http'], { env });
    const before = await cli(['copy', `${source.host}/${plugin.repo}:${plugin.tag}`, `${tls.host}/plugins/first:1`], { env });
    expect(before.code).toBe(1);
    expect(before.stderr).toContain('x509');

    const login = await cli(['login', tls.host, '--ca-file', 'ca.pem', '--username', TEST_USER, '--password-stdin'], { env, stdin: `${TEST_PASSWORD}\n`, cwd: dir.path });
    expect(login.code, login.stderr).toBe(0);
    const ca = join(dir.path, 'ca.pem');
    expect(login.stdout).toBe(`Login to ${tls.host} succeeded; saved the login and how to reach the registry (CA ${ca}).\n`);
    expect(await savedRegistries('cli')).toContainEqual({ host: tls.host, caFile: ca });
    const list = await cli(['registry', 'list'], { env });
    expect(list.stdout).toContain(`CA ${ca}`);

    const copy = await cli(['copy', `${source.host}/${plugin.repo}:${plugin.tag}`, `${tls.host}/plugins/first:1`, '--json'], { env });
    expect(copy.code, copy.stderr).toBe(0);
    expect(JSON.parse(copy.stdout).digest).toBe(plugin.manifest.digest);
    const raw = await skopeo(['inspect', '--raw', ...skopeoFlags(tls), `docker://${tls.host}/plugins/first:1`]);
    expect(Buffer.from(raw.stdout)).toEqual(plugin.manifest.bytes);
  });

  it('keeps the other saved settings of the host, and a login without connection flags changes none', async () => {
    const env = envOf('keep');
    expect((await cli(['registry', 'set', tls.host, '--allow-realm', 'auth.example.com'], { env })).code).toBe(0);
    const login = await cli(['login', tls.host, '--ca-file', join(dir.path, 'ca.pem'), '--username', TEST_USER, '--password-stdin'], { env, stdin: TEST_PASSWORD });
    expect(login.code, login.stderr).toBe(0);
    expect(await savedRegistries('keep')).toEqual([{ host: tls.host, caFile: join(dir.path, 'ca.pem'), allowRealmHosts: ['auth.example.com'] }]);
    const again = await cli(['login', tls.host, '--username', TEST_USER, '--password-stdin'], { env, stdin: TEST_PASSWORD });
    expect(again.stdout).toBe(`Login to ${tls.host} succeeded; saved.\n`);
    expect(await savedRegistries('keep')).toEqual([{ host: tls.host, caFile: join(dir.path, 'ca.pem'), allowRealmHosts: ['auth.example.com'] }]);
  });

  it('saves nothing when the registry refuses the password', async () => {
    const env = envOf('refused');
    await cli(['registry', 'set', source.host, '--plain-http'], { env });
    const bad = await cli(['login', tls.host, '--ca-file', join(dir.path, 'ca.pem'), '--username', TEST_USER, '--password-stdin'], { env, stdin: 'wrong\n' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/refused the credentials/);
    expect(await savedRegistries('refused')).toEqual([{ host: source.host, plainHttp: true }]);
  });

  it('refuses a CA file for a host saved as plain HTTP before contacting it (LOGIN_SETTINGS_CONFLICT)', async () => {
    const env = envOf('conflict');
    // Nothing listens on port 1: an answer about the settings proves nothing was sent.
    await cli(['registry', 'set', '127.0.0.1:1', '--plain-http'], { env });
    const r = await cli(['login', '127.0.0.1:1', '--ca-file', join(dir.path, 'ca.pem'), '--username', TEST_USER, '--password-stdin'], { env, stdin: TEST_PASSWORD });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: 127.0.0.1:1 is saved as plain HTTP, which cannot be combined with the CA file given with this login\nhint: Change or remove the saved settings of this registry first, then log in again.\n',
    );
    expect(await savedRegistries('conflict')).toEqual([{ host: '127.0.0.1:1', plainHttp: true }]);
  });
});

describe('the app login (registry:login) with a CA file', () => {
  it('keeps the CA with the registry; a push without one then reaches the TLS registry', async () => {
    const env = envOf('app');
    const session = new IpcSession(createHandlers(createEngine({ env })), () => undefined);
    try {
      const call = async (channel: string, args: unknown) => unwrap(await session.invoke(channel, args)) as any;
      await call('registry:save', { host: '127.0.0.1:1', plainHttp: true });
      const conflict = await session.invoke('registry:login', { host: '127.0.0.1:1', username: TEST_USER, password: TEST_PASSWORD, connection: { caFile: join(dir.path, 'ca.pem') } });
      expect(conflict).toMatchObject({ ok: false, error: { code: 'LOGIN_SETTINGS_CONFLICT', details: { host: '127.0.0.1:1' } } });
      expect(await call('registry:login', { host: tls.host, username: TEST_USER, password: TEST_PASSWORD, connection: { caFile: join(dir.path, 'ca.pem') } })).toEqual({ host: tls.host, username: TEST_USER });
      const settings = await call('settings:get', {});
      expect(settings.registries).toContainEqual({ host: tls.host, caFile: join(dir.path, 'ca.pem') });
      expect(settings.logins).toContainEqual(expect.objectContaining({ host: tls.host, username: TEST_USER }));
      const test = await call('registry:test', { host: tls.host });
      expect(test).toMatchObject({ host: tls.host, auth: 'basic', login: 'accepted' });
    } finally {
      session.close();
    }
  });
});
