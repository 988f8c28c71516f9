import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../env/cli';
import { pushFixtures, type PushedFixtures } from '../env/fixtures';
import { startRegistry, TEST_PASSWORD, TEST_USER, type TestRegistry } from '../env/registry';
import { skopeo, skopeoFlags } from '../env/skopeo';
import { tempDir, type TempDir } from '../env/tools';

let source: TestRegistry;
let tls: TestRegistry;
let token: TestRegistry;
let fixtures: PushedFixtures;
let dir: TempDir;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await tempDir('cli-registry');
  env = { HIGRESS_AIRGAP_CONFIG: join(dir.path, 'config'), DOCKER_CONFIG: join(dir.path, 'docker'), HOME: dir.path };
  [source, tls, token] = await Promise.all([startRegistry('plain'), startRegistry('tls-basic'), startRegistry('token')]);
  fixtures = await pushFixtures(source);
});
afterAll(async () => {
  await Promise.all([source?.stop(), tls?.stop(), token?.stop()]);
  await dir?.remove();
});

describe('registry settings, login, inspect and copy from the command line', () => {
  it('TLS without the CA fails with an x509 explanation, and works once registry set --ca-file is given', async () => {
    const before = await cli(['registry', 'test', tls.host], { env });
    expect(before.code).toBe(1);
    expect(before.stderr).toMatch(/x509: the certificate of 127\.0\.0\.1:\d+ is signed by an unknown authority/);
    expect(before.stderr).toContain(`hint: Give the registry's CA: higress-airgap registry set ${tls.host} --ca-file`);

    const set = await cli(['registry', 'set', tls.host, '--ca-file', tls.caFile!, '--json'], { env });
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({ host: tls.host, caFile: tls.caFile });
    const after = await cli(['registry', 'test', tls.host, '--json'], { env });
    expect(after.code, after.stderr).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ host: tls.host, auth: 'basic' });

    await cli(['registry', 'set', source.host, '--plain-http'], { env });
    await cli(['registry', 'set', token.host, '--plain-http'], { env });
    const list = await cli(['registry', 'list'], { env });
    expect(list.stdout).toContain(`${source.host}  plain HTTP`);
    expect(list.stdout).toContain(`CA ${tls.caFile}`);
  });

  it('refuses contradictory settings with exit 2', async () => {
    const r = await cli(['registry', 'set', 'r.example', '--plain-http', '--insecure'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot be combined');
    expect((await cli(['registry', 'set', 'not a host'], { env })).code).toBe(2);
  });

  it('login checks the password first: a wrong one is refused and nothing is saved', async () => {
    const bad = await cli(['login', tls.host, '--username', TEST_USER, '--password-stdin'], { env, stdin: 'nope\n' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/refused the credentials .*401 Unauthorized/);
    await expect(stat(join(env.HIGRESS_AIRGAP_CONFIG!, 'logins.json'))).rejects.toThrow();
    const noStdin = await cli(['login', tls.host, '--username', TEST_USER], { env });
    expect(noStdin.code).toBe(2);

    const good = await cli(['login', tls.host, '--username', TEST_USER, '--password-stdin'], { env, stdin: `${TEST_PASSWORD}\n` });
    expect(good.code, good.stderr).toBe(0);
    const file = join(env.HIGRESS_AIRGAP_CONFIG!, 'logins.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(good.stdout + good.stderr).not.toContain(TEST_PASSWORD);
    const tokenLogin = await cli(['login', token.host, '--username', TEST_USER, '--password-stdin'], { env, stdin: TEST_PASSWORD });
    expect(tokenLogin.code, tokenLogin.stderr).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8')).logins[token.host].username).toBe(TEST_USER);
  });

  it('copies with saved settings and logins, then inspect shows the same digest', async () => {
    const fx = fixtures.pluginServer;
    const r = await cli(['copy', `${source.host}/${fx.repo}:${fx.tag}`, `${tls.host}/higress/higress/plugin-server:${fx.tag}`, '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.digest).toBe(fx.index.digest);
    expect(out.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    const raw = await skopeo(['inspect', '--raw', ...skopeoFlags(tls), `docker://${tls.host}/higress/higress/plugin-server:${fx.tag}`]);
    expect(Buffer.from(raw.stdout)).toEqual(fx.index.bytes);

    const ins = await cli(['inspect', `${tls.host}/higress/higress/plugin-server:${fx.tag}`, '--json'], { env });
    expect(ins.code, ins.stderr).toBe(0);
    const info = JSON.parse(ins.stdout);
    expect(info).toMatchObject({ kind: 'index', digest: fx.index.digest, mediaType: 'application/vnd.oci.image.index.v1+json' });
    expect(info.platforms.map((p: any) => p.platform)).toEqual(['linux/amd64', 'linux/arm64', 'unknown/unknown']);
    expect(info.platforms[0].manifest.layers).toHaveLength(2);

    const human = await cli(['inspect', `${source.host}/plugins/key-auth:2.0.0`], { env });
    expect(human.stdout).toContain('application/vnd.module.wasm.spec.v1+yaml');
    expect(human.stdout).toContain('(plugin.tar.gz)');
  });

  it('copy --platform keeps one platform; a bad platform is bad usage', async () => {
    const fx = fixtures.pluginServer;
    const r = await cli(['copy', `${source.host}/${fx.repo}:${fx.tag}`, `${token.host}/higress/plugin-server:amd64`, '--platform', 'linux/amd64', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).platforms).toEqual(['linux/amd64']);
    const bad = await cli(['copy', `${source.host}/${fx.repo}:${fx.tag}`, `${token.host}/x:y`, '--platform', 'amd64'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('os/arch');
  });

  it('logout forgets the login', async () => {
    const r = await cli(['logout', tls.host], { env });
    expect(r.stdout).toContain('Removed the login');
    const after = await cli(['inspect', `${tls.host}/higress/higress/plugin-server:${fixtures.pluginServer.tag}`], { env });
    expect(after.code).toBe(1);
    expect(after.stderr).toContain('requires authentication and no credentials are configured');
  });
});
