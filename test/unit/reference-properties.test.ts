import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { formatReference, hasUserinfo, parseReference, redactCredentialsInText, redactUserinfo, refuseCredentials, type ImageReference } from '../../shared/oci/reference';

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
const port = fc.integer({ min: 1, max: 65535 });
const withPort = (host: fc.Arbitrary<string>) => fc.tuple(host, fc.option(port, { nil: undefined })).map(([h, p]) => (p === undefined ? h : `${h}:${p}`));
const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** Registries as they come out of parseReference: lowercase, with a dot, a port, localhost or IPv6. */
const registry = fc.oneof(
  withPort(fc.array(label, { minLength: 2, maxLength: 4 }).map((l) => l.join('.'))).filter((h) => !HUB_ALIASES.has(h)),
  withPort(fc.constant('localhost')),
  withPort(fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'))),
  withPort(fc.constantFrom('[::1]', '[fe80::1]', '[2001:db8::8:800:200c:417a]', '[::ffff:10.0.0.1]')),
  fc.constant('docker.io'),
);
const component = fc.stringMatching(/^[a-z0-9]{1,8}(?:(?:[._]|__|-{1,3})[a-z0-9]{1,8}){0,2}$/);
const tag = fc.stringMatching(/^\w[\w.-]{0,40}$/);
const digest = fc.oneof(
  fc.stringMatching(/^[a-f0-9]{64}$/).map((h) => `sha256:${h}`),
  fc.stringMatching(/^[a-f0-9]{128}$/).map((h) => `sha512:${h}`),
);

const reference: fc.Arbitrary<ImageReference> = fc
  .record({
    registry,
    path: fc.array(component, { minLength: 1, maxLength: 4 }),
    tag: fc.option(tag, { nil: undefined }),
    digest: fc.option(digest, { nil: undefined }),
  })
  .map(({ registry: r, path, tag: t, digest: d }) => ({
    registry: r,
    // Docker Hub's official images live under library/ (a one-component name gets it when parsed).
    repository: r === 'docker.io' && path.length === 1 ? `library/${path[0]}` : path.join('/'),
    ...(t !== undefined ? { tag: t } : {}),
    ...(d !== undefined ? { digest: d } : {}),
  }))
  .filter((ref) => ref.registry.length + ref.repository.length + 1 <= 255);

/** Everything an error shows the operator (and the UI): message, hint, details. */
function shown(e: unknown): string {
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`);
  return `${e.message}\n${e.hint ?? ''}\n${JSON.stringify(e.details ?? {})}`;
}

function errorOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a refusal');
}

const HINTS = shown(errorOf(() => parseReference('a.b/A'))) + shown(errorOf(() => parseReference('u:p@a.b/c')));
const user = fc.stringMatching(/^[A-Za-z0-9._-]{1,16}$/);
// Any text a person might type as a password: printable ASCII, Unicode, control characters.
const password = fc.oneof(fc.string({ minLength: 6, maxLength: 32 }), fc.string({ minLength: 6, maxLength: 32, unit: 'grapheme' }), fc.string({ minLength: 6, maxLength: 32, unit: 'binary' }));

describe('image references, property-based', () => {
  it('parse(format(x)) returns x for every valid reference', () => {
    fc.assert(
      fc.property(reference, (ref) => {
        expect(parseReference(formatReference(ref))).toEqual(ref);
      }),
      { numRuns: 2000 },
    );
  });

  it('format(parse(s)) is a fixed point: parsing the canonical form gives the same reference', () => {
    fc.assert(
      fc.property(reference, (ref) => {
        const once = formatReference(parseReference(formatReference(ref)));
        expect(formatReference(parseReference(once))).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it('a password typed into a reference never appears in the error, in any position or form', () => {
    const shapes = fc.oneof(
      // user:password@registry/path:tag
      fc.tuple(user, password, reference).map(([u, p, r]) => ({ input: `${u}:${p}@${formatReference(r)}`, u, p })),
      // scheme://user:password@registry/path
      fc.tuple(fc.constantFrom('https://', 'http://', 'oci://', 'docker://'), user, password, reference).map(([s, u, p, r]) => ({ input: `${s}${u}:${p}@${formatReference(r)}`, u, p })),
      // user:password@host (no path), with spaces around
      fc.tuple(user, password, registry, fc.constantFrom('', ' ', '\t')).map(([u, p, h, pad]) => ({ input: `${pad}${u}:${p}@${h}${pad}`, u, p })),
      // anything around it
      fc.tuple(fc.string({ maxLength: 12 }), user, password, fc.string({ maxLength: 12 }).map((t) => `@${t}`), fc.string({ maxLength: 20 })).map(([pre, u, p, at, post]) => ({ input: `${pre}${u}:${p}${at}${post}`, u, p })),
    );
    fc.assert(
      fc.property(
        // The password must be something the message could not contain by coincidence.
        shapes.filter(({ input, u, p }) => !u.includes(p) && !HINTS.includes(p) && input.indexOf(p) === input.lastIndexOf(p) && !input.slice(input.indexOf(p) + p.length).includes(p)),
        ({ input, p }) => {
          const e = errorOf(() => parseReference(input));
          expect(shown(e)).not.toContain(p);
          expect(shown(e)).not.toContain(JSON.stringify(p).slice(1, -1));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('refuses userinfo in references with CREDENTIALS_IN_REFERENCE, masking only the password', () => {
    const e = errorOf(() => parseReference('admin:Harbor12345@harbor.example.com/higress/plugin-server:2.2.4'));
    expect(e).toMatchObject({ code: 'CREDENTIALS_IN_REFERENCE', details: { value: 'admin:***@harbor.example.com/higress/plugin-server:2.2.4' } });
    expect((e as Error).message).toContain('admin:***@harbor.example.com');
    // A lone name before @ may be a token: all of it is masked.
    expect(redactUserinfo('ghp_abc123@ghcr.io/x/y')).toBe('***@ghcr.io/x/y');
    // Digests are not userinfo, and a typo in one is still reported as a bad digest.
    expect(hasUserinfo(`a.b/c:1@sha256:${'a'.repeat(64)}`)).toBe(false);
    expect(() => parseReference('nginx@sha256:abc')).toThrow('is not a digest');
    expect(() => parseReference('r.example:5000/a@sha256:abc')).toThrow('is not a digest');
  });

  it('refuses userinfo in registry host fields', () => {
    fc.assert(
      fc.property(user, password.filter((p) => !p.includes('@')), registry, (u, p, h) => {
        fc.pre(!u.includes(p) && !h.includes(p) && !HINTS.includes(p));
        const e = errorOf(() => refuseCredentials(`${u}:${p}@${h}`, 'Registry host'));
        expect(e).toMatchObject({ code: 'CREDENTIALS_IN_REFERENCE', details: { field: 'Registry host' } });
        expect(shown(e)).not.toContain(p);
      }),
      { numRuns: 1000 },
    );
    expect(() => refuseCredentials('harbor.example.com:8443', 'Registry host')).not.toThrow();
  });

  it('masks user:password@ inside free text, leaving digests and tags alone', () => {
    fc.assert(
      fc.property(user, password.filter((p) => !/[\s"'`@]/.test(p)), registry, (u, p, h) => {
        fc.pre(!u.includes(p) && !h.includes(p) && !'Invalid target registry'.includes(p));
        const text = `Invalid target registry "${u}:${p}@${h}/x": "${u}:${p}@${h}" is not a registry host`;
        expect(redactCredentialsInText(text)).not.toContain(p);
      }),
      { numRuns: 1000 },
    );
    const pinned = `r.example/a/b:1.0@sha256:${'c'.repeat(64)}`;
    expect(redactCredentialsInText(`pulled ${pinned}`)).toBe(`pulled ${pinned}`);
  });
});
