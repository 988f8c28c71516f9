import { describe, expect, it } from 'vitest';
import { autoindexHtml } from '../../shared/serve/autoindex';
import { parseRange } from '../../shared/serve/http-range';
import { parseRequestPath } from '../../shared/serve/request-path';

describe('parseRequestPath', () => {
  it('decodes each segment once and keeps the trailing slash', () => {
    expect(parseRequestPath('/plugins/key%2Dauth/1.0.0/?x=1')).toMatchObject({ ok: true, segments: ['plugins', 'key-auth', '1.0.0'], trailingSlash: true });
    expect(parseRequestPath('/')).toMatchObject({ ok: true, segments: [], trailingSlash: true });
    expect(parseRequestPath('/v2/_catalog?n=2&last=a')).toMatchObject({ ok: true, segments: ['v2', '_catalog'], trailingSlash: false });
    expect((parseRequestPath('/v2/_catalog?n=2') as { query: URLSearchParams }).query.get('n')).toBe('2');
    // double encoding stays literal: it can never become a dot segment
    expect(parseRequestPath('/plugins/%252e%252e')).toMatchObject({ ok: true, segments: ['plugins', '%2e%2e'] });
  });

  it('refuses dot segments, encoded separators, control characters, bad escapes and non-path targets', () => {
    for (const t of ['/plugins/../x', '/plugins/./x', '/plugins/%2e%2E/x', '/a%2fb', '/a%5cb', '/a%00b', '/a%0ab', '/a//b', '/%E0%A4%A', 'http://evil/plugins/', '*', '']) {
      expect(parseRequestPath(t).ok, t).toBe(false);
    }
  });
});

describe('parseRange', () => {
  it('parses one byte range and clamps it to the entry', () => {
    expect(parseRange('bytes=0-3', 10)).toEqual({ start: 0, end: 3 });
    expect(parseRange('bytes=4-', 10)).toEqual({ start: 4, end: 9 });
    expect(parseRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange('bytes=-30', 10)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=5-99', 10)).toEqual({ start: 5, end: 9 });
  });

  it('ignores what it cannot honour and reports unsatisfiable ranges', () => {
    expect(parseRange(undefined, 10)).toBeUndefined();
    expect(parseRange('bytes=0-1,4-5', 10)).toBeUndefined();
    expect(parseRange('bytes=5-2', 10)).toBeUndefined();
    expect(parseRange('items=0-1', 10)).toBeUndefined();
    expect(parseRange('bytes=-', 10)).toBeUndefined();
    expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable');
  });
});

describe('autoindexHtml', () => {
  const when = new Date('2026-01-01T00:00:00Z');

  it('writes nginx rows: folders first, names padded to 50, GMT date, size right-aligned in 19', () => {
    const html = autoindexHtml('/plugins/x/1.0.0/', [
      { name: 'plugin.wasm', dir: false, size: 1234 },
      { name: 'metadata.txt', dir: false, size: 99 },
      { name: 'sub', dir: true, size: 0 },
    ], when);
    const lines = html.split('\r\n');
    expect(lines.slice(0, 4)).toEqual(['<html>', '<head><title>Index of /plugins/x/1.0.0/</title></head>', '<body>', '<h1>Index of /plugins/x/1.0.0/</h1><hr><pre><a href="../">../</a>']);
    expect(lines[4]).toBe(`<a href="sub/">sub/</a>${' '.repeat(46)} 01-Jan-2026 00:00 ${' '.repeat(18)}-`);
    expect(lines[5]).toBe(`<a href="metadata.txt">metadata.txt</a>${' '.repeat(38)} 01-Jan-2026 00:00 ${' '.repeat(17)}99`);
    expect(lines[6]).toMatch(/^<a href="plugin.wasm">plugin.wasm<\/a> +01-Jan-2026 00:00 +1234$/);
    expect(lines.slice(7)).toEqual(['</pre><hr></body>', '</html>', '']);
  });

  it('escapes names for HTML and URLs and truncates long ones like nginx', () => {
    const html = autoindexHtml('/<x>/', [{ name: 'a"b<c>&d e', dir: false, size: 1 }, { name: 'n'.repeat(60), dir: false, size: 1 }], when);
    expect(html).toContain('Index of /&#60;x&#62;/');
    expect(html).toContain('<a href="a%22b%3Cc%3E%26d%20e">a&#34;b&#60;c&#62;&#38;d e</a>');
    expect(html).toContain(`<a href="${'n'.repeat(60)}">${'n'.repeat(47)}..&gt;</a> 01-Jan-2026`);
  });
});
