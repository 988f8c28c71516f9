import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cli } from '../env/cli';
import { startFaultProxy, type FaultProxy } from '../env/fault-proxy';
import type { FixtureManifest } from '../env/fixtures';
import { RawRegistryClient } from '../env/raw-registry';
import { startRegistry, type TestRegistry } from '../env/registry';
import { run, tempDir, type TempDir } from '../env/tools';
import { pushRandomImage } from '../integration/random-image';

// Soak: 20 pushes of one bundle through a proxy that injects random resets (with and without part
// of the body stored), 5xx, stalls and delays — from a fixed seed, at most 80 faults, stalls under
// 300 ms, loopback only. Each push runs in a child process and is run again until it succeeds, as
// an operator would. Afterwards every tag on the target must have the source's digest (asked of
// the registry itself), and neither the pushing process nor the registry may have died.
const RUNS = 20;
const KiB = 1024;
let source: TestRegistry;
let target: TestRegistry;
let proxy: FaultProxy;
let dir: TempDir;
let bundle: string;
let images: Record<string, FixtureManifest>;

beforeAll(async () => {
  dir = await tempDir('soak');
  [source, target] = await Promise.all([startRegistry('plain'), startRegistry('plain')]);
  images = {
    'apps/big': await pushRandomImage(source, 'apps/big', '1', 1536 * KiB),
    'apps/small': await pushRandomImage(source, 'apps/small', '1', 48 * KiB),
  };
  bundle = join(dir.path, 'soak.tar');
  const r = await cli(['bundle', '--out', bundle, '--no-plugin-server', '--image', `${source.host}/apps/big:1`, '--image', `${source.host}/apps/small:1`, '--plain-http'], {
    env: { HIGRESS_AIRGAP_CONFIG: join(dir.path, 'bundle-cfg'), SOURCE_DATE_EPOCH: '1767225600' },
  });
  expect(r.code, r.stderr).toBe(0);
  proxy = await startFaultProxy(target.host);
});
afterAll(async () => {
  await proxy?.stop();
  await Promise.all([source?.stop(), target?.stop()]);
  await dir?.remove();
});

it(`${RUNS} pushes through random faults: every tag has the source digest, nothing died`, async () => {
  proxy.chaos({ seed: 20260801, rate: 0.25, maxFaults: 80, maxStallMs: 300, path: /^\/v2\/soak\d+\// });
  const child = await run(process.execPath, ['--import', 'tsx', 'test/integration/fixtures/soak-runner.ts', bundle, proxy.host, join(dir.path, 'cfg'), String(RUNS), '4']);
  proxy.chaos(undefined);
  expect(child.code, child.stderr).toBe(0);
  const results = JSON.parse(child.stdout) as Array<{ project: string; tries: number; ok: boolean; errors: string[]; items: Array<{ targetRef: string; digest: string }> }>;
  expect(results).toHaveLength(RUNS);
  expect(results.filter((r) => !r.ok).map((r) => `${r.project}: ${r.errors.join(' | ')}`)).toEqual([]);
  // The faults happened, and some of them made a push fail and be run again.
  expect(proxy.chaosFaults).toBeGreaterThan(30);
  expect(proxy.log.some((l) => l.fault === 'reset-request')).toBe(true);
  expect(proxy.log.some((l) => l.fault === 'stall')).toBe(true);
  expect(proxy.log.some((l) => l.fault === 'status')).toBe(true);
  // What the registry holds, asked of the registry (not of our client).
  const raw = new RawRegistryClient(target);
  for (const r of results) {
    for (const [repo, manifest] of Object.entries(images)) {
      const got = await raw.getManifest(`${r.project}/${repo}`, '1');
      expect(got.status, `${r.project}/${repo}`).toBe(200);
      expect(`sha256:${createHash('sha256').update(got.body).digest('hex')}`, `${r.project}/${repo}`).toBe(manifest.digest);
    }
    const layer = images['apps/big']!.blobs[1]!;
    const blob = await raw.getBlob(`${r.project}/apps/big`, layer.digest);
    expect(blob.body.equals(layer.bytes), r.project).toBe(true);
  }
  // The registry is still up.
  expect((await raw.request('GET', '/v2/')).status).toBe(200);
});
