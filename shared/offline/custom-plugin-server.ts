import { gzipSync } from 'node:zlib';
import { AppError, UsageError } from '../errors';
import type { OpenBundle } from '../bundle/open-bundle';
import { encodeHeader, END_OF_ARCHIVE, padding } from '../bundle/tar-format';
import type { BundlePlugin } from '../model/bundle-manifest';
import { sha256Digest } from '../oci/digest';
import { MediaType } from '../oci/media-types';
import { formatPlatform, type Descriptor, type ParsedManifest } from '../oci/schemas';
import { successors } from '../oci/successors';
import { MemoryStore } from '../store/memory-store';
import { OverlayStore } from '../store/overlay-store';

/** Where the official image's nginx serves plugins from (plugin-server Dockerfile). */
export const SERVED_ROOT = 'usr/share/nginx/html/plugins';
export const CUSTOM_TAG = 'custom-plugin-server';

export interface CustomPluginServer {
  readonly store: OverlayStore;
  /** The reference inside `store`. */
  readonly reference: string;
  readonly digest: string;
  readonly mediaType: string;
  readonly platforms: readonly string[];
  readonly plugins: readonly string[];
}

/**
 * The user guide's "mixed mode" without a Dockerfile: the bundle's plugin-server image plus one
 * new layer holding `usr/share/nginx/html/plugins/<name>/<version>/{plugin.wasm,metadata.txt}` for
 * the given plugins (every served version, over whatever the base image has), with a new config (diff_ids, history) and manifest per
 * bundled platform, and a new index. Base layers are reused as they are. Deterministic.
 */
export async function buildCustomPluginServer(bundle: OpenBundle, plugins: readonly BundlePlugin[], createdAt: string): Promise<CustomPluginServer> {
  const base = bundle.manifest.images.find((i) => i.role === 'plugin-server');
  if (!base) throw new UsageError('The bundle has no plugin-server image to build on', { hint: 'Bundle one (leave out --no-plugin-server), or push without --plugin-server-image.', code: 'PUSH_CUSTOM_NO_BASE' });
  if (plugins.length === 0) throw new UsageError('No plugins to add to the Plugin Server image', { code: 'PUSH_CUSTOM_NO_PLUGINS' });
  const bundleStore = bundle.store();
  const top = new MemoryStore('custom plugin-server');
  const layer = await pluginLayer(bundle, plugins, createdAt);
  const root = await bundleStore.resolve(base.source);

  const rebuild = async (m: Extract<ParsedManifest, { kind: 'manifest' }>): Promise<Descriptor> => {
    const layerMediaType = m.mediaType === MediaType.dockerManifest ? MediaType.dockerLayerGzip : MediaType.ociLayerGzip;
    const configBytes = await bundle.readSmall(`blobs/sha256/${m.manifest.config.digest.slice(7)}`, 8 * 1024 * 1024);
    const config = JSON.parse(configBytes.toString('utf8')) as { rootfs?: { diff_ids?: string[] }; history?: unknown[] };
    if (!config.rootfs?.diff_ids) throw new AppError('BAD_IMAGE', `The plugin-server image config ${m.manifest.config.digest} has no rootfs`, { details: { config: m.manifest.config.digest } });
    config.rootfs.diff_ids = [...config.rootfs.diff_ids, layer.diffId];
    config.history = [...(config.history ?? []), { created: createdAt, created_by: `higress-airgap: add plugins ${plugins.map((p) => p.name).join(', ')}`, comment: 'custom Plugin Server layer' }];
    const newConfig = Buffer.from(JSON.stringify(config));
    top.put(newConfig);
    const raw = JSON.parse(Buffer.from(m.bytes).toString('utf8')) as { config: Descriptor; layers: Descriptor[] };
    raw.config = { ...raw.config, digest: sha256Digest(newConfig), size: newConfig.length };
    raw.layers = [...raw.layers, { mediaType: layerMediaType, digest: layer.digest, size: layer.bytes.length }];
    const bytes = Buffer.from(JSON.stringify(raw));
    const desc = { mediaType: m.mediaType, digest: sha256Digest(bytes), size: bytes.length };
    await top.pushManifest(desc, bytes);
    return desc;
  };

  top.put(layer.bytes);
  let rootDesc: Descriptor;
  const platforms: string[] = [];
  if (root.kind === 'manifest') {
    rootDesc = await rebuild(root);
    platforms.push(base.platforms[0] ?? 'unknown');
  } else {
    const raw = JSON.parse(Buffer.from(root.bytes).toString('utf8')) as { manifests: Array<Record<string, unknown>> };
    const entries: Array<Record<string, unknown>> = [];
    // successors() gives an index's entries as listed, so entry i is raw entry i (its other fields kept).
    for (const [i, d] of successors(root).entries()) {
      // Attestations describe the original images; they would lie about the rebuilt ones.
      if (!d.platform || d.platform.os === 'unknown') continue;
      const child = await bundleStore.fetchManifest(d);
      if (child.kind !== 'manifest') continue;
      const rebuilt = await rebuild(child);
      entries.push({ ...(raw.manifests[i] as object), digest: rebuilt.digest, size: rebuilt.size });
      platforms.push(formatPlatform(d.platform));
    }
    raw.manifests = entries;
    const bytes = Buffer.from(JSON.stringify(raw));
    rootDesc = { mediaType: root.mediaType, digest: sha256Digest(bytes), size: bytes.length };
    await top.pushManifest(rootDesc, bytes);
  }
  const rootBytes = await top.fetchManifest(rootDesc);
  top.putTagged(rootDesc, rootBytes.bytes, CUSTOM_TAG);
  return { store: new OverlayStore(top, bundleStore), reference: CUSTOM_TAG, digest: rootDesc.digest, mediaType: rootDesc.mediaType, platforms, plugins: plugins.map((p) => p.name) };
}

/** One tar+gzip layer with the plugins' served files, taken from the bundle's Plugin Server tree. */
async function pluginLayer(bundle: OpenBundle, plugins: readonly BundlePlugin[], createdAt: string): Promise<{ bytes: Buffer; digest: string; diffId: string }> {
  const mtime = Math.floor(Date.parse(createdAt) / 1000);
  const parts: Buffer[] = [];
  const dirs = new Set<string>();
  const dir = (path: string) => {
    const segments = path.split('/');
    for (let i = 1; i <= segments.length; i++) {
      const d = segments.slice(0, i).join('/');
      if (dirs.has(d)) continue;
      dirs.add(d);
      parts.push(encodeHeader({ name: `${d}/`, size: 0, type: 'directory', mtime }));
    }
  };
  const file = (path: string, data: Buffer) => {
    parts.push(encodeHeader({ name: path, size: data.length, type: 'file', mtime }), data, Buffer.alloc(padding(data.length)));
  };
  for (const p of [...plugins].sort((a, b) => a.name.localeCompare(b.name))) {
    for (const v of p.servedVersions) {
      const from = `plugins/${p.name}/${v}`;
      dir(`${SERVED_ROOT}/${p.name}/${v}`);
      file(`${SERVED_ROOT}/${p.name}/${v}/plugin.wasm`, await bundle.readSmall(`${from}/plugin.wasm`, 256 * 1024 * 1024));
      file(`${SERVED_ROOT}/${p.name}/${v}/metadata.txt`, await bundle.readSmall(`${from}/metadata.txt`, 64 * 1024));
    }
  }
  parts.push(END_OF_ARCHIVE);
  const tar = Buffer.concat(parts);
  const bytes = gzipSync(tar, { level: 9 });
  return { bytes, digest: sha256Digest(bytes), diffId: sha256Digest(tar) };
}
