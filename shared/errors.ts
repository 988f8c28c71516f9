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
    options: { hint?: string | undefined; details?: Record<string, unknown> | undefined; cause?: unknown } = {},
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
  constructor(message: string, options: { hint?: string | undefined; details?: Record<string, unknown> | undefined; code?: string | undefined } = {}) {
    const { code, ...rest } = options;
    super(code ?? 'BAD_INPUT', message, rest);
  }
}

/**
 * Every problem of one request at once: none → nothing; one → thrown as itself; several → one
 * usage error (`several.code`) listing each with its own message and hint, the coded problems in
 * `details.problems` (the CLI and the app render each in the reader's language).
 */
export function refuseProblems(problems: readonly AppError[], several: { readonly code: string; readonly message: (count: number) => string; readonly hint: string }): void {
  if (problems.length === 0) return;
  if (problems.length === 1) throw problems[0];
  throw new UsageError(`${several.message(problems.length)}:\n${problems.map((p) => `  - ${p.message}${p.hint ? `\n    ${p.hint}` : ''}`).join('\n')}`, {
    code: several.code,
    hint: several.hint,
    details: { problems: problems.map((p) => ({ code: p.code, message: p.message, ...(p.hint ? { hint: p.hint } : {}), details: p.details ?? {} })) },
  });
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

/**
 * Like Promise.all, but waits for every job and reports every failure of the plan at once: one
 * failure is rethrown as it is; several become one PLAN_REFUSED listing each.
 */
export async function allOrEvery<T>(jobs: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(jobs);
  const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => s.reason as unknown);
  if (failures.length === 0) return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
  const cancelled = failures.find((f) => (f as { code?: unknown })?.code === 'CANCELLED');
  if (cancelled !== undefined) throw cancelled;
  if (failures.length === 1) throw failures[0];
  const problems = failures.map((f) => ({
    code: String((f as { code?: unknown })?.code ?? 'ERROR'),
    message: messageOf(f),
    ...((f as AppError).hint ? { hint: (f as AppError).hint } : {}),
    ...((f as AppError).details ? { details: (f as AppError).details } : {}),
  }));
  throw new AppError('PLAN_REFUSED', `${failures.length} problems with this bundle plan:\n${problems.map((p) => `  - ${p.message}`).join('\n')}`, {
    hint: 'Each problem is listed with its own cause; fix them together and run again.',
    details: { problems },
  });
}

/**
 * Text from an untrusted source (a tar entry name, a tag in a bundle's manifest.json) made safe to
 * put into a message: control characters shown as escapes (no terminal escape sequences reach a
 * console), and at most `max` characters.
 */
export function printable(text: string, max = 512): string {
  // eslint-disable-next-line no-control-regex
  const escaped = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return escaped.length > max ? `${escaped.slice(0, max)}…(${escaped.length - max} more)` : escaped;
}
