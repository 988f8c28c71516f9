import { connectionProblems, FORM_FIELDS } from '../../../shared/model/connection-input';
import type { UsageError } from '../../../shared/errors';
import { toConnection, type ConnectionForm } from '../model/connection';

/** The form's fields a refusal can point at. */
export type ConnectionField = 'plainHttp' | 'insecure' | 'caFile' | 'username' | 'password';

/**
 * What the engine would refuse in this form, by the engine's own rules (the same codes and texts
 * the IPC envelope carries back), each with the field to show it at. TLS options as the form sends
 * them (plain HTTP drops the others); credentials as typed, so a username whose password is missing
 * is said at the password field instead of being left out without a word.
 */
export function connectionFieldProblems(form: ConnectionForm, credentials = true): Array<{ field: ConnectionField; problem: UsageError }> {
  const tls = toConnection({ ...form, username: '', password: '' }) ?? {};
  const typed = credentials ? { username: form.username.trim() || undefined, password: form.password || undefined } : {};
  return connectionProblems({ ...tls, ...typed }, FORM_FIELDS).map((problem) => ({ field: String(problem.details?.field ?? 'username') as ConnectionField, problem }));
}
