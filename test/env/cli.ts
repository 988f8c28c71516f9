import { existsSync } from 'node:fs';
import { runCli } from '../../cli/program';
import type { CliIo } from '../../cli/io';
import { run, type RunResult } from './tools';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured output (fast; the same code path as the binary). */
export async function cli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; stdin?: string; signal?: AbortSignal; cwd?: string } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => options.stdin ?? '',
    env: { ...process.env, ...(options.env ?? {}) },
    cwd: options.cwd ?? process.cwd(),
    isTTY: false,
    fetch: globalThis.fetch,
    signal: options.signal ?? new AbortController().signal,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** Runs the real entry point in a child process (exit codes, signals, stdin as the OS sees them). */
export function cliProcess(args: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<RunResult> {
  return run(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], {
    env: { ...process.env, ...(options.env ?? {}) },
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
}

/**
 * Runs the installed CLI (`bin/higress-airgap.js`, the bundle `npm run build` writes) in a child
 * process: what a user runs, for fixtures the tests build the way a user would.
 */
export function installedCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  if (!existsSync('out/cli/main.mjs')) throw new Error('The CLI is not built: run `npm run build` first (npm test does).');
  return run(process.execPath, ['bin/higress-airgap.js', ...args], { env: { ...process.env, ...(options.env ?? {}) } });
}
