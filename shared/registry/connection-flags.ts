import { resolve } from 'node:path';
import { connectionProblems, refuseConnectionProblems, type ConnectionInput, type ConnectionInputNames } from '../model/connection-input';
import type { ConnectionFlags } from './connect';

export { cliFlagNames, connectionProblems, FORM_FIELDS, refuseConnectionProblems, type ConnectionInput, type ConnectionInputNames } from '../model/connection-input';

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
