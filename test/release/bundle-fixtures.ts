import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { releaseCharts, releaseImages } from '../../shared/catalog/release-parts';
import { blob, indexOf, manifestOf, MT, pluginServerFixture, pushManifestTree, sha256, tarOf, type FixtureManifest } from '../env/fixtures';
import { RawRegistryClient } from '../env/raw-registry';
import type { TestRegistry } from '../env/registry';

/** Test inputs for `bundle --with-higress`: images standing in for the release's and a loopback Helm repository. */
export const hex = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A two-platform image whose layer names its component (distinct digests per component). */
export async function componentImage(component: string, tag: string): Promise<FixtureManifest> {
  const one = async (arch: 'amd64' | 'arm64') => {
    const layerTar = await tarOf([{ name: 'etc/', type: 'directory' }, { name: 'etc/component', data: `${component} ${tag} ${arch}\n` }]);
    const layer = blob(MT.ociLayerGzip, gzipSync(layerTar));
    const config = blob(MT.ociConfig, Buffer.from(JSON.stringify({ architecture: arch, os: 'linux', created: '2026-08-01T00:00:00Z', config: { Labels: { component } }, rootfs: { type: 'layers', diff_ids: [sha256(layerTar)] } })));
    return manifestOf(MT.ociManifest, config, [layer], undefined, { os: 'linux', architecture: arch });
  };
  return indexOf(MT.ociIndex, [await one('amd64'), await one('arm64')]);
}

/** Pushes stand-ins for the release's core images under its repository paths; returns `repository:tag` → digest. */
export async function pushCoreImages(registry: TestRegistry, release: string): Promise<Map<string, string>> {
  const client = new RawRegistryClient(registry);
  const pushed = new Map<string, string>();
  for (const i of releaseImages(release, ['core'])) {
    const m = i.component === 'plugin-server' ? (await pluginServerFixture(i.tag, i.repository)).index : await componentImage(i.component, i.tag);
    await pushManifestTree(client, i.repository, i.tag, m);
    pushed.set(`${i.repository}:${i.tag}`, m.digest);
  }
  return pushed;
}

/** A small chart package as `helm package` lays it out. */
export async function chartTgz(name: string, version: string): Promise<Buffer> {
  const p = pack();
  p.entry({ name: `${name}/Chart.yaml` }, `apiVersion: v2\nname: ${name}\nversion: ${version}\nappVersion: ${version}\n`);
  p.entry({ name: `${name}/values.yaml` }, 'global:\n  hub: example.invalid/higress\n');
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

/** A loopback Helm repository at `<base>` serving the release's three charts (`files` may be swapped by a test). */
export class ReleaseHelmRepo {
  readonly served = new Map<string, Buffer>();
  readonly files = new Map<string, Buffer>();
  base = '';
  private server?: Server;
  private index = '';

  async start(release: string): Promise<void> {
    const lines = ['apiVersion: v1', 'entries:'];
    for (const c of releaseCharts(release)) {
      const file = `${c.name}-${c.version}.tgz`;
      const bytes = await chartTgz(c.name, c.version);
      this.served.set(file, bytes);
      this.files.set(file, bytes);
      lines.push(`  ${c.name}:`, `  - apiVersion: v2`, `    name: ${c.name}`, `    version: ${c.version}`, `    digest: ${hex(bytes)}`, `    urls:`, `    - charts/${file}`);
    }
    this.index = `${lines.join('\n')}\n`;
    this.server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0] as string;
      if (path === '/repo/index.yaml') return void res.writeHead(200, { 'content-type': 'text/yaml' }).end(this.index);
      const file = path.startsWith('/repo/charts/') ? this.files.get(path.slice('/repo/charts/'.length)) : undefined;
      if (file) return void res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': file.length }).end(file);
      res.writeHead(404).end('not found');
    });
    await new Promise<void>((r) => (this.server as Server).listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/repo/`;
  }

  stop(): Promise<void> {
    return new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
