import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * `higress-airgap … | head`: the reader goes away and writes fail with EPIPE. The process must end
 * quietly with 0 (what coreutils do for a closed output), not crash with a stack trace.
 */
function runWithClosedStdout(args: readonly string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The reader is gone before the CLI writes its first byte: every write meets a closed pipe.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('a closed standard output', () => {
  it.each([
    [['--help']],
    [['catalog', '--release', '2.2.4']],
    [['catalog', '--release', '2.2.4', '--json']],
  ])('%j | head exits 0 without a stack trace', async (args) => {
    const r = await runWithClosedStdout(args);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled|at .*\(node:/);
    expect(r.stderr).toBe('');
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
  });
});
