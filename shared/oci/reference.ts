import { UsageError } from '../errors';

/**
 * Image references: parse, normalise and format, following distribution/reference (the rules
 * docker, skopeo and go-containerregistry share): docker.io and `library/` defaults, host:port,
 * IPv6 hosts, tag, digest, or both. Pure: usable in the renderer for live previews.
 */
export interface ImageReference {
  /** Registry host as written by users, normalised: `docker.io`, `127.0.0.1:5000`, `[::1]:5000`. */
  readonly registry: string;
  /** Repository path: `library/nginx`, `plugins/key-auth`. */
  readonly repository: string;
  readonly tag?: string | undefined;
  readonly digest?: string | undefined;
}

export const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
const HOST_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const MAX_NAME = 255;

export function isDigest(s: string): boolean {
  return DIGEST.test(s);
}

export function isTag(s: string): boolean {
  return TAG.test(s);
}

/** A registry host with optional port: `host`, `host:port`, `1.2.3.4:5000`, `[::1]:5000`. */
export function isRegistryHost(s: string): boolean {
  let host = s;
  let port: string | undefined;
  if (s.startsWith('[')) {
    const end = s.indexOf(']');
    if (end < 0) return false;
    const inner = s.slice(1, end);
    if (!/^[0-9a-fA-F:.]+$/.test(inner) || !inner.includes(':')) return false;
    const rest = s.slice(end + 1);
    if (rest && !/^:\d{1,5}$/.test(rest)) return false;
    return true;
  }
  const colon = s.lastIndexOf(':');
  if (colon >= 0) {
    host = s.slice(0, colon);
    port = s.slice(colon + 1);
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) return false;
  }
  return host.length > 0 && host.split('.').every((c) => HOST_COMPONENT.test(c));
}

/** Docker's rule: the first component is a registry when it has a dot or a port, or is localhost. */
function looksLikeRegistry(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost' || component.startsWith('[') || component !== component.toLowerCase();
}

// An `@` followed by a digest algorithm may start a digest; any other `@` ends a userinfo.
const DIGEST_AFTER_AT = /^sha(?:256|384|512):[^/@]*$/i;
const SCHEME = /^\s*[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * The index of the `@` that ends a `user[:password]@` part, or -1. An `@` starts a digest when a
 * valid digest follows it, or a digest-like text that cannot sit after a password (nothing before
 * it has a `:`, or it follows a repository path): `nginx@sha256:abc` is a bad digest, not a login.
 */
function userinfoEnd(s: string): number {
  for (let at = s.lastIndexOf('@'); at >= 0; at = at === 0 ? -1 : s.lastIndexOf('@', at - 1)) {
    const after = s.slice(at + 1);
    const before = s.slice(0, at);
    const digest = DIGEST_AFTER_AT.test(after) && (isDigest(after) || !before.includes(':') || before.includes('/'));
    if (!digest) return at;
  }
  return -1;
}

/** True when the text carries `user[:password]@` before a host (never true for `name@sha256:…`). */
export function hasUserinfo(s: string): boolean {
  return userinfoEnd(s) >= 0;
}

/**
 * The text with its userinfo masked: `user:secret@host/x` → `user:***@host/x`,
 * `token@host/x` → `***@host/x` (a lone name may be a token). Safe to echo.
 */
export function redactUserinfo(s: string): string {
  const end = userinfoEnd(s);
  if (end < 0) return s;
  const scheme = SCHEME.exec(s)?.[0] ?? '';
  const start = scheme.length <= end ? scheme.length : 0;
  const info = s.slice(start, end);
  const colon = info.indexOf(':');
  return `${s.slice(0, start)}${colon >= 0 ? `${info.slice(0, colon)}:***` : '***'}${s.slice(end)}`;
}

/**
 * Masks every `user:password@` inside free text (error messages that quote what the operator
 * typed). A digest's `@` is left alone. For one value, prefer redactUserinfo.
 */
export function redactCredentialsInText(text: string): string {
  return text.replace(/((?:[A-Za-z][A-Za-z0-9+.-]*:\/\/)?[^\s"'`/@:]+):[^\s"'`@]*@(?!sha(?:256|384|512):)/gi, '$1:***@');
}

/**
 * Credentials never belong in a reference or a registry host: they would be echoed in messages
 * and logs, or sent as URL userinfo. Throws CREDENTIALS_IN_REFERENCE (exit 2) naming the field,
 * with the password masked.
 */
export function refuseCredentials(input: string, field: string): void {
  if (!hasUserinfo(input)) return;
  const shown = redactUserinfo(input);
  // Without a password it may be a typo for a tag (`name@1.0`), or a token: masked either way.
  const why = shown.includes(':***@') ? 'has user info before "@" (user:password@): credentials do not belong there' : 'has text before "@" that is not a digest: "@" may only start a digest, and a user name or token does not belong there';
  throw new UsageError(`${field} ${JSON.stringify(shown)} ${why}`, {
    code: 'CREDENTIALS_IN_REFERENCE',
    hint: 'Give the user name and password as a login (--username with --password-stdin, `higress-airgap login`, or the login fields of the app); in a reference, "@" may only start a digest (@sha256:<64 hex>).',
    details: { field, value: shown },
  });
}

/** A registry host as a login or saved settings take it: no user info, and `host` or `host:port`. */
export function refuseRegistryHost(host: string): void {
  // Userinfo in the host would be sent as URL credentials and echoed back in errors.
  refuseCredentials(host, 'Registry host');
  if (!isRegistryHost(host)) throw new UsageError(`"${host}" is not a registry host (host or host:port)`, { code: 'REGISTRY_HOST_INVALID', details: { host } });
}

/** Parses `[registry/]repository[:tag][@digest]`; throws a UsageError that says what is wrong. */
export function parseReference(input: string, options: { defaultRegistry?: string } = {}): ImageReference {
  refuseCredentials(input, 'Image reference');
  const raw = input.trim();
  const fail = (why: string, kind: string, part?: string): never => {
    throw new UsageError(`Invalid image reference ${JSON.stringify(input)}: ${why}`, {
      code: 'INVALID_REFERENCE',
      details: { value: input, kind, ...(part !== undefined ? { part } : {}) },
      hint: 'Write it as [registry[:port]/]path/name[:tag][@sha256:<64 hex>], e.g. higress-registry.cn-hangzhou.cr.aliyuncs.com/plugins/key-auth:2.0.0',
    });
  };
  if (!raw) fail('it is empty', 'empty');
  if (/\s/.test(raw)) fail('it contains whitespace', 'whitespace');
  if (raw.includes('://')) fail('leave out the scheme (oci://, docker://, https://)', 'scheme');

  let rest = raw;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!isDigest(digest)) fail(`"${digest}" is not a digest (sha256: followed by 64 lowercase hex digits)`, 'digest', digest);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const lastColon = rest.lastIndexOf(':');
  // A colon after the last slash starts the tag (one before it is a registry port).
  if (lastColon > lastSlash && !(lastSlash < 0 && rest.startsWith('['))) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!isTag(tag)) fail(`"${tag}" is not a valid tag (letters, digits, _ . -; at most 128; not starting with . or -)`, 'tag', tag);
  }
  const components = rest.split('/');
  let registry: string;
  if (components.length > 1 && looksLikeRegistry(components[0] as string)) {
    registry = components.shift() as string;
    if (!isRegistryHost(registry)) fail(`"${registry}" is not a valid registry host`, 'registry', registry);
  } else {
    registry = options.defaultRegistry ?? DOCKER_HUB;
  }
  registry = normaliseRegistry(registry);
  if (components.length === 0 || components.some((c) => c.length === 0)) fail('the repository path has an empty component', 'empty-component');
  for (const c of components) {
    if (!PATH_COMPONENT.test(c)) {
      fail(c !== c.toLowerCase() ? `repository path must be lowercase ("${c}")` : `"${c}" is not a valid repository path component`, c !== c.toLowerCase() ? 'uppercase' : 'component', c);
    }
  }
  let repository = components.join('/');
  if (registry === DOCKER_HUB && components.length === 1) repository = `library/${repository}`;
  if (repository.length + registry.length + 1 > MAX_NAME) fail(`the name is longer than ${MAX_NAME} characters`, 'too-long', String(MAX_NAME));
  return { registry, repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** `index.docker.io` and friends are all Docker Hub; hosts are case-insensitive. */
export function normaliseRegistry(host: string): string {
  const lower = host.toLowerCase();
  return DOCKER_HUB_ALIASES.has(lower) ? DOCKER_HUB : lower;
}

/** The host to send HTTP requests to (Docker Hub's API lives on registry-1.docker.io). */
export function registryApiHost(registry: string): string {
  return registry === DOCKER_HUB ? 'registry-1.docker.io' : registry;
}

/** `registry/repository` without tag or digest. */
export function repositoryName(ref: Pick<ImageReference, 'registry' | 'repository'>): string {
  return `${ref.registry}/${ref.repository}`;
}

/** The full, canonical form: `registry/repository[:tag][@digest]` (never abbreviated). */
export function formatReference(ref: ImageReference): string {
  return `${repositoryName(ref)}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}

/** What to ask the registry for: the digest when there is one (pinning wins), else the tag, else `latest`. */
export function manifestReference(ref: ImageReference): string {
  return ref.digest ?? ref.tag ?? 'latest';
}

export function withTag(ref: ImageReference, tag: string): ImageReference {
  return { registry: ref.registry, repository: ref.repository, tag };
}

export function withDigest(ref: ImageReference, digest: string): ImageReference {
  return { ...ref, digest };
}

/** The last path segment: `plugins/key-auth` → `key-auth`. */
export function baseName(repository: string): string {
  return repository.slice(repository.lastIndexOf('/') + 1);
}
