import { refuseProblems, UsageError, type AppError } from '../errors';

/**
 * The rules of one registry's connection input — pure, so the app's form can say a refusal at
 * the field while it is typed; shared/registry/connection-flags.ts applies them for the engine.
 */

/**
 * How one registry is to be reached, as a front door was given it: a command's one-off flags or the
 * app's connection form. The CLI reads the password from standard input and passes it here; the
 * app passes the form's field.
 */
export interface ConnectionInput {
  readonly plainHttp?: boolean | undefined;
  readonly insecure?: boolean | undefined;
  readonly caFile?: string | undefined;
  readonly username?: string | undefined;
  /** The password as given: `undefined` when none was, `''` when its source was empty (stdin). */
  readonly password?: string | undefined;
}

/**
 * What each input is called where the operator typed it, so a refusal names it: the flags of a
 * command (`--src-plain-http` for copy's source) or the fields of the app's form.
 */
export interface ConnectionInputNames {
  readonly input: 'flags' | 'form';
  readonly plainHttp: string;
  readonly insecure: string;
  readonly caFile: string;
  readonly username: string;
  readonly password: string;
}

/** The app's form: problems carry the field's key (the UI words them in its own language). */
export const FORM_FIELDS: ConnectionInputNames = { input: 'form', plainHttp: 'plainHttp', insecure: 'insecure', caFile: 'caFile', username: 'username', password: 'password' };

/** A command's flags; `prefix` for commands that reach two registries (`src-`, `dest-`). */
export function cliFlagNames(prefix = ''): ConnectionInputNames {
  return { input: 'flags', plainHttp: `--${prefix}plain-http`, insecure: `--${prefix}insecure`, caFile: `--${prefix}ca-file`, username: `--${prefix}username`, password: `--${prefix}password-stdin` };
}

/** Every problem of one registry's connection input (empty when it is consistent). */
export function connectionProblems(c: ConnectionInput, names: ConnectionInputNames = FORM_FIELDS): UsageError[] {
  const problems: UsageError[] = [];
  const { input } = names;
  // Plain HTTP has no TLS to configure: a TLS option with it is a mistake, never silently dropped.
  const tls = [...(c.insecure ? (['insecure'] as const) : []), ...(c.caFile ? (['caFile'] as const) : [])];
  if (c.plainHttp && tls.length) {
    const others = tls.map((k) => names[k]).join(', ');
    problems.push(
      new UsageError(input === 'flags' ? `${names.plainHttp} cannot be combined with ${others}: plain HTTP has no TLS to configure` : 'Plain HTTP cannot be combined with skipping certificate verification or a CA file: plain HTTP has no TLS to configure', {
        code: 'CONNECTION_PLAIN_HTTP_WITH_TLS',
        hint: input === 'flags' ? `Leave out ${others} for plain HTTP, or ${names.plainHttp} to use TLS.` : 'Untick “Plain HTTP”, or clear the certificate settings.',
        details: { input, field: names.plainHttp, plainHttp: names.plainHttp, others, fields: tls.map((k) => names[k]) },
      }),
    );
  }
  const username = c.username || undefined;
  if (username !== undefined && c.password === undefined) {
    problems.push(
      new UsageError(
        input === 'flags' ? `${names.username} needs ${names.password} (passwords are never taken on the command line)` : 'Give the password with the username',
        {
          code: 'CONNECTION_USERNAME_WITHOUT_PASSWORD',
          hint: input === 'flags' ? `echo "$PASSWORD" | higress-airgap … ${names.username} U ${names.password}` : 'Type the password into the Password field, or clear the Username field.',
          details: { input, field: names.password, username: names.username, password: names.password } },
      ),
    );
  }
  if (username === undefined && c.password !== undefined) {
    problems.push(
      new UsageError(input === 'flags' ? `${names.password} needs ${names.username}` : 'Give the username with the password', {
        code: 'CONNECTION_PASSWORD_WITHOUT_USERNAME',
        ...(input === 'form' ? { hint: 'Type the username into the Username field, or clear the Password field.' } : {}),
        details: { input, field: names.username, username: names.username, password: names.password },
      }),
    );
  }
  if (username !== undefined && c.password === '') {
    problems.push(
      new UsageError(input === 'flags' ? `${names.password}: standard input was empty` : 'The password is empty', {
        code: 'CONNECTION_PASSWORD_EMPTY',
        ...(input === 'form' ? { hint: 'Type the password into the Password field.' } : {}),
        details: { input, field: names.password, password: names.password },
      }),
    );
  }
  return problems;
}

/**
 * Refuses with every problem at once: one problem as itself, several as one usage error that
 * lists each (code, message, details), like a refused bundle plan.
 */
export function refuseConnectionProblems(problems: readonly AppError[]): void {
  refuseProblems(problems, {
    code: 'CONNECTION_INPUT_REFUSED',
    message: (count) => `${count} problems with how to reach the registry`,
    // Each problem with its own hint: the one below the list only says to fix them together.
    hint: 'Each problem is listed with its own cause; fix them together and try again.',
  });
}

