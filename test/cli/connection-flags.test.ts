import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../env/cli';
import { freePort, tempDir, type TempDir } from '../env/tools';

// The CLI's connection flags go through the engine's one check (the app's form uses it too): each
// command refuses as before — exit 2, before anything is contacted (CLOSED is a free port, so a
// request would fail with exit 1) — now with every problem at once.
let dir: TempDir;
let CLOSED: string;
const env = () => ({ HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), DOCKER_CONFIG: join(dir.path, 'docker'), HOME: dir.path, LANG: 'C', LC_ALL: '', LC_MESSAGES: '' });

beforeAll(async () => {
  dir = await tempDir('cli-connection-flags');
  CLOSED = `127.0.0.1:${await freePort()}`;
});
afterAll(async () => {
  await dir?.remove();
});

const json = (stdout: string) => (JSON.parse(stdout) as { error: { code: string; params: Record<string, unknown> } }).error;

describe('connection flags on the command line', () => {
  it('every command that reaches a registry refuses --plain-http with --insecure', async () => {
    const commands = [
      ['inspect', `${CLOSED}/x:1`],
      ['catalog', '--refresh', '--source', CLOSED],
      ['plugin', 'inspect', `${CLOSED}/x:1`],
      ['login', CLOSED, '--username', 'u', '--password-stdin'],
      ['push', join(dir.path, 'none.tar'), '--registry', `${CLOSED}/higress`],
      ['bundle', '--out', join(dir.path, 'b.tar'), '--source', CLOSED, '--plugins', 'key-auth', '--release', '2.2.3'],
    ];
    for (const args of commands) {
      const r = await cli([...args, '--plain-http', '--insecure'], { env: env(), stdin: 'pw\n' });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain('error: --plain-http cannot be combined with --insecure: plain HTTP has no TLS to configure\nhint: Leave out --insecure for plain HTTP, or --plain-http to use TLS.');
    }
    const r = await cli(['inspect', `${CLOSED}/x:1`, '--plain-http', '--insecure', '--json'], { env: env() });
    expect(json(r.stdout)).toMatchObject({ code: 'CONNECTION_PLAIN_HTTP_WITH_TLS', params: { input: 'flags', plainHttp: '--plain-http', others: '--insecure' } });
  });

  it('a username without --password-stdin, --password-stdin without a username, an empty standard input', async () => {
    const inspect = ['inspect', `${CLOSED}/x:1`];
    const noPassword = await cli([...inspect, '--username', 'u'], { env: env() });
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toContain('error: --username needs --password-stdin (passwords are never taken on the command line)\nhint: echo "$PASSWORD" | higress-airgap … --username U --password-stdin');
    const noUser = await cli([...inspect, '--password-stdin', '--json'], { env: env(), stdin: 'pw' });
    expect(noUser.code).toBe(2);
    expect(json(noUser.stdout).code).toBe('CONNECTION_PASSWORD_WITHOUT_USERNAME');
    const empty = await cli([...inspect, '--username', 'u', '--password-stdin', '--json'], { env: env(), stdin: '\n' });
    expect(empty.code).toBe(2);
    expect(json(empty.stdout).code).toBe('CONNECTION_PASSWORD_EMPTY');
    expect(empty.stderr).toContain('error: --password-stdin: standard input was empty');
  });

  it('says every problem at once, in English and in Chinese', async () => {
    const args = ['push', join(dir.path, 'none.tar'), '--registry', `${CLOSED}/higress`, '--plain-http', '--ca-file', 'ca.pem', '--insecure', '--username', 'u'];
    const en = await cli(args, { env: env() });
    expect(en.code).toBe(2);
    // Each problem with its own hint under it; the last hint only says to fix them together.
    expect(en.stderr).toContain(
      'error: 2 problems with how to reach the registry:\n  - --plain-http cannot be combined with --insecure, --ca-file: plain HTTP has no TLS to configure\n    Leave out --insecure, --ca-file for plain HTTP, or --plain-http to use TLS.\n  - --username needs --password-stdin (passwords are never taken on the command line)\n    echo "$PASSWORD" | higress-airgap … --username U --password-stdin\nhint: Each problem is listed with its own cause; fix them together and try again.',
    );
    const zh = await cli(args, { env: { ...env(), LANG: 'zh_CN.UTF-8' } });
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain(
      'error: 连接镜像仓库的设置有 2 处问题\n  - --plain-http 不能与 --insecure, --ca-file 同时使用：明文 HTTP 没有可配置的 TLS\n    使用明文 HTTP 时请去掉 --insecure, --ca-file；要使用 TLS 则去掉 --plain-http。\n  - --username 需要同时给出 --password-stdin（密码从不通过命令行参数传递）\n    例如：echo "$PASSWORD" | higress-airgap … --username U --password-stdin\nhint: 每处问题都列出了原因，请一并修正后重试。',
    );
  });

  it('bundle says the problems of its own flags and of the connection flags at once, in English and in Chinese', async () => {
    const args = ['bundle', '--out', join(dir.path, 'b.tar'), '--source', CLOSED, '--release', '2.2.3', '--plugins', 'key-auth', '--all-plugins', '--split', '12Q', '--passphrase-file', 'p.txt', '--no-charts', '--plain-http', '--insecure'];
    const r = await cli([...args, '--json'], { env: env() });
    expect(r.code).toBe(2);
    const e = json(r.stdout);
    expect(e.code).toBe('BUNDLE_FLAGS_REFUSED');
    expect((e.params.problems as Array<{ code: string }>).map((p) => p.code)).toEqual([
      'SPLIT_FLAG_INVALID',
      'PLUGINS_FLAGS_EXCLUSIVE',
      'CONFIG_WITHOUT_WASMPLUGINS',
      'PASSPHRASE_FILE_WITHOUT_CONFIG',
      'HIGRESS_FLAGS_WITHOUT_RELEASE',
      'CONNECTION_PLAIN_HTTP_WITH_TLS',
    ]);
    const en = await cli(args, { env: env() });
    expect(en.stderr).toContain('error: 6 problems with the flags of bundle:\n  - --split 12Q: give a size like 700M, 2G or fat32\n  - --plugins and --all-plugins exclude each other\n');
    expect(en.stderr).toContain('  - --plain-http cannot be combined with --insecure: plain HTTP has no TLS to configure\n    Leave out --insecure for plain HTTP, or --plain-http to use TLS.\nhint: Each problem is listed with its own cause; fix them together and run the command again.');
    const zh = await cli(args, { env: { ...env(), LANG: 'zh_CN.UTF-8' } });
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('error: bundle 命令的参数有 6 处问题\n  - --split 12Q：请填写 700M、2G 或 fat32 这样的大小\n  - --plugins 与 --all-plugins 不能同时使用\n');
    expect(zh.stderr).toContain('hint: 每处问题都列出了原因，请一并修正后重新运行命令。');
    // One problem is still said as itself.
    const one = await cli(['bundle', '--out', join(dir.path, 'b.tar'), '--source', CLOSED, '--release', '2.2.3', '--plugins', 'key-auth', '--all-plugins', '--json'], { env: env() });
    expect(one.code).toBe(2);
    expect(json(one.stdout).code).toBe('PLUGINS_FLAGS_EXCLUSIVE');
  });

  it('copy checks its source and destination flags together, naming each flag', async () => {
    const r = await cli(['copy', `${CLOSED}/a:1`, `${CLOSED}/b:1`, '--src-plain-http', '--src-insecure', '--dest-plain-http', '--dest-ca-file', 'ca.pem', '--json'], { env: env() });
    expect(r.code).toBe(2);
    const e = json(r.stdout);
    expect(e.code).toBe('CONNECTION_INPUT_REFUSED');
    expect((e.params.problems as Array<{ details: { plainHttp: string; others: string } }>).map((p) => `${p.details.plainHttp} ${p.details.others}`)).toEqual(['--src-plain-http --src-insecure', '--dest-plain-http --dest-ca-file']);
    // Consistent flags reach the registry: the closed port is the error now (exit 1).
    const reached = await cli(['copy', `${CLOSED}/a:1`, `${CLOSED}/b:1`, '--src-plain-http', '--dest-plain-http'], { env: env() });
    expect(reached.code).toBe(1);
  });
});
