import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveArchiveToLayout } from '../../shared/docker/save-archive';
import { saveImageToLayout } from '../../shared/docker/save-to-layout';
import { OciLayoutStore } from '../../shared/store/oci-layout-store';
import { startDockerd, type TestDockerd } from '../env/dockerd';
import { MT, pluginServerFixture, pushFixtures, sha256, type FixtureBlob, type PluginServerFixture } from '../env/fixtures';
import { startRegistry, type TestRegistry } from '../env/registry';
import { skopeo } from '../env/skopeo';
import { failureOf, runOk, tempDir, type TempDir } from '../env/tools';
import { strayFiles } from './layout-files';
import { dockerOciSaveArchive, type ArchiveLayer } from './oci-save-archive';

/**
 * Docker 25+ writes `docker save` as an OCI layout plus manifest.json; only Docker 20.10 runs
 * here, so these archives are built in that format from the plugin-server fixture. The real
 * 20.10 engine loads them (it reads manifest.json paths wherever they point) as a sanity check.
 */
let dockerd: TestDockerd;
let registry: TestRegistry;
let work: TempDir;
let fixture: PluginServerFixture;
let config: Buffer;
let gzipLayers: FixtureBlob[];
let tars: Buffer[];

beforeAll(async () => {
  [dockerd, registry, work, fixture] = await Promise.all([startDockerd(), startRegistry('plain'), tempDir('docker-formats'), pluginServerFixture('2.2.4-formats')]);
  await pushFixtures(registry, { pluginServer: fixture, plugins: [] });
  const amd64 = fixture.index.children[0]!;
  config = amd64.blobs[0]!.bytes;
  gzipLayers = amd64.blobs.slice(1);
  tars = gzipLayers.map((l) => gunzipSync(l.bytes));
});
afterAll(async () => {
  await dockerd?.stop();
  await registry?.stop();
  await work?.remove();
});

let layouts = 0;
async function newLayout(): Promise<OciLayoutStore> {
  const layout = new OciLayoutStore(join(work.path, `layout-${++layouts}`));
  await layout.init();
  return layout;
}

function save(archive: Buffer, layout: OciLayoutStore, refName = 'example.com/higress/plugin-server:oci') {
  return saveArchiveToLayout(Readable.from([archive]), layout, { refName, label: 'the test archive', imageId: sha256(config) });
}

async function manifestOf(layout: OciLayoutStore, digest: string): Promise<any> {
  return JSON.parse((await layout.readBlob(digest)).toString('utf8'));
}

async function zstd(bytes: Buffer): Promise<Buffer> {
  const file = join(work.path, `layer-${sha256(bytes).slice(7, 19)}`);
  await writeFile(file, bytes);
  await runOk('zstd', ['-q', '-f', file, '-o', `${file}.zst`]);
  return readFile(`${file}.zst`);
}

describe('the Docker 25+ save format (OCI layout + manifest.json)', () => {
  it('keeps gzip layers (containerd image store) byte for byte', async () => {
    const layers: ArchiveLayer[] = gzipLayers.map((l) => ({ mediaType: MT.ociLayerGzip, bytes: l.bytes }));
    const archive = await dockerOciSaveArchive(config, layers, 'example.com/higress/plugin-server:oci');
    // The real engine accepts this archive as a docker-archive.
    const load = await dockerd.cli(['load'], archive);
    expect(load.code, load.stderr).toBe(0);
    expect((await dockerd.docker.getImage('example.com/higress/plugin-server:oci').inspect()).Id).toBe(sha256(config));

    const layout = await newLayout();
    const saved = await save(archive, layout);
    expect(saved.platform).toBe('linux/amd64');
    const manifest = await manifestOf(layout, saved.digest);
    expect(manifest.config.digest).toBe(sha256(config));
    expect(manifest.layers).toEqual(gzipLayers.map((l) => ({ mediaType: MT.ociLayerGzip, digest: l.digest, size: l.size })));
    const raw = await skopeo(['inspect', '--raw', `oci:${layout.dir}:${saved.refName}`]);
    expect(raw.code, raw.stderr).toBe(0);
    expect(sha256(Buffer.from(raw.stdout))).toBe(saved.digest);
    expect(await strayFiles(layout.dir)).toEqual([]);
  });

  it('gzips uncompressed layers (classic store) exactly as it does for a Docker 20.10 save of the same image', async () => {
    const archive = await dockerOciSaveArchive(config, tars.map((t) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar', bytes: t })), 'example.com/higress/plugin-server:oci');
    const layout = await newLayout();
    const saved = await save(archive, layout);
    const manifest = await manifestOf(layout, saved.digest);
    expect(manifest.layers.map((l: any) => l.mediaType)).toEqual([MT.ociLayerGzip, MT.ociLayerGzip]);
    for (const [i, l] of manifest.layers.entries()) expect(sha256(gunzipSync(await layout.readBlob(l.digest, 64 * 1024 * 1024)))).toBe(sha256(tars[i]!));

    // The same image from the real engine's legacy save gives the very same manifest.
    const ref = `${registry.host}/${fixture.repo}:${fixture.tag}`;
    const pull = await dockerd.cli(['pull', '--platform', 'linux/amd64', ref]);
    expect(pull.code, pull.stderr).toBe(0);
    const legacy = await saveImageToLayout(dockerd.docker, ref, await newLayout());
    expect(legacy.digest).toBe(saved.digest);
  });

  it('transcodes zstd layers to gzip (what any engine can load)', async () => {
    const compressed = await Promise.all(tars.map(zstd));
    expect(compressed[0]!.readUInt32LE(0)).toBe(0xfd2fb528);
    const layout = await newLayout();
    const saved = await save(await dockerOciSaveArchive(config, compressed.map((bytes) => ({ mediaType: MT.ociLayerGzip.replace('gzip', 'zstd'), bytes })), 'example.com/higress/plugin-server:oci'), layout);
    const plain = await save(await dockerOciSaveArchive(config, tars.map((t) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar', bytes: t })), 'example.com/higress/plugin-server:oci'), await newLayout());
    expect(saved.digest).toBe(plain.digest);
    const manifest = await manifestOf(layout, saved.digest);
    for (const [i, l] of manifest.layers.entries()) {
      expect(l.mediaType).toBe(MT.ociLayerGzip);
      expect(sha256(gunzipSync(await layout.readBlob(l.digest, 64 * 1024 * 1024)))).toBe(sha256(tars[i]!));
    }
  });
});

describe('damaged save archives are refused and leave nothing behind', () => {
  it('a layer that does not match the config diff_ids', async () => {
    const other = tars[0]!;
    const wrong = JSON.parse(config.toString('utf8'));
    wrong.rootfs.diff_ids[1] = sha256(other);
    const badConfig = Buffer.from(JSON.stringify(wrong));
    const layout = await newLayout();
    const err = await failureOf(saveArchiveToLayout(Readable.from([await dockerOciSaveArchive(badConfig, tars.map((t) => ({ mediaType: MT.ociLayerGzip, bytes: t })), 'x/y:1')]), layout, { refName: 'x', label: 'x/y:1' }));
    expect(err.code).toBe('DIFF_ID_MISMATCH');
    expect(err.message).toContain('Layer 2 of x/y:1');
    expect(err.message).toContain(sha256(tars[1]!));
    expect(err.hint).toBeTruthy();
    expect(await strayFiles(layout.dir)).toEqual([]);
    expect((await layout.readIndex()).manifests).toEqual([]);
  });

  it('a blob whose bytes do not match its name', async () => {
    const flipped = Buffer.from(tars[1]!);
    flipped[600] = flipped[600]! ^ 0xff;
    const archive = await dockerOciSaveArchive(config, tars.map((t) => ({ mediaType: MT.ociLayerGzip, bytes: t })), 'x/y:1', new Map([[sha256(tars[1]!), flipped]]));
    const layout = await newLayout();
    const err = await failureOf(save(archive, layout));
    expect(err.code).toBe('DIGEST_MISMATCH');
    expect(err.message).toContain(`blobs/sha256/${sha256(tars[1]!).slice(7)}`);
    expect(await strayFiles(layout.dir)).toEqual([]);
  });

  it('a truncated archive', async () => {
    const archive = await dockerOciSaveArchive(config, gzipLayers.map((l) => ({ mediaType: MT.ociLayerGzip, bytes: l.bytes })), 'x/y:1');
    const layout = await newLayout();
    const err = await failureOf(save(archive.subarray(0, Math.floor(archive.length / 2)), layout));
    expect(err.code).toBe('DOCKER_SAVE_FAILED');
    expect(await strayFiles(layout.dir)).toEqual([]);
    expect((await layout.readIndex()).manifests).toEqual([]);
  });

  it('a tar that is not a docker-archive', async () => {
    const { tarOf } = await import('../env/fixtures');
    const layout = await newLayout();
    const err = await failureOf(save(await tarOf([{ name: 'README', data: 'hello' }]), layout));
    expect(err.code).toBe('DOCKER_SAVE_INVALID');
    expect(err.message).toContain('no manifest.json');
  });
});
