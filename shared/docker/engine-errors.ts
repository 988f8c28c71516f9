import type Docker from 'dockerode';
import { AppError, CancelledError, isAbortError } from '../errors';
import { explainDockerError, type DockerEndpoint } from './engine';

/** How dockerode reached the engine, rebuilt from its modem, for error messages. */
export function endpointOf(docker: Docker): DockerEndpoint {
  const modem = docker.modem as unknown as { socketPath?: unknown; host?: unknown; port?: unknown; protocol?: unknown };
  if (typeof modem.socketPath === 'string') {
    const pipe = modem.socketPath.startsWith('//') || modem.socketPath.startsWith('\\\\');
    return { display: `${pipe ? 'npipe://' : 'unix://'}${modem.socketPath}`, options: { socketPath: modem.socketPath } };
  }
  const host = typeof modem.host === 'string' ? modem.host : 'localhost';
  const port = typeof modem.port === 'string' || typeof modem.port === 'number' ? `:${modem.port}` : '';
  return { display: `tcp://${host}${port}`, options: {} };
}

/** The HTTP status dockerode attaches to engine answers it did not expect. */
export function engineStatus(e: unknown): number | undefined {
  const status = (e as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The engine's own words from a dockerode error (`(HTTP code 404) no such image - <message>`). */
export function engineMessage(e: unknown): string {
  const json = (e as { json?: unknown } | null)?.json;
  const fromJson = json && typeof json === 'object' ? (json as { message?: unknown }).message : undefined;
  if (typeof fromJson === 'string' && fromJson) return fromJson;
  return e instanceof Error ? e.message : String(e);
}

/**
 * Turns what dockerode threw into an AppError: cancellation stays a CancelledError, an answer
 * from the engine becomes `code` with the engine's message, anything else is the engine being
 * unreachable (socket missing, refused, no permission).
 */
export function dockerFailure(e: unknown, docker: Docker, code: string, what: string, hint?: string, details?: Record<string, unknown>): AppError {
  if (e instanceof AppError) return e;
  if (isAbortError(e)) return new CancelledError();
  if (engineStatus(e) === undefined) return explainDockerError(e, endpointOf(docker));
  return new AppError(code, `${what}: ${engineMessage(e)}`, { ...(hint ? { hint } : {}), ...(details ? { details: { ...details, reason: engineMessage(e) } } : {}), cause: e });
}
