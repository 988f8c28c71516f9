import { Option, type Command } from 'commander';
import type { UsageError } from '../shared/errors';
import { cliFlagNames, connectionFlags as checkedConnectionFlags, connectionProblems, type ConnectionInput } from '../shared/registry/connection-flags';
import type { ConnectionFlags } from '../shared/registry/connect';
import type { CliIo } from './io';

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

/**
 * The problems of the connection flags that show before standard input is read (an empty password
 * shows only after), for a command that reports them with its own flags' problems.
 */
export function connectionFlagProblems(opts: ConnectionOptionValues): UsageError[] {
  // '+' stands for a password still to be read.
  return connectionProblems(inputOf(opts, '+'), cliFlagNames());
}

/**
 * The command's connection flags through the engine's one check (shared with the app's form):
 * the CLI's part is only reading the password from standard input — never from an argument —
 * and only when there is a username to go with it.
 */
export async function connectionFlags(opts: ConnectionOptionValues, io: CliIo): Promise<ConnectionFlags> {
  const password = opts.passwordStdin && opts.username ? (await io.readStdin()).replace(/\r?\n$/, '') : '';
  return checkedConnectionFlags(inputOf(opts, password), { names: cliFlagNames(), cwd: io.cwd });
}

/** The flags as the one check takes them; `password` is what standard input gave (or will give). */
function inputOf(opts: ConnectionOptionValues, password: string): ConnectionInput {
  // Without --username, stdin is not read: '' stands for "given", which the check refuses.
  return { plainHttp: opts.plainHttp, insecure: opts.insecure, caFile: opts.caFile, username: opts.username, password: opts.passwordStdin ? (opts.username ? password : '') : undefined };
}
