import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { releaseCharts, releaseImages, releaseParts } from '../../shared/catalog/release-parts';
import { renderChartImages } from '../../shared/release/chart-images';
import { cli } from '../env/cli';
import { blob, manifestOf, MT, pluginServerFixture, pushManifestTree, sha256, tarOf } from '../env/fixtures';
import { RawRegistryClient } from '../env/raw-registry';
import { startRegistry, type TestRegistry } from '../env/registry';
import { tempDir, type TempDir } from '../env/tools';

/**
 * The helm target on a `bundle --with-higress` bundle that carries the charts (a loopback Helm
 * repository serves them): `yaml --target helm` copies the `higress` chart package out of the
 * bundle byte for byte, install.sh installs from it, and the values point every image the chart
 * renders at the private registry.
 */
const RELEASE = '2.2.3';
let dir: TempDir;
let source: TestRegistry;
let helm: Server;
let helmBase = '';
const files = new Map<string, Buffer>();
const env = () => ({ HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), DOCKER_CONFIG: join(dir.path, 'nodocker') });
const hex = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function chartTgz(name: string, version: string): Promise<Buffer> {
  const p = pack();
  p.entry({ name: `${name}/Chart.yaml` }, `apiVersion: v2\nname: ${name}\nversion: ${version}\nappVersion: ${version}\n`);
  p.entry({ name: `${name}/values.yaml` }, `# ${name} ${version} (test chart)\n`);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

beforeAll(async () => {
  dir = await tempDir('targets-chart');
  source = await startRegistry('plain');
  const client = new RawRegistryClient(source);
  for (const i of releaseImages(RELEASE, ['core'])) {
    if (i.component === 'plugin-server') {
      await pushManifestTree(client, i.repository, i.tag, (await pluginServerFixture(i.tag, i.repository)).index);
      continue;
    }
    const layer = await tarOf([{ name: 'etc/', type: 'directory' }, { name: 'etc/component', data: `${i.component}\n` }]);
    const config = blob(MT.ociConfig, Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [sha256(layer)] } })));
    await pushManifestTree(client, i.repository, i.tag, manifestOf(MT.ociManifest, config, [blob(MT.ociLayerGzip, gzipSync(layer))]));
  }
  const lines = ['apiVersion: v1', 'entries:'];
  for (const c of releaseCharts(RELEASE)) {
    const file = `${c.name}-${c.version}.tgz`;
    files.set(file, await chartTgz(c.name, c.version));
    lines.push(`  ${c.name}:`, '  - apiVersion: v2', `    name: ${c.name}`, `    version: ${c.version}`, `    digest: ${hex(files.get(file) as Buffer)}`, '    urls:', `    - charts/${file}`);
  }
  const index = `${lines.join('\n')}\n`;
  helm = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    const body = path === '/index.yaml' ? Buffer.from(index) : files.get(path.replace(/^\/charts\//, ''));
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((r) => helm.listen(0, '127.0.0.1', r));
  helmBase = `http://127.0.0.1:${(helm.address() as AddressInfo).port}/`;
}, 120_000);

afterAll(async () => {
  await new Promise((r) => (helm ? helm.close(r) : r(undefined)));
  await source?.stop();
  await dir?.remove();
});

describe('yaml --target helm with the bundled chart', () => {
  it('copies the higress chart out of the bundle byte for byte, installs from it, and names only private images', async () => {
    const bundle = join(dir.path, 'release.tar');
    const b = await cli(['bundle', '--out', bundle, '--source', source.host, '--plain-http', '--release', RELEASE, '--with-higress', '--chart-repo', helmBase, '--temp-dir', dir.path], { env: env() });
    expect(b.code, b.stderr).toBe(0);
    const out = join(dir.path, 'deploy');
    const r = await cli(['yaml', bundle, '--registry', 'harbor.local/higress', '--mode', 'http', '--pull-secret', 'harbor-pull', '--out', out, '--json'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { target: string; files: Array<{ path: string }>; notices: Array<{ code: string }> };
    expect(summary.target).toBe('helm');
    const chart = `higress-${RELEASE}.tgz`;
    expect(summary.files.map((f) => f.path)).toEqual(expect.arrayContaining(['helm/values.yaml', 'helm/install.sh', `charts/${chart}`]));
    expect((await readFile(join(out, 'charts', chart))).equals(files.get(chart) as Buffer)).toBe(true);
    const install = await readFile(join(out, 'helm/install.sh'), 'utf8');
    expect(install).toContain(`CHART=charts/${chart}\n`);
    expect(install).toContain('helm upgrade --install higress "$CHART" -n higress-system --create-namespace -f helm/values.yaml');
    expect(summary.notices.map((n) => n.code).filter((c) => c.startsWith('TARGET_'))).toEqual([]);
    const values = parse(await readFile(join(out, 'helm/values.yaml'), 'utf8')) as Record<string, unknown>;
    for (const img of renderChartImages(releaseParts(RELEASE), values)) expect(img.ref.startsWith('harbor.local/higress/'), img.ref).toBe(true);
  }, 240_000);
});
