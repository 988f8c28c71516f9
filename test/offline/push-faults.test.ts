import { request } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli/io';
import { runCli } from '../../cli/program';
import { startUiServer } from '../../cli/ui-server';
import { unwrap } from '../../shared/ipc/envelope';
import { IpcSession } from '../../shared/ipc/session';
import { connectDocker } from '../../shared/docker/engine';
import { pushFromBundle } from '../../shared/offline/push-service';
import { createHandlers } from '../../shared/services/handlers';
import { createEngine } from '../../shared/services/engine';
import { cli } from '../env/cli';
import { isolatedEnvironment } from '../env/engine';
import { startFaultProxy, type FaultProxy } from '../env/fault-proxy';
import type { FixtureManifest } from '../env/fixtures';
import { RawRegistryClient } from '../env/raw-registry';
import { startRegistry, type TestRegistry } from '../env/registry';
import { failureOf, tempDir, waitFor, type TempDir } from '../env/tools';
import { pushRandomImage } from '../integration/random-image';

// What a registry (or something in front of it) does to a push must end as a per-item error or a
// retry — never take down the process, the `ui` server or the app's handler map. The bundle holds
// one image whose layer needs several upload requests, and one small image.
const MiB = 1024 * 1024;
let source: TestRegistry;
let dir: TempDir;
let bundle: string;
let big: FixtureManifest;

const env = (name: string) => ({ HIGRESS_AIRGAP_CONFIG: join(dir.path, name), DOCKER_CONFIG: join(dir.path, 'nodocker'), HOME: dir.path, SOURCE_DATE_EPOCH: '1767225600' });
// Every upload request except the connection test's is reset after 1 MiB, with that much stored.
const resetLargeUploads = (proxy: FaultProxy) => {
  for (const method of ['PATCH', 'PUT']) proxy.add({ method, path: /\/blobs\/uploads\//, fault: { kind: 'reset-request', afterBytes: MiB, landPartial: true }, times: Infinity });
};
const bigLayer = () => big.blobs[1]!;

beforeAll(async () => {
  dir = await tempDir('push-faults');
  source = await startRegistry('plain');
  big = await pushRandomImage(source, 'apps/big', '1', 70 * MiB);
  await pushRandomImage(source, 'apps/small', '1', 64 * 1024);
  bundle = join(dir.path, 'b.tar');
  const r = await cli(['bundle', '--out', bundle, '--no-plugin-server', '--image', `${source.host}/apps/big:1`, '--image', `${source.host}/apps/small:1`, '--plain-http'], { env: env('bundle-cfg') });
  expect(r.code, r.stderr).toBe(0);
});
afterAll(async () => {
  await source?.stop();
  await dir?.remove();
});

async function withTarget<T>(fn: (target: TestRegistry, proxy: FaultProxy) => Promise<T>): Promise<T> {
  const target = await startRegistry('plain');
  const proxy = await startFaultProxy(target.host);
  try {
    return await fn(target, proxy);
  } finally {
    await proxy.stop();
    await target.stop();
  }
}

describe('a registry that keeps breaking uploads', () => {
  it('CLI: the large item fails with its reason, the others are pushed, a report is printed, exit 1', async () => {
    await withTarget(async (target, proxy) => {
      resetLargeUploads(proxy);
      const r = await cli(['push', bundle, '--registry', `${proxy.host}/mirror`, '--plain-http'], { env: env('cli') });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toMatch(/^Push incomplete: 1 of the 2 items of b\.tar \(verified: \d+ files\) were not pushed to /);
      expect(r.stdout).not.toMatch(/^Pushed /m);
      expect(r.stdout).toMatch(/failed\s+\S+\/mirror\/apps\/big:1\s+sha256:\w+\s+.*(reset|closed)/i);
      expect(r.stdout).toMatch(/pushed\s+\S+\/mirror\/apps\/small:1/);
      expect(r.stderr).toContain('1 of 2 items were not pushed');
      // The registry never received a tag for what it does not fully hold.
      expect(await new RawRegistryClient(target).tags('mirror/apps/big')).toEqual([]);
      expect(await new RawRegistryClient(target).tags('mirror/apps/small')).toEqual(['1']);
    });
  });

  it("the app's handler map (what Electron main runs) answers with a report; the session keeps working", async () => {
    await withTarget(async (_target, proxy) => {
      resetLargeUploads(proxy);
      const session = new IpcSession(createHandlers(createEngine({ env: env('app') })), () => undefined);
      try {
        const outcome = unwrap(await session.invoke('push:run', { taskId: 'push1', path: bundle, registry: `${proxy.host}/mirror`, connection: { plainHttp: true } })) as {
          report: { ok: boolean; items: Array<{ targetRef: string; status: string; error?: string }> };
        };
        expect(outcome.report.ok).toBe(false);
        const byTarget = Object.fromEntries(outcome.report.items.map((i) => [i.targetRef.replace(/^[^/]+\//, ''), i]));
        expect(byTarget['mirror/apps/big:1']).toMatchObject({ status: 'failed', error: expect.stringMatching(/reset|closed/i) });
        expect(byTarget['mirror/apps/small:1']).toMatchObject({ status: 'pushed' });
        expect(session.runningTasks).toBe(0);
        expect(unwrap(await session.invoke('settings:get', {}))).toBeDefined();
      } finally {
        session.close();
      }
    });
  });

  it('the ui server keeps serving every tab while one tab’s push fails', async () => {
    await withTarget(async (_target, proxy) => {
      resetLargeUploads(proxy);
      await mkdir(join(dir.path, 'renderer', 'assets'), { recursive: true });
      await writeFile(join(dir.path, 'renderer', 'index.html'), '<!doctype html><title>t</title>');
      const internal: unknown[] = [];
      const server = await startUiServer({ handlers: createHandlers(createEngine({ env: env('ui') })), rendererDir: join(dir.path, 'renderer'), onInternalError: (e) => internal.push(e) });
      try {
        const [a, b] = [await openTab(server.port, server.token), await openTab(server.port, server.token)];
        const pushed = await invoke(server.port, server.token, a.id, 'push:run', { taskId: 'p', path: bundle, registry: `${proxy.host}/ui`, connection: { plainHttp: true } });
        expect(pushed.status).toBe(200);
        const envelope = JSON.parse(pushed.body);
        expect(envelope.ok).toBe(true);
        expect(envelope.value.report.items.find((i: { targetRef: string }) => i.targetRef.endsWith('/ui/apps/big:1')).status).toBe('failed');
        // Both tabs (and the server) are still there.
        for (const tab of [a, b]) expect((await invoke(server.port, server.token, tab.id, 'settings:get', {})).status).toBe(200);
        expect(internal).toEqual([]);
        a.close();
        b.close();
      } finally {
        await server.close();
      }
    });
  });
});

describe('the push report', () => {
  it('on a terminal, retries (5xx, resets) show on the progress bar', async () => {
    await withTarget(async (_target, proxy) => {
      proxy.add({ method: 'POST', path: /^\/v2\/tty\/(?!higress-airgap-preflight).*\/blobs\/uploads\//, fault: { kind: 'status', status: 503 }, times: 2 });
      let stderr = '';
      const io: CliIo = {
        stdout: () => undefined,
        stderr: (t) => void (stderr += t),
        readStdin: async () => '',
        env: { ...process.env, ...env('tty') },
        cwd: process.cwd(),
        isTTY: true,
        fetch: globalThis.fetch,
        signal: new AbortController().signal,
      };
      expect(await runCli(['push', bundle, '--registry', `${proxy.host}/tty`, '--plain-http'], io)).toBe(0);
      expect(stderr).toMatch(/pushing \[[# ]+\] \d+% .*\(2 retries\)/);
    });
  });

  it('says "Push failed" and exits non-zero when every item failed', async () => {
    await withTarget(async (_target, proxy) => {
      // The registry refuses every upload except the connection test's.
      proxy.add({ method: 'POST', path: /^\/v2\/denied\/(?!higress-airgap-preflight).*\/blobs\/uploads\//, fault: { kind: 'status', status: 403 }, times: Infinity });
      const r = await cli(['push', bundle, '--registry', `${proxy.host}/denied`, '--plain-http'], { env: env('denied') });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^Push failed: none of the 2 items of b\.tar \(verified: \d+ files\) were pushed to /);
      expect(r.stdout).not.toMatch(/^Pushed /m);
      expect(r.stderr).toContain('2 of 2 items were not pushed');
    });
  });
});

describe('cancel and resume of a chunked upload', () => {
  it('a cancel lets the chunk in flight finish, and the next run continues from there: no byte is sent twice', async () => {
    await withTarget(async (target, proxy) => {
      const registry = isolatedEnvironment(join(dir.path, 'resume'), { retry: { attempts: 5, baseDelayMs: 10, maxDelayMs: 50 }, upload: { minChunk: MiB, maxChunk: 4 * MiB, targetSeconds: 0.5 } });
      const layer = bigLayer();
      const uploads = (from: number) => proxy.log.slice(from).filter((l) => l.method === 'PATCH' && l.path.includes('/apps/big/'));
      // A slow link, so the cancel lands in the middle of a chunk.
      proxy.add({ method: 'PATCH', path: /\/apps\/big\/blobs\/uploads\//, fault: { kind: 'throttle', bytesPerSecond: 16 * MiB }, times: Infinity });
      const ac = new AbortController();
      const first = pushFromBundle({ bundle, registry: `${proxy.host}/resume` }, { registry, flags: { plainHttp: true }, docker: () => connectDocker({}) }, { signal: ac.signal });
      await waitFor('a chunk in flight after two finished', async () => {
        const p = uploads(0);
        return p.filter((l) => l.status === 202).length >= 2 && p.some((l) => l.status === undefined && l.bytesIn > 256 * 1024);
      }, 60_000, 5);
      ac.abort();
      expect((await failureOf(first)).code).toBe('CANCELLED');
      const run1 = uploads(0);
      // The chunk in flight when the cancel came was finished, not cut.
      expect(run1.every((l) => l.status === 202)).toBe(true);
      const cut = proxy.log.length;
      proxy.rules.length = 0;
      const second = await pushFromBundle({ bundle, registry: `${proxy.host}/resume` }, { registry, flags: { plainHttp: true }, docker: () => connectDocker({}) });
      expect(second.report.ok).toBe(true);
      const run2 = uploads(cut);
      const sent = [...run1, ...run2].reduce((n, l) => n + l.bytesIn, 0);
      expect(sent).toBe(layer.size);
      // The rerun asked the registry where the session stood and went on from there.
      const resumedAt = Number(run2[0]!.contentRange!.split('-')[0]);
      expect(resumedAt).toBe(run1.reduce((n, l) => n + l.bytesIn, 0));
      const back = await new RawRegistryClient(target).getBlob('resume/apps/big', layer.digest);
      expect(back.body.equals(layer.bytes)).toBe(true);
    });
  });
});

interface Tab {
  readonly id: string;
  close(): void;
}

/** Opens a tab's event stream on the ui server; the first line names its session. */
function openTab(port: number, token: string): Promise<Tab> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/events', headers: { host: `127.0.0.1:${port}`, 'x-airgap-token': token } }, (res) => {
      let buf = '';
      res.on('data', (c: Buffer) => {
        buf += c.toString();
        const line = buf.split('\n')[0];
        if (line && buf.includes('\n')) resolve({ id: (JSON.parse(line) as { session: string }).session, close: () => req.destroy() });
      });
      res.on('error', () => undefined);
    });
    req.on('error', reject);
    req.end();
  });
}

function invoke(port: number, token: string, session: string, channel: string, args: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ channel, args });
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/api/invoke', headers: { host: `127.0.0.1:${port}`, 'x-airgap-token': token, 'x-airgap-session': session, 'content-type': 'application/json' } },
      (res) => {
        let data = '';
        res.on('data', (c: Buffer) => (data += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
