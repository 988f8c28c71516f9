import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryIssues } from '../../shared/migrate/cross-check';
import { configFields, configKeys, splitConfig } from '../../shared/migrate/config';
import { INVENTORY_LIMITS, parseInventoryText, readInventory } from '../../shared/migrate/inventory';
import { locate, migrationSources } from '../../shared/migrate/sources';
import { disableUnconfigured, joinConfig } from '../../shared/deploy/wasm-plugins';
import { getRelease } from '../../shared/catalog/catalog';
import { MESSAGES, notice } from '../../shared/messages/catalog';
import { generateDeployment } from '../../shared/deploy';
import { failureOf, tempDir, type TempDir } from '../env/tools';

const wp = (name: string, spec: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ apiVersion: 'extensions.higress.io/v1alpha1', kind: 'WasmPlugin', metadata: { name, namespace: 'higress-system', ...extra }, spec });

describe('reading an inventory (untrusted input)', () => {
  it('takes a List, multi-document YAML and JSON; counts other kinds; drops cluster-managed metadata', () => {
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [wp('a', { url: 'oci://r.example.com/p/a:1.0.0' }, { uid: 'x', resourceVersion: '1', managedFields: [], annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"secret":1}', keep: 'me' } }), { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } }] });
    const parsed = parseInventoryText(list, 'list.json');
    expect(parsed.problems).toEqual([]);
    expect(parsed.skipped).toEqual({ 'v1 Service': 1 });
    expect(parsed.entries[0]?.object.metadata).toEqual({ name: 'a', namespace: 'higress-system', annotations: { keep: 'me' } });
    expect(parsed.entries[0]?.dropped).toEqual(expect.arrayContaining(['uid', 'resourceVersion', 'managedFields', 'annotations.kubectl.kubernetes.io/last-applied-configuration']));
    expect(parsed.entries[0]?.position).toMatchObject({ file: 'list.json', document: 1, item: 1 });
    const multi = parseInventoryText('---\napiVersion: extensions.higress.io/v1alpha1\nkind: WasmPlugin\nmetadata: {name: b}\nspec: {url: r.example.com/p/b:2.0.0}\n---\n# empty\n---\napiVersion: extensions.istio.io/v1alpha1\nkind: WasmPlugin\nmetadata: {name: istio}\nspec: {url: oci://x/y:1}\n', 'multi.yaml');
    expect(parsed.problems.concat(multi.problems)).toEqual([]);
    expect(multi.entries.map((e) => e.object.metadata.name)).toEqual(['b']);
    // Istio's own WasmPlugin is another kind: counted, not taken.
    expect(multi.skipped).toEqual({ 'extensions.istio.io/v1alpha1 WasmPlugin': 1 });
  });

  it('refuses an alias bomb without expanding it, naming the document', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]', 'f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]'].join('\n');
    const r = parseInventoryText(bomb, 'bomb.yaml');
    expect(r.entries).toEqual([]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ file: 'bomb.yaml', document: 1 });
    expect(r.problems[0]?.reason).toMatch(/cannot be read .*alias/i);
  });

  it('names every malformed document, invalid object and duplicate at once', () => {
    const text = [
      'apiVersion: extensions.higress.io/v1alpha1\nkind: WasmPlugin\nmetadata: {name: ok}\nspec: {url: "oci://r/p:1"}',
      'just a string',
      'apiVersion: extensions.higress.io/v1alpha1\nkind: WasmPlugin\nmetadata: {name: ok}\nspec: {url: "oci://r/p:1"}',
      'apiVersion: extensions.higress.io/v1alpha1\nkind: WasmPlugin\nmetadata: {name: nospec}',
      'apiVersion: extensions.higress.io/v1alpha1\nkind: WasmPlugin\nmetadata: {name: extra}\nspec: {url: "oci://r/p:1", unknownField: 1}',
      'kind: WasmPlugin\nmetadata: {name: noapi}',
    ].join('\n---\n');
    const r = parseInventoryText(text, 'many.yaml');
    expect(r.problems.map((p) => `${p.document}: ${p.reason}`)).toEqual([
      '2: is not a Kubernetes object (a mapping with apiVersion and kind)',
      '4: WasmPlugin nospec has no spec',
      expect.stringMatching(/^5: WasmPlugin extra is not valid: spec Unrecognized key/),
      '6: has no apiVersion or kind',
    ]);
    expect(r.entries.map((e) => e.position.document)).toEqual([1, 3]);
  });

  describe('from files and folders', () => {
    let dir: TempDir;
    beforeAll(async () => {
      dir = await tempDir('inventory');
    });
    afterAll(async () => {
      await dir?.remove();
    });

    it('reads a folder recursively (YAML and JSON only), reports duplicates across files and refuses oversized files', async () => {
      const folder = join(dir.path, 'standalone');
      await mkdir(join(folder, 'nested'), { recursive: true });
      await writeFile(join(folder, 'a.yaml'), JSON.stringify(wp('a', { url: 'oci://r/p/a:1' })));
      await writeFile(join(folder, 'nested', 'b.json'), JSON.stringify(wp('b', { url: 'oci://r/p/b:1' })));
      await writeFile(join(folder, 'notes.txt'), 'not read');
      const inv = await readInventory([folder]);
      expect(inv.entries.map((e) => `${e.position.file}:${e.object.metadata.name}`)).toEqual(['standalone/a.yaml:a', 'standalone/nested/b.json:b']);
      await writeFile(join(folder, 'dup.yaml'), JSON.stringify(wp('a', { url: 'oci://r/p/a:1' })));
      await writeFile(join(folder, 'big.yaml'), Buffer.alloc(INVENTORY_LIMITS.fileBytes + 1, 0x20));
      const e = await failureOf(readInventory([folder]));
      expect(e.code).toBe('INVENTORY_INVALID');
      expect(e.message).toContain('standalone/big.yaml: is 16777217 bytes, more than the 16777216 read from one file');
      expect(e.message).toMatch(/standalone\/dup\.yaml, document 1 \(line 1\): WasmPlugin higress-system\/a is also in standalone\/a\.yaml, document 1/);
      const missing = await failureOf(readInventory([join(dir.path, 'nope.yaml')]));
      expect(missing.message).toContain('nope.yaml: cannot be read (ENOENT)');
    });
  });
});

describe('sources: what each URL means to the gateway, and which plugin it becomes', () => {
  it('reads oci://, a bare reference (OCI), http(s)://, file://; refuses other schemes and credentials', () => {
    expect(locate('oci://harbor.local:8443/plugins/a:1.0.0')).toMatchObject({ kind: 'oci', key: 'harbor.local:8443/plugins/a:1.0.0' });
    expect(locate('harbor.local/plugins/a:1.0.0')).toMatchObject({ kind: 'oci', key: 'harbor.local/plugins/a:1.0.0' });
    expect(locate('https://files.example.com/plugins/a/1.0.0/plugin.wasm')).toMatchObject({ kind: 'http' });
    expect(locate('file:///opt/plugins/a.wasm')).toMatchObject({ kind: 'file', path: '/opt/plugins/a.wasm' });
    expect(locate('gopher://x/y')).toMatch(/scheme "gopher" is not one the gateway fetches/);
    expect(locate('https://user:pw@files.example.com/a.wasm')).toMatch(/carries credentials/);
    expect(String(locate('https://user:pw@files.example.com/a.wasm'))).not.toContain('pw');
  });

  it('masks tokens and signatures in an http(s) query: the URL goes into messages and bundle.json', () => {
    const entries = parseInventoryText(JSON.stringify(wp('signed', { url: 'https://bucket.example.com/plugins/signed/1.0.0/plugin.wasm?X-Amz-Signature=abcSECRETdef&token=tokSECRET&v=1' })), 'x.yaml').entries;
    const { sources } = migrationSources(entries, undefined);
    expect(sources[0]?.url).toBe('https://bucket.example.com/plugins/signed/1.0.0/plugin.wasm?X-Amz-Signature=REDACTED&token=REDACTED&v=1');
    // the download itself uses the real URL
    expect(sources[0]?.location).toMatchObject({ kind: 'http', url: expect.stringContaining('abcSECRETdef') });
  });

  it('recognises a Console built-in by its labels and serves the catalog versions; refuses one name from two modules', () => {
    const release = getRelease('2.2.4');
    const entries = parseInventoryText(
      [
        JSON.stringify(wp('key-auth-1.0.0', { url: 'oci://mirror.local/plugins/key-auth:2.0.0' }, { labels: { 'higress.io/wasm-plugin-built-in': 'true', 'higress.io/wasm-plugin-name': 'key-auth' } })),
        JSON.stringify(wp('mine', { url: 'http://files.local/plugins/mine/0.3.1/plugin.wasm' })),
        JSON.stringify(wp('also-mine', { url: 'http://other.local/plugins/mine/0.4.0/plugin.wasm' })),
      ].join('\n---\n'),
      'x.yaml',
    ).entries;
    const { sources, problems } = migrationSources(entries, release);
    const ka = sources.find((s) => s.name === 'key-auth');
    expect(ka?.builtIn?.name).toBe('key-auth');
    expect(ka?.servedVersions).toEqual(expect.arrayContaining(['2.0.0', ...(release.plugins.find((p) => p.name === 'key-auth')?.servedVersions ?? [])]));
    expect(sources.find((s) => s.name === 'mine')?.version).toBe('0.3.1');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.reason).toMatch(/runs plugin mine from http:\/\/other\.local.*one bundle holds one build of a plugin/);
  });
});

describe('configuration out and back in', () => {
  const spec = {
    url: 'oci://r/p:1',
    defaultConfig: { consumers: [{ name: 'a', credential: 's1' }] },
    matchRules: [{ domain: ['x'], config: { apiTokens: ['t'] } }, { ingress: ['y'] }],
    vmConfig: { env: [{ name: 'K', value: 'v' }, { name: 'H', valueFrom: 'HOST' }] },
  };
  it('splits every configuration field out, and puts it back exactly', () => {
    const { spec: bare, config } = splitConfig(spec);
    expect(JSON.stringify(bare)).not.toMatch(/s1|"t"|"v"/);
    expect(configFields(config)).toEqual(['defaultConfig', 'matchRules[0].config', 'vmConfig.env[0].value']);
    expect(configKeys(config).secretKeys).toEqual(expect.arrayContaining(['defaultConfig.consumers', 'defaultConfig.consumers[].credential', 'matchRules[0].config.apiTokens', 'vmConfig.env[0].value']));
    expect(joinConfig(bare, config as NonNullable<typeof config>)).toEqual(spec);
    // left behind: switched off where it had configuration
    const off = disableUnconfigured(bare, configFields(config));
    expect(off.defaultConfigDisable).toBe(true);
    expect(off.matchRules).toEqual([{ domain: ['x'], configDisable: true }, { ingress: ['y'] }]);
  });
});

describe('bundle.json inventory cross-checks and the deployment output', () => {
  const record = {
    objects: [
      {
        object: { apiVersion: 'extensions.higress.io/v1alpha1' as const, kind: 'WasmPlugin' as const, metadata: { name: 'a', namespace: 'higress-system' }, spec: { url: 'oci://r/p/a:1' } },
        plugin: 'a',
        version: '1',
        sourceUrl: 'oci://r/p/a:1',
        builtIn: false,
        from: { file: 'x.yaml', document: 1 },
        config: { present: false, included: false, fields: [], keys: [], secretKeys: [] },
      },
    ],
    skipped: {},
  };
  const plugin = { name: 'a', version: '1', servedVersions: ['1'], origin: 'oci' as const, source: 'r/p/a:1', digest: `sha256:${'1'.repeat(64)}`, mediaType: 'application/vnd.oci.image.manifest.v1+json', layout: 'oci-wasm' as const, wasm: { size: 1, md5: '0'.repeat(32), sha256: '2'.repeat(64) } };

  it('names a missing plugin, an unserved version, configuration in clear and a duplicate', () => {
    expect(inventoryIssues({ plugins: [plugin], inventory: record })).toEqual([]);
    const bad = { ...record, objects: [{ ...record.objects[0]!, version: '9', object: { ...record.objects[0]!.object, spec: { url: 'oci://r/p/a:1', defaultConfig: { k: 'secret' } } } }, { ...record.objects[0]!, plugin: 'zzz' }] };
    expect(inventoryIssues({ plugins: [plugin], inventory: bad }).map((i) => i.code)).toEqual(['INVENTORY_VERSION_NOT_SERVED', 'INVENTORY_CONFIG_IN_CLEAR', 'INVENTORY_OBJECT_DUPLICATE', 'INVENTORY_PLUGIN_MISSING']);
    expect(inventoryIssues({ plugins: [plugin], inventory: { ...record, objects: [{ ...record.objects[0]!, config: { ...record.objects[0]!.config, present: true, included: true } }] } }).map((i) => i.code)).toEqual(['INVENTORY_CONFIG_ABSENT']);
  });

  it('a migrated object wins over a generated one of the same name, said in the warnings and the README', () => {
    const input = { higressRelease: '2.2.4', images: [], plugins: [plugin, { ...plugin, name: 'b', source: 'r/p/b:1' }], inventory: { ...record, objects: [{ ...record.objects[0]!, object: { ...record.objects[0]!.object, metadata: { name: 'b-1', namespace: 'higress-system' } } }] } };
    const out = generateDeployment(input, { registry: 'harbor.example.com/higress', mode: 'oci' });
    const wasm = out.objects.filter((o) => o.kind === 'WasmPlugin');
    expect(wasm.map((o) => o.metadata?.name)).toEqual(['b-1']);
    expect(out.migrated).toEqual(['higress-system/b-1']);
    expect(out.warnings).toContain('The migrated WasmPlugin higress-system/b-1 replaces the generated one of the same name');
    expect(out.files.find((f) => f.path === 'README.md')?.content).toContain('the migrated one is written and the generated one left out (1 here)');
  });

  it('the deployment notices read exactly as the message catalog has them', () => {
    const out = generateDeployment(
      { higressRelease: '2.2.4', images: [], plugins: [plugin], inventory: { ...record, objects: [{ ...record.objects[0]!, config: { present: true, included: true, fields: ['defaultConfig'], keys: [], secretKeys: [] } }], config: { cipher: 'aes-256-gcm', kdf: { name: 'scrypt', N: 16384, r: 8, p: 1, salt: 'AA==' }, nonce: 'AA==', tag: 'AA==', ciphertext: 'AA==' } } },
      { registry: 'harbor.example.com/higress', mode: 'oci' },
    );
    expect(out.notices.map((n) => n.code).filter((c) => c.startsWith('MIGRATE_'))).toEqual(['MIGRATE_CONFIG_LEFT_BEHIND']);
    for (const n of out.notices) expect(n.message).toBe(notice(n.code, n.details).message);
    // HTTP mode, a built-in moved with other bytes than the release's: the custom Plugin Server image is needed
    const ka = { ...plugin, name: 'key-auth', origin: 'catalog' as const, source: 'r/plugins/key-auth:2.0.0', servedVersions: ['1.0.0', '2.0.0'] };
    const http = generateDeployment(
      { higressRelease: '2.2.4', images: [{ role: 'plugin-server', source: 'r/higress/plugin-server:2.2.4', digest: `sha256:${'3'.repeat(64)}` }], plugins: [ka], inventory: { ...record, objects: [{ ...record.objects[0]!, plugin: 'key-auth', version: '2.0.0' }] } },
      { registry: 'harbor.example.com/higress', mode: 'http' },
    );
    expect(http.notices.map((n) => n.code).filter((c) => c.startsWith('MIGRATE_'))).toEqual(['MIGRATE_NEEDS_CUSTOM_SERVER']);
    for (const n of http.notices) expect(n.message).toBe(notice(n.code, n.details).message);
    // OCI mode, a pull Secret, an object in another namespace: the Secret must be there too
    const elsewhere = generateDeployment(
      { higressRelease: '2.2.4', images: [], plugins: [plugin], inventory: { ...record, objects: [{ ...record.objects[0]!, object: { ...record.objects[0]!.object, metadata: { name: 'a', namespace: 'edge' } } }] } },
      { registry: 'harbor.example.com/higress', mode: 'oci', pullSecret: 'pull' },
    );
    expect(elsewhere.notices.map((n) => n.code).filter((c) => c.startsWith('MIGRATE_'))).toEqual(['MIGRATE_PULL_SECRET_NAMESPACE']);
    for (const n of elsewhere.notices) expect(n.message).toBe(notice(n.code, n.details).message);
    expect(MESSAGES.MIGRATE_REPLACES_GENERATED).toBeDefined();
    expect(notice('MIGRATE_REPLACES_GENERATED', { object: 'ns/x' }).message).toBe('The migrated WasmPlugin ns/x replaces the generated one of the same name');
    expect(notice('MIGRATE_CONFIG_NOT_IN_BUNDLE', { objects: 'ns/x' }).message).toBe('The bundle does not carry the configuration of ns/x: written without it, switched off until configured');
  });
});

describe('every open cross-checks the inventory', () => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = await tempDir('inventory-open');
  });
  afterAll(async () => {
    await dir?.remove();
  });

  it('a bundle whose inventory carries configuration in clear, or names a plugin it lacks, is refused on open; a sound one opens', async () => {
    const { consistentBundleFor, writeModel } = await import('../bundle/bundle-model');
    const { OpenBundle } = await import('../../shared/bundle/open-bundle');
    const { bundle224 } = await import('../deploy/fixtures');
    const made = consistentBundleFor(bundle224());
    const ka = made.model.bundle.plugins.find((p: any) => p.name === 'key-auth');
    const entry = (spec: Record<string, unknown>, plugin = 'key-auth') => ({
      object: { apiVersion: 'extensions.higress.io/v1alpha1', kind: 'WasmPlugin', metadata: { name: 'key-auth-1.0.0', namespace: 'higress-system' }, spec },
      plugin,
      version: '2.0.0',
      sourceUrl: ka.source,
      builtIn: true,
      from: { file: 'x.yaml', document: 1 },
      config: { present: false, included: false, fields: [], keys: [], secretKeys: [] },
    });
    const open = async (name: string, inventory: unknown) => {
      const path = join(dir.path, name);
      await writeFile(path, writeModel({ ...made.model, bundle: { ...made.model.bundle, inventory } }));
      return OpenBundle.open(path);
    };
    const good = await open('good.tar', { objects: [entry({ url: `oci://${ka.source}`, priority: 1 })], skipped: {} });
    expect(good.manifest.inventory?.objects).toHaveLength(1);
    await good.close();
    const clear = await failureOf(open('clear.tar', { objects: [entry({ url: `oci://${ka.source}`, defaultConfig: { consumers: [{ credential: 'in-clear' }] } }), entry({ url: 'oci://x/y:1' }, 'not-bundled')], skipped: {} }));
    expect(clear.code).toBe('BUNDLE_INCONSISTENT');
    const codes = ((clear.details?.issues ?? []) as Array<{ code: string }>).map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['INVENTORY_CONFIG_IN_CLEAR', 'INVENTORY_OBJECT_DUPLICATE', 'INVENTORY_PLUGIN_MISSING']));
  });
});
