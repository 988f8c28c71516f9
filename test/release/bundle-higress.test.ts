import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseImages } from '../../shared/catalog/release-parts';
import { bundleManifestSchema, type BundleManifest } from '../../shared/model/bundle-manifest';
import { cli } from '../env/cli';
import { pluginServerFixture, pushManifestTree } from '../env/fixtures';
import { RawRegistryClient } from '../env/raw-registry';
import { startRegistry, TEST_USER, TEST_PASSWORD, type TestRegistry } from '../env/registry';
import { skopeo, skopeoFlags } from '../env/skopeo';
import { runOk, tempDir, type TempDir } from '../env/tools';
import { chartTgz, componentImage, hex, pushCoreImages, ReleaseHelmRepo } from './bundle-fixtures';

/**
 * `bundle --with-higress` end to end on real registries: fixture images stand in for the release's
 * gateway, controller, pilot, console and plugin-server under the release's repository paths on a
 * source registry; a loopback Helm repository serves the release's three charts. Bundle → verify →
 * push to a TLS registry; skopeo reads the digests back, and the chart packages are compared byte
 * for byte with what the repository served.
 */
const RELEASE = '2.2.3';
let dir: TempDir;
let source: TestRegistry;
let tls: TestRegistry;
const helm = new ReleaseHelmRepo();
let helmBase = '';
let served: Map<string, Buffer>;
let pushed: Map<string, string>; // repository:tag → digest on the source

const env = (name = 'cfg') => ({ HIGRESS_AIRGAP_CONFIG: join(dir.path, name), DOCKER_CONFIG: join(dir.path, 'nodocker'), SOURCE_DATE_EPOCH: '1767225600' });
async function bundle(name: string, extra: readonly string[]) {
  const out = join(dir.path, name, 'b.tar');
  await mkdir(join(dir.path, name), { recursive: true });
  const r = await cli(['bundle', '--out', out, '--source', source.host, '--plain-http', '--release', RELEASE, '--temp-dir', join(dir.path, 'tmp'), '--json', ...extra], { env: env() });
  return { ...r, out, folder: join(dir.path, name) };
}

beforeAll(async () => {
  dir = await tempDir('bundle-higress');
  await mkdir(join(dir.path, 'tmp'));
  [source, tls] = await Promise.all([startRegistry('plain'), startRegistry('tls-basic')]);
  pushed = await pushCoreImages(source, RELEASE);
  await helm.start(RELEASE);
  served = helm.served;
  helmBase = helm.base;
}, 180_000);

afterAll(async () => {
  await helm.stop();
  await Promise.all([source?.stop(), tls?.stop()]);
  await dir?.remove();
});

describe('bundle --with-higress', () => {
  it('carries the core images and the charts; verify passes; push keeps every digest on a TLS registry; the charts are byte for byte the repository\'s', async () => {
    const r = await bundle('full', ['--with-higress', '--chart-repo', helmBase]);
    expect(r.code, r.stderr).toBe(0);
    const m = bundleManifestSchema.parse(JSON.parse(r.stdout).manifest);
    const core = releaseImages(RELEASE, ['core']);
    // Every core image once (the release's plugin-server image is the catalog's, role plugin-server).
    expect(m.images.map((i) => i.source).sort()).toEqual([...new Set(core.map((i) => `${source.host}/${i.repository}:${i.tag}`))].sort());
    for (const i of m.images) {
      const repoTag = i.source.slice(source.host.length + 1);
      expect(i.sourceDigest ?? i.digest, i.source).toBe(pushed.get(repoTag));
      if (i.role !== 'plugin-server') expect(i.group).toBe('core');
    }
    expect(m.images.filter((i) => i.component).map((i) => i.component).sort()).toEqual(['console', 'controller', 'gateway', 'pilot']);
    expect(m.charts?.map((c) => c.name).sort()).toEqual(['higress', 'higress-console', 'higress-core']);

    // The chart files in the bundle are the repository's bytes, listed (and so hashed by verify and the SUMS files).
    const x = join(r.folder, 'x');
    await mkdir(x);
    await runOk('tar', ['-xf', r.out, '-C', x]);
    for (const c of m.charts ?? []) {
      const file = c.path.slice('charts/'.length);
      const bytes = readFileSync(join(x, c.path));
      expect(bytes.equals(served.get(file) as Buffer), c.path).toBe(true);
      expect(c.digest).toBe(`sha256:${hex(bytes)}`);
      expect(c.size).toBe(bytes.length);
      expect(c.source).toBe(`${helmBase}charts/${file}`);
      expect(m.files.find((f) => f.path === c.path)?.sha256).toBe(hex(bytes));
      expect(readFileSync(join(x, 'SHA256SUMS'), 'utf8')).toContain(`${hex(bytes)}  ${c.path}\n`);
    }

    const verified = await cli(['verify', r.out], { env: env() });
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);

    const p = await cli(['push', r.out, '--registry', `${tls.host}/higress`, '--ca-file', tls.caFile as string, '--username', TEST_USER, '--password-stdin', '--json'], { env: env(), stdin: TEST_PASSWORD });
    expect(p.code, p.stderr + p.stdout).toBe(0);
    // Where the chart's global.hub expects them (keep mode: <registry>/<namespace>/<the release's path>), with the source's digest.
    for (const i of core) {
      const target = `${tls.host}/higress/${i.repository}:${i.tag}`;
      const seen = await skopeo(['inspect', '--raw', ...skopeoFlags(tls), `docker://${target}`]);
      expect(seen.code, seen.stderr).toBe(0);
      expect(`sha256:${hex(Buffer.from(seen.stdout))}`, target).toBe(pushed.get(`${i.repository}:${i.tag}`));
    }
  }, 300_000);

  it('--no-charts leaves the charts out; --platform keeps only that platform of each release image', async () => {
    const r = await bundle('nocharts', ['--with-higress', '--no-charts', '--platform', 'linux/arm64']);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout).manifest as BundleManifest;
    expect(m.charts).toBeUndefined();
    // Platform selection applies to the release's images as to every image.
    for (const i of m.images) expect(i.platforms, i.source).toEqual(['linux/arm64']);
    expect(m.files.some((f) => f.path.startsWith('charts/'))).toBe(false);
    expect(m.images.filter((i) => i.component).length).toBe(4);
  }, 120_000);

  it('refuses a chart whose bytes do not match the index digest, and leaves nothing behind', async () => {
    const file = [...served.keys()].find((f) => f.startsWith('higress-core-')) as string;
    helm.files.set(file, await chartTgz('higress-core', `${RELEASE}-tampered`));
    try {
      const r = await bundle('tampered', ['--with-higress', '--chart-repo', helmBase]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(new RegExp(`${file.replace(/\.tgz$/, '').replace(/-(?=[\d.]+$)/, ' ').replace(/\./g, '\\.')} from .* has SHA-256 sha256:[0-9a-f]{64}, but the index says sha256:${hex(served.get(file) as Buffer)}`));
      expect(readdirSync(r.folder)).toEqual([]);
      expect(readdirSync(join(dir.path, 'tmp'))).toEqual([]);
    } finally {
      helm.files.set(file, served.get(file) as Buffer);
    }
  }, 120_000);

  it('pins: the release\'s digests are required unless tags are followed', async () => {
    // 2.2.4 pins gateway, controller, pilot and plugin-server; the source holds other builds under those tags.
    const client = new RawRegistryClient(source);
    for (const i of releaseImages('2.2.4', ['core'])) await pushManifestTree(client, i.repository, i.tag, i.component === 'plugin-server' ? (await pluginServerFixture(i.tag, i.repository)).index : await componentImage(i.component, i.tag));
    const out = join(dir.path, 'pins', 'b.tar');
    await mkdir(join(dir.path, 'pins'), { recursive: true });
    const base = ['bundle', '--out', out, '--source', source.host, '--plain-http', '--release', '2.2.4', '--with-higress', '--no-charts', '--temp-dir', join(dir.path, 'tmp'), '--json'];
    const refused = await cli(base, { env: env() });
    expect(refused.code).not.toBe(0);
    for (const i of releaseImages('2.2.4', ['core']).filter((x) => x.digest)) expect(refused.stderr).toContain(`does not have the Higress 2.2.4 build ${i.repository}@${i.digest}`);
    expect(existsSync(out)).toBe(false);
    const followed = await cli([...base, '--follow-tags'], { env: env() });
    expect(followed.code, followed.stderr).toBe(0);
    const m = JSON.parse(followed.stdout).manifest as BundleManifest;
    const pinned = releaseImages('2.2.4', ['core']).filter((i) => i.digest);
    for (const i of pinned) {
      const img = m.images.find((x) => x.source === `${source.host}/${i.repository}:${i.tag}`);
      expect(img?.pin, i.component).toEqual({ kind: 'followed-tag', pinnedDigest: i.digest });
    }
  }, 180_000);

  it('the optional flags need --with-higress', async () => {
    const r = await cli(['bundle', '--out', join(dir.path, 'x.tar'), '--with-observability', '--no-charts'], { env: env() });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('--with-observability, --no-charts');
  });
});
