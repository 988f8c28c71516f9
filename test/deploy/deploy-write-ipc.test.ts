import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../shared/ipc/envelope';
import { IpcSession } from '../../shared/ipc/session';
import { createHandlers } from '../../shared/services/handlers';
import { createEngine } from '../../shared/services/engine';
import { cli } from '../env/cli';
import { tempDir, type TempDir } from '../env/tools';
import { tinyWasm } from '../env/wasm';

// The app's deploy:write with a target's copies: the engine reads them out of the bundle (only
// from its plugins/ tree and charts/), writes them only under the paths a target produces.
let dir: TempDir;
let session: IpcSession;
let bundle = '';
const WASM = tinyWasm('deploy-write ipc plugin');

beforeAll(async () => {
  dir = await tempDir('deploy-write-ipc');
  const env = { HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), DOCKER_CONFIG: join(dir.path, 'docker'), HOME: dir.path };
  await writeFile(join(dir.path, 'p.wasm'), WASM);
  bundle = join(dir.path, 'b.tar');
  const b = await cli(['bundle', '--out', bundle, '--no-plugin-server', '--release', '2.2.4', '--wasm', `my-plugin@1.0.0=${join(dir.path, 'p.wasm')}`], { env });
  expect(b.code, b.stderr).toBe(0);
  session = new IpcSession(createHandlers(createEngine({ env })), () => undefined);
});
afterAll(async () => {
  session?.close();
  await dir?.remove();
});

const script = { path: 'docker/run-higress.sh', content: '#!/bin/sh\n' };
const copy = { from: 'plugins/my-plugin/1.0.0/plugin.wasm', path: 'docker/plugins/my-plugin/1.0.0/plugin.wasm' };

describe('deploy:write with copies out of the bundle', () => {
  it('copies a plugin module byte for byte beside the script', async () => {
    const out = join(dir.path, 'ok');
    const r = unwrap(await session.invoke('deploy:write', { dir: out, files: [script], bundle, copies: [copy] })) as { written: string[] };
    expect(r.written).toEqual([script.path, copy.path]);
    expect((await readFile(join(out, copy.path))).equals(WASM)).toBe(true);
  });

  it('refuses a copy to a path no target writes, from outside the plugin tree and charts, or without the bundle — writing nothing', async () => {
    const out = join(dir.path, 'refused');
    const cases = [
      [{ dir: out, files: [script], bundle, copies: [{ ...copy, path: 'docker/evil.sh' }] }, 'NOT_A_DEPLOY_FILE'],
      [{ dir: out, files: [script], bundle, copies: [{ ...copy, from: 'bundle.json', path: 'charts/x.tgz' }] }, 'NOT_A_FILE_TO_COPY'],
      [{ dir: out, files: [script], copies: [copy] }, 'COPY_NEEDS_BUNDLE'],
    ] as const;
    for (const [args, code] of cases) expect(await session.invoke('deploy:write', args)).toMatchObject({ ok: false, error: { name: 'UsageError', code } });
    expect(await readdir(out).catch(() => [])).toEqual([]);
  });
});
