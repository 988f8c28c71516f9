/**
 * WWW-Authenticate parsing with a real tokenizer (RFC 7235: challenge = auth-scheme [ 1*SP
 * ( token68 / #auth-param ) ]), not a regex: parameters come in any order, values may be quoted
 * with escapes and contain commas, and several challenges may share one header.
 */
export interface AuthChallenge {
  /** Lower-cased scheme: `bearer`, `basic`. */
  readonly scheme: string;
  /** Lower-cased parameter names → values. */
  readonly params: Readonly<Record<string, string>>;
}

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;

export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  let i = 0;
  const n = header.length;
  const skipSpace = () => {
    while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
  };
  const readToken = (): string => {
    const start = i;
    while (i < n && TCHAR.test(header[i] as string)) i++;
    return header.slice(start, i);
  };
  const readQuoted = (): string => {
    // at the opening quote
    i++;
    let out = '';
    while (i < n) {
      const ch = header[i] as string;
      if (ch === '\\' && i + 1 < n) {
        out += header[i + 1];
        i += 2;
      } else if (ch === '"') {
        i++;
        return out;
      } else {
        out += ch;
        i++;
      }
    }
    return out; // unterminated: take what there is
  };

  while (i < n) {
    skipSpace();
    while (i < n && header[i] === ',') {
      i++;
      skipSpace();
    }
    const scheme = readToken();
    if (!scheme) {
      i++; // skip a character we cannot parse and carry on
      continue;
    }
    const params: Record<string, string> = {};
    skipSpace();
    // Parameters until the next challenge (a token followed by a space and not by '=').
    for (;;) {
      skipSpace();
      const save = i;
      const name = readToken();
      if (!name) break;
      skipSpace();
      if (header[i] !== '=') {
        // Either a token68 (e.g. "Basic abc=") or the next challenge's scheme.
        if (Object.keys(params).length === 0 && (i >= n || header[i] === ',')) {
          params[''] = name;
          break;
        }
        i = save;
        break;
      }
      i++;
      skipSpace();
      const value = header[i] === '"' ? readQuoted() : readToken();
      params[name.toLowerCase()] = value;
      skipSpace();
      if (header[i] === ',') {
        i++;
        // A comma may end this challenge: peek whether a new scheme follows.
        const peek = i;
        skipSpace();
        const next = readToken();
        skipSpace();
        const isParam = next !== '' && header[i] === '=';
        i = peek;
        if (!isParam && next !== '') break;
      }
    }
    challenges.push({ scheme: scheme.toLowerCase(), params });
  }
  return challenges;
}

/** The challenge we can answer, preferring bearer over basic. */
export function pickChallenge(challenges: readonly AuthChallenge[]): AuthChallenge | undefined {
  return challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
}
