import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

// shared/catalog/data/upstream.json is generated from the upstream git mirrors by
// scripts/upstream/generate-catalog-data.mjs (never run here: users' clones have no mirrors).
// This test checks its shape, formats and provenance, and facts verified by hand in the mirrors.
const FILE = new URL('../../shared/catalog/data/upstream.json', import.meta.url);
const text = readFileSync(FILE, 'utf8');

const PROVENANCE = /^[A-Za-z0-9][\w.-]*\/[\w.-]+@[0-9a-f]{12}:[^\s#]+(?:#\S+)?$/;
const prov = z.string().regex(PROVENANCE);
const provs = z.array(prov).min(1);
const commit = z.string().regex(/^[0-9a-f]{40}$/);
const digest = z.string().regex(/^sha256:[0-9a-f]{64}$/);
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const semver = z.string().regex(/^\d+\.\d+\.\d+$/);
const name = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
const repository = z.string().regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)+$/);
const host = z.string().regex(/^[a-z0-9.-]+\.[a-z]+$/);
const tag = z.string().regex(/^[\w][\w.-]{0,127}$/);
const phase = z.enum(['UNSPECIFIED_PHASE', 'AUTHN', 'AUTHZ', 'STATS']);
const usedBy = z.array(z.enum(['helm-chart-default', 'release-tag', 'standalone-compose', 'release-provenance', 'all-in-one'])).min(1);

const plugin = z
  .object({
    name,
    specName: name,
    specVersion: semver,
    title: z.string().min(1),
    category: z.string().regex(/^[a-z0-9-]+$/),
    specPhase: z.string().min(1),
    phase,
    priority: z.number().int().min(0).max(10_000),
    imageUrl: z.string().regex(/^oci:\/\/[a-z0-9.-]+\/\S+:[\w.-]+$/),
    repository,
    tag: semver,
    provenance: z.object({ entry: prov, spec: prov }).strict(),
  })
  .strict()
  .refine((p) => p.imageUrl.endsWith(`/${p.repository}:${p.tag}`), 'repository and tag are parsed from imageUrl');

const envVar = z.object({ name: z.string().regex(/^HIGRESS_ADMIN_WASM_PLUGIN_[A-Z_]+$/), read: z.boolean(), property: z.string().nullable(), provenance: prov }).strict();
const keyFact = z.object({ key: z.string().regex(/^higress\.io\/[a-z-]+$/), constant: z.string(), value: z.string().min(1), provenance: prov }).strict();

const consoleBuild = z
  .object({
    id: z.string().regex(/^console-/),
    label: z.string().min(1),
    commit,
    source: z.object({ kind: z.enum(['git-tag', 'image-rebuild']), ref: z.string(), provenance: prov }).strict(),
    image: z.object({ registry: host, repository, tag: semver, digest: digest.nullable(), digestProvenance: prov.nullable(), note: z.string() }).strict(),
    evidence: z.array(z.object({ fact: z.string().min(1), provenance: prov }).strict()).optional(),
    features: z
      .object({
        envVars: z.array(envVar).min(5),
        imageUrl: z
          .object({
            namePlaceholder: z.literal('${name}'),
            versionPlaceholder: z.literal('${version}'),
            nameSubstitutedWith: z.string(),
            versionSubstitutedWith: z.string(),
            substitution: z.string(),
            precedence: z.array(z.string()).min(2),
            registryNamespaceRewrite: z.object({ appliesTo: z.string(), result: z.string(), defaultRegistry: host, defaultNamespace: z.string(), provenance: prov }).strict().nullable(),
            pullSecretAndPolicy: z.string(),
            provenance: provs,
          })
          .strict(),
        builtInList: z.object({ rule: z.string(), provenance: prov }).strict(),
        specVersionDefault: z.object({ builtIn: z.null(), custom: semver, note: z.string(), provenance: provs }).strict(),
        phaseMapping: z.object({ specDefault: phase, table: z.record(z.string(), phase), unknown: phase, note: z.string(), provenance: provs }).strict(),
        category: z.object({ source: z.string(), provenance: provs }).strict(),
      })
      .strict(),
    wasmPluginObject: z
      .object({
        namespace: z.object({ default: z.string(), note: z.string(), provenance: prov }).strict(),
        name: z.object({ rule: z.string(), nameIs: z.string(), pluginVersionIs: z.string(), provenance: prov }).strict(),
        internalName: z.object({ rule: z.string(), suffix: z.string(), note: z.string(), provenance: prov }).strict(),
        labels: z.array(keyFact).min(4),
        annotations: z.array(keyFact).min(3),
        spec: z.object({ url: z.string(), phase: z.string(), priority: z.string(), failStrategy: z.string(), defaultConfigDisable: z.string(), imagePullPolicy: z.string(), imagePullSecret: z.string(), sha256Written: z.boolean(), provenance: prov }).strict(),
        lookup: z.object({ listSelector: z.string(), builtInUpdate: z.string(), listing: z.string(), instances: z.string(), provenance: provs }).strict(),
      })
      .strict(),
    plugins: z.array(plugin).min(1),
  })
  .strict()
  .refine((b) => new Set(b.plugins.map((p) => p.name)).size === b.plugins.length, 'no duplicate plugin names per build');

const servedVersion = z.object({ version: semver, repository, tag, digest: digest.nullable(), wasmSha256: hex64.optional() }).strict();
const contents = z
  .object({
    id: z.string().min(1),
    exact: z.boolean(),
    basis: provs,
    note: z.string(),
    plugins: z.array(z.object({ path: name, versions: z.array(servedVersion).min(1) }).strict()).min(1),
  })
  .strict();

const psImage = z
  .object({
    id: z.string().regex(/^plugin-server:/),
    registry: host,
    repository,
    tag,
    digest: digest.nullable(),
    digestProvenance: prov.nullable(),
    floating: z.boolean(),
    builtFrom: z.object({ repo: z.string(), commit: commit.nullable(), higressCommit: commit.optional(), reason: z.string().optional(), provenance: prov }).strict(),
    builtBy: prov,
    usedBy,
    contents: z.string(),
    coverage: z.array(z.object({ consoleBuild: z.string(), lacks: z.array(z.object({ name, requestedPath: z.string().regex(/^[a-z0-9-]+\/\d+\.\d+\.\d+$/), reason: z.string() }).strict()) }).strict()).min(1),
  })
  .strict()
  .refine((i) => (i.digest === null) === (i.digestProvenance === null), 'a digest comes with its provenance');

const pin = z
  .object({
    plugin: name,
    repository,
    tag: semver,
    consoleBuilds: z.array(z.string()).min(1),
    status: z.enum(['locked', 'observed', 'none']),
    digest: digest.nullable(),
    sources: z.array(prov),
    wasmSha256: hex64.nullable(),
    wasmSha256Provenance: prov.nullable(),
    reason: z.string().nullable(),
  })
  .strict()
  .refine((p) => (p.status === 'none') === (p.digest === null), 'digest null exactly when status is none')
  .refine((p) => p.status === 'none' || p.sources.length > 0, 'a digest names its sources')
  .refine((p) => p.digest !== null || !!p.reason, 'a missing digest says why')
  .refine((p) => (p.wasmSha256 === null) === (p.wasmSha256Provenance === null), 'a wasm SHA-256 comes with its provenance');

const image = z
  .object({
    component: z.enum(['gateway', 'controller', 'pilot', 'console', 'plugin-server', 'all-in-one']),
    registry: host,
    repository,
    tag,
    digest: digest.nullable(),
    digestProvenance: prov.nullable(),
    usedBy,
    provenance: provs,
    contains: z.array(z.object({ component: z.string(), ref: z.string(), digest: digest.nullable() }).strict()).optional(),
  })
  .strict();

const helmEnv = z.object({ name: z.string(), alternatives: z.array(z.object({ condition: z.string().nullable(), value: z.string() }).strict()).min(1), provenance: prov }).strict();

const valuesKey = z.object({ key: z.string().regex(/^[\w.-]+$/), default: z.string().nullable() }).strict();
const partImage = z
  .object({
    component: name,
    registry: host,
    repository,
    tag,
    digest: digest.nullable(),
    enabledBy: z.string().optional(),
    keys: z.object({ hub: z.array(z.string()).optional(), pathAfterHub: z.string().nullable().optional(), image: valuesKey, tag: valuesKey, imagePullSecrets: z.string().nullable() }).strict().optional(),
    note: z.string().optional(),
    services: z.array(name).optional(),
    profiles: z.array(z.string()).optional(),
    provenance: provs,
  })
  .strict();
const parts = z
  .object({
    helm: z
      .object({
        repository: z.object({ url: z.string().url(), index: z.string().url(), cnIndex: z.object({ file: z.string(), rule: z.string() }).strict().nullable(), rule: z.string(), provenance: provs }).strict(),
        charts: z.array(z.object({ name: z.enum(['higress', 'higress-console', 'higress-core']), version: semver, appVersion: semver, url: z.string().url(), source: z.string(), subcharts: z.array(z.string()), provenance: provs }).strict()).length(3),
        imageKeys: z
          .array(
            z
              .object({
                component: z.enum(['gateway', 'controller', 'pilot', 'plugin-server', 'console']),
                chart: z.enum(['higress-core', 'higress-console']),
                hub: z.array(z.string()),
                pathAfterHub: z.string().nullable(),
                image: valuesKey,
                tag: valuesKey,
                imagePullSecrets: z.string().regex(/^higress-(core|console)\.[\w.]*imagePullSecrets$/),
                provenance: provs,
              })
              .strict(),
          )
          .length(5),
        globalPullSecretsFallback: z.literal(false),
        globalPullSecretsNote: z.string(),
      })
      .strict(),
    imageGroups: z.object({ observability: z.array(partImage).length(4), redis: z.array(partImage).max(1), compose: z.array(partImage) }).strict(),
    compose: z
      .object({
        commit,
        envFile: z.literal('compose/.env'),
        composeFile: z.literal('compose/docker-compose.yml'),
        fileVersion: z.string().nullable(),
        variables: z.array(z.object({ name: z.string().regex(/^[A-Z0-9_]+$/), value: z.string(), kind: z.enum(['image', 'tag', 'profiles', 'url']) }).strict()).min(5),
        services: z
          .array(
            z
              .object({
                name,
                image: z.string(),
                imageVariable: z.string().nullable(),
                fixedRegistry: host.nullable(),
                tagVariables: z.array(z.string()),
                ref: z.string(),
                digest: digest.nullable(),
                profiles: z.array(z.string()),
                environment: z.array(z.object({ name: z.string(), value: z.string() }).strict()),
              })
              .strict()
              .refine((s) => (s.imageVariable === null) !== (s.fixedRegistry === null), 'an image is either one variable or names its registry'),
          )
          .min(10),
        pluginServer: z
          .object({
            service: z.literal('plugin-server'),
            port: z.number().int(),
            profile: z.literal('plugin-server'),
            defaultProfiles: z.array(z.string()),
            urlPatternVariable: z.literal('WASM_PLUGIN_URL_PATTERN'),
            urlPatternConsumer: z.string().nullable(),
            urlPattern: z.string().nullable(),
            mcpServerVariable: z.literal('MCP_SERVER_WASM_URL'),
            mcpServerConsumer: z.string().nullable(),
            mcpServerUrl: z.string().nullable(),
            documentRoot: z.string(),
            provenance: provs,
          })
          .strict()
          .nullable(),
        provenance: provs,
      })
      .strict()
      .nullable(),
    allInOne: z
      .object({
        commit,
        ports: z.array(z.number().int()).min(1),
        dataVolume: z.literal('/data'),
        pluginServer: z
          .object({ enabledBy: z.literal('USE_PLUGIN_SERVER'), enabledValue: z.literal('on'), defaultOn: z.boolean(), port: z.number().int(), published: z.boolean(), documentRoot: z.string(), pluginPath: z.string(), urlPattern: z.string(), wasmPluginsDir: z.literal('/data/wasmplugins'), wasmPluginsRule: z.string(), provenance: provs })
          .strict()
          .nullable(),
        provenance: provs,
      })
      .strict()
      .nullable(),
  })
  .strict();

const release = z
  .object({
    release: semver,
    higress: z.object({ tag: z.string(), commit, provenance: prov }).strict(),
    console: z.object({ chartVersion: semver, chartRepository: z.string().url(), imageTag: semver, provenance: provs, rule: z.string() }).strict(),
    consoleBuilds: z.array(consoleBuild).min(1),
    chart: z
      .object({
        umbrella: z.object({ version: semver, dependencies: z.array(z.object({ name: z.string(), version: semver, repository: z.string() }).strict()), provenance: prov }).strict(),
        core: z
          .object({
            chartName: z.literal('higress-core'),
            version: semver,
            appVersion: semver,
            provenance: prov,
            globalHub: z.object({ value: z.string(), includesHigressNamespace: z.boolean(), provenance: prov }).strict(),
            globalPluginNamespace: z.object({ value: z.string().nullable(), provenance: prov }).strict(),
            pluginServer: z
              .object({
                enabledBy: z.string(),
                enabledByDefault: z.boolean(),
                valuesKeys: z.array(z.string()),
                hasImageRegistryValue: z.boolean(),
                hasImageNamespaceValue: z.boolean(),
                image: z.object({ expression: z.string(), higressPathAddedByTemplate: z.boolean(), hubSource: z.string(), tagDefault: z.string(), renderedDefault: z.string(), provenance: provs }).strict(),
                imagePullPolicy: z.object({ source: z.string(), provenance: prov }).strict(),
                imagePullSecrets: z.object({ source: z.string(), provenance: prov }).strict(),
                deployment: z
                  .object({
                    name,
                    nameValue: z.string(),
                    replicas: z.number().int().nullable(),
                    containerName: z.string(),
                    containerPort: z.number().int(),
                    selectorLabels: z.record(z.string(), z.string()),
                    selectorLabelsOverride: z.string(),
                    podLabelsExtra: z.string(),
                    resources: z.unknown(),
                    provenance: provs,
                  })
                  .strict(),
                service: z.object({ name, port: z.number().int().nullable(), targetPort: z.number().int(), type: z.string(), labels: z.array(z.string()), provenance: provs }).strict(),
              })
              .strict(),
          })
          .strict(),
        console: z
          .object({
            chartVersion: semver,
            gitTag: z.string(),
            commit,
            pluginServerValues: z.object({ urlPattern: z.string().nullable(), hasImageRegistry: z.boolean(), hasImageNamespace: z.boolean(), provenance: prov }).strict(),
            env: z.array(helmEnv).min(1),
            podEnvs: z.object({ note: z.string(), provenance: prov }).strict(),
            image: z.object({ repository: z.string(), tagRule: z.string(), renderedDefault: z.string(), provenance: provs }).strict(),
          })
          .strict(),
      })
      .strict(),
    pluginServer: z
      .object({
        officialImage: z.string(),
        officialImageRule: z.string(),
        images: z.array(psImage).min(1),
        standalone: z.object({ ref: z.string(), digest: digest.nullable(), provenance: provs }).strict().nullable(),
      })
      .strict(),
    images: z.array(image).min(5),
    pins: z.array(pin).min(1),
    parts,
    standalone: z.object({ tag: z.string(), commit, hasReleaseProvenance: z.boolean(), provenance: prov }).strict().nullable(),
  })
  .strict();

const upstream = z
  .object({
    schemaVersion: z.literal(1),
    generatedBy: z.string(),
    docs: z.string(),
    provenanceFormat: z.string(),
    sources: z.array(z.object({ repo: z.string(), head: commit, headDate: z.string(), tagsEqualToHigressGroup: z.array(z.string()).optional(), tagsMissing: z.array(z.string()).optional() }).strict()).min(4),
    indexOnlySources: z.array(prov),
    pluginServerContents: z.record(z.string(), contents),
    releases: z.array(release).length(6),
  })
  .strict();

const data = upstream.parse(JSON.parse(text));
const rel = (r: string) => {
  const found = data.releases.find((x) => x.release === r);
  if (!found) throw new Error(`release ${r} missing`);
  return found;
};
const build = (r: string, id: string) => {
  const b = rel(r).consoleBuilds.find((x) => x.id === id);
  if (!b) throw new Error(`build ${id} missing`);
  return b;
};
const pluginOf = (r: string, id: string, n: string) => {
  const p = build(r, id).plugins.find((x) => x.name === n);
  if (!p) throw new Error(`${n} missing in ${id}`);
  return p;
};
const pinOf = (r: string, n: string) => {
  const p = rel(r).pins.find((x) => x.plugin === n);
  if (!p) throw new Error(`pin ${n} missing in ${r}`);
  return p;
};

describe('upstream.json structure', () => {
  it('is stable JSON: 2-space indentation, sorted keys, trailing newline', () => {
    const sortKeys = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(sortKeys) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])])) : v;
    expect(text).toBe(`${JSON.stringify(sortKeys(JSON.parse(text)), null, 2)}\n`);
  });

  it('covers exactly the supported releases in order', () => {
    expect(data.releases.map((r) => r.release)).toEqual(['2.1.9', '2.2.0', '2.2.1', '2.2.2', '2.2.3', '2.2.4']);
  });

  it('gives every provenance-like string the owner/repo@commit:path form', () => {
    const bad: string[] = [];
    const walk = (v: unknown, key: string) => {
      if (typeof v === 'string') {
        if (/^(?:provenance|digestProvenance|wasmSha256Provenance|entry|spec|sources|basis|builtBy)$/.test(key) && !PROVENANCE.test(v)) bad.push(`${key}: ${v}`);
        if (/^[\w.-]+\/[\w.-]+@[0-9a-f]{7,}/.test(v) && !PROVENANCE.test(v)) bad.push(`${key}: ${v}`);
      } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    walk(JSON.parse(text), '');
    expect(bad).toEqual([]);
  });

  it('cross-references resolve: contents, official images, coverage and pin builds', () => {
    for (const r of data.releases) {
      const ids = new Set(r.consoleBuilds.map((b) => b.id));
      expect(ids.size).toBe(r.consoleBuilds.length);
      expect(r.pluginServer.images.map((i) => i.id)).toContain(r.pluginServer.officialImage);
      for (const img of r.pluginServer.images) {
        expect(data.pluginServerContents).toHaveProperty([img.contents]);
        expect(img.coverage.map((c) => c.consoleBuild).sort()).toEqual([...ids].sort());
      }
      for (const p of r.pins) for (const b of p.consoleBuilds) expect(ids.has(b)).toBe(true);
      // every built-in plugin of every build has exactly one pin entry for its repository:tag
      const pinKeys = r.pins.map((p) => `${p.plugin} ${p.repository}:${p.tag}`);
      expect(new Set(pinKeys).size).toBe(pinKeys.length);
      for (const b of r.consoleBuilds) for (const p of b.plugins) expect(pinKeys).toContain(`${p.name} ${p.repository}:${p.tag}`);
    }
  });

  it('every plugin of every build has phase, priority, category and spec version', () => {
    for (const r of data.releases) {
      for (const b of r.consoleBuilds) {
        for (const p of b.plugins) {
          expect([p.name, p.phase, Number.isInteger(p.priority), p.category.length > 0, p.specVersion]).toEqual([p.name, expect.any(String), true, true, expect.stringMatching(/^\d+\.\d+\.\d+$/)]);
        }
      }
    }
  });
});

// Facts checked by hand in the mirrors (see the list in docs/upstream-data.md).
describe('upstream.json spot facts', () => {
  it('key-auth on 2.2.4: spec version 1.0.0, tag 2.0.0, AUTHN 310, category auth', () => {
    expect(pluginOf('2.2.4', 'console-v2.2.4', 'key-auth')).toMatchObject({ specName: 'key-auth', specVersion: '1.0.0', tag: '2.0.0', repository: 'plugins/key-auth', phase: 'AUTHN', priority: 310, category: 'auth' });
  });

  it('Console 2.1.9–2.2.3: 43 built-ins, all spec 1.0.0 at tag 2.0.0, with ai-load-balancer and without json-converter', () => {
    for (const r of ['2.1.9', '2.2.0', '2.2.1', '2.2.2', '2.2.3']) {
      const b = rel(r).consoleBuilds;
      expect(b).toHaveLength(1);
      const plugins = b[0]!.plugins;
      expect(plugins).toHaveLength(43);
      expect(plugins.every((p) => p.specVersion === '1.0.0' && p.tag === '2.0.0')).toBe(true);
      expect(plugins.map((p) => p.name)).toContain('ai-load-balancer');
      expect(plugins.map((p) => p.name)).not.toContain('json-converter');
    }
    expect(pluginOf('2.2.3', 'console-v2.2.3', 'ai-load-balancer')).toMatchObject({ phase: 'UNSPECIFIED_PHASE', specPhase: 'default', priority: 50 });
  });

  it('2.2.4 has two Console builds: the v2.2.4 tag (44) and the console:2.2.4 rebuild from 7118cc19 (52)', () => {
    const [tagBuild, rebuild] = rel('2.2.4').consoleBuilds;
    expect(tagBuild).toMatchObject({ id: 'console-v2.2.4', commit: '36aa9c67fb0057164dab9b1fe687b38fe5b8a022', image: { digest: 'sha256:c8cb47ad0a550e58df4cfee57f2f358eb0b1635a0812c77e04388dfb17bbebb6' } });
    expect(tagBuild!.plugins).toHaveLength(44);
    expect(rebuild).toMatchObject({ commit: '7118cc192522deb144298175318b3ea91d94c715', source: { kind: 'image-rebuild' }, image: { tag: '2.2.4', digest: 'sha256:4a07fedf9925a2775e9e9b7dfdbf99194651e51a7ee2c0b6bb8fab62e61d2da8' } });
    expect(rebuild!.plugins).toHaveLength(52);
    const extra = rebuild!.plugins.map((p) => p.name).filter((n) => !tagBuild!.plugins.some((p) => p.name === n));
    expect(extra).toEqual(['ai-context-limit', 'gw-error-format', 'hmac-auth-apisix', 'log-request-response', 'mcp-router', 'nginx-rewrite-compatible', 'response-cache', 'simple-jwt-auth']);
    expect(rebuild!.evidence?.some((e) => /manifestSha256 equals/.test(e.fact))).toBe(true);
  });

  it('the nine C++ plugins keep spec 1.0.0 at tag 2.0.0 in Console 2.2.4; the others have spec == tag', () => {
    const cpp = ['basic-auth', 'bot-detect', 'custom-response', 'hmac-auth', 'jwt-auth', 'key-auth', 'key-rate-limit', 'oauth', 'request-block'];
    const differ = build('2.2.4', 'console-v2.2.4').plugins.filter((p) => p.specVersion !== p.tag).map((p) => p.name);
    expect(differ).toEqual(cpp);
  });

  it('json-converter is served from plugins/jsonrpc-converter; mcp-server moved repositories', () => {
    expect(pluginOf('2.2.4', 'console-v2.2.4', 'json-converter')).toMatchObject({ repository: 'plugins/jsonrpc-converter', tag: '2.0.1', specVersion: '2.0.1', category: 'transformation' });
    expect(pluginOf('2.1.9', 'console-v2.1.9', 'mcp-server')).toMatchObject({ repository: 'mcp-server/all-in-one', tag: '2.0.0' });
    expect(pluginOf('2.2.0', 'console-v2.2.0', 'mcp-server')).toMatchObject({ repository: 'mcp-server/all-in-one', tag: '2.0.0' });
    expect(pluginOf('2.2.1', 'console-v2.2.1', 'mcp-server')).toMatchObject({ repository: 'plugins/mcp-server', tag: '2.0.0' });
    expect(pluginOf('2.2.4', 'console-v2.2.4', 'mcp-server')).toMatchObject({ repository: 'plugins/mcp-server', tag: '2.0.1' });
    const snap = data.pluginServerContents['snapshot-2.2.4']!;
    expect(snap.plugins.find((p) => p.path === 'jsonrpc-converter')?.versions[0]).toMatchObject({ version: '2.0.1', repository: 'plugins/jsonrpc-converter' });
  });

  it('registry/namespace env vars exist only from Console 2.2.1; pattern, pull secret and policy in all', () => {
    const reads = (r: string) => Object.fromEntries(rel(r).consoleBuilds[0]!.features.envVars.map((e) => [e.name.replace('HIGRESS_ADMIN_WASM_PLUGIN_', ''), e.read]));
    for (const r of ['2.1.9', '2.2.0']) expect(reads(r)).toEqual({ CUSTOM_IMAGE_URL_PATTERN: true, IMAGE_NAMESPACE: false, IMAGE_PULL_POLICY: true, IMAGE_PULL_SECRET: true, IMAGE_REGISTRY: false });
    for (const r of ['2.2.1', '2.2.2', '2.2.3', '2.2.4']) expect(reads(r)).toEqual({ CUSTOM_IMAGE_URL_PATTERN: true, IMAGE_NAMESPACE: true, IMAGE_PULL_POLICY: true, IMAGE_PULL_SECRET: true, IMAGE_REGISTRY: true });
    const url = build('2.2.4', 'console-v2.2.4').features.imageUrl;
    expect(url).toMatchObject({ nameSubstitutedWith: 'spec.yaml info.name', versionSubstitutedWith: 'spec.yaml info.version', registryNamespaceRewrite: { defaultRegistry: 'higress-registry.cn-hangzhou.cr.aliyuncs.com', defaultNamespace: 'plugins' } });
    expect(build('2.1.9', 'console-v2.1.9').features.imageUrl.registryNamespaceRewrite).toBeNull();
    expect(build('2.2.4', 'console-v2.2.4').features.specVersionDefault).toMatchObject({ builtIn: null, custom: '1.0.0' });
  });

  it('WasmPlugin naming and label keys', () => {
    const o = build('2.2.4', 'console-v2.2.4').wasmPluginObject;
    expect(o.name.rule).toBe('<name>-<pluginVersion>');
    expect(o.internalName.suffix).toBe('.internal');
    expect(o.namespace.default).toBe('higress-system');
    expect(o.labels.map((l) => l.key).sort()).toEqual(['higress.io/internal', 'higress.io/resource-definer', 'higress.io/wasm-plugin-built-in', 'higress.io/wasm-plugin-category', 'higress.io/wasm-plugin-name', 'higress.io/wasm-plugin-version']);
    expect(o.annotations.map((a) => a.key).sort()).toEqual(['higress.io/comment', 'higress.io/wasm-plugin-description', 'higress.io/wasm-plugin-icon', 'higress.io/wasm-plugin-title']);
    expect(o.spec.sha256Written).toBe(false);
  });

  it('chart facts: plugin-server image from global.hub, /higress added from 2.2.1, default tag 1.0.0 until 2.2.2', () => {
    const img = (r: string) => rel(r).chart.core.pluginServer.image;
    expect(img('2.1.9')).toMatchObject({ higressPathAddedByTemplate: false, renderedDefault: 'higress-registry.cn-hangzhou.cr.aliyuncs.com/higress/plugin-server:1.0.0' });
    expect(rel('2.1.9').chart.core.globalHub).toMatchObject({ value: 'higress-registry.cn-hangzhou.cr.aliyuncs.com/higress', includesHigressNamespace: true });
    expect(img('2.2.1')).toMatchObject({ higressPathAddedByTemplate: true, renderedDefault: 'higress-registry.cn-hangzhou.cr.aliyuncs.com/higress/plugin-server:1.0.0' });
    expect(img('2.2.2').tagDefault).toBe('1.0.0');
    expect(img('2.2.3')).toMatchObject({ tagDefault: 'Chart.Version', renderedDefault: 'higress-registry.cn-hangzhou.cr.aliyuncs.com/higress/plugin-server:2.2.3' });
    const ps = rel('2.2.4').chart.core.pluginServer;
    expect(ps.deployment).toMatchObject({ name: 'higress-plugin-server', containerName: 'higress-core', containerPort: 8080, selectorLabels: { app: 'higress-plugin-server', higress: 'higress-plugin-server' } });
    expect(ps.service).toMatchObject({ name: 'higress-plugin-server', port: 80, targetPort: 8080 });
    expect(ps.hasImageRegistryValue).toBe(false);
    expect(rel('2.2.0').chart.console.pluginServerValues.hasImageRegistry).toBe(false);
    expect(rel('2.2.1').chart.console.pluginServerValues.hasImageRegistry).toBe(true);
    expect(rel('2.2.4').console).toMatchObject({ chartVersion: '2.2.4', imageTag: '2.2.4' });
  });

  it('official Plugin Server images and what they lack', () => {
    const official = (r: string) => rel(r).pluginServer.images.find((i) => i.id === rel(r).pluginServer.officialImage)!;
    for (const r of ['2.1.9', '2.2.0', '2.2.1', '2.2.2']) expect(official(r)).toMatchObject({ tag: '1.0.0', floating: true, digest: null });
    expect(official('2.2.3')).toMatchObject({ tag: '2.2.3', digest: null, builtFrom: { commit: null } });
    for (const r of ['2.1.9', '2.2.0', '2.2.1', '2.2.2', '2.2.3']) {
      expect(official(r).coverage[0]!.lacks).toEqual([{ name: 'ai-load-balancer', requestedPath: 'ai-load-balancer/1.0.0', reason: 'no ai-load-balancer directory' }]);
    }
    const ps224 = official('2.2.4');
    expect(ps224).toMatchObject({ tag: '2.2.4', digest: 'sha256:05a3e3615434befdb89928e491a8833255733c099dd24faefe82fea4d63165bb', builtFrom: { commit: 'e56a5556341e9d446233ae642f05abfe4e8c4a9b' }, contents: 'snapshot-2.2.4' });
    const lacks = ps224.coverage.find((c) => c.consoleBuild === 'console-v2.2.4')!.lacks;
    expect(lacks.map((l) => l.requestedPath)).toEqual(['basic-auth/1.0.0', 'bot-detect/1.0.0', 'custom-response/1.0.0', 'hmac-auth/1.0.0', 'jwt-auth/1.0.0', 'key-auth/1.0.0', 'key-rate-limit/1.0.0', 'oauth/1.0.0', 'request-block/1.0.0']);
  });

  it('pins: locked for 2.2.4, observed later for the 2.0.0 tags, none where nothing is published', () => {
    expect(pinOf('2.2.4', 'key-auth')).toMatchObject({ status: 'locked', digest: 'sha256:c9cddda9b7dc36b8260afd10d12a089556a070dba28b0b17691e18efc0ca545c', wasmSha256: '19ec6a090a2515bbb8df50bbf3786c056a217352647793f6a185fb381f4b4df9' });
    expect(pinOf('2.2.4', 'basic-auth').digest).toBe('sha256:f6eca46f214f54737bb0fa9075cce88f8a35465373526a265a9a4f7e13809806');
    expect(pinOf('2.2.4', 'ai-agent')).toMatchObject({ status: 'locked', tag: '2.0.1', digest: 'sha256:1ff8b5c19243765a1e19fa6ec182e408643c771edc1bf8df5332f96eeda9d69f', wasmSha256: null });
    expect(rel('2.2.4').pins.every((p) => p.status === 'locked')).toBe(true);
    expect(pinOf('2.1.9', 'mcp-server')).toMatchObject({ status: 'none', digest: null, repository: 'mcp-server/all-in-one' });
    expect(pinOf('2.2.3', 'cors')).toMatchObject({ status: 'none', digest: null, tag: '2.0.0' });
    expect(pinOf('2.2.3', 'ai-agent')).toMatchObject({ status: 'observed', tag: '2.0.0', digest: 'sha256:aceb7a3feb3fa6330daa05fce20deb9bed7d47a2092958b89500d81cdf2a1cda' });
    expect(pinOf('2.2.3', 'key-auth')).toMatchObject({ status: 'observed', digest: 'sha256:c9cddda9b7dc36b8260afd10d12a089556a070dba28b0b17691e18efc0ca545c' });
  });

  it('core images of 2.2.4 carry the digests of release-provenance.json', () => {
    const digestOf = (c: string) => rel('2.2.4').images.find((i) => i.component === c && i.tag === '2.2.4')?.digest;
    expect(digestOf('gateway')).toBe('sha256:3dbd609df5db3fca61653eafe0e2310705e485190c4f8cd02d9aab8f07dcf329');
    expect(digestOf('controller')).toBe('sha256:0a5b7809a107cbec150f41352a156e31160b8a92df787798e2a9a06cdd5587da');
    expect(digestOf('pilot')).toBe('sha256:f742ed20f938c5c1eaf6f8c36c6481a87052d06e903ab6cb0c079165ac0c8284');
    expect(digestOf('plugin-server')).toBe('sha256:05a3e3615434befdb89928e491a8833255733c099dd24faefe82fea4d63165bb');
    expect(rel('2.1.9').images.every((i) => i.digest === null)).toBe(true);
  });
});

describe('upstream.json release parts (issue 15)', () => {
  it('charts: higress, higress-core and higress-console at the release version from https://higress.io/helm-charts/', () => {
    for (const r of data.releases) {
      const charts = r.parts.helm.charts;
      expect(charts.map((c) => `${c.name}-${c.version}`)).toEqual([`higress-${r.release}`, `higress-console-${r.chart.console.chartVersion}`, `higress-core-${r.release}`]);
      expect(r.parts.helm.repository.url).toBe('https://higress.io/helm-charts/');
      for (const c of charts) expect(c.url).toBe(`https://higress.io/helm-charts/${c.name}-${c.version}.tgz`);
    }
  });

  it('image keys: every core workload has its own imagePullSecrets key; the console names its full repository', () => {
    const keys = rel('2.2.4').parts.helm.imageKeys;
    const of = (c: string) => keys.find((k) => k.component === c);
    expect(of('gateway')).toMatchObject({ hub: ['higress-core.gateway.hub', 'global.hub'], pathAfterHub: 'higress', imagePullSecrets: 'higress-core.gateway.imagePullSecrets' });
    expect(of('pilot')?.imagePullSecrets).toBe('higress-core.controller.imagePullSecrets');
    expect(of('plugin-server')).toMatchObject({ tag: { key: 'higress-core.pluginServer.tag', default: 'Chart.Version' } });
    expect(of('console')).toMatchObject({ hub: [], image: { key: 'higress-console.image.repository', default: 'higress-registry.cn-hangzhou.cr.aliyuncs.com/higress/console' }, imagePullSecrets: 'higress-console.imagePullSecrets' });
    expect(rel('2.1.9').parts.helm.imageKeys.find((k) => k.component === 'plugin-server')).toMatchObject({ pathAfterHub: null, tag: { default: '1.0.0' } });
  });

  it('optional groups: observability from the charts, redis from the core subchart, nacos/runner/api-server only in compose', () => {
    const g = rel('2.2.4').parts.imageGroups;
    expect(g.observability.map((i) => `${i.repository}:${i.tag}`)).toEqual(['higress/grafana:9.3.6', 'higress/loki:2.9.4', 'higress/prometheus:v2.40.7', 'higress/promtail:2.9.4']);
    expect(g.redis.map((i) => `${i.registry}/${i.repository}:${i.tag}`)).toEqual(['higress-registry.cn-hangzhou.cr.aliyuncs.com/higress/redis-stack-server:7.4.0-v3']);
    expect(g.redis[0]?.enabledBy).toBe('global.enableRedis');
    expect(g.compose.map((i) => `${i.component}:${i.tag}`)).toEqual(['api-server:0.1.0', 'nacos-server:v3.0.1', 'runner:0.0.3']);
    expect(rel('2.1.9').parts.imageGroups.compose.find((i) => i.component === 'api-server')?.tag).toBe('0.0.26');
  });

  it('compose: 2.2.4 names controller, pilot, gateway and plugin-server by variable with digests; the console keeps a fixed registry', () => {
    const c = rel('2.2.4').parts.compose;
    const svc = (n: string) => c?.services.find((s) => s.name === n);
    expect(svc('gateway')).toMatchObject({ imageVariable: 'HIGRESS_GATEWAY_IMAGE', fixedRegistry: null, digest: 'sha256:3dbd609df5db3fca61653eafe0e2310705e485190c4f8cd02d9aab8f07dcf329' });
    expect(svc('console')).toMatchObject({ imageVariable: null, fixedRegistry: 'higress-registry.cn-hangzhou.cr.aliyuncs.com', tagVariables: ['HIGRESS_CONSOLE_TAG'] });
    expect(svc('plugin-server')?.profiles).toEqual(['plugin-server']);
    expect(c?.fileVersion).toBe('3.9');
    expect(c?.pluginServer).toMatchObject({ port: 8080, defaultProfiles: ['nacos', 'plugin-server'], urlPattern: 'http://plugin-server:8080/plugins/${name}/${version}/plugin.wasm', mcpServerUrl: 'http://plugin-server:8080/plugins/mcp-server/2.0.1/plugin.wasm' });
    expect(c?.variables.filter((v) => v.kind === 'image').map((v) => v.name)).toEqual(['HIGRESS_CONTROLLER_IMAGE', 'HIGRESS_GATEWAY_IMAGE', 'HIGRESS_PILOT_IMAGE', 'HIGRESS_PLUGIN_SERVER_IMAGE']);
    // 2.1.9: every image names its registry, and there is no Plugin Server service yet
    const old = rel('2.1.9').parts.compose;
    expect(old?.services.every((s) => s.fixedRegistry !== null)).toBe(true);
    expect(old?.pluginServer).toBeNull();
  });

  it('all-in-one: ports 8080 8443 8001, /data, the Plugin Server on port 8002 from 2.2.0', () => {
    expect(rel('2.2.4').parts.allInOne).toMatchObject({ ports: [8080, 8443, 8001], dataVolume: '/data', pluginServer: { port: 8002, published: false, documentRoot: '/usr/share/nginx/html', urlPattern: 'http://localhost:8002/plugins/${name}/${version}/plugin.wasm' } });
    expect(rel('2.1.9').parts.allInOne?.pluginServer).toBeNull();
  });
});
