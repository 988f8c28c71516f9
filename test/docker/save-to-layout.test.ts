import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveImageToLayout } from '../../shared/docker/save-to-layout';
import type { ProgressEvent } from '../../shared/progress';
import { OciLayoutStore } from '../../shared/store/oci-layout-store';
import { startDockerd, type TestDockerd } from '../env/dockerd';
import { MT, pushFixtures, sha256, tarOf, type PushedFixtures } from '../env/fixtures';
import { startRegistry, type TestRegistry } from '../env/registry';
import { skopeo } from '../env/skopeo';
import { failureOf, freePort, runOk, tempDir, waitFor, type TempDir } from '../env/tools';
import { listTree, strayFiles } from './layout-files';

let dockerd: TestDockerd;
let registry: TestRegistry;
let fixtures: PushedFixtures;
let work: TempDir;
/** The amd64 plugin-server fixture, pulled into the test engine. */
let ref: string;

beforeAll(async () => {
  [dockerd, registry, work] = await Promise.all([startDockerd(), startRegistry('plain'), tempDir('docker-save')]);
  fixtures = await pushFixtures(registry, { plugins: [] });
  ref = `${registry.host}/${fixtures.pluginServer.repo}:${fixtures.pluginServer.tag}`;
  const pull = await dockerd.cli(['pull', '--platform', 'linux/amd64', ref]);
  if (pull.code !== 0) throw new Error(`docker pull ${ref}: ${pull.stderr}`);
});
afterAll(async () => {
  await dockerd?.stop();
  await registry?.stop();
  await work?.remove();
});

async function newLayout(name: string): Promise<OciLayoutStore> {
  const layout = new OciLayoutStore(join(work.path, name));
  await layout.init();
  return layout;
}

function blobFile(layout: OciLayoutStore, digest: string): string {
  return join(layout.dir, 'blobs', 'sha256', digest.slice('sha256:'.length));
}

describe('saveImageToLayout (Docker 20.10 legacy save format)', () => {
  it('writes an OCI image skopeo reads, config as the engine has it, gzip layers matching the diff_ids', async () => {
    const layout = await newLayout('first');
    const events: ProgressEvent[] = [];
    const saved = await saveImageToLayout(dockerd.docker, ref, layout, { onProgress: (e) => events.push(e) });
    expect(saved.refName).toBe(ref);
    expect(saved.platform).toBe('linux/amd64');
    expect(saved.mediaType).toBe(MT.ociManifest);

    const raw = await skopeo(['inspect', '--raw', `oci:${layout.dir}:${saved.refName}`]);
    expect(raw.code, raw.stderr).toBe(0);
    const manifestBytes = await readFile(blobFile(layout, saved.digest));
    expect(Buffer.from(raw.stdout)).toEqual(manifestBytes);
    expect(sha256(manifestBytes)).toBe(saved.digest);
    expect(manifestBytes.length).toBe(saved.size);
    const manifest = JSON.parse(raw.stdout);
    expect(manifest.layers.map((l: any) => l.mediaType)).toEqual([MT.ociLayerGzip, MT.ociLayerGzip]);

    // The config is the engine's own bytes: its digest is the image ID, its diff_ids the fixture's.
    const info = await dockerd.docker.getImage(ref).inspect();
    expect(manifest.config.digest).toBe(info.Id);
    const config = JSON.parse((await readFile(blobFile(layout, manifest.config.digest))).toString('utf8'));
    const fixtureConfig = JSON.parse(fixtures.pluginServer.index.children[0]!.blobs[0]!.bytes.toString('utf8'));
    expect(config.rootfs.diff_ids).toEqual(fixtureConfig.rootfs.diff_ids);
    for (const [i, layer] of manifest.layers.entries()) {
      const bytes = await readFile(blobFile(layout, layer.digest));
      expect(sha256(bytes)).toBe(layer.digest);
      expect(bytes.length).toBe(layer.size);
      expect(sha256(gunzipSync(bytes))).toBe(config.rootfs.diff_ids[i]);
    }

    const inspected = JSON.parse((await skopeo(['inspect', `oci:${layout.dir}:${saved.refName}`])).stdout);
    expect(inspected.Architecture).toBe('amd64');
    expect(inspected.Layers).toEqual(manifest.layers.map((l: any) => l.digest));

    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.phase === 'docker-save')).toBe(true);
    for (let i = 1; i < events.length; i++) expect(events[i]!.bytesDone).toBeGreaterThanOrEqual(events[i - 1]!.bytesDone);
    const last = events.at(-1)!;
    expect(last.bytesDone).toBe(last.bytesTotal);
    expect(last.bytesDone).toBeGreaterThan(info.Size);
    expect(await strayFiles(layout.dir)).toEqual([]);
  });

  it('is deterministic: the same image saved twice gives the same manifest and blobs', async () => {
    const a = await newLayout('twice-a');
    const b = await newLayout('twice-b');
    const first = await saveImageToLayout(dockerd.docker, ref, a);
    const second = await saveImageToLayout(dockerd.docker, ref, b, { refName: 'plugin-server:again' });
    expect(second.digest).toBe(first.digest);
    expect(await listTree(b.dir)).toEqual(await listTree(a.dir));
    // Saving again into the same layout keeps one tag and one copy of each blob.
    const again = await saveImageToLayout(dockerd.docker, ref, a);
    expect(again.digest).toBe(first.digest);
    const index = await a.readIndex();
    expect(index.manifests.map((m) => m.annotations?.['org.opencontainers.image.ref.name'])).toEqual([ref]);
  });

  it('names the image by its normalised reference, or by the tag of an image given by ID', async () => {
    const tagged = await dockerd.cli(['tag', ref, 'plugin-server']);
    expect(tagged.code, tagged.stderr).toBe(0);
    const layout = await newLayout('names');
    expect((await saveImageToLayout(dockerd.docker, 'plugin-server', layout)).refName).toBe('docker.io/library/plugin-server:latest');
    const id = (await dockerd.docker.getImage(ref).inspect()).Id;
    const byId = await saveImageToLayout(dockerd.docker, id.slice('sha256:'.length, 'sha256:'.length + 12), layout);
    expect([ref, 'docker.io/library/plugin-server:latest']).toContain(byId.refName);
    expect((await skopeo(['inspect', '--raw', `oci:${layout.dir}:docker.io/library/plugin-server:latest`])).code).toBe(0);
  });

  it('refuses an image the engine does not have, with a hint', async () => {
    const layout = await newLayout('missing');
    const err = await failureOf(saveImageToLayout(dockerd.docker, 'no/such-image:1.0', layout));
    expect(err.code).toBe('DOCKER_IMAGE_NOT_FOUND');
    expect(err.message).toContain('no/such-image:1.0');
    expect(err.hint).toContain('docker pull');
    expect(await strayFiles(layout.dir)).toEqual([]);
  });

  it('explains an unreachable engine', async () => {
    const layout = await newLayout('unreachable');
    const nowhere = new Docker({ socketPath: join(work.path, 'no-engine.sock') });
    const err = await failureOf(saveImageToLayout(nowhere, ref, layout));
    expect(err.code).toBe('DOCKER_UNREACHABLE');
    expect(err.message).toContain('no-engine.sock');
  });

  it('cancelled mid-stream: CANCELLED, no temporary files, no tag', async () => {
    const layout = await newLayout('cancelled');
    const controller = new AbortController();
    const err = await failureOf(
      saveImageToLayout(dockerd.docker, ref, layout, {
        signal: controller.signal,
        onProgress: (e) => {
          if (e.bytesDone > 0) controller.abort();
        },
      }),
    );
    expect(err.code).toBe('CANCELLED');
    expect(controller.signal.aborted).toBe(true);
    expect(await listTree(layout.dir)).toEqual(['blobs', 'blobs/sha256', 'index.json', 'oci-layout']);
    expect((await layout.readIndex()).manifests).toEqual([]);
    // The engine is still usable afterwards.
    expect((await saveImageToLayout(dockerd.docker, ref, layout)).platform).toBe('linux/amd64');
  });

  it('keeps a layer that appears twice (a symlink in the save) and an empty layer', async () => {
    const layer = await tarOf([{ name: 'hello.txt', data: 'hello from a repeated layer\n' }]);
    const empty = Buffer.alloc(1024);
    const config = Buffer.from(JSON.stringify({
      architecture: 'amd64', os: 'linux', config: { Cmd: ['/hello'] },
      rootfs: { type: 'layers', diff_ids: [sha256(layer), sha256(empty), sha256(layer)] },
      history: [{ created_by: 'one' }, { created_by: 'empty' }, { created_by: 'again' }],
    }));
    const cfg = `${sha256(config).slice(7)}.json`;
    const archive = await tarOf([
      { name: cfg, data: config },
      { name: 'l1/layer.tar', data: layer },
      { name: 'l2/layer.tar', data: empty },
      { name: 'manifest.json', data: JSON.stringify([{ Config: cfg, RepoTags: ['dup/layers:1'], Layers: ['l1/layer.tar', 'l2/layer.tar', 'l1/layer.tar'] }]) },
    ]);
    const load = await dockerd.cli(['load'], archive);
    expect(load.code, load.stderr).toBe(0);
    // The engine's own save links the repeated layer instead of writing it twice (GNU tar shows it).
    const saveFile = join(work.path, 'dup-save.tar');
    expect((await dockerd.cli(['save', '-o', saveFile, 'dup/layers:1'])).code).toBe(0);
    const listing = await runOk('tar', ['-tvf', saveFile]);
    expect(listing.stdout).toMatch(/^l.* [a-f0-9]{64}\/layer\.tar -> \.\.\/[a-f0-9]{64}\/layer\.tar$/m);

    const layout = await newLayout('dup');
    const saved = await saveImageToLayout(dockerd.docker, 'dup/layers:1', layout);
    expect(saved.refName).toBe('docker.io/dup/layers:1');
    const manifest = JSON.parse((await readFile(blobFile(layout, saved.digest))).toString('utf8'));
    expect(manifest.layers).toHaveLength(3);
    expect(manifest.layers[2].digest).toBe(manifest.layers[0].digest);
    expect(gunzipSync(await readFile(blobFile(layout, manifest.layers[1].digest)))).toEqual(empty);
    expect(gunzipSync(await readFile(blobFile(layout, manifest.layers[0].digest)))).toEqual(layer);

    // Round trip through a registry: the engine pulls it back as the same image.
    const target = `${registry.host}/from-docker/dup:1`;
    const cp = await skopeo(['copy', '--dest-tls-verify=false', `oci:${layout.dir}:${saved.refName}`, `docker://${target}`]);
    expect(cp.code, cp.stderr).toBe(0);
    expect((await dockerd.cli(['rmi', 'dup/layers:1'])).code).toBe(0);
    const pull = await dockerd.cli(['pull', target]);
    expect(pull.code, pull.stderr).toBe(0);
    expect((await dockerd.docker.getImage(target).inspect()).Id).toBe(`sha256:${cfg.slice(0, 64)}`);
  });

  it('what it writes runs: skopeo pushes it, the engine pulls it back and serves the plugins', async () => {
    const layout = await newLayout('run');
    const saved = await saveImageToLayout(dockerd.docker, ref, layout);
    const target = `${registry.host}/from-docker/plugin-server:saved`;
    const cp = await skopeo(['copy', '--dest-tls-verify=false', `oci:${layout.dir}:${saved.refName}`, `docker://${target}`]);
    expect(cp.code, cp.stderr).toBe(0);
    const pushed = await skopeo(['inspect', '--raw', '--tls-verify=false', `docker://${target}`]);
    expect(sha256(Buffer.from(pushed.stdout))).toBe(saved.digest);

    // Drop the original so the pull really downloads what we wrote.
    const original = await dockerd.docker.getImage(ref).inspect();
    for (const tag of original.RepoTags ?? []) expect((await dockerd.cli(['rmi', tag])).code).toBe(0);
    const pull = await dockerd.cli(['pull', target]);
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stdout).toContain('Pull complete');
    expect((await dockerd.docker.getImage(target).inspect()).Id).toBe(original.Id);

    const port = await freePort();
    const run = await dockerd.cli(['run', '-d', '--network', 'host', target, '/bin/busybox', 'httpd', '-f', '-p', `127.0.0.1:${port}`, '-h', '/usr/share/nginx/html']);
    expect(run.code, run.stderr).toBe(0);
    for (const p of fixtures.pluginServer.servedPlugins) {
      let body = Buffer.alloc(0);
      await waitFor('the plugin server container', async () => {
        const res = await fetch(`http://127.0.0.1:${port}/plugins/${p.name}/${p.version}/plugin.wasm`);
        if (!res.ok) return false;
        body = Buffer.from(await res.arrayBuffer());
        return true;
      });
      expect(body).toEqual(p.wasm);
    }
  });
});
