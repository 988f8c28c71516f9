import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type TestRegistry, type RegistryFlavour } from '../env/registry';
import { pushFixtures, type PushedFixtures } from '../env/fixtures';
import { RawRegistryClient } from '../env/raw-registry';
import { startDockerd, type TestDockerd } from '../env/dockerd';
import { freePort, waitFor } from '../env/tools';
import { skopeo, skopeoFlags } from '../env/skopeo';

describe.each<RegistryFlavour>(['plain', 'tls-basic', 'token'])('test registry: %s', (flavour) => {
  let registry: TestRegistry;
  let fixtures: PushedFixtures;

  beforeAll(async () => {
    registry = await startRegistry(flavour);
    fixtures = await pushFixtures(registry);
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('serves every fixture manifest byte for byte (skopeo inspect --raw as oracle)', async () => {
    const refs = [
      { repo: fixtures.pluginServer.repo, tag: fixtures.pluginServer.tag, bytes: fixtures.pluginServer.index.bytes },
      ...fixtures.plugins.map((p) => ({ repo: p.repo, tag: p.tag, bytes: p.manifest.bytes })),
    ];
    for (const r of refs) {
      const res = await skopeo(['inspect', '--raw', ...skopeoFlags(registry), `docker://${registry.host}/${r.repo}:${r.tag}`]);
      expect(res.stderr).toBe('');
      expect(Buffer.from(res.stdout)).toEqual(r.bytes);
    }
  });

  it('enforces its authentication', async () => {
    const anonymous = new RawRegistryClient({ ...registry, flavour: 'plain' });
    const res = await anonymous.request('GET', '/v2/');
    expect(res.status).toBe(flavour === 'plain' ? 200 : 401);
    if (flavour === 'token') {
      expect(String(res.headers['www-authenticate'])).toContain(`realm="${registry.tokenServer?.realm}"`);
      // The token server saw per-repository push scopes from the fixture pushes.
      const scopes = registry.tokenServer?.requests.flatMap((r) => r.scopes) ?? [];
      expect(scopes).toContain('repository:plugins/key-auth:pull,push');
    }
  });
});

describe('test dockerd', () => {
  let dockerd: TestDockerd;
  let registry: TestRegistry;
  let fixtures: PushedFixtures;

  beforeAll(async () => {
    [dockerd, registry] = await Promise.all([startDockerd(), startRegistry('plain')]);
    fixtures = await pushFixtures(registry, { plugins: [] });
  });
  afterAll(async () => {
    await dockerd?.stop();
    await registry?.stop();
  });

  it('pulls the multi-arch plugin-server fixture and runs the amd64 image', async () => {
    const ref = `${registry.host}/${fixtures.pluginServer.repo}:${fixtures.pluginServer.tag}`;
    const pull = await dockerd.cli(['pull', '--platform', 'linux/amd64', ref]);
    expect(pull.code, pull.stderr).toBe(0);
    const port = await freePort();
    const started = await dockerd.cli(['run', '-d', '--network', 'host', ref, '/bin/busybox', 'httpd', '-f', '-p', `127.0.0.1:${port}`, '-h', '/usr/share/nginx/html']);
    expect(started.code, started.stderr).toBe(0);
    const served = fixtures.pluginServer.servedPlugins[0]!;
    let body = Buffer.alloc(0);
    await waitFor('plugin server container', async () => {
      const res = await fetch(`http://127.0.0.1:${port}/plugins/${served.name}/${served.version}/plugin.wasm`);
      if (!res.ok) return false;
      body = Buffer.from(await res.arrayBuffer());
      return true;
    });
    expect(body).toEqual(served.wasm);
  });
});
