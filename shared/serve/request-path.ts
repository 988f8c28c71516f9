/**
 * A request target as decoded path segments. Each segment is percent-decoded once, on its own,
 * so an encoded `/` or `\` can never join segments, and dot segments, control characters and
 * malformed escapes are refused outright: nothing here is ever mapped onto a file system, but a
 * refused path cannot be confused with a bundle entry either.
 */
export type RequestPath =
  | { readonly ok: true; readonly segments: readonly string[]; readonly trailingSlash: boolean; readonly query: URLSearchParams }
  | { readonly ok: false; readonly reason: string };

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const FORBIDDEN = /[\u0000-\u001f\u007f/\\]/;

export function parseRequestPath(target: string): RequestPath {
  // Origin-form only: absolute-form (proxy requests) and `*` are not for us.
  if (!target.startsWith('/')) return { ok: false, reason: 'the request target is not a path' };
  const q = target.indexOf('?');
  const rawPath = q < 0 ? target : target.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
  const raw = rawPath.slice(1).split('/');
  const trailingSlash = raw[raw.length - 1] === '';
  if (trailingSlash) raw.pop();
  const segments: string[] = [];
  for (const r of raw) {
    if (r === '') return { ok: false, reason: 'empty path segment' };
    let s: string;
    try {
      s = decodeURIComponent(r);
    } catch {
      return { ok: false, reason: 'malformed percent-encoding' };
    }
    if (s === '.' || s === '..') return { ok: false, reason: 'dot segments are not allowed' };
    if (FORBIDDEN.test(s)) return { ok: false, reason: 'slashes, backslashes and control characters are not allowed in a segment' };
    segments.push(s);
  }
  return { ok: true, segments, trailingSlash, query };
}
