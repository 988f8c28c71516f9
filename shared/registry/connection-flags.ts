import { resolve } from 'node:path';
import { UsageError, type AppError } from '../errors';
import type { ConnectionFlags } from './connect';

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
      new UsageError(`${names.plainHttp} cannot be combined with ${others}: plain HTTP has no TLS to configure`, {
        code: 'CONNECTION_PLAIN_HTTP_WITH_TLS',
        details: { input, field: names.plainHttp, plainHttp: names.plainHttp, others, fields: tls.map((k) => names[k]) },
      }),
    );
  }
  const username = c.username || undefined;
  if (username !== undefined && c.password === undefined) {
    problems.push(
      new UsageError(
        input === 'flags' ? `${names.username} needs ${names.password} (passwords are never taken on the command line)` : 'Give the password with the username',
        { code: 'CONNECTION_USERNAME_WITHOUT_PASSWORD', details: { input, field: names.password, username: names.username, password: names.password } },
      ),
    );
  }
  if (username === undefined && c.password !== undefined) {
    problems.push(
      new UsageError(input === 'flags' ? `${names.password} needs ${names.username}` : 'Give the username with the password', {
        code: 'CONNECTION_PASSWORD_WITHOUT_USERNAME',
        details: { input, field: names.username, username: names.username, password: names.password },
      }),
    );
  }
  if (username !== undefined && c.password === '') {
    problems.push(
      new UsageError(input === 'flags' ? `${names.password}: standard input was empty` : 'The password is empty', {
        code: 'CONNECTION_PASSWORD_EMPTY',
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
  if (problems.length === 0) return;
  if (problems.length === 1) throw problems[0];
  throw new UsageError(`${problems.length} problems with how to reach the registry:\n${problems.map((p) => `  - ${p.message}`).join('\n')}`, {
    code: 'CONNECTION_INPUT_REFUSED',
    hint: 'Each problem is listed with its own cause; fix them together and try again.',
    details: { problems: problems.map((p) => ({ code: p.code, message: p.message, ...(p.hint ? { hint: p.hint } : {}), details: p.details ?? {} })) },
  });
}

/**
 * The one check of a registry's connection input, for the CLI and the app alike: refuses every
 * problem at once, else the engine's flags (a relative CA file resolved against `cwd`, credentials
 * only as a pair).
 */
export function connectionFlags(c: ConnectionInput, options: { names?: ConnectionInputNames | undefined; cwd?: string | undefined } = {}): ConnectionFlags {
  refuseConnectionProblems(connectionProblems(c, options.names));
  return flagsOf(c, options.cwd);
}

/** The flags of input already checked (copy checks its source and destination together). */
export function flagsOf(c: ConnectionInput, cwd?: string): ConnectionFlags {
  return {
    ...(c.plainHttp ? { plainHttp: true } : {}),
    ...(c.insecure ? { insecure: true } : {}),
    ...(c.caFile ? { caFile: cwd === undefined ? resolve(c.caFile) : resolve(cwd, c.caFile) } : {}),
    ...(c.username && c.password ? { credentials: { kind: 'basic' as const, username: c.username, password: c.password } } : {}),
  };
}
