import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../env/cli';
import { pluginServerFixture, pushFixtures } from '../env/fixtures';
import { startRegistry, type TestRegistry } from '../env/registry';
import { tempDir, type TempDir } from '../env/tools';

let dir: TempDir;
let registry: TestRegistry;
// No SOURCE_DATE_EPOCH, no --created: the default must already be reproducible.
const env = () => ({ HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), SOURCE_DATE_EPOCH: '' });
const sha256 = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

beforeAll(async () => {
  dir = await tempDir('deterministic');
  registry = await startRegistry('plain');
  await pushFixtures(registry, { pluginServer: await pluginServerFixture('2.2.3') });
}, 120_000);

afterAll(async () => {
  await registry?.stop();
  await dir?.remove();
});

describe('the same inputs give the same bytes, by default', () => {
  it('two bundle runs a second apart, without flags, write identical files; the time recorded is the newest input build time', async () => {
    const run = async (name: string) => {
      const out = join(dir.path, `${name}.tar`);
      const r = await cli(['bundle', '--out', out, '--source', registry.host, '--plain-http', '--release', '2.2.3', '--follow-tags', '--plugins', 'key-auth,ai-proxy', '--json'], { env: env() });
      expect(r.code, r.stderr).toBe(0);
      return { out, manifest: JSON.parse(r.stdout).manifest };
    };
    const first = await run('first');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = await run('second');
    expect(await sha256(second.out)).toBe(await sha256(first.out));
    // The fixtures were built at 2026-08-01T00:00:00Z (image configs, plugin annotations).
    expect(first.manifest.createdAt).toBe('2026-08-01T00:00:00.000Z');
    const created = await cli(['bundle', '--out', join(dir.path, 'fixed.tar'), '--source', registry.host, '--plain-http', '--release', '2.2.3', '--follow-tags', '--plugins', 'key-auth', '--created', '2027-01-02T03:04:05Z', '--json'], { env: env() });
    expect(JSON.parse(created.stdout).manifest.createdAt).toBe('2027-01-02T03:04:05.000Z');
  });
});
