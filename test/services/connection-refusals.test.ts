import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderError } from '../../shared/messages/catalog';
import { decodeError } from '../../shared/ipc/envelope';
import { IpcSession } from '../../shared/ipc/session';
import { createEngine } from '../../shared/services/engine';
import { createHandlers } from '../../shared/services/handlers';
import { cli } from '../env/cli';
import { freePort, tempDir, type TempDir } from '../env/tools';

// The app's handler map refuses a registry's connection input with the very check the CLI runs:
// the same codes, every problem at once, before anything is contacted (CLOSED is a free port: a
// request would end as NET_REFUSED, not as a refusal of the input).
let dir: TempDir;
let session: IpcSession;
let CLOSED: string;

beforeAll(async () => {
  dir = await tempDir('connection-refusals');
  CLOSED = `127.0.0.1:${await freePort()}`;
  const engine = createEngine({ env: { HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), DOCKER_CONFIG: join(dir.path, 'docker'), HOME: dir.path } });
  session = new IpcSession(createHandlers(engine), () => undefined);
});
afterAll(async () => {
  session?.close();
  await dir?.remove();
});

const refusal = async (channel: string, args: unknown) => {
  const envelope = await session.invoke(channel, args);
  if (envelope.ok) throw new Error(`${channel} was not refused`);
  return envelope.error;
};

describe('connection input refused by the handler map', () => {
  it('a username without a password, on every channel that reaches a registry', async () => {
    const connection = { username: 'admin' };
    const channels: Array<[string, unknown]> = [
      ['registry:test', { host: CLOSED, connection }],
      ['push:preflight', { registry: `${CLOSED}/higress`, connection }],
      ['catalog:probe', { taskId: 'p1', release: '2.2.3', source: CLOSED, names: ['key-auth'], connection }],
      ['bundle:estimate', { plan: { release: '2.2.3', source: CLOSED, catalogPlugins: ['key-auth'] }, connection }],
      ['bundle:build', { taskId: 'b1', plan: { release: '2.2.3', source: CLOSED, catalogPlugins: ['key-auth'] }, out: join(dir.path, 'b.tar'), connection }],
      ['push:run', { taskId: 'r1', path: join(dir.path, 'none.tar'), registry: `${CLOSED}/higress`, connection }],
    ];
    for (const [channel, args] of channels) {
      const e = await refusal(channel, args);
      expect(e, channel).toMatchObject({ name: 'UsageError', code: 'CONNECTION_USERNAME_WITHOUT_PASSWORD', message: 'Give the password with the username', details: { input: 'form', field: 'password' } });
    }
    expect(existsSync(join(dir.path, 'b.tar'))).toBe(false);
  });

  it('plain HTTP with TLS options and a password without a username: both at once, the codes the CLI gives', async () => {
    const e = await refusal('push:preflight', { registry: `${CLOSED}/higress`, connection: { plainHttp: true, insecure: true, caFile: '/ca.pem', password: 'secret-pw' } });
    expect(e.code).toBe('CONNECTION_INPUT_REFUSED');
    const problems = e.details?.problems as Array<{ code: string; details: Record<string, unknown> }>;
    expect(problems.map((p) => [p.code, p.details.field])).toEqual([
      ['CONNECTION_PLAIN_HTTP_WITH_TLS', 'plainHttp'],
      ['CONNECTION_PASSWORD_WITHOUT_USERNAME', 'username'],
    ]);
    expect(JSON.stringify(e)).not.toContain('secret-pw');
    // The app shows them in its language, naming fields (never flags).
    const rebuilt = decodeError(e);
    expect(renderError(rebuilt, 'zh-CN', 'ui').message).toBe('连接镜像仓库的设置有 2 处问题');
    const texts = problems.map((p) => renderError({ code: p.code, message: p.code, details: p.details }, 'zh-CN', 'ui'));
    expect(texts.map((t) => t.message)).toEqual(['“使用 HTTP（不加密）”不能与“跳过证书校验”或 CA 证书文件同时使用：明文 HTTP 没有可配置的 TLS', '请在填写密码的同时填写用户名']);
    for (const t of texts) expect(`${t.message} ${t.hint ?? ''}`).not.toMatch(/--[a-z]/);

    // The CLI, given the same input as flags, refuses with the same codes (exit 2), nothing contacted.
    const r = await cli(['inspect', `${CLOSED}/x:1`, '--plain-http', '--insecure', '--ca-file', '/ca.pem', '--password-stdin', '--json'], { env: { HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg') }, stdin: 'secret-pw' });
    expect(r.code).toBe(2);
    const printed = JSON.parse(r.stdout) as { error: { code: string; params: { problems: Array<{ code: string }> } } };
    expect(printed.error.code).toBe('CONNECTION_INPUT_REFUSED');
    expect(printed.error.params.problems.map((p) => p.code)).toEqual(problems.map((p) => p.code));
  });

  it('a login keeps its own refusals and goes through the same login as the CLI', async () => {
    const e = await refusal('registry:login', { host: CLOSED, username: 'admin', password: 'pw', connection: { plainHttp: true, insecure: true } });
    expect(e).toMatchObject({ code: 'CONNECTION_PLAIN_HTTP_WITH_TLS', details: { input: 'form', fields: ['insecure'] } });
    // Reached only with consistent input: the closed port is the error now.
    expect(await refusal('registry:login', { host: CLOSED, username: 'admin', password: 'pw', connection: { plainHttp: true } })).toMatchObject({ code: 'NET_REFUSED' });
    expect(await refusal('registry:login', { host: 'not a host', username: 'admin', password: 'pw' })).toMatchObject({ code: 'REGISTRY_HOST_INVALID' });
  });

  it('saved registry settings go through the same check, and nothing is saved when refused', async () => {
    const e = await refusal('registry:save', { host: CLOSED, plainHttp: true, caFile: '/ca.pem' });
    expect(e).toMatchObject({ code: 'CONNECTION_PLAIN_HTTP_WITH_TLS', message: expect.stringContaining('Plain HTTP cannot be combined'), details: { input: 'form', fields: ['caFile'] } });
    const settings = (await session.invoke('settings:get', {})) as { ok: true; value: { registries: unknown[] } };
    expect(settings.value.registries).toEqual([]);
    const cliSet = await cli(['registry', 'set', CLOSED, '--plain-http', '--ca-file', '/ca.pem', '--json'], { env: { HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg') } });
    expect(cliSet.code).toBe(2);
    expect(JSON.parse(cliSet.stdout)).toMatchObject({ error: { code: 'CONNECTION_PLAIN_HTTP_WITH_TLS', params: { plainHttp: '--plain-http', others: '--ca-file' } } });
  });
});
