import { describe, expect, it } from 'vitest';
import { IssueList } from '../../shared/bundle/cross-check';
import { printable } from '../../shared/errors';

describe('untrusted names in messages', () => {
  it('control characters become escapes and long names are cut', () => {
    expect(printable('ok/plain name')).toBe('ok/plain name');
    expect(printable('evil\u001b]0;pwned\u0007\r\nname')).toBe('evil\\x1b]0;pwned\\x07\\x0d\\x0aname');
    expect(printable('a'.repeat(600), 512)).toBe(`${'a'.repeat(512)}…(88 more)`);
  });

  it('a bundle issue quoting a hostile tag carries no terminal escape', () => {
    const issues = new IssueList();
    issues.add('DOCKER_TAG_UNDECLARED', `manifest.json tags \u001b[2Jvictim:latest${'x'.repeat(5000)}`);
    const [issue] = issues.list();
    // eslint-disable-next-line no-control-regex
    expect(issue!.message).not.toMatch(/[\u0000-\u001f]/);
    expect(issue!.message.length).toBeLessThan(1100);
  });
});
