import type { Connection } from '../../../shared/ipc/payloads';

/** The registry form's TLS options and credentials, as typed. */
export interface ConnectionForm {
  readonly plainHttp: boolean;
  readonly insecure: boolean;
  readonly caFile: string;
  readonly username: string;
  readonly password: string;
}

export const emptyConnection: ConnectionForm = { plainHttp: false, insecure: false, caFile: '', username: '', password: '' };

/**
 * The payload's `connection`: only what was set (the schema refuses empty strings), nothing at
 * all when the form is untouched.
 */
export function toConnection(form: ConnectionForm): Connection | undefined {
  const caFile = form.caFile.trim();
  const username = form.username.trim();
  const c: { -readonly [K in keyof Connection]: Connection[K] } = {};
  if (form.plainHttp) c.plainHttp = true;
  else if (form.insecure) c.insecure = true;
  if (!form.plainHttp && caFile) c.caFile = caFile;
  // Both sent when either is set: the engine refuses a half pair (CONNECTION_*) instead of this
  // form quietly going anonymous.
  if (username) c.username = username;
  if (form.password) c.password = form.password;
  return Object.keys(c).length ? c : undefined;
}

/**
 * The same form with the typed credentials forgotten (after use): both, since a username left alone
 * is a half pair the engine refuses — the next automatic request (the push preview's re-check, the
 * next estimate) would fail right after a success.
 */
export function withoutCredentials(form: ConnectionForm): ConnectionForm {
  return form.password || form.username ? { ...form, username: '', password: '' } : form;
}
