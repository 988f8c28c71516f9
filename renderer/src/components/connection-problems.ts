import { connectionProblems, FORM_FIELDS } from '../../../shared/model/connection-input';
import type { UsageError } from '../../../shared/errors';
import { toConnection, withoutCredentials, type ConnectionForm } from '../model/connection';

/** The form's fields a refusal can point at. */
export type ConnectionField = 'plainHttp' | 'insecure' | 'caFile' | 'username' | 'password';

/**
 * What the engine would refuse in this form, by the engine's own rules (the same codes and texts
 * the IPC envelope carries back), each with the field to show it at: the form as it is sent
 * (`toConnection`), so a username whose password is missing is said at the password field.
 * Without `credentials`, the typed username and password are left out, as the caller sends none.
 */
export function connectionFieldProblems(form: ConnectionForm, credentials = true): Array<{ field: ConnectionField; problem: UsageError }> {
  const sent = toConnection(credentials ? form : withoutCredentials(form)) ?? {};
  return connectionProblems(sent, FORM_FIELDS).map((problem) => ({ field: String(problem.details?.field ?? 'username') as ConnectionField, problem }));
}
