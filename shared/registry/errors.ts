import { AppError } from '../errors';
import { redactUrl } from './redact';

/** One entry of a distribution error body: `{"errors":[{"code","message","detail"}]}`. */
export interface RegistryDiagnostic {
  readonly code: string;
  readonly message: string;
  readonly detail?: unknown;
}

const MAX_ERROR_BODY = 64 * 1024;

/**
 * A registry answered with an error status. Carries the parsed diagnostics, the method and the
 * redacted URL, whether a retry could help, and a sentence an operator understands.
 */
export class RegistryError extends AppError {
  override name = 'RegistryError';
  readonly status: number;
  readonly diagnostics: readonly RegistryDiagnostic[];
  readonly method: string;
  readonly url: string;
  readonly temporary: boolean;

  constructor(init: { status: number; method: string; url: string; diagnostics: readonly RegistryDiagnostic[]; code: string; message: string; hint?: string | undefined; host?: string | undefined; reference?: string | undefined }) {
    super(init.code, init.message, {
      ...(init.hint ? { hint: init.hint } : {}),
      details: { ...(init.host ? { host: init.host } : {}), ...(init.reference ? { reference: init.reference } : {}), status: init.status, method: init.method, url: init.url, codes: init.diagnostics.map((d) => d.code) },
    });
    this.status = init.status;
    this.diagnostics = init.diagnostics;
    this.method = init.method;
    this.url = init.url;
    this.temporary = init.status === 429 || (init.status >= 500 && init.status !== 501 && init.status !== 505);
  }

  hasCode(code: string): boolean {
    return this.diagnostics.some((d) => d.code === code);
  }
}

/** Reads (at most 64 KiB of) an error response body into diagnostics. */
export async function readDiagnostics(res: Response): Promise<RegistryDiagnostic[]> {
  let text = '';
  try {
    const reader = res.body?.getReader();
    if (reader) {
      const decoder = new TextDecoder();
      let size = 0;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        size += value.byteLength;
        text += decoder.decode(value, { stream: true });
        if (size >= MAX_ERROR_BODY) {
          await reader.cancel();
          break;
        }
      }
    }
  } catch {
    return [];
  }
  try {
    const json = JSON.parse(text) as { errors?: unknown; details?: unknown };
    if (Array.isArray(json.errors)) {
      return json.errors
        .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
        .map((e) => ({ code: String(e.code ?? 'UNKNOWN'), message: String(e.message ?? '').slice(0, 500), detail: e.detail }));
    }
  } catch {
    // not JSON: fall through
  }
  const trimmed = text.trim().slice(0, 300);
  return trimmed ? [{ code: 'UNKNOWN', message: trimmed }] : [];
}

/** Builds the RegistryError for a response, with an explanation of the usual causes. */
export async function registryErrorFrom(res: Response, method: string, url: string, context: { what: string; host: string }): Promise<RegistryError> {
  const diagnostics = await readDiagnostics(res);
  const safeUrl = redactUrl(url);
  const first = diagnostics[0];
  const said = first ? `: ${first.code}${first.message ? ` (${first.message})` : ''}` : '';
  const base = { status: res.status, method, url: safeUrl, diagnostics, host: context.host };
  switch (res.status) {
    case 401:
      // Token registries answer a missing right with 401 + error="insufficient_scope", not 403.
      if (/error="?insufficient_scope/i.test(res.headers.get('www-authenticate') ?? '')) {
        return new RegistryError({ ...base, code: 'REGISTRY_FORBIDDEN', message: `${context.host} denied ${context.what}: the credentials are valid but lack permission (insufficient scope)${said}`, hint: 'Ask for push/pull rights on this project, or check that the project exists.' });
      }
      return new RegistryError({ ...base, code: 'REGISTRY_UNAUTHORIZED', message: `${context.host} refused the credentials for ${context.what} (401 Unauthorized)${said}`, hint: `Check the username and password (higress-airgap login ${context.host}).` });
    case 403:
      return new RegistryError({ ...base, code: 'REGISTRY_FORBIDDEN', message: `${context.host} denied ${context.what} (403 Forbidden): the credentials are valid but lack permission${said}`, hint: 'Ask for push/pull rights on this project, or check that the project exists.' });
    case 404: {
      const code = first?.code === 'NAME_UNKNOWN' ? 'REGISTRY_NAME_UNKNOWN' : first?.code === 'MANIFEST_UNKNOWN' ? 'REGISTRY_MANIFEST_UNKNOWN' : first?.code === 'BLOB_UNKNOWN' ? 'REGISTRY_BLOB_UNKNOWN' : 'REGISTRY_NOT_FOUND';
      const hint = code === 'REGISTRY_NAME_UNKNOWN' ? 'The repository does not exist (on Harbor: create the project first).' : undefined;
      return new RegistryError({ ...base, code, message: `${context.host}: ${context.what} not found (404)${said}`, hint, reference: manifestReference(safeUrl) });
    }
    case 429:
      return new RegistryError({ ...base, code: 'REGISTRY_RATE_LIMITED', message: `${context.host} is rate limiting ${context.what} (429 Too Many Requests)${said}` });
    default:
      if (res.status >= 500) return new RegistryError({ ...base, code: 'REGISTRY_SERVER_ERROR', message: `${context.host} failed on ${context.what} (${res.status})${said}` });
      return new RegistryError({ ...base, code: 'REGISTRY_ERROR', message: `${context.host} answered ${res.status} to ${context.what}${said}` });
  }
}

/**
 * Turns a network-level failure (fetch threw) into an operator's explanation: name not
 * resolved, refused, TLS unknown authority, plain HTTP spoken on an HTTPS port…
 */
/** The registry does not have it (repository, tag or digest): a 404 of any kind. */
export function isNotFound(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === 'REGISTRY_MANIFEST_UNKNOWN' || code === 'REGISTRY_NOT_FOUND' || code === 'REGISTRY_NAME_UNKNOWN';
}

export function explainNetworkError(e: unknown, host: string, url: string, request: { readonly carriesBody?: boolean } = {}): AppError {
  const cause = (e as { cause?: unknown })?.cause ?? e;
  const code = String((cause as { code?: unknown })?.code ?? (e as { code?: unknown })?.code ?? '');
  const message = String((cause as { message?: unknown })?.message ?? (e as Error)?.message ?? e);
  const where = `${host} (${redactUrl(url)})`;
  const make = (c: string, m: string, hint?: string) => new AppError(c, m, { ...(hint ? { hint } : {}), details: { host, errno: code }, cause: e });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return make('NET_DNS', `Cannot resolve the name of ${host}`, 'Check the host name, DNS, or /etc/hosts.');
  if (code === 'ECONNREFUSED') return make('NET_REFUSED', `Connection refused by ${where}`, 'Is the registry running, and on this port?');
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return make('NET_RESET', `Connection reset by ${where}: ${message}`);
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return make('NET_TIMEOUT', `Timed out talking to ${where}`);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return make('NET_UNREACHABLE', `No route to ${host}`, 'Check the network path (firewall, VPN, proxy).');
  if (/UNABLE_TO_GET_ISSUER_CERT|SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|CERT_UNTRUSTED|unable to verify the first certificate|self[- ]signed certificate/i.test(`${code} ${message}`)) {
    return make('TLS_UNKNOWN_AUTHORITY', `x509: the certificate of ${host} is signed by an unknown authority`, `Give the registry's CA: higress-airgap registry set ${host} --ca-file ca.crt (or --insecure to skip verification).`);
  }
  if (/CERT_HAS_EXPIRED/i.test(code)) return make('TLS_EXPIRED', `x509: the certificate of ${host} has expired`, 'Renew the certificate, or use --insecure for this run.');
  if (/ERR_TLS_CERT_ALTNAME_INVALID|Hostname\/IP does not match/i.test(`${code} ${message}`)) return make('TLS_NAME_MISMATCH', `x509: the certificate of ${host} is not valid for this name`, 'Use the name the certificate was issued for, or --insecure.');
  if (/wrong version number|EPROTO|packet length too long|ssl3_get_record/i.test(`${code} ${message}`)) return make('TLS_PLAIN_HTTP', `${host} does not speak TLS (it answers plain HTTP)`, `Use --plain-http, or: higress-airgap registry set ${host} --plain-http`);
  // A request that carries a body is sent with redirect 'error' (see RegistryTransport.send); undici
  // says "unexpected redirect"; Electron's net.fetch words it its own way (not seen here), so any
  // wording that names the redirect counts.
  if (request.carriesBody && /redirect/i.test(message)) return make('NET_UPLOAD_REDIRECT', `${where} answered with a redirect, which is not followed for a request that carries data (an upload or a manifest)`, "Connect to the address the registry serves from (its external URL), not one that redirects.");
  return make('NET_ERROR', `Cannot reach ${where}: ${message}`);
}

/** The repository and tag (or digest) a manifest URL asks for, so a 404 can name what is missing. */
function manifestReference(url: string): string | undefined {
  const m = /\/v2\/(.+)\/manifests\/([^/?#]+)/.exec(url);
  if (!m) return undefined;
  const [, repository, ref] = m as unknown as [string, string, string];
  return ref.includes(':') ? `${repository}@${decodeURIComponent(ref)}` : `${repository}:${ref}`;
}
