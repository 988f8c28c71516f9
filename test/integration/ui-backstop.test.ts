import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { expect, it } from 'vitest';
import { waitFor } from '../env/tools';

// The `ui` server is one process for every browser tab: an error that escapes every handler (a
// stream 'error' nobody listens to, a rejection nobody awaits) is reported on stderr and the
// server keeps serving, instead of ending every tab's work.
it('the ui server survives errors nothing handled, and says so on stderr', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/fixtures/ui-backstop-child.ts'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let exited: number | null | undefined;
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  child.on('exit', (code) => (exited = code));
  try {
    await waitFor('the ui server and both errors', async () => exited !== undefined || (/^\d+ \S+\n/.test(out) && (err.match(/internal error \(the server keeps running\)/g) ?? []).length >= 2), 30_000, 20);
    expect(exited, err).toBeUndefined();
    expect(err).toContain('an error event nobody listens to');
    expect(err).toContain('a rejection nobody awaits');
    const [port, token] = out.trim().split(' ') as [string, string];
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: Number(port), path: '/api/events', headers: { host: `127.0.0.1:${port}`, 'x-airgap-token': token } }, (res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    expect(exited).toBeUndefined();
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (exited !== undefined ? r(undefined) : child.once('exit', r)));
  }
});
