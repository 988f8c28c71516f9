import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IpcSession } from '../../shared/ipc/session';
import { createHandlers } from '../../shared/services/handlers';
import { createEngine } from '../../shared/services/engine';
import { startRegistry, TEST_PASSWORD, TEST_USER, type TestRegistry } from '../env/registry';
import { tempDir, type TempDir } from '../env/tools';

// The app's registry handlers refuse a host with user:password@ before anything is sent or saved:
// the UI's "test connection" used to send it as URL userinfo and return it unredacted.
let tls: TestRegistry;
let dir: TempDir;
let session: IpcSession;

beforeAll(async () => {
  dir = await tempDir('credentials-hygiene');
  tls = await startRegistry('tls-basic');
  session = new IpcSession(createHandlers(createEngine({ env: { HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), DOCKER_CONFIG: join(dir.path, 'docker'), HOME: dir.path } })), () => undefined);
});
afterAll(async () => {
  session?.close();
  await tls?.stop();
  await dir?.remove();
});

describe('registry handlers refuse credentials in the host', () => {
  it('registry:test, registry:login and registry:save answer CREDENTIALS_IN_REFERENCE with the password masked', async () => {
    const host = `${TEST_USER}:${TEST_PASSWORD}@${tls.host}`;
    const calls: Array<[string, unknown]> = [
      ['registry:test', { host, connection: { caFile: tls.caFile } }],
      ['registry:login', { host, username: TEST_USER, password: TEST_PASSWORD, connection: { caFile: tls.caFile } }],
      ['registry:save', { host, caFile: tls.caFile }],
      ['registry:save', { host: tls.host, allowRealmHosts: [`${TEST_USER}:${TEST_PASSWORD}@auth.example.com`] }],
    ];
    for (const [channel, args] of calls) {
      const answer = await session.invoke(channel, args);
      expect(answer, channel).toMatchObject({ ok: false, error: { code: 'CREDENTIALS_IN_REFERENCE' } });
      const text = JSON.stringify(answer);
      expect(text, channel).toContain(`${TEST_USER}:***@`);
      // The login's own password field is never echoed either.
      expect(text, channel).not.toContain(TEST_PASSWORD);
    }
    // Nothing was saved.
    expect(await readdir(join(dir.path, 'cfg')).catch(() => [])).toEqual([]);
  });

  it('the same host without credentials still works', async () => {
    const answer = await session.invoke('registry:test', { host: tls.host, connection: { caFile: tls.caFile, username: TEST_USER, password: TEST_PASSWORD } });
    expect(answer).toMatchObject({ ok: true, value: { auth: 'basic', login: 'accepted' } });
  });
});
