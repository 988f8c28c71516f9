import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Measured {
  readonly seconds: number;
  /** Peak resident set size of the process (VmHWM), in bytes. */
  readonly peakRss: number;
  /** User + system CPU of the process (all its threads) and of its finished children, from the last sample before it exited. */
  readonly cpuSeconds: number;
  readonly code: number | null;
  readonly stderr: string;
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

/**
 * Runs a command to completion, timing it and sampling its peak RSS from /proc (VmHWM covers the
 * whole life of the process; the last sample before exit is the peak).
 */
export function measure(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let peak = 0;
    let cpuTicks = 0;
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
    const sample = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) * 1024);
        // Fields 14 to 17 (utime, stime, and those of its waited-for children: a peer that is a
        // shell loop does its work in them) follow the command name, which may hold spaces.
        const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        cpuTicks = Math.max(cpuTicks, Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]));
      } catch {
        // exited between samples
      }
    };
    const timer = setInterval(sample, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ seconds: Number(process.hrtime.bigint() - start) / 1e9, peakRss: peak, cpuSeconds: cpuTicks / CLOCK_TICKS, code, stderr });
    });
  });
}

/**
 * Ours and the peer taken in turns (ours, peer, ours, peer…), so a change in the machine's load
 * during the invocation falls on both sides alike; the median of each. Each run starts after
 * `sync`: the writeback of an earlier run (gigabytes, on a slow virtual disk) would otherwise land
 * on whichever run comes next, and on its fsync.
 */
export async function medianInTurns(runs: number, ours: () => Promise<Measured>, peer: () => Promise<Measured>): Promise<[Measured, Measured]> {
  const a: Measured[] = [];
  const b: Measured[] = [];
  for (let i = 0; i < runs; i++) {
    await flushWrites();
    a.push(await succeeded(ours()));
    await flushWrites();
    b.push(await succeeded(peer()));
  }
  return [middle(a), middle(b)];
}

/** The measurement of a run that must succeed (its stderr is the error otherwise). */
export async function succeeded(run: Promise<Measured>): Promise<Measured> {
  const r = await run;
  if (r.code !== 0) throw new Error(`command failed (${r.code}): ${r.stderr}`);
  return r;
}

/** The median measurement by time. */
function middle(xs: readonly Measured[]): Measured {
  return [...xs].sort((x, y) => x.seconds - y.seconds)[Math.floor(xs.length / 2)] as Measured;
}

/** Waits until every dirty page of the machine is on disk (outside any timing). */
async function flushWrites(): Promise<void> {
  await new Promise<void>((resolve, reject) => execFile('sync', (e) => (e ? reject(e) : resolve())));
}
