import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/**
 * Long-running service processes the tests start (registries, dockerd). Each is stopped by its own
 * pid; any still alive when the test process exits are killed so nothing outlives the run.
 */
const alive = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of alive) c.kill('SIGKILL');
});

export interface Service {
  readonly pid: number;
  readonly exited: Promise<number | null>;
  /** Output so far (a log file also keeps it), for failure messages. */
  log(): string;
  stop(timeoutMs?: number): Promise<void>;
}

export function startService(cmd: string, args: readonly string[], logFile: string, options: SpawnOptions = {}): Service {
  const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  alive.add(child);
  const logStream = createWriteStream(logFile);
  let tail = '';
  const collect = (c: Buffer) => {
    logStream.write(c);
    tail = (tail + c.toString('utf8')).slice(-8000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      alive.delete(child);
      logStream.end();
      resolve(code);
    });
    child.on('error', (e) => {
      tail += `\nspawn error: ${e.message}`;
      alive.delete(child);
      resolve(null);
    });
  });
  return {
    pid: child.pid ?? -1,
    exited,
    log: () => tail,
    async stop(timeoutMs = 10000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
