import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { LoginStore } from '../shared/credentials/login-store';
import { UsageError } from '../shared/errors';
import type { ConnectionFlags, RegistryEnvironment } from '../shared/registry/connect';
import { configDir } from '../shared/settings/config-dir';
import { appVersion } from '../shared/version';
import type { CliIo } from './io';

/** The CLI's registry environment: the shared settings folder, our login store, docker's config. */
export function cliRegistryEnvironment(io: CliIo, onRetry?: RegistryEnvironment['onRetry']): RegistryEnvironment {
  const settingsDir = configDir(io.env);
  return {
    settingsDir,
    env: io.env,
    loginStore: new LoginStore(settingsDir),
    userAgent: `higress-airgap/${appVersion}`,
    ...(onRetry ? { onRetry } : {}),
  };
}

export interface ConnectionOptionValues {
  plainHttp?: boolean;
  insecure?: boolean;
  caFile?: string;
  username?: string;
  passwordStdin?: boolean;
}

/** The one-off flags of commands that talk to one registry. */
export function addConnectionOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--plain-http', 'talk plain HTTP to the registry (no TLS)'))
    .addOption(new Option('--insecure', 'use TLS but do not verify the certificate'))
    .addOption(new Option('--ca-file <file>', 'trust this PEM CA for the registry'))
    .addOption(new Option('--username <user>', 'username for the registry (with --password-stdin)'))
    .addOption(new Option('--password-stdin', 'read the password from standard input'));
}

export async function connectionFlags(opts: ConnectionOptionValues, io: CliIo): Promise<ConnectionFlags> {
  if (opts.plainHttp && (opts.insecure || opts.caFile)) throw new UsageError('--plain-http cannot be combined with --insecure or --ca-file', { code: 'PLAIN_HTTP_WITH_TLS_FLAGS' });
  if (opts.passwordStdin && !opts.username) throw new UsageError('--password-stdin needs --username', { code: 'PASSWORD_STDIN_NEEDS_USERNAME' });
  if (opts.username && !opts.passwordStdin) throw new UsageError('--username needs --password-stdin (passwords are never taken on the command line)', { code: 'USERNAME_NEEDS_PASSWORD_STDIN', hint: 'echo "$PASSWORD" | higress-airgap … --username U --password-stdin' });
  let credentials: ConnectionFlags['credentials'];
  if (opts.username) {
    const password = (await io.readStdin()).replace(/\r?\n$/, '');
    if (!password) throw new UsageError('--password-stdin: standard input was empty', { code: 'PASSWORD_STDIN_EMPTY' });
    credentials = { kind: 'basic', username: opts.username, password };
  }
  return {
    ...(opts.plainHttp ? { plainHttp: true } : {}),
    ...(opts.insecure ? { insecure: true } : {}),
    ...(opts.caFile ? { caFile: resolve(io.cwd, opts.caFile) } : {}),
    ...(credentials ? { credentials } : {}),
  };
}
