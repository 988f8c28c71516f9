/**
 * WWW-Authenticate parsing with a real tokenizer (RFC 9110 §11.6.1: challenge = auth-scheme
 * [ 1*SP ( token68 / #auth-param ) ]), not a regex: parameters come in any order, values may be
 * quoted with escapes and contain commas, several challenges may share one header, and empty list
 * elements (",,") are skipped as the list rules require. One pass, no backtracking beyond a token;
 * anything unparseable is skipped, never thrown.
 */
export interface AuthChallenge {
  /** Lower-cased scheme: `bearer`, `basic`. */
  readonly scheme: string;
  /** Lower-cased parameter names → values; a token68 credential is under ''. */
  readonly params: Readonly<Record<string, string>>;
}

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68 = /[-._~+/0-9A-Za-z]/;

export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  const n = header.length;
  let i = 0;
  const at = (k: number) => header[k] as string;
  const skipSpace = () => {
    while (i < n && (at(i) === ' ' || at(i) === '\t')) i++;
  };
  // Separators and empty list elements: OWS and commas.
  const skipSeparators = () => {
    while (i < n && (at(i) === ' ' || at(i) === '\t' || at(i) === ',')) i++;
  };
  const readToken = (): string => {
    const start = i;
    while (i < n && TCHAR.test(at(i))) i++;
    return header.slice(start, i);
  };
  const readQuoted = (): string => {
    i++; // the opening quote
    const parts: string[] = [];
    let start = i;
    while (i < n) {
      const ch = at(i);
      if (ch === '\\' && i + 1 < n) {
        parts.push(header.slice(start, i), at(i + 1));
        i += 2;
        start = i;
      } else if (ch === '"') {
        parts.push(header.slice(start, i));
        i++;
        return parts.join('');
      } else i++;
    }
    parts.push(header.slice(start, i));
    return parts.join(''); // unterminated: take what there is
  };
  // Lenient about unquoted values (some registries send realm=https://…): up to OWS or a comma.
  const readBare = (): string => {
    const start = i;
    while (i < n && at(i) !== ',' && at(i) !== ' ' && at(i) !== '\t' && at(i) !== '"') i++;
    return header.slice(start, i);
  };
  // token68 right after the scheme: its characters, '=' padding, then the end of this challenge.
  const readToken68 = (): string | undefined => {
    const start = i;
    let k = i;
    while (k < n && TOKEN68.test(at(k))) k++;
    if (k === start) return undefined;
    while (k < n && at(k) === '=') k++;
    const end = k;
    while (k < n && (at(k) === ' ' || at(k) === '\t')) k++;
    if (k < n && at(k) !== ',') return undefined;
    i = k;
    return header.slice(start, end);
  };

  while (i < n) {
    skipSeparators();
    if (i >= n) break;
    const scheme = readToken();
    if (!scheme) {
      i++; // a character that cannot start a challenge: skip it and carry on
      continue;
    }
    // No prototype: a parameter named __proto__ is a parameter like any other.
    const params = Object.create(null) as Record<string, string>;
    challenges.push({ scheme: scheme.toLowerCase(), params });
    if (i < n && at(i) !== ' ' && at(i) !== '\t' && at(i) !== ',') continue;
    skipSpace();
    const credential = readToken68();
    if (credential !== undefined) {
      params[''] = credential;
      continue;
    }
    // auth-params until something that is not `name = value`: the next challenge's scheme.
    for (;;) {
      skipSeparators();
      const save = i;
      const name = readToken();
      if (!name) break;
      skipSpace();
      if (at(i) !== '=') {
        i = save;
        break;
      }
      i++;
      skipSpace();
      params[name.toLowerCase()] = at(i) === '"' ? readQuoted() : readBare();
      skipSpace();
      if (i < n && at(i) !== ',') break; // garbage after a value: the outer loop skips it
    }
  }
  return challenges;
}

/** The challenge we can answer, preferring bearer over basic. */
export function pickChallenge(challenges: readonly AuthChallenge[]): AuthChallenge | undefined {
  return challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
}
