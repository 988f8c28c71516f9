import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWwwAuthenticate, pickChallenge, type AuthChallenge } from '../../shared/registry/auth-challenge';

// WWW-Authenticate comes from the registry (or anything in front of it): untrusted input. The
// tokenizer must never throw or hang, and must read every well-formed header (RFC 7235 with the
// RFC 9110 list rules) exactly: any order, quoted values with escapes and commas, several
// challenges in one header, empty list elements, any letter case in schemes and names.
const TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const token = fc.string({ unit: fc.constantFrom(...TCHARS), minLength: 1, maxLength: 12 });
// Values: visible ASCII, spaces, tabs and some non-ASCII (obs-text), quotes and backslashes included.
const value = fc.string({ unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), fc.constantFrom('\t', 'é', '中')), maxLength: 30 });
const ows = fc.constantFrom('', ' ', '  ', '\t', ' \t ');
const randomCase = (s: string) => fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }).map((up) => [...s].map((ch, i) => (up[i] ? ch.toUpperCase() : ch.toLowerCase())).join(''));

interface Spec {
  readonly scheme: string;
  readonly params: ReadonlyArray<readonly [string, string]>;
}

const challengeSpec: fc.Arbitrary<Spec> = fc.record({
  scheme: token,
  params: fc.uniqueArray(fc.tuple(token, value), { maxLength: 5, selector: ([name]) => name.toLowerCase() }),
});

/** Writes a header the way a registry might: random spacing, quoting where needed or not, extra commas. */
function render(specs: readonly Spec[]): fc.Arbitrary<string> {
  const parts = specs.map((spec) =>
    fc.tuple(
      randomCase(spec.scheme),
      fc.tuple(...spec.params.map(([name, v]) => fc.tuple(randomCase(name), ows, ows, fc.boolean(), fc.constantFrom(',', ', ', ',,', ' , ,')).map(([n, a, b, bare, comma]) => {
        const isToken = v.length > 0 && [...v].every((ch) => TCHARS.includes(ch));
        const written = bare && isToken ? v : `"${v.replace(/[\\"]/g, (m) => `\\${m}`)}"`;
        return { text: `${n}${a}=${b}${written}`, comma };
      }))),
      fc.constantFrom(', ', ',', ' ,, ', ',\t'),
    ).map(([scheme, params, sep]) => ({ text: params.length ? `${scheme} ${params.map((p, i) => (i < params.length - 1 ? `${p.text}${p.comma}` : p.text)).join('')}` : scheme, sep })),
  );
  return fc.tuple(...parts, ows, ows).map((all) => {
    const lead = all[all.length - 2] as string;
    const trail = all[all.length - 1] as string;
    const items = all.slice(0, -2) as Array<{ text: string; sep: string }>;
    return `${lead}${items.map((c, i) => (i < items.length - 1 ? `${c.text}${c.sep}` : c.text)).join('')}${trail}`;
  });
}

const expected = (specs: readonly Spec[]): AuthChallenge[] => specs.map((s) => ({ scheme: s.scheme.toLowerCase(), params: Object.fromEntries(s.params.map(([n, v]) => [n.toLowerCase(), v])) }));

describe('WWW-Authenticate parsing (property-based)', () => {
  it('never throws on any input, and yields only lower-case token schemes and names', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (header) => {
        const parsed = parseWwwAuthenticate(header);
        for (const c of parsed) {
          expect(c.scheme).toMatch(/^[!#$%&'*+\-.^_`|~0-9a-z]+$/);
          for (const name of Object.keys(c.params)) expect(name).toMatch(/^([!#$%&'*+\-.^_`|~0-9a-z]+)?$/);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back every well-formed header exactly, whatever the spacing, quoting, case and empty list elements', () => {
    fc.assert(
      fc.property(
        fc.array(challengeSpec, { minLength: 1, maxLength: 4 }).chain((specs) => fc.tuple(fc.constant(specs), render(specs))),
        ([specs, header]) => {
          expect(parseWwwAuthenticate(header)).toEqual(expected(specs));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('reads a token68 credential (base64 with padding) as the challenge’s only value', () => {
    const token68 = fc.tuple(fc.string({ unit: fc.constantFrom(...'ABCxyz019-._~+/'), minLength: 1, maxLength: 20 }), fc.string({ unit: fc.constant('='), maxLength: 2 })).map(([a, b]) => a + b);
    fc.assert(
      fc.property(token, token68, challengeSpec, (scheme, credential, next) => {
        const parsed = parseWwwAuthenticate(`${scheme} ${credential}, ${next.scheme}${next.params.length ? ` ${next.params.map(([n, v]) => `${n}="${v.replace(/[\\"]/g, (m) => `\\${m}`)}"`).join(', ')}` : ''}`);
        expect(parsed).toEqual([{ scheme: scheme.toLowerCase(), params: { '': credential } }, ...expected([next])]);
      }),
      { numRuns: 1000 },
    );
  });

  it('picks bearer whenever one is offered, else basic, else nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('Basic', 'Bearer', 'Negotiate', 'Digest'), { maxLength: 5 }), (schemes) => {
        const header = schemes.map((s, i) => `${s} realm="r${i}"`).join(', ');
        const picked = pickChallenge(parseWwwAuthenticate(header));
        const want = schemes.includes('Bearer') ? 'bearer' : schemes.includes('Basic') ? 'basic' : undefined;
        expect(picked?.scheme).toBe(want);
        if (picked) expect(picked.params.realm).toBe(`r${schemes.findIndex((s) => s.toLowerCase() === want)}`);
      }),
    );
  });

  it('keeps a parameter named __proto__ as a parameter (found by the properties above)', () => {
    const [c] = parseWwwAuthenticate('Bearer __proto__="x", realm="https://r/t"');
    expect(c?.params).toEqual(Object.fromEntries([['__proto__', 'x'], ['realm', 'https://r/t']]));
    expect(Object.getPrototypeOf(c?.params)).toBe(null);
  });

  it('reads a long hostile header in one pass (no backtracking blow-up)', () => {
    const header = `Bearer ${'a=",\\'.repeat(20_000)}`;
    expect(() => parseWwwAuthenticate(header)).not.toThrow();
    expect(parseWwwAuthenticate(`Bearer realm="${'\\"'.repeat(50_000)}"`)[0]?.params.realm).toBe('"'.repeat(50_000));
  });
});
