import { describe, expect, it } from 'vitest';
import { renderError } from '../../shared/messages/catalog';
import { connectionFieldProblems } from '../../renderer/src/components/connection-problems';
import { emptyConnection } from '../../renderer/src/model/connection';

// The connection fields say, at the field, what the engine would refuse: the same rules, codes and
// texts as a refused request (test/services/connection-refusals.test.ts), in the UI's language.
describe('the connection fields', () => {
  it('say nothing for a consistent form', () => {
    expect(connectionFieldProblems(emptyConnection)).toEqual([]);
    expect(connectionFieldProblems({ ...emptyConnection, username: 'u', password: 'p', caFile: '/ca.pem', insecure: true })).toEqual([]);
    // Plain HTTP greys out the TLS options and the form does not send them: nothing to refuse.
    expect(connectionFieldProblems({ ...emptyConnection, plainHttp: true, insecure: true, caFile: '/ca.pem' })).toEqual([]);
  });

  it('point a username without a password at the password field, and the reverse at the username', () => {
    const noPassword = connectionFieldProblems({ ...emptyConnection, username: ' admin ' });
    expect(noPassword.map((p) => [p.field, p.problem.code])).toEqual([['password', 'CONNECTION_USERNAME_WITHOUT_PASSWORD']]);
    expect(renderError(noPassword[0]!.problem, 'en', 'ui')).toEqual({ message: 'Give the password with the username', hint: 'Type the password into the Password field, or clear the Username field.', localized: true });
    expect(renderError(noPassword[0]!.problem, 'zh-CN', 'ui').message).toBe('请在填写用户名的同时填写密码');
    const noUser = connectionFieldProblems({ ...emptyConnection, password: 'secret-pw' });
    expect(noUser.map((p) => [p.field, p.problem.code])).toEqual([['username', 'CONNECTION_PASSWORD_WITHOUT_USERNAME']]);
    expect(JSON.stringify(noUser)).not.toContain('secret-pw');
    // A form without credentials (saved registry settings) has nothing to say about them.
    expect(connectionFieldProblems({ ...emptyConnection, username: 'admin' }, false)).toEqual([]);
  });
});
