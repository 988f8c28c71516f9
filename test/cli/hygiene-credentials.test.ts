import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../env/cli';
import { tempDir, type TempDir } from '../env/tools';

// Credentials typed into a reference or a registry host are refused (exit 2) and never echoed.
const SECRET = 'S3cret-Pw!x9';
let dir: TempDir;
const env = () => ({ HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), DOCKER_CONFIG: join(dir.path, 'docker') });

beforeAll(async () => {
  dir = await tempDir('hygiene-credentials');
});
afterAll(async () => {
  await dir?.remove();
});

describe('credentials in references and hosts (CLI)', () => {
  it('inspect and copy refuse user:password@ with CREDENTIALS_IN_REFERENCE, masking the password', async () => {
    for (const args of [
      ['inspect', `admin:${SECRET}@127.0.0.1:1/higress/plugin-server:2.2.4`],
      ['inspect', `https://admin:${SECRET}@127.0.0.1:1/higress/plugin-server:2.2.4`],
      ['copy', `admin:${SECRET}@127.0.0.1:1/a/b:1`, '127.0.0.1:1/c/d:1'],
    ]) {
      const r = await cli(args, { env: env() });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('admin:***@127.0.0.1:1');
      expect(r.stderr).toContain('user info');
      expect(r.stdout + r.stderr).not.toContain(SECRET);
    }
  });

  it('host arguments (login, registry set, registry test) never echo the password either', async () => {
    const login = await cli(['login', `admin:${SECRET}@127.0.0.1:1`, '--username', 'admin', '--password-stdin'], { env: env(), stdin: 'x' });
    expect(login.code).toBe(2);
    const set = await cli(['registry', 'set', `admin:${SECRET}@127.0.0.1:1`, '--plain-http'], { env: env() });
    expect(set.code).toBe(2);
    const test = await cli(['registry', 'test', `admin:${SECRET}@127.0.0.1:1`], { env: env() });
    expect(test.code).not.toBe(0);
    for (const r of [login, set, test]) {
      expect(r.stderr).toContain('admin:***@127.0.0.1:1');
      expect(r.stdout + r.stderr).not.toContain(SECRET);
    }
  });
});
