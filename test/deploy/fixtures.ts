import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { OFFICIAL_REGISTRY } from '../../shared/catalog/registries';
import { bundleManifestSchema, type BundleManifest, type BundlePlugin } from '../../shared/model/bundle-manifest';

/** Realistic bundle manifests and the CRD validator shared by the deploy tests. */
export const hex = (s: string): string => createHash('sha256').update(s).digest('hex');
const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

export const PLUGIN_SERVER_DIGEST = 'sha256:05a3e3615434befdb89928e491a8833255733c099dd24faefe82fea4d63165bb';

function plugin(name: string, source: string, version: string, servedVersions: string[], extra: Partial<BundlePlugin> = {}): BundlePlugin {
  return {
    name,
    version,
    servedVersions,
    origin: 'catalog',
    source,
    digest: `sha256:${hex(`manifest:${name}:${version}`)}`,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    layout: 'oci-compat',
    wasm: { size: 4096, md5: md5(`wasm:${name}`), sha256: hex(`wasm:${name}:${version}`) },
    ...extra,
  };
}

function manifest(release: string, pluginServerTag: string, plugins: BundlePlugin[]): BundleManifest {
  return bundleManifestSchema.parse({
    format: 'higress-airgap-bundle',
    formatVersion: 1,
    tool: { name: 'higress-airgap', version: '0.1.0' },
    createdAt: '2026-08-20T10:00:00Z',
    higressRelease: release,
    sources: [OFFICIAL_REGISTRY],
    platforms: ['linux/amd64', 'linux/arm64'],
    images: [
      {
        role: 'plugin-server',
        source: `${OFFICIAL_REGISTRY}/higress/plugin-server:${pluginServerTag}`,
        digest: PLUGIN_SERVER_DIGEST,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        platforms: ['linux/amd64', 'linux/arm64'],
        manifests: [
          { platform: 'linux/amd64', digest: `sha256:${hex('amd64')}`, size: 1234 },
          { platform: 'linux/arm64', digest: `sha256:${hex('arm64')}`, size: 1234 },
        ],
        size: 30_000_000,
      },
    ],
    plugins,
    files: [],
  });
}

/**
 * Higress 2.2.4: the Console asks for the spec version (1.0.0 for key-auth, whose tag is 2.0.0; the
 * tag for the others); catalog plugins, one with its own spec.yaml values, and two custom ones.
 */
export function bundle224(): BundleManifest {
  return manifest('2.2.4', '2.2.4', [
    plugin('key-auth', `${OFFICIAL_REGISTRY}/plugins/key-auth:2.0.0`, '2.0.0', ['1.0.0', '2.0.0'], { category: 'auth', title: 'Key Auth', description: 'Authenticates with API keys' }),
    // The artifact's spec.yaml says priority 150; the catalog says 100.
    plugin('ai-proxy', `${OFFICIAL_REGISTRY}/plugins/ai-proxy:2.0.1`, '2.0.1', ['2.0.1'], { phase: 'UNSPECIFIED_PHASE', priority: 150 }),
    plugin('json-converter', `${OFFICIAL_REGISTRY}/plugins/jsonrpc-converter:2.0.1`, '2.0.1', ['2.0.1']),
    plugin('mcp-server', `${OFFICIAL_REGISTRY}/plugins/mcp-server:2.0.1`, '2.0.1', ['2.0.1']),
    plugin('my-filter', 'registry.example.com/team/my-filter:1.2.0', '1.2.0', ['1.2.0'], { origin: 'oci' }),
    plugin('hello-wasm', 'hello.wasm', '0.1.0', ['0.1.0'], { origin: 'wasm-file', layout: 'oci-wasm' }),
  ]);
}

/** Higress 2.2.3: OCI tag 2.0.0, but the Console asks for 1.0.0, so both are served. */
export function bundle223(): BundleManifest {
  return manifest('2.2.3', '2.2.3', [
    plugin('key-auth', `${OFFICIAL_REGISTRY}/plugins/key-auth:2.0.0`, '2.0.0', ['1.0.0', '2.0.0']),
    plugin('request-block', `${OFFICIAL_REGISTRY}/plugins/request-block:2.0.0`, '2.0.0', ['1.0.0', '2.0.0']),
    plugin('mcp-server', `${OFFICIAL_REGISTRY}/plugins/mcp-server:2.0.0`, '2.0.0', ['1.0.0', '2.0.0']),
  ]);
}

/** Higress 2.2.0: chart hub without /higress, mcp-server at mcp-server/all-in-one. */
export function bundle220(): BundleManifest {
  return manifest('2.2.0', '1.0.0', [
    plugin('key-auth', `${OFFICIAL_REGISTRY}/plugins/key-auth:2.0.0`, '2.0.0', ['1.0.0', '2.0.0']),
    plugin('mcp-server', `${OFFICIAL_REGISTRY}/mcp-server/all-in-one:2.0.0`, '2.0.0', ['1.0.0', '2.0.0']),
  ]);
}

/** Served paths of a bundle's plugin tree: `plugins/<name>/<version>/plugin.wasm`. */
export function servedPaths(m: BundleManifest): Set<string> {
  return new Set(m.plugins.flatMap((p) => p.servedVersions.map((v) => `/plugins/${p.name}/${v}/plugin.wasm`)));
}

/** The WasmPlugin CRD's own schema (test/fixtures, taken from the higress chart's CRDs), compiled with ajv. */
export function crdValidator() {
  const crd = JSON.parse(readFileSync(new URL('../fixtures/wasmplugin-crd-schema.json', import.meta.url), 'utf8')) as { openAPIV3Schema: object };
  const schema = crd.openAPIV3Schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(schema);
}

/** Parses a multi-document YAML string, failing on any YAML error. */
export function parseDocs(text: string): any[] {
  return parseAllDocuments(text).map((d) => {
    if (d.errors.length) throw new Error(d.errors.map((e) => e.message).join('; '));
    return d.toJS();
  });
}
