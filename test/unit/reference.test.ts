import { describe, expect, it } from 'vitest';
import { formatReference, manifestReference, parseReference, registryApiHost } from '../../shared/oci/reference';
import { formatTarget, parseTarget, retag, retagString } from '../../shared/oci/retag';

const D = `sha256:${'a'.repeat(64)}`;

describe('parseReference', () => {
  it.each([
    ['nginx', { registry: 'docker.io', repository: 'library/nginx' }],
    ['nginx:1.25', { registry: 'docker.io', repository: 'library/nginx', tag: '1.25' }],
    ['bitnami/nginx', { registry: 'docker.io', repository: 'bitnami/nginx' }],
    ['docker.io/nginx', { registry: 'docker.io', repository: 'library/nginx' }],
    ['index.docker.io/library/nginx:latest', { registry: 'docker.io', repository: 'library/nginx', tag: 'latest' }],
    ['localhost/foo', { registry: 'localhost', repository: 'foo' }],
    ['localhost:5000/foo/bar:v1', { registry: 'localhost:5000', repository: 'foo/bar', tag: 'v1' }],
    ['127.0.0.1:5000/plugins/key-auth:2.0.0', { registry: '127.0.0.1:5000', repository: 'plugins/key-auth', tag: '2.0.0' }],
    ['[::1]:5000/plugins/key-auth:2.0.0', { registry: '[::1]:5000', repository: 'plugins/key-auth', tag: '2.0.0' }],
    ['Harbor.Example.COM/higress/x', { registry: 'harbor.example.com', repository: 'higress/x' }],
    [`higress-registry.cn-hangzhou.cr.aliyuncs.com/higress/plugin-server:2.2.4@${D}`, { registry: 'higress-registry.cn-hangzhou.cr.aliyuncs.com', repository: 'higress/plugin-server', tag: '2.2.4', digest: D }],
    [`r.example/a/b@${D}`, { registry: 'r.example', repository: 'a/b', digest: D }],
    ['r.example/a__b/c-d.e:t_1', { registry: 'r.example', repository: 'a__b/c-d.e', tag: 't_1' }],
  ])('%s', (input, expected) => {
    expect(parseReference(input)).toEqual(expected);
  });

  it.each([
    ['', 'empty'],
    ['oci://r.example/a:1', 'scheme'],
    ['r.example/A/b', 'lowercase'],
    ['r.example/a:-bad', 'not a valid tag'],
    ['r.example/a@sha256:abc', 'not a digest'],
    ['r.example//a', 'empty component'],
    ['r.example:99999/a', 'not a valid registry host'],
    ['a b', 'whitespace'],
    [`r.example/${'a'.repeat(300)}`, 'longer than'],
  ])('refuses %j (%s)', (input, why) => {
    expect(() => parseReference(input)).toThrow(why);
  });

  it('formats the full canonical form and round-trips', () => {
    for (const s of ['docker.io/library/nginx:1', `127.0.0.1:5000/a/b:t@${D}`, '[::1]:5000/x:y']) {
      expect(formatReference(parseReference(s))).toBe(s);
    }
    expect(formatReference(parseReference('nginx'))).toBe('docker.io/library/nginx');
  });

  it('asks for the digest when pinned, else the tag, else latest', () => {
    expect(manifestReference(parseReference(`a.b/c:1@${D}`))).toBe(D);
    expect(manifestReference(parseReference('a.b/c:1'))).toBe('1');
    expect(manifestReference(parseReference('a.b/c'))).toBe('latest');
  });

  it('sends Docker Hub API calls to registry-1.docker.io', () => {
    expect(registryApiHost('docker.io')).toBe('registry-1.docker.io');
    expect(registryApiHost('r.example:5000')).toBe('r.example:5000');
  });
});

describe('retag rules', () => {
  const src = parseReference('higress-registry.cn-hangzhou.cr.aliyuncs.com/plugins/key-auth:2.0.0');

  it('keeps the source path under the target prefix by default', () => {
    expect(formatReference(retag(src, parseTarget('harbor.example.com/higress')))).toBe('harbor.example.com/higress/plugins/key-auth:2.0.0');
  });

  it('flattens to the last path segment on request', () => {
    expect(formatReference(retag(src, parseTarget('harbor.example.com/infra/higress', 'flatten')))).toBe('harbor.example.com/infra/higress/key-auth:2.0.0');
  });

  it('works without a project and with host:port', () => {
    expect(retagString('docker.io/library/nginx:1', parseTarget('10.0.0.5:5000'))).toBe('10.0.0.5:5000/library/nginx:1');
    expect(retagString('nginx:1', parseTarget('10.0.0.5:5000/mirror/'))).toBe('10.0.0.5:5000/mirror/library/nginx:1');
  });

  it('keeps the digest of a pinned source', () => {
    expect(retag(parseReference(`a.b/c:1@${D}`), parseTarget('t.example/p')).digest).toBe(D);
  });

  it('refuses bad targets with a hint', () => {
    expect(() => parseTarget('https://harbor/x')).toThrow('scheme');
    expect(() => parseTarget('harbor.example.com/Higress')).toThrow('not a valid project');
    expect(() => parseTarget('')).toThrow('empty');
    expect(formatTarget(parseTarget('Harbor.Example.com/p/q'))).toBe('harbor.example.com/p/q');
  });
});
