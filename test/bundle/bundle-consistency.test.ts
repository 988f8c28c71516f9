import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenBundle } from '../../shared/bundle/open-bundle';
import { verifyBundle } from '../../shared/bundle/verify';
import { cli } from '../env/cli';
import { pluginServerFixture, pushFixtures } from '../env/fixtures';
import { startRegistry, type TestRegistry } from '../env/registry';
import { failureOf, tempDir, type TempDir } from '../env/tools';
import { blobName, jsonBlobs, readModel, REF_NAME, rewriteJson, writeModel, type BundleModel } from './bundle-model';
import type { CraftedEntry } from '../env/crafted-tar';

/**
 * Bundles whose every hash is right but whose parts disagree (an adversary recomputes hashes),
 * crafted from a real bundle the CLI wrote from fixtures in a real registry. verify and every
 * command that reads bundles (list, yaml, serve, load, push) must refuse each one and name what
 * disagrees. The bundle is built without the release catalog (explicit references), so it does not
 * depend on which builds the catalog pins.
 */
let registry: TestRegistry;
let dir: TempDir;
let bundle: string;
const env = () => ({ HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), SOURCE_DATE_EPOCH: '1767225600', DOCKER_HOST: `unix://${join(dir.path, 'no-docker.sock')}` });

beforeAll(async () => {
  dir = await tempDir('bundle-consistency');
  registry = await startRegistry('plain');
  await pushFixtures(registry, { pluginServer: await pluginServerFixture('2.2.3') });
  bundle = join(dir.path, 'b.tar');
  const h = registry.host;
  const r = await cli(
    ['bundle', '--out', bundle, '--source', h, '--plain-http', '--plugin-server', `${h}/higress/plugin-server:2.2.3`, '--plugin', `key-auth@2.0.0=${h}/plugins/key-auth:2.0.0`, '--plugin', `basic-auth@2.0.0=${h}/plugins/basic-auth:2.0.0`, '--plugin', `ai-proxy@2.0.0=${h}/plugins/ai-proxy:2.0.0`],
    { env: env() },
  );
  expect(r.code, r.stderr).toBe(0);
});
afterAll(async () => {
  await registry?.stop();
  await dir?.remove();
});

let count = 0;
/** A copy of the real bundle with `mutate` applied and every hash recomputed. */
async function craft(mutate: (m: BundleModel) => void, extra?: CraftedEntry[]): Promise<string> {
  const m = await readModel(await readFile(bundle));
  mutate(m);
  const folder = join(dir.path, `crafted-${count++}`);
  await mkdir(folder);
  const file = join(folder, 'b.tar');
  await writeFile(file, writeModel(m, { extra }));
  return file;
}

const pluginServerRef = () => `${registry.host}/higress/plugin-server:2.2.3`;
const refOf = (m: BundleModel, name: string) => m.index.manifests.find((d: any) => d.annotations[REF_NAME].includes(`/plugins/${name}:`));

/** Every reader refuses `file`, and each says `what` (a pattern of the issue's message). */
async function expectRefusedEverywhere(file: string, code: string, what: RegExp): Promise<void> {
  const report = await verifyBundle(file);
  expect(report.ok).toBe(false);
  expect(report.issues?.map((i) => i.code)).toContain(code);
  expect(report.problems.join('\n')).toMatch(what);

  const verify = await cli(['verify', file], { env: env() });
  expect(verify.code).toBe(1);
  expect(verify.stdout).toMatch(what);

  const opened = await failureOf(OpenBundle.open(file));
  expect(opened.code).toBe('BUNDLE_INCONSISTENT');
  expect((opened.details?.issues as Array<{ code: string }>).map((i) => i.code)).toContain(code);

  const list = await cli(['list', file], { env: env() });
  expect(list.code).toBe(1);
  expect(list.stderr).toMatch(what);

  const yaml = await cli(['yaml', file, '--registry', 'harbor.example.com/higress', '--mode', 'http', '--out', join(dir.path, `yaml-${count++}`)], { env: env() });
  expect(yaml.code).toBe(1);
  expect(yaml.stderr).toMatch(what);

  // serve refuses before listening (a safety abort ends it if it ever started serving instead)
  for (const args of [[], ['--no-verify']]) {
    const serve = await cli(['serve', file, '--port', '0', ...args], { env: env(), signal: AbortSignal.timeout(30_000) });
    expect(serve.code, args.join(' ')).toBe(1);
    expect(serve.stderr, args.join(' ')).toMatch(what);
  }

  const push = await cli(['push', file, '--registry', '127.0.0.1:9/higress', '--plain-http'], { env: env() });
  expect(push.code).toBe(1);
  expect(push.stderr).toMatch(what);

  // load verifies first and stops there (no Docker engine is reached: DOCKER_HOST points nowhere)
  const load = await cli(['load', file], { env: env() });
  expect(load.code).toBe(1);
  expect(load.stderr).toContain('failed verification; nothing was loaded');
}

describe('a consistent bundle', () => {
  it('passes verify and opens for every reader', async () => {
    const report = await verifyBundle(bundle);
    expect(report.issues).toEqual([]);
    expect(report.ok).toBe(true);
    const list = await cli(['list', bundle, '--json'], { env: env() });
    expect(list.code, list.stderr).toBe(0);
    // and so does the same bundle written back by the crafting helpers, unchanged
    const copy = await craft(() => undefined);
    expect((await verifyBundle(copy)).issues).toEqual([]);
  });
});

describe('inconsistencies with every hash recomputed are refused by every reader, by name', () => {
  it('manifest.json RepoTags naming an image that is not in bundle.json (docker load would retag it)', async () => {
    const file = await craft((m) => (m.docker[0].RepoTags = ['docker.io/library/nginx:latest']));
    await expectRefusedEverywhere(file, 'DOCKER_TAG_UNDECLARED', /manifest\.json entry 1 tags docker\.io\/library\/nginx:latest, which is not an image of bundle\.json/);
  });

  it('a Config path of manifest.json outside blobs/', async () => {
    const file = await craft((m) => (m.docker[0].Config = 'plugins/key-auth/2.0.0/plugin.wasm'));
    await expectRefusedEverywhere(file, 'DOCKER_PATH_OUTSIDE_BLOBS', /manifest\.json entry 1 has Config "plugins\/key-auth\/2\.0\.0\/plugin\.wasm", which is not a blob/);
  });

  it('a Layers path of manifest.json outside blobs/', async () => {
    const file = await craft((m) => (m.docker[0].Layers[1] = '../../../etc/passwd'));
    await expectRefusedEverywhere(file, 'DOCKER_PATH_OUTSIDE_BLOBS', /manifest\.json entry 1 has Layers "\.\.\/\.\.\/\.\.\/etc\/passwd", which is not a blob/);
  });

  it('two index.json entries for one reference, pointing at different manifests', async () => {
    let keyAuth = '';
    const file = await craft((m) => {
      const key = refOf(m, 'key-auth');
      const basic = refOf(m, 'basic-auth');
      keyAuth = key.annotations[REF_NAME];
      // listed first, so a reader taking the first match would serve basic-auth as key-auth
      m.index.manifests.unshift({ ...basic, annotations: { ...key.annotations } });
    });
    await expectRefusedEverywhere(file, 'INDEX_REF_DUPLICATE', new RegExp(`index\\.json names ${keyAuth.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} 2 times, with different manifests`));
  });

  it('a descriptor size that differs from its blob (a layer, in a re-hashed manifest)', async () => {
    let layer = '';
    const file = await craft((m) => {
      const basic = refOf(m, 'basic-auth');
      rewriteJson(m, basic.digest, (json) => {
        layer = json.layers[0].digest;
        json.layers[0].size += 1;
      });
    });
    await expectRefusedEverywhere(file, 'BLOB_SIZE_MISMATCH', new RegExp(`gives ${layer} a size of \\d+ bytes, but the blob is \\d+ bytes`));
  });

  it('a descriptor size in index.json that differs from its manifest', async () => {
    const file = await craft((m) => (refOf(m, 'ai-proxy').size += 7));
    await expectRefusedEverywhere(file, 'BLOB_SIZE_MISMATCH', /index\.json gives sha256:[a-f0-9]{64} a size of \d+ bytes, but the blob is \d+ bytes/);
  });

  it("a manifest's media type that differs from its descriptor's", async () => {
    const file = await craft((m) => (refOf(m, 'basic-auth').mediaType = 'application/vnd.oci.image.manifest.v1+json'));
    await expectRefusedEverywhere(file, 'MEDIA_TYPE_MISMATCH', /index\.json lists sha256:[a-f0-9]{64} as application\/vnd\.oci\.image\.manifest\.v1\+json, but the document says it is application\/vnd\.docker\.distribution\.manifest\.v2\+json/);
  });

  it('a bundle.json plugin version with no Plugin Server tree entry', async () => {
    const file = await craft((m) => m.bundle.plugins.find((p: any) => p.name === 'key-auth').servedVersions.push('1.0.0'));
    await expectRefusedEverywhere(file, 'TREE_FILE_MISSING', /plugins\/key-auth\/1\.0\.0\/plugin\.wasm is missing: bundle\.json serves plugin key-auth as version 1\.0\.0/);
  });

  it('a metadata.txt that disagrees with bundle.json', async () => {
    const file = await craft((m) => {
      const path = 'plugins/ai-proxy/2.0.0/metadata.txt';
      m.files.set(path, Buffer.from((m.files.get(path) as Buffer).toString('utf8').replace(/^md5: .*$/m, `md5: ${'0'.repeat(32)}`)));
    });
    await expectRefusedEverywhere(file, 'TREE_METADATA_MISMATCH', /plugins\/ai-proxy\/2\.0\.0\/metadata\.txt says md5 0{32}, but bundle\.json says [a-f0-9]{32}/);
  });

  it('bundle.json naming an image by a digest index.json does not give it', async () => {
    const file = await craft((m) => {
      const image = m.bundle.images[0];
      image.digest = image.manifests[0].digest;
    });
    await expectRefusedEverywhere(file, 'INDEX_DIGEST_MISMATCH', new RegExp(`index\\.json names image ${pluginServerRef().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} as sha256:[a-f0-9]{64}, but bundle\\.json says sha256:[a-f0-9]{64}`));
  });
});

describe('archives every reader now refuses as verify does (tar structure)', () => {
  const cases: Array<[string, (b: Buffer) => Buffer, RegExp]> = [
    ['data after the end of the archive', (b) => Buffer.concat([b, Buffer.from('trailing data\n')]), /Unexpected data after the end of the archive/],
    [
      'damaged padding',
      (b) => {
        const out = Buffer.from(b);
        out[512 + 31 + 5] = 0x41; // oci-layout (31 bytes) sits in the second block, after its header
        return out;
      },
      /Damaged padding after oci-layout/,
    ],
  ];

  it.each(cases)('%s', async (_label, damage, reason) => {
    const folder = join(dir.path, `tar-${count++}`);
    await mkdir(folder);
    const file = join(folder, 'b.tar');
    const m = await readModel(await readFile(bundle));
    await writeFile(file, damage(writeModel(m)));
    expect((await verifyBundle(file)).problems.join('\n')).toMatch(reason);
    expect((await failureOf(OpenBundle.open(file))).message).toMatch(reason);
    for (const args of [['list', file], ['yaml', file, '--registry', 'harbor.example.com/higress', '--mode', 'http', '--out', join(folder, 'y')], ['serve', file, '--no-verify', '--port', '0']]) {
      const r = await cli(args, { env: env(), signal: AbortSignal.timeout(30_000) });
      expect(r.code, args[0]).toBe(1);
      expect(r.stderr, args[0]).toMatch(reason);
    }
  });

  it('a folder entry that carries data', async () => {
    const file = await craft(() => undefined, [{ name: 'plugins/zz-extra/', flag: '5', data: 'hidden data' }]);
    const reason = /Folder entry plugins\/zz-extra carries data/;
    expect((await verifyBundle(file)).problems.join('\n')).toMatch(reason);
    expect((await failureOf(OpenBundle.open(file))).message).toMatch(reason);
    const list = await cli(['list', file], { env: env() });
    expect(list.code).toBe(1);
    expect(list.stderr).toMatch(reason);
  });

  it('an entry outside the bundle layout is refused as soon as it is read', async () => {
    const file = await craft(() => undefined, [{ name: 'etc/cron.d/evil', data: '* * * * * root sh\n' }]);
    expect((await verifyBundle(file)).issues?.map((i) => i.code)).toContain('BUNDLE_ENTRY_UNEXPECTED');
    const opened = await failureOf(OpenBundle.open(file));
    expect(opened.code).toBe('BUNDLE_ENTRY_UNEXPECTED');
    expect(opened.message).toBe('The archive contains a file outside the bundle layout: etc/cron.d/evil');
  });
});

describe('blob digests are still the hashing part: verify catches them, open does not need to', () => {
  it('a blob whose content does not match its name is refused by verify, naming it', async () => {
    let path = '';
    const file = await craft((m) => {
      const layer = [...jsonBlobs(m).values()].find((j) => j.layers && j.config.mediaType === 'application/vnd.oci.image.config.v1+json')!.layers[0];
      path = blobName(layer.digest);
      const bytes = Buffer.from(m.files.get(path) as Buffer);
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1;
      m.files.set(path, bytes);
    });
    const report = await verifyBundle(file);
    expect(report.ok).toBe(false);
    expect(report.issues?.find((i) => i.code === 'BLOB_DIGEST_MISMATCH')?.details.path).toBe(path);
  });
});
