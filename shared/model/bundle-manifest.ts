import { z } from 'zod';

/**
 * `bundle.json`: the bundle's own manifest (docs/bundle-format.md). Pure types + schema: the
 * offline side validates it as untrusted input; the UI and the deployment generators read it.
 */
export const BUNDLE_FORMAT = 'higress-airgap-bundle';
/** Format 2 (2026-12): blobs carry no MD5 (see `carriesMd5`). Readers take 1 and 2. */
export const BUNDLE_FORMAT_VERSION = 2;
const READABLE_FORMAT_VERSIONS = [1, 2] as const;

/**
 * Which files bundle.json, `MD5SUMS` and verify give an MD5. Format 1: every file. Format 2: every
 * file but the blobs (`blobs/sha256/<hex>`): a blob is named by its SHA-256, which checks it
 * completely, and nobody compares a layer by hand; MD5 is the costliest hash (about 2.4× SHA-256
 * on CPUs with SHA extensions), so hashing every layer twice more set the pace of bundling. What
 * a person checks by hand keeps its MD5: each plugin.wasm, metadata.txt, chart, the bundle's own
 * documents, and (beside the archive) the archive and each volume.
 */
export function carriesMd5(path: string, formatVersion: number = BUNDLE_FORMAT_VERSION): boolean {
  return formatVersion < 2 || !path.startsWith('blobs/');
}

const digest = z.string().regex(/^sha256:[a-f0-9]{64}$/);
const hex32 = z.string().regex(/^[a-f0-9]{32}$/);
const hex64 = z.string().regex(/^[a-f0-9]{64}$/);
const safeName = z.string().regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/).max(128);
const version = z.string().regex(/^[\w][\w.-]{0,127}$/);
const relPath = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => !p.startsWith('/') && !p.split('/').some((c) => c === '..' || c === '.' || c === ''), 'not a safe relative path');

export const bundleFileSchema = z.object({ path: relPath, size: z.number().int().nonnegative(), md5: hex32.optional(), sha256: hex64 }).strict();

export const bundleImageSchema = z
  .object({
    /** plugin-server | extra (an OCI reference) | docker (from the local engine) */
    role: z.enum(['plugin-server', 'extra', 'docker']),
    /**
     * An image of the release itself (`bundle --with-higress`, role extra): which part of it
     * (gateway, controller, pilot, console, plugin-server, all-in-one, grafana, …) and its group.
     */
    component: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/).optional(),
    group: z.enum(['core', 'all-in-one', 'observability', 'redis', 'compose']).optional(),
    /** The full source reference (also the index.json ref.name annotation). */
    source: z.string().min(1).max(512),
    /** Digest of the top manifest or index as bundled (for a filtered index: the new index). */
    digest,
    mediaType: z.string().max(255),
    /** Digest of the source's own top manifest (differs only when the index was filtered). */
    sourceDigest: digest.optional(),
    platforms: z.array(z.string().max(64)).max(64),
    /** Per platform: the manifest digest (what docker load / push produce). */
    manifests: z.array(z.object({ platform: z.string().max(64), digest, size: z.number().int().nonnegative() }).strict()).max(64),
    size: z.number().int().nonnegative(),
    /** The release's plugin-server image: pulled by its pinned digest, or its tag followed (then `digest` is what the tag held). */
    pin: z.object({ kind: z.enum(['digest', 'followed-tag']), pinnedDigest: digest }).strict().optional(),
  })
  .strict();

/**
 * A Helm chart package of the release (`bundle --with-higress`), carried byte for byte as the
 * chart repository serves it under `charts/`: its SHA-256 is the digest the repository's index gives.
 */
export const bundleChartSchema = z
  .object({
    name: safeName,
    version,
    /** `charts/<name>-<version>.tgz` */
    path: relPath.refine((p) => /^charts\/[A-Za-z0-9][A-Za-z0-9._+-]*\.tgz$/.test(p), 'not charts/<file>.tgz'),
    digest,
    size: z.number().int().positive(),
    /** The URL it was downloaded from. */
    source: z.string().min(1).max(2048),
  })
  .strict();

export const bundlePluginSchema = z
  .object({
    name: safeName,
    /** The OCI tag (or the version the user gave a local .wasm). */
    version,
    /** Version directories under plugins/<name>/ (aliases included). */
    servedVersions: z.array(version).min(1).max(16),
    origin: z.enum(['catalog', 'oci', 'wasm-file']),
    /** Full source reference; for a local file, the file's base name. */
    source: z.string().min(1).max(512),
    /** Manifest digest of the artifact as bundled (byte for byte from the source). */
    digest,
    mediaType: z.string().max(255),
    layout: z.enum(['docker-compat', 'oci-compat', 'oci-wasm']),
    wasm: z.object({ size: z.number().int().positive(), md5: hex32, sha256: hex64 }).strict(),
    category: z.string().max(64).optional(),
    phase: z.enum(['UNSPECIFIED_PHASE', 'AUTHN', 'AUTHZ', 'STATS']).optional(),
    priority: z.number().int().min(0).max(10000).optional(),
    title: z.string().max(256).optional(),
    description: z.string().max(4096).optional(),
    /**
     * Catalog plugins: how the release's pin was honoured. `digest`: pulled by the pinned digest
     * (and the wasm checked against the published SHA-256 where there is one); `followed-tag`: the
     * source lacked the pin and the operator chose to follow the tag (`digest` above is what the
     * tag held, `pinnedDigest` what the release names); `unpinned`: upstream publishes no digest.
     */
    pin: z
      .object({
        kind: z.enum(['digest', 'followed-tag', 'unpinned']),
        /** locked: a lock file of the release names it; observed: a later upstream record of what the tag held. */
        status: z.enum(['locked', 'observed']).optional(),
        pinnedDigest: digest.optional(),
        wasmSha256: hex64.optional(),
      })
      .strict()
      .optional(),
    /** The proxy-wasm ABI the module exports (`proxy_abi_version_0_2_1` → `0.2.1`). */
    abiVersion: z.string().regex(/^\d+(?:\.\d+){0,3}$/).optional(),
  })
  .strict();

/**
 * `bundle.json` `inventory`: the WasmPlugins moved from another Higress (docs/bundle-format.md,
 * *Inventory*). Each object travels without its configuration; the configuration travels only
 * encrypted (`config`), and only when the operator asked for it. Pure schema: the offline side
 * reads it as untrusted input.
 */
const b64 = (max: number) => z.string().max(max).regex(/^[A-Za-z0-9+/]*={0,2}$/);

export const encryptedConfigSchema = z
  .object({
    cipher: z.literal('aes-256-gcm'),
    kdf: z.object({ name: z.literal('scrypt'), N: z.number().int().min(2 ** 14).max(2 ** 20), r: z.number().int().min(1).max(16), p: z.number().int().min(1).max(4), salt: b64(64) }).strict(),
    nonce: b64(32),
    tag: b64(32),
    ciphertext: b64(6 * 1024 * 1024),
  })
  .strict();

const keyList = z.array(z.string().max(256)).max(200);

export const inventoryObjectSchema = z
  .object({
    /** The WasmPlugin without cluster-managed metadata and without configuration. */
    object: z
      .object({
        apiVersion: z.literal('extensions.higress.io/v1alpha1'),
        kind: z.literal('WasmPlugin'),
        metadata: z
          .object({
            name: z.string().min(1).max(253),
            namespace: z.string().min(1).max(63),
            labels: z.record(z.string().max(317), z.string().max(63)).optional(),
            annotations: z.record(z.string().max(317), z.string().max(64 * 1024)).optional(),
          })
          .strict(),
        spec: z.record(z.string(), z.unknown()),
      })
      .strict(),
    /** The bundled plugin it runs (bundle.json plugins[].name) and the version its URL named. */
    plugin: z.string().max(128),
    version: z.string().max(128),
    /** spec.url as the source environment had it. */
    sourceUrl: z.string().max(2048),
    /** Recognised as a Console built-in (labels, names). */
    builtIn: z.boolean(),
    /** Where the object was read: file and document. */
    from: z.object({ file: z.string().max(1024), document: z.number().int().nonnegative(), item: z.number().int().positive().optional() }).strict(),
    config: z
      .object({
        /** The source object had configuration. */
        present: z.boolean(),
        /** It is in `inventory.config` (encrypted). */
        included: z.boolean(),
        /** Which fields held it: defaultConfig, pluginConfig, matchRules[i].config, vmConfig.env[i].value. */
        fields: z.array(z.string().max(64)).max(1100),
        keys: keyList,
        /** Keys that look like credentials (names only, never values). */
        secretKeys: keyList,
      })
      .strict(),
  })
  .strict();

export const inventoryRecordSchema = z
  .object({
    objects: z.array(inventoryObjectSchema).max(1000),
    /** Objects of the inventory that were not Higress WasmPlugins, by `apiVersion kind`. */
    skipped: z.record(z.string().max(256), z.number().int().nonnegative()),
    config: encryptedConfigSchema.optional(),
  })
  .strict();

export type EncryptedConfig = z.infer<typeof encryptedConfigSchema>;
export type InventoryObjectRecord = z.infer<typeof inventoryObjectSchema>;
export type InventoryRecord = z.infer<typeof inventoryRecordSchema>;

/**
 * One object's configuration, taken out of its spec: `defaultConfig`, `pluginConfig`,
 * `matchRules[i].config` by index, inline `vmConfig.env[i].value` by index.
 */
export const configPartSchema = z
  .object({ defaultConfig: z.unknown().optional(), pluginConfig: z.unknown().optional(), matchRules: z.record(z.string(), z.unknown()).optional(), env: z.record(z.string(), z.string()).optional() })
  .strict();
/** What `inventory.config` holds once decrypted: each object's configuration by `namespace/name`. */
export const configPayloadSchema = z.object({ objects: z.record(z.string(), configPartSchema) }).strict();
export type ConfigPart = z.infer<typeof configPartSchema>;

/** `namespace/name`, the key of an object everywhere (bundle, output, messages). */
export function objectKey(o: { readonly metadata: { readonly name: string; readonly namespace: string } }): string {
  return `${o.metadata.namespace}/${o.metadata.name}`;
}

export const bundleManifestSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    formatVersion: z.literal(READABLE_FORMAT_VERSIONS),
    tool: z.object({ name: z.string().max(64), version: z.string().max(64) }).strict(),
    createdAt: z.string().max(64),
    higressRelease: z.string().max(32).optional(),
    sources: z.array(z.string().max(512)).max(64),
    platforms: z.array(z.string().max(64)).max(64),
    images: z.array(bundleImageSchema).max(256),
    plugins: z.array(bundlePluginSchema).max(1024),
    /** WasmPlugins moved from another Higress (`bundle --from-wasmplugins`); absent in older bundles. */
    inventory: inventoryRecordSchema.optional(),
    /** The release's Helm charts (`bundle --with-higress`); absent in older bundles and with --no-charts. */
    charts: z.array(bundleChartSchema).max(64).optional(),
    files: z.array(bundleFileSchema).max(1_000_000),
  })
  .strict()
  .superRefine((m, ctx) => {
    m.files.forEach((f, i) => {
      const wanted = carriesMd5(f.path, m.formatVersion);
      if (wanted !== (f.md5 !== undefined)) {
        ctx.addIssue({ code: 'custom', path: ['files', i, 'md5'], message: wanted ? `format ${m.formatVersion} lists every file but blobs with an MD5` : `format ${m.formatVersion} lists blobs without an MD5` });
      }
    });
  });

export type BundleFile = z.infer<typeof bundleFileSchema>;
export type BundleImage = z.infer<typeof bundleImageSchema>;
export type BundlePlugin = z.infer<typeof bundlePluginSchema>;
export type BundleChart = z.infer<typeof bundleChartSchema>;
export type BundleManifest = z.infer<typeof bundleManifestSchema>;
