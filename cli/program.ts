import { Command, CommanderError } from 'commander';
import { AppError, UsageError, isAbortError, messageOf } from '../shared/errors';
import { localeFromEnv, renderError } from '../shared/messages/catalog';
import { redactCredentialsInText } from '../shared/oci/reference';
import { createEngine, type Engine } from '../shared/services/engine';
import { appVersion } from '../shared/version';
import { ExitCode } from './exit-codes';
import type { CliIo } from './io';
import { registerSystem } from './commands/system';
import { registerUi } from './commands/ui';
import { registerRegistry } from './commands/registry';
import { registerLogin } from './commands/login';
import { registerInspect } from './commands/inspect';
import { registerCopy } from './commands/copy';
import { registerCatalog } from './commands/catalog';
import { registerPlugin } from './commands/plugin';
import { registerYaml } from './commands/yaml';
import { registerBundle } from './commands/bundle';
import { registerVerify } from './commands/verify';
import { registerPush } from './commands/push';
import { registerServe } from './commands/serve';

const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  the operation failed (registry refused, verification found damage, …)
  2  bad usage (unknown option, missing or invalid argument)

Environment:
  DOCKER_HOST            Docker engine to use (unix://, tcp://, npipe://)
  DOCKER_CONFIG          folder of docker's config.json (credentials)
  HIGRESS_AIRGAP_CONFIG  folder for registry settings and saved logins`;

/**
 * Builds the command tree; `io` makes it runnable in-process by the tests. The engine is built
 * once here (from the run's environment) and every command works through it.
 */
export function buildProgram(io: CliIo, engine: Engine = createEngine({ appVersion, env: io.env })): Command {
  const program = new Command();
  const writeErr = (text: string) => io.stderr(redactCredentialsInText(text));
  program
    .name('higress-airgap')
    .description('Move the Higress Plugin Server image and Higress Wasm plugins into air-gapped networks: bundle them on a connected machine, verify and push them on the offline side.')
    .version(appVersion, '-V, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    // Root options only before the command, so subcommands may have their own --version.
    .enablePositionalOptions()
    .configureOutput({ writeOut: io.stdout, writeErr })
    .exitOverride()
    .addHelpText(
      'after',
      `
Connected side:
  $ higress-airgap catalog --release 2.2.4
  $ higress-airgap bundle --out higress-2.2.4.tar --all-plugins --split fat32

Offline side:
  $ higress-airgap verify /media/usb/higress-2.2.4.tar.000
  $ higress-airgap push /media/usb/higress-2.2.4.tar.000 --registry harbor.example.com/higress --username admin --password-stdin
  $ higress-airgap yaml higress-2.2.4.tar --registry harbor.example.com/higress --mode http --out ./deploy
  $ higress-airgap serve higress-2.2.4.tar --port 8080

Anywhere:
  $ higress-airgap system check
  $ higress-airgap ui
${EXIT_CODES_HELP}`,
    );
  registerSystem(program, io, engine);
  registerRegistry(program, io, engine);
  registerLogin(program, io, engine);
  registerInspect(program, io, engine);
  registerCopy(program, io, engine);
  registerCatalog(program, io, engine);
  registerPlugin(program, io, engine);
  registerBundle(program, io, engine);
  registerVerify(program, io);
  registerPush(program, io, engine);
  registerServe(program, io);
  registerYaml(program, io);
  registerUi(program, io, engine);
  // Every subcommand reports usage errors through the same exit path.
  for (const c of allCommands(program)) c.exitOverride().configureOutput({ writeOut: io.stdout, writeErr });
  return program;
}

function allCommands(c: Command): Command[] {
  return c.commands.flatMap((sub) => [sub, ...allCommands(sub)]);
}

/**
 * The abort reason when standard output was closed by its reader (`higress-airgap … | head`):
 * the work stops like on Ctrl-C, and the run ends quietly with 0, as coreutils do.
 */
export class OutputClosedError extends AppError {
  override name = 'OutputClosedError';
  constructor() {
    super('OUTPUT_CLOSED', 'Standard output was closed by its reader');
  }
}

/** Runs the CLI and returns the exit code instead of exiting. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // A command that already printed its JSON result (a push report) keeps stdout one document.
  let printed = false;
  const watched: CliIo = { ...io, stdout: (text) => ((printed = true), io.stdout(text)) };
  const program = buildProgram(watched);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.Ok;
  } catch (e) {
    return exitCodeFor(e, io, argv.includes('--json') && !printed);
  }
}

function exitCodeFor(e: unknown, io: CliIo, json: boolean): number {
  if (e instanceof CommanderError) {
    // help and version are printed by commander and end the run successfully.
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return ExitCode.Ok;
    if (e.code === 'commander.executeSubCommandAsync') return e.exitCode;
    return ExitCode.Usage;
  }
  if (io.signal.aborted && io.signal.reason instanceof OutputClosedError && (isAbortError(e) || e === io.signal.reason)) return ExitCode.Ok;
  if (isAbortError(e)) {
    io.stderr('Cancelled.\n');
    return ExitCode.Failed;
  }
  // What the operator typed is quoted in messages: never echo a password typed into it.
  const say = (text: string) => io.stderr(redactCredentialsInText(text));
  if (e instanceof AppError) {
    // In the reader's language (LC_ALL / LC_MESSAGES / LANG), where the code has a translation;
    // in English the engine's own message, which carries the most context (URLs, what was asked).
    const locale = localeFromEnv(io.env);
    const shown = locale === 'en' ? { message: e.message, hint: e.hint } : renderError(e, locale, 'cli');
    if (json) {
      // --json: the error as an object on stdout (code, message, hint, parameters), same exit code.
      const error = { code: e.code, message: shown.message, ...(shown.hint ? { hint: shown.hint } : {}), params: e.details ?? {} };
      io.stdout(`${redactCredentialsInText(JSON.stringify({ ok: false, error }, null, 2))}\n`);
    }
    // An error made of several (a refused plan, connection flags): in English its message lists
    // them; in another language the headline only counts them, so each is said here.
    const listed = locale === 'en' ? [] : codedProblems(e).map((p) => renderError(p, locale, 'cli')).map((r) => `  - ${r.message}\n${r.hint ? `    ${r.hint}\n` : ''}`);
    say(`error: ${shown.message}\n${listed.join('')}${shown.hint ? `hint: ${shown.hint}\n` : ''}`);
    return e instanceof UsageError ? ExitCode.Usage : ExitCode.Failed;
  }
  say(`error: ${messageOf(e)}\n`);
  if (io.env.HIGRESS_AIRGAP_DEBUG && e instanceof Error && e.stack) say(`${e.stack}\n`);
  return ExitCode.Failed;
}

/** The coded problems an error is made of (`details.problems` entries with a code), else none. */
function codedProblems(e: AppError): Array<{ code: string; message: string; details?: Readonly<Record<string, unknown>> }> {
  const problems = e.details?.problems;
  if (!Array.isArray(problems)) return [];
  return problems.filter((p): p is { code: string; message: string; details?: Readonly<Record<string, unknown>> } => typeof (p as { code?: unknown })?.code === 'string' && typeof (p as { message?: unknown })?.message === 'string');
}
