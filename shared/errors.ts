/**
 * Errors that carry a stable machine code and, where we know one, the next step for the operator.
 * They survive IPC (see ipc/envelope.ts) and decide the CLI's exit code (bad usage → 2, else 1).
 */
export class AppError extends Error {
  override name = 'AppError';
  /** Stable code such as `BAD_INPUT`, `REGISTRY_UNAUTHORIZED`; the UI and tests switch on it. */
  readonly code: string;
  /** What the operator can do about it, in one sentence. */
  readonly hint: string | undefined;
  /** Plain-JSON extra facts (never secrets). */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: string,
    message: string,
    options: { hint?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }
}

/** Input the user gave is wrong: the CLI exits with 2, the UI shows it beside the field. */
export class UsageError extends AppError {
  override name = 'UsageError';
  /** `code` narrows `BAD_INPUT` to a specific mistake (e.g. `CREDENTIALS_IN_REFERENCE`); still exit 2. */
  constructor(message: string, options: { hint?: string; details?: Record<string, unknown>; code?: string } = {}) {
    const { code, ...rest } = options;
    super(code ?? 'BAD_INPUT', message, rest);
  }
}

/** The operation was cancelled by the user (AbortSignal). */
export class CancelledError extends AppError {
  override name = 'CancelledError';
  constructor(message = 'Cancelled') {
    super('CANCELLED', message);
  }
}

export function isAbortError(e: unknown): boolean {
  return (
    e instanceof CancelledError ||
    (e instanceof Error && (e.name === 'AbortError' || (e as { code?: string }).code === 'ABORT_ERR'))
  );
}

/** Throws a CancelledError when the signal has fired; call between steps of long work. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/** The message of anything thrown, for places that must print something. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
