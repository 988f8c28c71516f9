// Helpers for generate-catalog-data.mjs: reading bare git mirrors, provenance strings, and the small
// parsers (Java properties, Java string constants, Helm image expressions) the generator needs.
// Plain Node ESM; the only dependency is `yaml`.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import YAML from 'yaml';

/** A fact the generator could not establish the way it expects: the upstream code changed shape. */
export class UpstreamFactError extends Error {
  constructor(code, message, details = {}) {
    super(`${code}: ${message}`);
    this.name = 'UpstreamFactError';
    this.code = code;
    this.details = details;
  }
}

export function fail(code, message, details) {
  throw new UpstreamFactError(code, message, details);
}

/** One bare mirror of one upstream repository. */
export class Mirror {
  /** @param {string} repo owner/name as provenance spells it @param {string} dir the git directory */
  constructor(repo, dir) {
    this.repo = repo;
    this.dir = dir;
    this.cache = new Map();
  }

  git(...args) {
    return execFileSync('git', ['-C', this.dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  tryGit(...args) {
    try {
      return this.git(...args);
    } catch {
      return undefined;
    }
  }

  /** Full commit id a ref (tag, branch, abbreviated id) peels to, or undefined. */
  commit(ref) {
    const out = this.tryGit('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
    return out ? out.trim() : undefined;
  }

  mustCommit(ref) {
    const c = this.commit(ref);
    if (!c) fail('UPSTREAM_REF_MISSING', `${this.repo} has no ref ${ref} in ${this.dir}`, { repo: this.repo, ref });
    return c;
  }

  /** File text at a commit, or undefined when the path does not exist there. */
  read(commit, path) {
    const key = `${commit}:${path}`;
    if (!this.cache.has(key)) this.cache.set(key, this.tryGit('show', key));
    return this.cache.get(key);
  }

  mustRead(commit, path) {
    const text = this.read(commit, path);
    if (text === undefined) fail('UPSTREAM_FILE_MISSING', `${this.repo}@${short(commit)} has no ${path}`, { repo: this.repo, commit, path });
    return text;
  }

  /** Paths under a folder at a commit. */
  list(commit, folder) {
    const out = this.tryGit('ls-tree', '-r', '--name-only', commit, '--', folder);
    return out ? out.split('\n').filter(Boolean) : [];
  }

  /** Tree id of a folder at a commit (to compare folders across commits). */
  treeId(commit, folder) {
    const out = this.tryGit('rev-parse', `${commit}:${folder}`);
    return out ? out.trim() : undefined;
  }

  /** Commits (newest first, all refs) that touched a path. */
  commitsTouching(path) {
    const out = this.tryGit('log', '--all', '--format=%H', '--', path);
    return out ? out.split('\n').filter(Boolean) : [];
  }

  isAncestor(a, b) {
    try {
      execFileSync('git', ['-C', this.dir, 'merge-base', '--is-ancestor', a, b], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  }

  date(commit) {
    return this.git('log', '-1', '--format=%cI', commit).trim();
  }

  /** Provenance `owner/repo@<12-char commit>:<path>[#symbol]`. */
  prov(commit, path, symbol) {
    return provenance(this.repo, commit, path, symbol);
  }
}

export function short(commit) {
  return commit.slice(0, 12);
}

export function provenance(repo, commit, path, symbol) {
  if (!/^[0-9a-f]{40}$/.test(commit)) fail('BAD_COMMIT', `not a full commit id: ${commit}`, { commit });
  return `${repo}@${short(commit)}:${path}${symbol ? `#${symbol}` : ''}`;
}

export function sha256Hex(text) {
  return createHash('sha256').update(text).digest('hex');
}

/** Parse a YAML file leniently the way Jackson does (duplicate keys: the last wins). */
export function parseYaml(text) {
  return YAML.parse(text, { uniqueKeys: false });
}

/**
 * java.util.Properties for the simple files upstream uses: `key=value`, `#`/`!` comments, blank lines.
 * Anything fancier (continuations, `:` separators) is refused rather than guessed.
 */
export function parseProperties(text, where) {
  const entries = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    if (line.endsWith('\\')) fail('UNSUPPORTED_PROPERTIES', `line continuation in ${where}`, { where, line });
    const i = line.indexOf('=');
    if (i <= 0) fail('UNSUPPORTED_PROPERTIES', `no key=value in ${where}: ${line}`, { where, line });
    entries.push({ key: line.slice(0, i).trim(), value: line.slice(i + 1).trim() });
  }
  const seen = new Set();
  for (const e of entries) {
    if (seen.has(e.key)) fail('DUPLICATE_PROPERTY', `${e.key} twice in ${where}`, { where, key: e.key });
    seen.add(e.key);
  }
  return entries;
}

/** `private|public static final String NAME = "literal";` constants of a Java source, by name. */
export function javaStringConstants(source) {
  const out = {};
  for (const m of source.matchAll(/static\s+final\s+String\s+(\w+)\s*=\s*"((?:[^"\\]|\\.)*)"\s*;/g)) out[m[1]] = m[2];
  return out;
}

/** The text of `public static class <name> { ... }` inside a Java source (brace-matched). */
export function javaInnerClass(source, name) {
  const start = source.search(new RegExp(`static\\s+class\\s+${name}\\b`));
  if (start < 0) return undefined;
  return braceBlock(source, start);
}

/** The body of the first method whose signature matches `signature` (a regex source). */
export function javaMethod(source, signature) {
  const start = source.search(new RegExp(signature));
  if (start < 0) return undefined;
  return braceBlock(source, start);
}

function braceBlock(source, from) {
  const open = source.indexOf('{', from);
  if (open < 0) return undefined;
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const ch = source[i];
    if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) return source.slice(from, i + 1);
    }
  }
  return undefined;
}

/** Throw unless `pattern` occurs in `text`; used to pin each behavioural conclusion to code. */
export function expectCode(text, pattern, what, where) {
  if (text === undefined || !pattern.test(text)) {
    fail('UPSTREAM_FACT_UNVERIFIED', `${what} no longer holds in ${where}; re-read the code and update the generator`, { what, where });
  }
}

export function hasCode(text, pattern) {
  return text !== undefined && pattern.test(text);
}

/**
 * Parse `oci://host/path/name:tag` (as plugins.properties writes it) into registry, repository, tag.
 */
export function parseOciUrl(url) {
  const m = /^oci:\/\/([^/]+)\/(.+):([^:/@]+)$/.exec(url);
  if (!m) fail('UNPARSABLE_IMAGE_URL', `not an oci://host/repo:tag URL: ${url}`, { url });
  return { registry: m[1], repository: m[2], tag: m[3] };
}

/** `host/repo:tag[@sha256:…]` → parts. */
export function parseImageRef(ref) {
  const m = /^([^/]+)\/(.+?):([\w][\w.-]*)(?:@(sha256:[0-9a-f]{64}))?$/.exec(ref);
  if (!m) fail('UNPARSABLE_IMAGE_REF', `not a host/repo:tag reference: ${ref}`, { ref });
  return { registry: m[1], repository: m[2], tag: m[3], digest: m[4] ?? null };
}

/**
 * Evaluate a Helm image line of the form used by the Higress charts:
 * `{{ .Values.X.hub | default .Values.global.hub }}/[higress/]{{ .Values.X.image | default "D" }}:{{ .Values.X.tag | default <T> }}`
 * where <T> is `.Chart.AppVersion`, `.Chart.Version` or a quoted literal. Returns the parsed shape and
 * the reference it renders to with the chart's default values.
 */
export function evalHelmImage(line, values, chart) {
  const m =
    /\{\{\s*\.Values\.(\w+)\.hub\s*\|\s*default\s+\.Values\.global\.hub\s*\}\}\/((?:[\w.-]+\/)*)\{\{\s*\.Values\.\1\.image\s*\|\s*default\s+"([^"]+)"\s*\}\}:\{\{\s*\.Values\.\1\.tag\s*\|\s*default\s+(\.Chart\.AppVersion|\.Chart\.Version|"[^"]*")\s*\}\}/.exec(
      line,
    );
  if (!m) fail('UNPARSABLE_HELM_IMAGE', `unexpected image expression: ${line.trim()}`, { line: line.trim() });
  const [, key, fixedPath, imageDefault, tagDefaultExpr] = m;
  const section = values[key] ?? {};
  const hub = section.hub || values.global?.hub;
  const image = section.image || imageDefault;
  let tagDefault;
  if (tagDefaultExpr === '.Chart.AppVersion') tagDefault = String(chart.appVersion);
  else if (tagDefaultExpr === '.Chart.Version') tagDefault = String(chart.version);
  else tagDefault = tagDefaultExpr.slice(1, -1);
  const tag = section.tag || tagDefault;
  return {
    valuesKey: key,
    hubSource: section.hub ? `${key}.hub` : 'global.hub',
    fixedPathAfterHub: fixedPath.replace(/\/$/, '') || null,
    imageDefault,
    tagDefault: tagDefaultExpr.startsWith('"') ? tagDefault : tagDefaultExpr.replace(/^\./, ''),
    renderedDefault: `${hub}/${fixedPath}${image}:${tag}`,
  };
}

/** Recursively sort object keys so the output does not depend on insertion order. */
export function stable(value) {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    const out = {};
    for (const k of Object.keys(value).sort()) if (value[k] !== undefined) out[k] = stable(value[k]);
    return out;
  }
  return value;
}

export function byKey(key) {
  return (a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0);
}

export function uniqSorted(list) {
  return [...new Set(list)].sort();
}
