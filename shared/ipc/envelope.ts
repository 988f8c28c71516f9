import { AppError, UsageError, CancelledError, isAbortError } from '../errors';

/**
 * Every IPC answer is an envelope: Electron would otherwise reduce a thrown error to
 * "Error invoking remote method …" and lose its code (Podman Desktop's encodeIpcError lesson).
 */
export interface IpcErrorShape {
  readonly name: string;
  readonly code: string;
  readonly message: string;
  readonly hint?: string | undefined;
  readonly details?: Readonly<Record<string, unknown>> | undefined;
}

export type Envelope<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcErrorShape };

export function okEnvelope<T>(value: T): Envelope<T> {
  return { ok: true, value };
}

export function errorEnvelope(e: unknown): Envelope<never> {
  return { ok: false, error: encodeError(e) };
}

export function encodeError(e: unknown): IpcErrorShape {
  if (e instanceof AppError) {
    return { name: e.name, code: e.code, message: e.message, hint: e.hint, details: plainDetails(e.details) };
  }
  if (isAbortError(e)) return { name: 'CancelledError', code: 'CANCELLED', message: 'Cancelled' };
  if (e instanceof Error) return { name: e.name, code: 'INTERNAL', message: e.message };
  return { name: 'Error', code: 'INTERNAL', message: String(e) };
}

/** Rebuilds a throwable error on the receiving side, keeping code, hint and details. */
export function decodeError(shape: IpcErrorShape): AppError {
  const options = { hint: shape.hint, details: shape.details ? { ...shape.details } : undefined };
  // A UsageError keeps its class (exit 2, shown beside the field) whatever its specific code.
  if (shape.code === 'BAD_INPUT' || shape.name === 'UsageError') return new UsageError(shape.message, { ...clean(options), code: shape.code });
  if (shape.code === 'CANCELLED') return new CancelledError(shape.message);
  const err = new AppError(shape.code, shape.message, clean(options));
  err.name = shape.name;
  return err;
}

export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  throw decodeError(envelope.error);
}

function clean(o: { hint: string | undefined; details: Record<string, unknown> | undefined }) {
  const out: { hint?: string; details?: Record<string, unknown> } = {};
  if (o.hint !== undefined) out.hint = o.hint;
  if (o.details !== undefined) out.details = o.details;
  return out;
}

// Details must survive structured clone and JSON alike; drop anything that would not.
function plainDetails(details: Readonly<Record<string, unknown>> | undefined) {
  if (!details) return undefined;
  try {
    return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
