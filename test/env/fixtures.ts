import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { RawRegistryClient } from './raw-registry';
import type { TestRegistry } from './registry';
import { tinyWasm } from './wasm';

/**
 * Realistic Higress fixtures, built in memory and pushed with the raw client (never our engine):
 * a multi-arch plugin-server image and plugins in every layout Higress accepts, plus broken ones.
 */

export const MT = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  unknownConfig: 'application/vnd.unknown.config.v1+json',
  wasmConfig: 'application/vnd.module.wasm.config.v1+json',
  wasmLayer: 'application/vnd.module.wasm.content.layer.v1+wasm',
  wasmDoc: 'application/vnd.module.wasm.doc.v1+markdown',
  wasmSpec: 'application/vnd.module.wasm.spec.v1+yaml',
  inToto: 'application/vnd.in-toto+json',
} as const;

export interface FixtureBlob {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly bytes: Buffer;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface FixtureManifest {
  readonly mediaType: string;
  readonly bytes: Buffer;
  readonly digest: string;
  readonly size: number;
  /** Config and layers (for an index: none; see children). */
  readonly blobs: readonly FixtureBlob[];
  readonly children: readonly FixtureManifest[];
  readonly platform?: { readonly os: string; readonly architecture: string; readonly variant?: string } | undefined;
}

export type PluginLayout = 'oci-compat' | 'docker-compat' | 'oci-wasm' | 'raw-wasm-single' | 'not-wasm' | 'no-plugin-wasm' | 'empty-config-only';

export interface PluginFixture {
  readonly name: string;
  readonly repo: string;
  readonly tag: string;
  readonly layout: PluginLayout;
  /** The plugin.wasm bytes inside (for broken ones: what is there instead). */
  readonly wasm: Buffer;
  readonly accepted: boolean;
  readonly readme?: string | undefined;
  readonly spec?: string | undefined;
  readonly manifest: FixtureManifest;
}

export interface PluginServerFixture {
  readonly repo: string;
  readonly tag: string;
  readonly index: FixtureManifest;
  /** Files served by the image under /usr/share/nginx/html/plugins. */
  readonly servedPlugins: ReadonlyArray<{ readonly name: string; readonly version: string; readonly wasm: Buffer }>;
}

export function sha256(b: Buffer | string): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}

export function blob(mediaType: string, bytes: Buffer, annotations?: Record<string, string>): FixtureBlob {
  return { mediaType, bytes, digest: sha256(bytes), size: bytes.length, ...(annotations ? { annotations } : {}) };
}

function descriptor(b: FixtureBlob | FixtureManifest, extra: Record<string, unknown> = {}) {
  return {
    mediaType: b.mediaType,
    digest: b.digest,
    size: b.size,
    ...('annotations' in b && b.annotations ? { annotations: b.annotations } : {}),
    ...extra,
  };
}

export function manifestOf(mediaType: string, config: FixtureBlob, layers: readonly FixtureBlob[], annotations?: Record<string, string>, platform?: FixtureManifest['platform']): FixtureManifest {
  const json = {
    schemaVersion: 2,
    mediaType,
    config: descriptor(config),
    layers: layers.map((l) => descriptor(l)),
    ...(annotations ? { annotations } : {}),
  };
  // Registries and tools keep whatever bytes were pushed; use indentation like oras does.
  const bytes = Buffer.from(JSON.stringify(json, null, mediaType === MT.dockerManifest ? 3 : 0));
  return { mediaType, bytes, digest: sha256(bytes), size: bytes.length, blobs: [config, ...layers], children: [], platform };
}

export function indexOf(mediaType: string, children: readonly FixtureManifest[], extra: ReadonlyArray<Record<string, unknown>> = []): FixtureManifest {
  const json = {
    schemaVersion: 2,
    mediaType,
    manifests: children.map((c, i) => descriptor(c, { ...(c.platform ? { platform: c.platform } : {}), ...(extra[i] ?? {}) })),
  };
  const bytes = Buffer.from(JSON.stringify(json, null, 2));
  return { mediaType, bytes, digest: sha256(bytes), size: bytes.length, blobs: [], children };
}

export interface TarEntry {
  readonly name: string;
  readonly data?: Buffer | string;
  readonly type?: 'file' | 'directory' | 'symlink';
  readonly linkname?: string;
  readonly mode?: number;
}

export async function tarOf(entries: readonly TarEntry[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => void chunks.push(c as Buffer));
  const done = new Promise<void>((ok, fail) => {
    p.on('end', ok);
    p.on('error', fail);
  });
  for (const e of entries) {
    const type = e.type ?? 'file';
    const header = { name: e.name, type, mode: e.mode ?? (type === 'directory' ? 0o755 : 0o644), mtime: new Date(1_700_000_000_000), uid: 0, gid: 0, ...(e.linkname ? { linkname: e.linkname } : {}) };
    await new Promise<void>((ok, fail) => {
      if (type === 'file') p.entry(header, typeof e.data === 'string' ? Buffer.from(e.data) : (e.data ?? Buffer.alloc(0)), (err) => (err ? fail(err) : ok()));
      else p.entry(header, (err) => (err ? fail(err) : ok()));
    });
  }
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

function readmeOf(name: string) {
  return `# ${name}\n\nFixture plugin ${name} for Higress Airgap tests.\n`;
}
function specOf(name: string, version: string) {
  return `apiVersion: 1.0.0\ninfo:\n  category: auth\n  name: ${name}\n  title: ${name}\n  version: ${version}\nspec:\n  phase: AUTHN\n  priority: 310\n`;
}

export interface PluginFixtureOptions {
  readonly name: string;
  readonly repo?: string;
  readonly tag?: string;
  readonly layout: PluginLayout;
  /** Size of the wasm module to make (default: tiny). */
  readonly wasmBytes?: number;
  /** Where plugin.wasm sits inside the tar layer (compat layouts). */
  readonly wasmPath?: string;
  /** The module to carry instead of a proxy-wasm-shaped tinyWasm (e.g. one the gateway refuses). */
  readonly wasm?: Buffer;
}

/** One plugin artifact in the given layout. */
export async function pluginFixture(o: PluginFixtureOptions): Promise<PluginFixture> {
  const repo = o.repo ?? `plugins/${o.name}`;
  const tag = o.tag ?? '2.0.0';
  const wasm = o.wasm ?? (o.layout === 'not-wasm' ? Buffer.from(`#!/bin/sh\necho this is not wasm: ${o.name}\n`) : tinyWasm(`${o.name}:${tag}:${o.layout}`, o.wasmBytes ?? 0));
  const readme = readmeOf(o.name);
  const spec = specOf(o.name, tag);
  const created = { 'org.opencontainers.image.created': '2026-08-01T00:00:00Z' };
  const emptyConfig = blob(MT.unknownConfig, Buffer.from('{}'));
  const tgz = async (path: string) => gzipSync(await tarOf([{ name: path, data: wasm, mode: 0o644 }]));
  let manifest: FixtureManifest;
  switch (o.layout) {
    case 'oci-compat':
    case 'not-wasm':
    case 'no-plugin-wasm': {
      // As the official pipeline pushes with oras: README and spec.yaml layers, then plugin.tar.gz.
      const inner = o.layout === 'no-plugin-wasm' ? 'README.txt' : (o.wasmPath ?? 'plugin.wasm');
      manifest = manifestOf(MT.ociManifest, emptyConfig, [
        blob(MT.wasmDoc, Buffer.from(readme), { 'org.opencontainers.image.title': 'README.md' }),
        blob(MT.wasmSpec, Buffer.from(spec), { 'org.opencontainers.image.title': 'spec.yaml' }),
        blob(MT.ociLayerGzip, await tgz(inner), { 'org.opencontainers.image.title': 'plugin.tar.gz' }),
      ], created);
      break;
    }
    case 'docker-compat': {
      const tar = await tarOf([{ name: o.wasmPath ?? 'plugin.wasm', data: wasm }]);
      const layer = blob(MT.dockerLayerGzip, gzipSync(tar));
      const config = blob(MT.dockerConfig, Buffer.from(JSON.stringify({
        architecture: 'amd64', os: 'linux', config: {}, created: '2026-08-01T00:00:00Z',
        rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
        history: [{ created: '2026-08-01T00:00:00Z', created_by: 'COPY plugin.wasm . # buildkit' }],
      })));
      manifest = manifestOf(MT.dockerManifest, config, [layer]);
      break;
    }
    case 'oci-wasm':
      // The solo.io / hgctl 2-layer variant: a {} wasm-config layer, then the raw wasm layer.
      manifest = manifestOf(MT.ociManifest, emptyConfig, [
        blob(MT.wasmConfig, Buffer.from('{}')),
        blob(MT.wasmLayer, wasm, { 'org.opencontainers.image.title': 'plugin.wasm' }),
      ], created);
      break;
    case 'raw-wasm-single':
      // The Aug 2026 incident (higress#4528): one raw wasm layer, which no gateway can load.
      manifest = manifestOf(MT.ociManifest, emptyConfig, [blob(MT.wasmLayer, wasm)], created);
      break;
    case 'empty-config-only':
      // higress#2295: docker pull/push turned the artifact into an empty-config-only image.
      manifest = manifestOf(MT.ociManifest, emptyConfig, [blob('application/vnd.oci.empty.v1+json', Buffer.from('{}'))]);
      break;
  }
  // The gateway loads a compat layer's module only by the base name plugin.wasm.
  const namedPluginWasm = o.wasmPath === undefined || o.wasmPath.replace(/^.*\//, '') === 'plugin.wasm';
  const accepted = (o.layout === 'oci-compat' || o.layout === 'docker-compat' || o.layout === 'oci-wasm') && namedPluginWasm;
  return { name: o.name, repo, tag, layout: o.layout, wasm, accepted, readme, spec, manifest };
}

/** The default plugin set: one of each accepted layout (named after catalog plugins) and the broken ones. */
export async function defaultPluginFixtures(tag = '2.0.0'): Promise<PluginFixture[]> {
  return Promise.all([
    pluginFixture({ name: 'key-auth', layout: 'oci-compat', tag }),
    pluginFixture({ name: 'basic-auth', layout: 'docker-compat', tag }),
    pluginFixture({ name: 'ai-proxy', layout: 'oci-wasm', tag }),
    pluginFixture({ name: 'json-converter', repo: 'plugins/jsonrpc-converter', layout: 'oci-compat', tag }),
    pluginFixture({ name: 'bad-single-layer', layout: 'raw-wasm-single', tag }),
    pluginFixture({ name: 'bad-not-wasm', layout: 'not-wasm', tag }),
  ]);
}

const NGINX_CONF = `# nginx-like configuration of the Higress plugin server (fixture)
worker_processes 1;
events { worker_connections 64; }
http {
  autoindex on;
  default_type application/octet-stream;
  server {
    listen 8080;
    server_name localhost;
    root /usr/share/nginx/html;
    server_tokens off;
  }
}
`;

function officialMetadata(name: string, wasm: Buffer): string {
  const md5 = createHash('md5').update(wasm).digest('hex');
  return `Plugin Name: ${name}\nSize: ${wasm.length} bytes\nLast Modified: 2026-08-01T00:00:00.000000\nCreated: 2026-08-01T00:00:00.000000\nMD5: ${md5}\n`;
}

/**
 * `higress/plugin-server:<tag>` as buildx pushes it: an OCI index with linux/amd64 (runnable: a
 * static busybox httpd serving /usr/share/nginx/html on 8080), linux/arm64, and an attestation
 * manifest (platform unknown/unknown) that platform filters must cope with.
 */
export async function pluginServerFixture(tag = '2.2.4', repo = 'higress/plugin-server'): Promise<PluginServerFixture> {
  const servedPlugins = [
    { name: 'key-auth', version: '1.0.0', wasm: tinyWasm(`served key-auth ${tag}`) },
    { name: 'key-auth', version: '2.0.0', wasm: tinyWasm(`served key-auth ${tag}`) },
    { name: 'request-block', version: '1.0.0', wasm: tinyWasm(`served request-block ${tag}`) },
  ];
  const htmlEntries: TarEntry[] = [
    { name: 'etc/', type: 'directory' },
    { name: 'etc/nginx/', type: 'directory' },
    { name: 'etc/nginx/nginx.conf', data: NGINX_CONF },
    { name: 'usr/', type: 'directory' },
    { name: 'usr/share/', type: 'directory' },
    { name: 'usr/share/nginx/', type: 'directory' },
    { name: 'usr/share/nginx/html/', type: 'directory' },
    { name: 'usr/share/nginx/html/index.html', data: `<html><body>Higress plugin server fixture ${tag}</body></html>\n` },
    { name: 'usr/share/nginx/html/plugins/', type: 'directory' },
  ];
  const dirs = new Set<string>();
  for (const p of servedPlugins) {
    for (const d of [`usr/share/nginx/html/plugins/${p.name}/`, `usr/share/nginx/html/plugins/${p.name}/${p.version}/`]) {
      if (!dirs.has(d)) htmlEntries.push({ name: d, type: 'directory' });
      dirs.add(d);
    }
    htmlEntries.push({ name: `usr/share/nginx/html/plugins/${p.name}/${p.version}/plugin.wasm`, data: p.wasm });
    htmlEntries.push({ name: `usr/share/nginx/html/plugins/${p.name}/${p.version}/metadata.txt`, data: officialMetadata(p.name, p.wasm) });
  }
  const appTar = await tarOf(htmlEntries);
  const busybox = readFileSync('/bin/busybox');
  const image = async (arch: 'amd64' | 'arm64') => {
    const baseTar = await tarOf([
      { name: 'bin/', type: 'directory' },
      arch === 'amd64'
        ? { name: 'bin/busybox', data: busybox, mode: 0o755 }
        : { name: 'bin/busybox', data: `placeholder for the arm64 busybox of fixture ${tag}\n`, mode: 0o755 },
      { name: 'bin/sh', type: 'symlink', linkname: 'busybox' },
      { name: 'tmp/', type: 'directory', mode: 0o1777 },
    ]);
    const layers = [blob(MT.ociLayerGzip, gzipSync(baseTar)), blob(MT.ociLayerGzip, gzipSync(appTar))];
    const config = blob(MT.ociConfig, Buffer.from(JSON.stringify({
      architecture: arch,
      os: 'linux',
      created: '2026-08-01T00:00:00Z',
      config: {
        Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
        ExposedPorts: { '8080/tcp': {} },
        Cmd: ['/bin/busybox', 'httpd', '-f', '-p', '8080', '-h', '/usr/share/nginx/html'],
        WorkingDir: '/',
        Labels: { 'org.opencontainers.image.title': 'higress plugin-server (fixture)', 'org.opencontainers.image.version': tag },
      },
      rootfs: { type: 'layers', diff_ids: [sha256(baseTar), sha256(appTar)] },
      history: [
        { created: '2026-08-01T00:00:00Z', created_by: 'COPY busybox /bin/ # buildkit' },
        { created: '2026-08-01T00:00:00Z', created_by: 'COPY plugins /usr/share/nginx/html/plugins # buildkit' },
      ],
    })));
    return manifestOf(MT.ociManifest, config, layers, undefined, { os: 'linux', architecture: arch });
  };
  const amd64 = await image('amd64');
  const arm64 = await image('arm64');
  const provenance = blob(MT.inToto, Buffer.from(JSON.stringify({ _type: 'https://in-toto.io/Statement/v0.1', subject: [{ digest: { sha256: amd64.digest.slice(7) } }] })), { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' });
  const attestation = manifestOf(MT.ociManifest, blob(MT.ociConfig, Buffer.from(JSON.stringify({ architecture: 'unknown', os: 'unknown', config: {}, rootfs: { type: 'layers', diff_ids: [sha256(provenance.bytes)] } }))), [provenance], undefined, { os: 'unknown', architecture: 'unknown' });
  const index = indexOf(MT.ociIndex, [amd64, arm64, attestation], [{}, {}, { annotations: { 'vnd.docker.reference.digest': amd64.digest, 'vnd.docker.reference.type': 'attestation-manifest' } }]);
  return { repo, tag, index, servedPlugins };
}

/** Pushes a manifest tree (blobs, children by digest, then the tag). */
export async function pushManifestTree(client: RawRegistryClient, repo: string, tag: string | undefined, m: FixtureManifest): Promise<void> {
  for (const child of m.children) await pushManifestTree(client, repo, undefined, child);
  for (const b of m.blobs) await client.pushBlob(repo, b.bytes, b.digest);
  await client.pushManifest(repo, tag ?? m.digest, m.mediaType, m.bytes);
}

export interface PushedFixtures {
  readonly pluginServer: PluginServerFixture;
  readonly plugins: readonly PluginFixture[];
}

/** Pushes the plugin-server index and the given plugins to a test registry. */
export async function pushFixtures(
  registry: TestRegistry,
  options: { pluginServer?: PluginServerFixture | undefined; plugins?: readonly PluginFixture[] | undefined } = {},
): Promise<PushedFixtures> {
  const client = new RawRegistryClient(registry);
  const pluginServer = options.pluginServer ?? (await pluginServerFixture());
  const plugins = options.plugins ?? (await defaultPluginFixtures());
  await pushManifestTree(client, pluginServer.repo, pluginServer.tag, pluginServer.index);
  for (const p of plugins) await pushManifestTree(client, p.repo, p.tag, p.manifest);
  return { pluginServer, plugins };
}
