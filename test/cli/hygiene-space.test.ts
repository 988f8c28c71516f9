import { randomBytes } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../env/cli';
import { blob, manifestOf, MT, pushManifestTree } from '../env/fixtures';
import { RawRegistryClient } from '../env/raw-registry';
import { startRegistry, type TestRegistry } from '../env/registry';
import { run, runOk, tempDir, type TempDir } from '../env/tools';

// Output and temporary folder on one small disk: each need fits alone, both together do not.
let registry: TestRegistry;
let dir: TempDir;
let disk: string;
let mounted = false;

beforeAll(async () => {
  dir = await tempDir('hygiene-space');
  disk = join(dir.path, 'disk');
  await mkdir(disk);
  const m = await run('mount', ['-t', 'tmpfs', '-o', 'size=5m,mode=0755', 'tmpfs', disk]);
  if (m.code !== 0) throw new Error(`mount -t tmpfs failed (the suite needs root with CAP_SYS_ADMIN): ${m.stderr}`);
  mounted = true;
  registry = await startRegistry('plain');
  // A 3 MiB layer is spooled (small blobs go through the temporary folder) and then written.
  const layer = blob(MT.ociLayerGzip, randomBytes(3 * 1024 * 1024));
  const config = blob(MT.ociConfig, Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] } })));
  await pushManifestTree(new RawRegistryClient(registry), 'mid/image', '1', manifestOf(MT.ociManifest, config, [layer]));
});
afterAll(async () => {
  await registry?.stop();
  if (mounted) await runOk('umount', [disk]);
  await dir?.remove();
});

describe('free space of a shared file system', () => {
  it('bundle refuses up front when output and spool together do not fit on one disk', async () => {
    await mkdir(join(disk, 'out'));
    await mkdir(join(disk, 'tmp'));
    const r = await cli(['bundle', '--out', join(disk, 'out', 'b.tar'), '--temp-dir', join(disk, 'tmp'), '--source', registry.host, '--plain-http', '--no-plugin-server', '--image', `${registry.host}/mid/image:1`], {
      env: { HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), SOURCE_DATE_EPOCH: '1767225600' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Not enough free space on ${disk}, which holds the output folder and the temporary folder`);
    expect(await readdir(join(disk, 'out'))).toEqual([]);
    expect(await readdir(join(disk, 'tmp'))).toEqual([]);
  });
});
