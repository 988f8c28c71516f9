/** The CLI's view of its process, injected so tests can run commands in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads all of standard input (for --password-stdin). */
  readonly readStdin: () => Promise<string>;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** True when stderr is a terminal: progress bars are drawn only then. */
  readonly isTTY: boolean;
  readonly fetch: typeof globalThis.fetch;
  /** Fires on Ctrl-C. */
  readonly signal: AbortSignal;
}

export function processIo(signal: AbortSignal): CliIo {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stderr.isTTY),
    fetch: globalThis.fetch,
    signal,
  };
}
