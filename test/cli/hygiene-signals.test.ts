import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { createServer, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerTag } from '../../shared/system/temp-owner';
import { blob, manifestOf, MT, pushManifestTree } from '../env/fixtures';
import { RawRegistryClient } from '../env/raw-registry';
import { startRegistry, type TestRegistry } from '../env/registry';
import { tempDir, waitFor, type TempDir } from '../env/tools';

/**
 * A real `bundle` run, stopped while it writes: SIGTERM and SIGHUP cancel it like Ctrl-C (no
 * `.partial` volume, no spool left); after a SIGKILL, the next run removes what the dead one left
 * and nothing a live process owns.
 */
let registry: TestRegistry;
let gate: Gate;
let dir: TempDir;
let bigDigest: string;
const children = new Set<ChildProcess>();

/**
 * A loopback proxy in front of the registry that holds GETs of one blob unanswered while `holding`:
 * the bundle run is then parked with its spool and its `.partial` volume on disk.
 */
interface Gate {
  readonly host: string;
  holding: boolean;
  /** Blob GETs being held right now. */
  readonly held: Set<ServerResponse>;
  stop(): Promise<void>;
}

async function startGate(upstream: string, path: () => string): Promise<Gate> {
  const [upHost, upPort] = upstream.split(':') as [string, string];
  const held = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    if (g.holding && req.method === 'GET' && req.url?.endsWith(path())) {
      held.add(res);
      res.on('close', () => held.delete(res));
      req.resume();
      return;
    }
    const up = request({ host: upHost, port: Number(upPort), method: req.method, path: req.url, headers: req.headers }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    });
    up.on('error', () => res.socket?.destroy());
    req.pipe(up);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const g: Gate = {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    holding: true,
    held,
    stop: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
  return g;
}

beforeAll(async () => {
  dir = await tempDir('hygiene-signals');
  registry = await startRegistry('plain');
  // One layer above the spool limit (16 MiB): it streams straight into the tar, after the
  // `.partial` volume exists; the config is spooled first.
  const layer = blob(MT.ociLayerGzip, randomBytes(17 * 1024 * 1024));
  const config = blob(MT.ociConfig, Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] } })));
  await pushManifestTree(new RawRegistryClient(registry), 'big/image', '1', manifestOf(MT.ociManifest, config, [layer]));
  bigDigest = layer.digest;
  gate = await startGate(registry.host, () => `/blobs/${bigDigest}`);
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await gate?.stop();
  await registry?.stop();
  await dir?.remove();
});

interface Run {
  readonly child: ChildProcess;
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function bundleRun(out: string, temp: string): Run {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'cli/main.ts', 'bundle', '--out', out, '--source', gate.host, '--plain-http', '--no-plugin-server', '--image', `${gate.host}/big/image:1`, '--temp-dir', temp],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), SOURCE_DATE_EPOCH: '1767225600' } },
  );
  children.add(child);
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.stdout?.resume();
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
  return { child, done };
}

const list = async (folder: string) => (await readdir(folder)).sort();
const partials = async (folder: string) => (await list(folder)).filter((n) => n.endsWith('.partial'));
const spools = async (folder: string) => (await list(folder)).filter((n) => n.startsWith('higress-airgap-spool-'));

/** Waits until the run is parked mid-write: spool on disk, `.partial` volume open, big blob requested. */
async function parked(run: Run, out: string, temp: string): Promise<void> {
  await waitFor(
    'the bundle run to be writing',
    async () => {
      if (run.child.exitCode !== null) throw new Error(`the bundle run ended early: ${(await run.done).stderr}`);
      return gate.held.size > 0 && (await partials(out)).length > 0 && (await spools(temp)).length > 0;
    },
    60_000,
  );
}

describe('signals during bundle', () => {
  it.each(['SIGTERM', 'SIGHUP'] as const)('%s cancels cleanly: no .partial volume, no spool folder', async (signal) => {
    const out = join(dir.path, `out-${signal}`);
    const temp = join(dir.path, `tmp-${signal}`);
    await mkdir(out, { recursive: true });
    await mkdir(temp, { recursive: true });
    gate.holding = true;
    const run = bundleRun(join(out, 'b.tar'), temp);
    await parked(run, out, temp);
    run.child.kill(signal);
    const r = await run.done;
    expect(r.signal, r.stderr).toBeNull();
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('Cancelled.');
    expect(await list(out)).toEqual([]);
    expect(await list(temp)).toEqual([]);
  });

  it('after a SIGKILL, the next run removes what the dead run left, and nothing a live process owns', async () => {
    const out = join(dir.path, 'out-kill');
    const temp = join(dir.path, 'tmp-kill');
    await mkdir(out, { recursive: true });
    await mkdir(temp, { recursive: true });
    gate.holding = true;
    const killed = bundleRun(join(out, 'b.tar'), temp);
    await parked(killed, out, temp);
    killed.child.kill('SIGKILL');
    expect((await killed.done).signal).toBe('SIGKILL');
    // What a kill -9 leaves: the volume being written and the spool, both naming the dead pid.
    const leftPartials = await partials(out);
    const leftSpools = await spools(temp);
    expect(leftPartials).toHaveLength(1);
    expect(leftSpools).toHaveLength(1);
    expect(leftPartials[0]).toContain(`.${killed.child.pid}-`);
    expect(leftSpools[0]).toContain(`-${killed.child.pid}-`);

    // Owned by a live process (this test runner), or by another host: never touched.
    const live = ownerTag();
    const otherHost = `${killed.child.pid}-00000000`;
    const keep = [`.other.tar.${live}.0123456789ab.partial`, `.other.tar.${otherHost}.0123456789ab.partial`, 'notes.partial'];
    for (const f of keep) await writeFile(join(out, f), 'in use');
    const keepSpools = [`higress-airgap-spool-${live}-AbC123`, `higress-airgap-spool-${otherHost}-XyZ789`];
    for (const d of keepSpools) await mkdir(join(temp, d));

    gate.holding = false;
    const next = bundleRun(join(out, 'b.tar'), temp);
    const r = await next.done;
    expect(r.code, r.stderr).toBe(0);
    expect(await list(out)).toEqual([...keep, 'b.tar', 'b.tar.md5', 'b.tar.sha256'].sort());
    expect(await list(temp)).toEqual([...keepSpools].sort());
  });
});
