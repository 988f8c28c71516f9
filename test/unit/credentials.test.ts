import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configKeysFor, dockerCredentials, readDockerConfig, runCredentialHelper } from '../../shared/credentials/docker-config';
import { LoginStore, loginStoreFile } from '../../shared/credentials/login-store';
import { resolveCredentials } from '../../shared/credentials/resolve';
import type { SecretCodec } from '../../shared/credentials/secret-codec';
import { tempDir, type TempDir } from '../env/tools';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('docker config.json credentials', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await tempDir('dockercfg');
  });
  afterEach(async () => {
    await dir.remove();
  });

  async function config(json: unknown) {
    await writeFile(join(dir.path, 'config.json'), JSON.stringify(json));
    return readDockerConfig({ DOCKER_CONFIG: dir.path });
  }

  it('decodes base64 auth for an exact host match only', async () => {
    const cfg = await config({ auths: { 'harbor.example.com': { auth: b64('admin:pa:ss') }, 'example.com': { auth: b64('x:y') } } });
    expect(await dockerCredentials('harbor.example.com', cfg)).toEqual({ credentials: { kind: 'basic', username: 'admin', password: 'pa:ss' }, source: 'docker config.json' });
    // never by substring: a look-alike host gets nothing
    expect(await dockerCredentials('evil-harbor.example.com', cfg)).toBeUndefined();
    expect(await dockerCredentials('harbor.example.com:5000', cfg)).toBeUndefined();
  });

  it('accepts URL-style keys and the Docker Hub aliases', async () => {
    const cfg = await config({ auths: { 'https://index.docker.io/v1/': { auth: b64('hub:pw') }, 'https://r.example:5000': { auth: b64('a:b') } } });
    expect((await dockerCredentials('docker.io', cfg))?.credentials).toMatchObject({ username: 'hub' });
    expect((await dockerCredentials('index.docker.io', cfg))?.credentials).toMatchObject({ username: 'hub' });
    expect((await dockerCredentials('r.example:5000', cfg))?.credentials).toMatchObject({ username: 'a' });
    expect(configKeysFor('registry-1.docker.io')).toContain('https://index.docker.io/v1/');
  });

  it('uses an identity token when present', async () => {
    const cfg = await config({ auths: { 'r.example': { auth: b64('u:'), identitytoken: 'refresh-123' } } });
    expect((await dockerCredentials('r.example', cfg))?.credentials).toEqual({ kind: 'identity-token', token: 'refresh-123', username: undefined });
  });

  it('asks credHelpers first, then credsStore, then auths — with a real helper process', async () => {
    const bin = join(dir.path, 'bin');
    await mkdir(bin);
    // A real docker-credential-* program speaking the helper protocol (server URL on stdin).
    const helper = join(bin, 'docker-credential-airgaptest');
    await writeFile(helper, `#!/bin/sh\nread url\ncase "$url" in\n  helper.example) echo '{"ServerURL":"helper.example","Username":"fromhelper","Secret":"s3cret"}' ;;\n  token.example) echo '{"Username":"<token>","Secret":"idtok"}' ;;\n  *) echo "credentials not found in native keychain"; exit 1 ;;\nesac\n`);
    await chmod(helper, 0o755);
    const oldPath = process.env.PATH;
    process.env.PATH = `${bin}:${oldPath}`;
    try {
      const cfg = await config({ credHelpers: { 'helper.example': 'airgaptest' }, credsStore: 'airgaptest', auths: { 'plain.example': { auth: b64('p:q') }, 'helper.example': { auth: b64('stale:stale') } } });
      expect((await dockerCredentials('helper.example', cfg, runCredentialHelper))?.credentials).toEqual({ kind: 'basic', username: 'fromhelper', password: 's3cret' });
      expect((await dockerCredentials('token.example', cfg, runCredentialHelper))?.credentials).toEqual({ kind: 'identity-token', token: 'idtok' });
      // credsStore has nothing for plain.example: auths answers
      expect((await dockerCredentials('plain.example', cfg, runCredentialHelper))?.credentials).toEqual({ kind: 'basic', username: 'p', password: 'q' });
    } finally {
      process.env.PATH = oldPath;
    }
  });

  it('reports a missing or damaged config clearly', async () => {
    expect(await readDockerConfig({ DOCKER_CONFIG: join(dir.path, 'nope') })).toBeUndefined();
    await writeFile(join(dir.path, 'config.json'), '{not json');
    await expect(readDockerConfig({ DOCKER_CONFIG: dir.path })).rejects.toThrow('not valid JSON');
  });
});

describe('our login store', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await tempDir('logins');
  });
  afterEach(async () => {
    await dir.remove();
  });

  it('saves with mode 0600 and reads back', async () => {
    const store = new LoginStore(dir.path);
    await store.save('Harbor.Example.com', 'admin', 'hunter2');
    expect((await stat(loginStoreFile(dir.path))).mode & 0o777).toBe(0o600);
    expect(await store.get('harbor.example.com')).toEqual({ kind: 'basic', username: 'admin', password: 'hunter2' });
    expect(await store.hosts()).toEqual([{ host: 'harbor.example.com', username: 'admin' }]);
    expect(await store.remove('harbor.example.com')).toBe(true);
    expect(await store.get('harbor.example.com')).toBeUndefined();
  });

  it('stores through the codec (the app uses safeStorage) and refuses entries it cannot decrypt', async () => {
    const rot: SecretCodec = { kind: 'safeStorage', encrypt: (s) => Buffer.from(s).toString('base64'), decrypt: (s) => Buffer.from(s, 'base64').toString() };
    await new LoginStore(dir.path, rot).save('r.example', 'u', 'plaintext-password');
    const raw = await readFile(loginStoreFile(dir.path), 'utf8');
    expect(raw).not.toContain('plaintext-password');
    expect(await new LoginStore(dir.path, rot).get('r.example')).toMatchObject({ password: 'plaintext-password' });
    await expect(new LoginStore(dir.path).get('r.example')).rejects.toThrow('cannot be read here');
  });

  it('resolves in order: explicit, saved login, docker config', async () => {
    await writeFile(join(dir.path, 'config.json'), JSON.stringify({ auths: { 'r.example': { auth: b64('docker:pw') } } }));
    const store = new LoginStore(dir.path);
    const env = { DOCKER_CONFIG: dir.path };
    expect((await resolveCredentials('r.example', { store, env }))?.source).toBe('docker config.json');
    await store.save('r.example', 'saved', 'pw');
    expect((await resolveCredentials('r.example', { store, env }))?.credentials).toMatchObject({ username: 'saved' });
    expect((await resolveCredentials('r.example', { store, env, explicit: { kind: 'basic', username: 'cli', password: 'x' } }))?.credentials).toMatchObject({ username: 'cli' });
    expect(await resolveCredentials('other.example', { store, env })).toBeUndefined();
  });
});
