import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DUPLICATE_CODES, localeFromEnv, MESSAGES, notice, renderError, renderNotice, templateParams, type Localized } from '../../shared/messages/catalog';
import { registryErrorFrom } from '../../shared/registry/errors';
import { cli } from '../env/cli';
import { startRegistry, TEST_USER, type TestRegistry } from '../env/registry';
import { freePort, tempDir, type TempDir } from '../env/tools';
import { goCommandWasm } from '../env/wasm';

const CJK = /[\u4e00-\u9fff]/;

describe('the message catalog', () => {
  it('every code reads in both languages, with the same parameters, and no UI hint names a flag', () => {
    const texts: Array<[string, Localized]> = [];
    for (const [code, entry] of Object.entries(MESSAGES)) {
      const all = [entry, ...Object.values(entry.variants?.cases ?? {})];
      for (const e of all) {
        texts.push([`${code} message`, e.message]);
        if (e.hint) texts.push([`${code} hint`, e.hint]);
        if (e.uiHint) {
          texts.push([`${code} uiHint`, e.uiHint]);
          expect(`${e.uiHint.en} ${e.uiHint.zh}`, `${code} uiHint`).not.toMatch(/(^|\s)--[a-z]/);
        } else if (e.hint) {
          // The app shows `hint` when there is no `uiHint`: then it must not name a flag either.
          expect(`${e.hint.en} ${e.hint.zh}`, `${code} hint (shown in the app)`).not.toMatch(/(^|\s|：)--[a-z]|higress-airgap /);
        }
      }
    }
    for (const [where, l] of texts) {
      expect(l.en.trim(), where).not.toBe('');
      expect(l.zh, where).toMatch(CJK);
      expect(templateParams(l.zh).sort(), where).toEqual(templateParams(l.en).sort());
    }
  });

  it('lists each code once, and builds notices only from listed codes with every parameter', () => {
    expect(DUPLICATE_CODES).toEqual([]);
    const n = notice('NET_REFUSED', { host: 'reg.local:5000' });
    expect(n).toEqual({ code: 'NET_REFUSED', message: 'Connection refused by reg.local:5000', details: { host: 'reg.local:5000' } });
    expect(renderNotice(n, 'zh-CN').message).toBe('reg.local:5000 拒绝了连接');
    expect(() => notice('NO_SUCH_CODE')).toThrow(/not in the message catalog/);
    expect(() => notice('NET_REFUSED', {})).toThrow(/lacks a parameter/);
  });

  it('a 404 on a reference names the reference, in both languages', async () => {
    const body = JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] });
    const e = await registryErrorFrom(new Response(body, { status: 404, headers: { 'content-type': 'application/json' } }), 'GET', 'https://reg.local:5000/v2/higress/plugins/key-auth/manifests/9.9.9', { what: 'manifest', host: 'reg.local:5000' });
    expect(e.code).toBe('REGISTRY_MANIFEST_UNKNOWN');
    expect(e.details?.reference).toBe('higress/plugins/key-auth:9.9.9');
    expect(renderError(e, 'zh-CN')).toMatchObject({ message: 'reg.local:5000 上没有 higress/plugins/key-auth:9.9.9（404）', localized: true });
    const byDigest = await registryErrorFrom(new Response(body, { status: 404 }), 'HEAD', `https://reg.local:5000/v2/p/manifests/sha256:${'a'.repeat(64)}`, { what: 'manifest', host: 'reg.local:5000' });
    expect(byDigest.details?.reference).toBe(`p@sha256:${'a'.repeat(64)}`);
  });

  it('renders with the parameters an error carries, and keeps the English original when one is missing', () => {
    const refused = { code: 'NET_REFUSED', message: 'Connection refused by 127.0.0.1:9 (http://127.0.0.1:9/v2/)', hint: 'Is the registry running?', details: { host: '127.0.0.1:9' } };
    expect(renderError(refused, 'zh-CN')).toEqual({ message: '127.0.0.1:9 拒绝了连接', hint: '请确认镜像仓库已启动，且端口正确。', localized: true });
    expect(renderError({ ...refused, details: {} }, 'zh-CN')).toEqual({ message: refused.message, hint: refused.hint, localized: false });
    expect(renderError({ code: 'NO_SUCH_CODE', message: 'x' }, 'zh-CN').localized).toBe(false);
    const tls = { code: 'TLS_UNKNOWN_AUTHORITY', message: 'x509', details: { host: 'h:5000' } };
    expect(renderError(tls, 'en', 'ui').hint).not.toContain('--');
    expect(renderError(tls, 'en', 'cli').hint).toContain('--ca-file');
  });

  it('lists every code the engine and the CLI throw', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const sources = (dir: string): string[] =>
      readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
        .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
        .map((e) => join(e.parentPath, e.name));
    // How a code is thrown: new AppError('X', …), { code: 'X' } (UsageError, RegistryError, notices),
    // the code argument of dockerFailure() and of the deploy options' refuse(), and a fallback `?? 'X'`.
    const patterns = [
      /new AppError\('([A-Z][A-Z0-9_]*)'/g,
      /\bcode: '([A-Z][A-Z0-9_]*)'/g,
      /dockerFailure\([^,]+,[^,]+,\s*'([A-Z][A-Z0-9_]*)'/g,
      /\brefuse\([^;]*'([A-Z][A-Z0-9_]+)'/g,
      /new AppError\([^;]*\?\? '([A-Z][A-Z0-9_]*)'/g,
    ];
    // Never shown to a person as an error of their own:
    const NOT_SHOWN = new Set([
      // a registry's own diagnostic code when its error body names none; it is listed inside the
      // RegistryError (details.codes), whose code is REGISTRY_*.
      'UNKNOWN',
      // the errno given to a plain Error inside readLocal(), caught there and rethrown as MIGRATE_SOURCE_UNREACHABLE.
      'EISDIR',
    ]);
    const thrown = new Map<string, string>();
    const uncoded: string[] = [];
    for (const file of [...sources('shared'), ...sources('cli')]) {
      const text = readFileSync(file, 'utf8');
      // A UsageError without a code is BAD_INPUT, which no catalog text can render: each names its own.
      for (const m of text.matchAll(/new UsageError\(/g)) {
        const call = text.slice(m.index, text.indexOf(');', m.index));
        if (!/\bcode\b/.test(call)) uncoded.push(`${file.slice(root.length)}: ${call.slice(0, 80)}`);
      }
      for (const re of patterns) for (const m of text.matchAll(re)) if (!thrown.has(m[1] as string)) thrown.set(m[1] as string, file.slice(root.length));
    }
    expect(thrown.size).toBeGreaterThan(200);
    const missing = [...thrown].filter(([code]) => !NOT_SHOWN.has(code) && !MESSAGES[code]).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
    expect(uncoded).toEqual([]);
  });

  it('follows LC_ALL, then LC_MESSAGES, then LANG', () => {
    expect(localeFromEnv({ LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(localeFromEnv({ LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(localeFromEnv({ LC_MESSAGES: 'zh_CN.GB18030' })).toBe('zh-CN');
    expect(localeFromEnv({ LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(localeFromEnv({})).toBe('en');
  });
});

describe('LANG=zh_CN.UTF-8 higress-airgap … prints Chinese errors and hints', () => {
  let dir: TempDir;
  let tls: TestRegistry;
  const zh = () => ({ LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '', HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), DOCKER_CONFIG: join(dir.path, 'nodocker') });

  beforeAll(async () => {
    dir = await tempDir('messages-zh');
    tls = await startRegistry('tls-basic');
  }, 60_000);
  afterAll(async () => {
    await tls?.stop();
    await dir?.remove();
  });

  it('plugins a release does not have: every one at once, each with its guess', async () => {
    const r = await cli(['bundle', '--out', join(dir.path, 'x.tar'), '--release', '2.2.4', '--plugins', 'key-auht,ai-proxi,zzzzzz', '--source', `127.0.0.1:${await freePort()}`, '--plain-http'], { env: zh() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('有 3 个插件不在 Higress 2.2.4 的插件目录中：key-auht, ai-proxi, zzzzzz');
    expect(r.stderr).toContain('您是不是想找：key-auht → key-auth; ai-proxi → ai-proxy？');
  });

  it('input refused before any work: each mistake with its own code, in Chinese, exit 2', async () => {
    const both = await cli(['bundle', '--out', join(dir.path, 'y.tar'), '--plugins', 'key-auth', '--all-plugins'], { env: zh() });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('error: --plugins 与 --all-plugins 不能同时使用');

    const upper = await cli(['inspect', '127.0.0.1:5000/Plugins/key-auth:2.0.0', '--plain-http'], { env: zh() });
    expect(upper.code).toBe(2);
    expect(upper.stderr).toContain('error: 无效的镜像引用“127.0.0.1:5000/Plugins/key-auth:2.0.0”：仓库路径必须为小写（“Plugins”）');
    expect(upper.stderr).toContain('hint: 请写作 [registry[:port]/]path/name[:tag][@sha256:<64 位十六进制>]');

    const json = await cli(['inspect', '127.0.0.1:5000/plugins/key-auth:bad tag', '--plain-http', '--json'], { env: zh() });
    expect(json.code).toBe(2);
    expect(json.stdout + json.stderr).toContain('INVALID_REFERENCE');
  });

  it('a closed port, an unknown certificate authority, a refused password', async () => {
    const closed = `127.0.0.1:${await freePort()}`;
    const refused = await cli(['inspect', `${closed}/plugins/key-auth:2.0.0`, '--plain-http'], { env: zh() });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`error: ${closed} 拒绝了连接\nhint: 请确认镜像仓库已启动，且端口正确。`);

    const x509 = await cli(['inspect', `${tls.host}/plugins/key-auth:2.0.0`], { env: zh() });
    expect(x509.code).toBe(1);
    expect(x509.stderr).toContain(`error: x509：${tls.host} 的证书由未知的证书颁发机构签发`);
    expect(x509.stderr).toContain(`hint: 请提供该仓库的 CA 证书：higress-airgap registry set ${tls.host} --ca-file ca.crt`);

    const denied = await cli(['inspect', `${tls.host}/plugins/key-auth:2.0.0`, '--ca-file', tls.caFile as string, '--username', TEST_USER, '--password-stdin'], { env: zh(), stdin: 'wrong password' });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain(`error: ${tls.host} 拒绝了登录凭据（401 未授权）`);
  });

  it('a missing bundle, a damaged bundle, a refused plugin; --json keeps the code and parameters', async () => {
    const missing = join(dir.path, 'nope.tar');
    const gone = await cli(['verify', missing], { env: zh() });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`error: ${missing} 不存在\nhint: 请指定离线包文件、其第一个分卷（.000）或所在文件夹。`);
    const json = await cli(['verify', missing, '--json'], { env: zh() });
    expect(JSON.parse(json.stdout)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: `${missing} 不存在`, hint: '请指定离线包文件、其第一个分卷（.000）或所在文件夹。', params: { path: missing } } });

    const notBundle = join(dir.path, 'passwd.tar');
    await writeFile(notBundle, 'root:x:0:0:root:/root:/bin/bash\n');
    const damaged = await cli(['verify', notBundle], { env: zh() });
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toMatch(CJK);

    const wasm = join(dir.path, 'go.wasm');
    await writeFile(wasm, goCommandWasm('go-command'));
    const plugin = await cli(['plugin', 'package', wasm, '--name', 'go-command', '--version', '1.0.0', '--oci-layout', join(dir.path, 'layout')], { env: zh() });
    expect(plugin.code).not.toBe(0);
    expect(plugin.stderr).toContain('这是未以 GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared 构建的 Go 程序');
  });
});
