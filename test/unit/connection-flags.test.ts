import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../shared/errors';
import { renderError } from '../../shared/messages/catalog';
import { cliFlagNames, connectionFlags, connectionProblems, FORM_FIELDS, type ConnectionInput } from '../../shared/registry/connection-flags';

// The one check of a registry's connection input, behind the CLI's flags and the app's form.
const refusal = (input: ConnectionInput, names = FORM_FIELDS): UsageError => {
  try {
    connectionFlags(input, { names });
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return e as UsageError;
  }
  throw new Error(`not refused: ${JSON.stringify(input)}`);
};

describe('connection flags', () => {
  it('turns consistent input into engine flags: a relative CA file resolved, credentials only as a pair', () => {
    expect(connectionFlags({})).toEqual({});
    expect(connectionFlags({ plainHttp: true })).toEqual({ plainHttp: true });
    expect(connectionFlags({ insecure: true, caFile: 'ca.pem' }, { cwd: '/tmp/x' })).toEqual({ insecure: true, caFile: '/tmp/x/ca.pem' });
    expect(connectionFlags({ caFile: 'ca.pem' })).toEqual({ caFile: resolve('ca.pem') });
    expect(connectionFlags({ username: 'u', password: 'p' })).toEqual({ credentials: { kind: 'basic', username: 'u', password: 'p' } });
    // An empty username or CA file is no input (the CLI's --ca-file '' never meant a file).
    expect(connectionFlags({ username: '', caFile: '' })).toEqual({});
  });

  it('refuses plain HTTP with each TLS option, naming what conflicts', () => {
    const insecure = refusal({ plainHttp: true, insecure: true }, cliFlagNames());
    expect(insecure.code).toBe('CONNECTION_PLAIN_HTTP_WITH_TLS');
    expect(insecure.message).toBe('--plain-http cannot be combined with --insecure: plain HTTP has no TLS to configure');
    const ca = refusal({ plainHttp: true, caFile: '/ca.pem' }, cliFlagNames('dest-'));
    expect(ca.details).toMatchObject({ input: 'flags', plainHttp: '--dest-plain-http', others: '--dest-ca-file', fields: ['--dest-ca-file'] });
    const both = refusal({ plainHttp: true, insecure: true, caFile: '/ca.pem' });
    expect(both.details).toMatchObject({ input: 'form', field: 'plainHttp', fields: ['insecure', 'caFile'] });
    // The English text the app shows is the engine's own message: worded for the form, never its keys.
    expect(both.message).toBe('Plain HTTP cannot be combined with skipping certificate verification or a CA file: plain HTTP has no TLS to configure');
    expect(renderError(both, 'en', 'ui').message).toBe('Plain HTTP cannot be combined with skipping certificate verification or a CA file: plain HTTP has no TLS to configure');
  });

  it('refuses a username without a password, a password without a username, and an empty password', () => {
    const noPassword = refusal({ username: 'admin' }, cliFlagNames());
    expect(noPassword).toMatchObject({ code: 'CONNECTION_USERNAME_WITHOUT_PASSWORD', message: '--username needs --password-stdin (passwords are never taken on the command line)' });
    expect(refusal({ username: 'admin' })).toMatchObject({ code: 'CONNECTION_USERNAME_WITHOUT_PASSWORD', message: 'Give the password with the username', details: { field: 'password' } });
    expect(refusal({ password: 'secret' }, cliFlagNames())).toMatchObject({ code: 'CONNECTION_PASSWORD_WITHOUT_USERNAME', message: '--password-stdin needs --username' });
    expect(refusal({ password: 'secret' })).toMatchObject({ code: 'CONNECTION_PASSWORD_WITHOUT_USERNAME', details: { field: 'username' } });
    expect(refusal({ username: 'admin', password: '' }, cliFlagNames())).toMatchObject({ code: 'CONNECTION_PASSWORD_EMPTY', message: '--password-stdin: standard input was empty' });
    expect(refusal({ username: 'admin', password: '' })).toMatchObject({ code: 'CONNECTION_PASSWORD_EMPTY', details: { field: 'password' } });
    // A password never appears in what is said about it.
    expect(JSON.stringify(refusal({ password: 'hunter2-secret' }))).not.toContain('hunter2');
  });

  it('says every problem at once, each with its own code, in English and Chinese', () => {
    const e = refusal({ plainHttp: true, insecure: true, caFile: '/ca.pem', username: 'admin' }, cliFlagNames());
    expect(e.code).toBe('CONNECTION_INPUT_REFUSED');
    const problems = e.details?.problems as Array<{ code: string; details: Record<string, unknown> }>;
    expect(problems.map((p) => p.code)).toEqual(['CONNECTION_PLAIN_HTTP_WITH_TLS', 'CONNECTION_USERNAME_WITHOUT_PASSWORD']);
    expect(e.message).toContain('2 problems with how to reach the registry');
    expect(e.message).toContain('--plain-http cannot be combined with --insecure, --ca-file');
    expect(e.message).toContain('--username needs --password-stdin');
    expect(renderError(e, 'zh-CN', 'cli').message).toBe('连接镜像仓库的设置有 2 处问题');
    expect(renderError(problems[0] as never, 'zh-CN', 'cli').message).toBe('--plain-http 不能与 --insecure, --ca-file 同时使用：明文 HTTP 没有可配置的 TLS');
    expect(renderError(problems[1] as never, 'zh-CN', 'ui').hint).toBe('请在填写用户名的同时填写密码。');
    // The same input from the form: the same codes, worded for its fields.
    const form = refusal({ plainHttp: true, caFile: '/ca.pem', password: 'p' });
    expect((form.details?.problems as Array<{ code: string }>).map((p) => p.code)).toEqual(['CONNECTION_PLAIN_HTTP_WITH_TLS', 'CONNECTION_PASSWORD_WITHOUT_USERNAME']);
    expect(renderError((form.details?.problems as never[])[1] as never, 'zh-CN', 'ui')).toMatchObject({ message: '请在填写密码的同时填写用户名', localized: true });
    expect(connectionProblems({ plainHttp: true, insecure: true, username: 'u', password: '' })).toHaveLength(2);
  });
});
