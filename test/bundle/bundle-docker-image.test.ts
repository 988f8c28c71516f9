import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../env/cli';
import { startDockerd, type TestDockerd } from '../env/dockerd';
import { pluginServerFixture, pushFixtures } from '../env/fixtures';
import { startRegistry, type TestRegistry } from '../env/registry';
import { skopeo } from '../env/skopeo';
import { tempDir, type TempDir } from '../env/tools';

// `bundle --docker-image`: an image only the local engine has goes into the bundle through
// dockerode's save stream, and comes out again with docker load and skopeo.
let dockerd: TestDockerd;
let registry: TestRegistry;
let dir: TempDir;

beforeAll(async () => {
  dir = await tempDir('bundle-docker');
  [dockerd, registry] = await Promise.all([startDockerd(), startRegistry('plain')]);
  await pushFixtures(registry, { pluginServer: await pluginServerFixture('2.2.3'), plugins: [] });
  const pull = await dockerd.cli(['pull', '--platform', 'linux/amd64', `${registry.host}/higress/plugin-server:2.2.3`]);
  expect(pull.code, pull.stderr).toBe(0);
  expect((await dockerd.cli(['tag', `${registry.host}/higress/plugin-server:2.2.3`, 'local/site-nginx:1.0'])).code).toBe(0);
});
afterAll(async () => {
  await Promise.all([dockerd?.stop(), registry?.stop()]);
  await dir?.remove();
});

describe('bundling an image from the local Docker engine', () => {
  it('saves it into the bundle, which verifies, loads into docker and reads with skopeo', async () => {
    const out = join(dir.path, 'local.tar');
    const env = { HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), DOCKER_HOST: dockerd.host, SOURCE_DATE_EPOCH: '1767225600' };
    const r = await cli(['bundle', '--out', out, '--no-plugin-server', '--docker-image', 'local/site-nginx:1.0', '--temp-dir', dir.path, '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const image = JSON.parse(r.stdout).manifest.images[0];
    expect(image).toMatchObject({ role: 'docker', source: 'docker.io/local/site-nginx:1.0', platforms: ['linux/amd64'] });
    expect((await cli(['verify', out], { env })).code).toBe(0);
    const raw = await skopeo(['inspect', `oci-archive:${out}:docker.io/local/site-nginx:1.0`]);
    expect(raw.code, raw.stderr).toBe(0);
    expect(JSON.parse(raw.stdout).Architecture).toBe('amd64');
    expect((await dockerd.cli(['rmi', 'local/site-nginx:1.0'])).code).toBe(0);
    const load = await dockerd.cli(['load', '-i', out]);
    expect(load.code, load.stderr).toBe(0);
    expect(load.stdout).toContain('Loaded image: local/site-nginx:1.0');
    // the temp layout of the save is gone
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(dir.path)).filter((f) => f.startsWith('higress-airgap-'))).toEqual([]);
  });

  it('names a missing local image clearly', async () => {
    const r = await cli(['bundle', '--out', join(dir.path, 'none.tar'), '--no-plugin-server', '--docker-image', 'nope/missing:1'], { env: { HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), DOCKER_HOST: dockerd.host } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nope\/missing:1/);
  });
});
