import { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { registerServe } from '../../cli/commands/serve';
import type { CliIo } from '../../cli/io';
import { cli } from '../env/cli';
import { pluginServerFixture, pushFixtures, type PushedFixtures } from '../env/fixtures';
import { startRegistry, type TestRegistry } from '../env/registry';
import { requireTool, run, tempDir, waitFor, type TempDir } from '../env/tools';

/** A real bundle built by the CLI from fixtures pushed to a real registry (as bundle-interop does). */
export interface ServeEnv {
  readonly registry: TestRegistry;
  readonly fixtures: PushedFixtures;
  readonly dir: TempDir;
  readonly bundle: string;
  /** bundle.json as the bundle command reported it. */
  readonly manifest: any;
  stop(): Promise<void>;
}

/**
 * A bundle of the fixtures: catalog plugins with --follow-tags (the fixtures are not the release
 * builds the catalog pins), and json-converter by reference (served name ≠ repository name).
 */
export async function bundleFromFixtures(prefix: string): Promise<ServeEnv> {
  const dir = await tempDir(prefix);
  const registry = await startRegistry('plain');
  const fixtures = await pushFixtures(registry, { pluginServer: await pluginServerFixture('2.2.3') });
  const bundle = join(dir.path, 'higress.tar');
  const env = { HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), SOURCE_DATE_EPOCH: '1767225600' };
  const r = await cli(['bundle', '--out', bundle, '--source', registry.host, '--plain-http', '--release', '2.2.3', '--follow-tags', '--plugins', 'key-auth,basic-auth,ai-proxy', '--plugin', `json-converter@2.0.0=${registry.host}/plugins/jsonrpc-converter:2.0.0`, '--json'], { env });
  expect(r.code, r.stderr).toBe(0);
  return {
    registry,
    fixtures,
    dir,
    bundle,
    manifest: JSON.parse(r.stdout).manifest,
    stop: async () => {
      await registry.stop();
      await dir.remove();
    },
  };
}

/** `higress-airgap serve …` running in-process through registerServe (program.ts is not ours). */
export interface ServeRun {
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Settles when the command ends: undefined, or what it threw. */
  readonly done: Promise<unknown>;
  /** The JSON line `--json` prints once listening. */
  ready(): Promise<{ url: string; port: number; registry: string; pluginUrlPattern: string; plugins: string[]; references: string[]; warnings: string[] }>;
  stop(): Promise<unknown>;
}

export function startServe(args: readonly string[]): ServeRun {
  let out = '';
  let err = '';
  const abort = new AbortController();
  const io: CliIo = {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    readStdin: async () => '',
    env: process.env,
    cwd: process.cwd(),
    isTTY: false,
    fetch: globalThis.fetch,
    signal: abort.signal,
  };
  const program = new Command().exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerServe(program, io);
  for (const c of program.commands) c.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  let finished = false;
  const done = program.parseAsync(['serve', ...args], { from: 'user' }).then(
    () => undefined,
    (e: unknown) => e,
  ).finally(() => (finished = true));
  return {
    stdout: () => out,
    stderr: () => err,
    done,
    ready: async () => {
      await waitFor('serve to listen', async () => {
        if (finished) throw new Error(`serve ended early: ${err}`);
        return out.includes('\n');
      }, 60_000);
      return JSON.parse(out.split('\n')[0] as string);
    },
    stop: async () => {
      abort.abort();
      return done;
    },
  };
}

export interface CurlResult {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  /** Where the body was saved (for md5sum). */
  readonly file: string;
}

/** The real curl, saving into `dir`; `--path-as-is` so dot segments reach the server unnormalised. */
export function curlInto(dir: string): (url: string, extra?: readonly string[]) => Promise<CurlResult> {
  let count = 0;
  return async (url, extra = []) => {
    const bin = requireTool('/usr/bin/curl', 'curl');
    const n = count++;
    const file = join(dir, `body-${n}`);
    const headerFile = join(dir, `headers-${n}`);
    const r = await run(bin, ['-s', '--path-as-is', '-o', file, '-D', headerFile, '-w', '%{http_code}', ...extra, url]);
    if (r.code !== 0) throw new Error(`curl ${url} exited ${r.code}: ${r.stderr}`);
    const headers: Record<string, string> = {};
    for (const line of (await readFile(headerFile, 'utf8')).split('\r\n').slice(1)) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
    }
    const body = await readFile(file).catch(() => Buffer.alloc(0));
    return { status: Number(r.stdout), headers, body, file };
  };
}
