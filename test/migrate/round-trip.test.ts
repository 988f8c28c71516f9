import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../env/cli';
import { pluginFixture, pluginServerFixture, pushFixtures, type PluginFixture } from '../env/fixtures';
import { RawRegistryClient } from '../env/raw-registry';
import { startRegistry, TEST_PASSWORD, TEST_USER, type TestRegistry } from '../env/registry';
import { freePort, tempDir, type TempDir } from '../env/tools';
import { tinyWasm } from '../env/wasm';
import { startServe } from '../serve/serve-env';
import { filesUnder, occurrences, sha256hex, startFileServer, type FileServer } from './migrate-env';

/**
 * The Done-when round trip of issue 16 on real registries: an inventory as operators have it
 * (a kubectl List with cluster-managed fields, plus a folder of YAML files) → bundle
 * --from-wasmplugins --with-config --passphrase-file → no secret anywhere in the bundle → verify →
 * push to the TLS registry → yaml in both modes → every object equals the original except the
 * rewritten fields, and each rewritten URL resolves to the plugin.
 */
let dir: TempDir;
let source: TestRegistry;
let tls: TestRegistry;
let files: FileServer;
let keyAuth: PluginFixture;
let myFilter: PluginFixture;
const httpWasm = tinyWasm('hello-http, served by a plain file server', 2048);
const localWasm = tinyWasm('local-filter from the gateway disk', 1024);
const PASSPHRASE = 'correct horse battery staple for configs';
const SECRETS = ['sk-KEYAUTH-SECRET-123', 'sk-MATCHRULE-TOKEN-456', 'oidc-CLIENT-SECRET-789', 'ENV-SECRET-000', 'x-consumer-secret-header-value'];

const env = () => ({ HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), DOCKER_CONFIG: join(dir.path, 'nodocker'), SOURCE_DATE_EPOCH: '1767225600', LANG: 'C', LC_ALL: '', LC_MESSAGES: '' });
const tlsFlags = () => ['--ca-file', tls.caFile as string, '--username', TEST_USER, '--password-stdin'];

/** The source environment's objects, as the API server returns them. */
function sourceObjects(): any[] {
  const managed = (name: string, ns: string) => ({
    name,
    namespace: ns,
    uid: `0b0c${name.length}-uid`,
    resourceVersion: '48213',
    generation: 3,
    creationTimestamp: '2026-09-01T10:00:00Z',
    managedFields: [{ manager: 'higress-console', operation: 'Update', apiVersion: 'extensions.higress.io/v1alpha1' }],
  });
  const keyAuthObj = {
    apiVersion: 'extensions.higress.io/v1alpha1',
    kind: 'WasmPlugin',
    metadata: {
      ...managed('key-auth-1.0.0', 'higress-system'),
      labels: { 'higress.io/resource-definer': 'higress', 'higress.io/wasm-plugin-name': 'key-auth', 'higress.io/wasm-plugin-version': '1.0.0', 'higress.io/wasm-plugin-category': 'auth', 'higress.io/wasm-plugin-built-in': 'true' },
      annotations: { 'higress.io/wasm-plugin-title': 'Key Auth' },
    },
    spec: {
      url: `oci://${source.host}/plugins/key-auth:2.0.0`,
      phase: 'AUTHN',
      priority: 310,
      defaultConfigDisable: false,
      defaultConfig: { global_auth: false, keys: ['x-api-key'], consumers: [{ name: 'alice', credential: SECRETS[0] }, { name: 'bob', credential: SECRETS[4] }] },
      matchRules: [{ ingress: ['default/api'], config: { allow: ['alice'] }, configDisable: false }],
    },
    status: { observedGeneration: 3 },
  };
  const myFilterObj = {
    apiVersion: 'extensions.higress.io/v1alpha1',
    kind: 'WasmPlugin',
    metadata: { ...managed('my-filter', 'gateway'), labels: { team: 'edge' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ spec: { matchRules: [{ config: { token: SECRETS[1] } }] } }), owner: 'edge-team' } },
    spec: {
      url: `oci://${source.host}/team/my-filter:1.2.0`,
      imagePullPolicy: 'Always',
      phase: 'AUTHZ',
      priority: 500,
      failStrategy: 'FAIL_OPEN',
      matchRules: [
        { domain: ['api.example.com'], config: { upstream: 'ai', token: SECRETS[1] } },
        { service: ['billing.default.svc.cluster.local'], configDisable: true },
      ],
    },
  };
  const httpObj = {
    apiVersion: 'extensions.higress.io/v1alpha1',
    kind: 'WasmPlugin',
    metadata: { ...managed('hello-http', 'higress-system') },
    spec: {
      url: `${files.base}/plugins/hello-http/1.0.0/plugin.wasm`,
      sha256: sha256hex(httpWasm),
      phase: 'UNSPECIFIED_PHASE',
      priority: 100,
      defaultConfig: { oidc: { client_id: 'gateway', client_secret: SECRETS[2] } },
    },
  };
  return [keyAuthObj, myFilterObj, httpObj];
}

const localObject = () => ({
  apiVersion: 'extensions.higress.io/v1alpha1',
  kind: 'WasmPlugin',
  metadata: { name: 'local-filter', namespace: 'higress-system' },
  spec: { url: `file://${join(dir.path, 'gateway-disk', 'local-filter.wasm')}`, priority: 5, vmConfig: { env: [{ name: 'API_SECRET', value: SECRETS[3] }, { name: 'POD', valueFrom: 'HOST' }] } },
});

/** What must arrive: the object without cluster-managed metadata and the last-applied annotation. */
function expectedOf(o: any): any {
  const { annotations, labels, name, namespace } = o.metadata;
  const kept = annotations ? Object.fromEntries(Object.entries(annotations).filter(([k]) => k !== 'kubectl.kubernetes.io/last-applied-configuration')) : undefined;
  return { apiVersion: o.apiVersion, kind: o.kind, metadata: { name, namespace, ...(labels ? { labels } : {}), ...(kept && Object.keys(kept).length ? { annotations: kept } : {}) }, spec: o.spec };
}

const REWRITTEN_HTTP = ['url', 'sha256'];
const REWRITTEN_OCI = ['url', 'sha256', 'imagePullPolicy', 'imagePullSecret'];
function without(spec: any, keys: readonly string[]): any {
  return Object.fromEntries(Object.entries(spec).filter(([k]) => !keys.includes(k)));
}

async function migratedIn(out: string): Promise<any[]> {
  const docs = parseAllDocuments(await readFile(join(out, 'manifests/20-wasm-plugins.yaml'), 'utf8')).map((d) => d.toJS());
  return docs.filter((d: any) => d?.kind === 'WasmPlugin');
}

let inventoryFile: string;
let inventoryFolder: string;
let passFile: string;
let bundle: string;

beforeAll(async () => {
  dir = await tempDir('migrate');
  [source, tls] = await Promise.all([startRegistry('plain'), startRegistry('tls-basic')]);
  keyAuth = await pluginFixture({ name: 'key-auth', layout: 'oci-compat', tag: '2.0.0' });
  myFilter = await pluginFixture({ name: 'my-filter', repo: 'team/my-filter', layout: 'oci-wasm', tag: '1.2.0' });
  await pushFixtures(source, { pluginServer: await pluginServerFixture('2.2.4'), plugins: [keyAuth, myFilter] });
  files = await startFileServer({ '/plugins/hello-http/1.0.0/plugin.wasm': httpWasm, '/not-wasm/plugin.wasm': Buffer.from('<html>login page</html>') });
  await mkdir(join(dir.path, 'gateway-disk'), { recursive: true });
  await writeFile(join(dir.path, 'gateway-disk', 'local-filter.wasm'), localWasm);
  // kubectl get wasmplugins -A -o yaml: one List
  inventoryFile = join(dir.path, 'wasmplugins.yaml');
  const list = { apiVersion: 'v1', kind: 'List', items: sourceObjects(), metadata: { resourceVersion: '' } };
  const { stringify } = await import('yaml');
  await writeFile(inventoryFile, stringify(list));
  // a higress-standalone-like folder: multi-document YAML with an object of another kind
  inventoryFolder = join(dir.path, 'standalone');
  await mkdir(join(inventoryFolder, 'wasmplugins'), { recursive: true });
  await writeFile(join(inventoryFolder, 'wasmplugins', 'local-filter.yaml'), `${stringify(localObject())}---\n${stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'higress-config' }, data: { a: 'b' } })}`);
  passFile = join(dir.path, 'pass.txt');
  await writeFile(passFile, `${PASSPHRASE}\n`);
  await mkdir(join(dir.path, 'out'));
  bundle = join(dir.path, 'out', 'moved.tar');
}, 120_000);

afterAll(async () => {
  await Promise.all([source?.stop(), tls?.stop(), files?.stop()]);
  await dir?.remove();
});

describe('moving the WasmPlugins of one Higress into another', () => {
  it('bundles the inventory with its configuration encrypted: no secret in any file of the bundle', async () => {
    const r = await cli(['bundle', '--out', bundle, '--plugin-server', `${source.host}/higress/plugin-server:2.2.4`, '--platform', 'linux/amd64', '--source', source.host, '--plain-http', '--from-wasmplugins', inventoryFile, '--from-wasmplugins', inventoryFolder, '--with-config', '--passphrase-file', passFile, '--json'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    // key-auth is recognised as the Console's built-in; its bytes differ from the catalog pin: reported, not refused
    expect(r.stderr).toMatch(/warning: key-auth \(oci:\/\/.*key-auth:2\.0\.0, used by higress-system\/key-auth-1\.0\.0\) is not the build the release catalog pins/);
    expect(r.stderr).toContain('note: 1 objects of the inventory are not Higress WasmPlugins and were skipped: v1 ConfigMap ×1');
    const m = JSON.parse(r.stdout).manifest;
    // key-auth was recognised against the default release's catalog: the bundle records that release
    expect(m.higressRelease).toMatch(/^\d+\.\d+\.\d+$/);
    expect(m.plugins.map((p: any) => [p.name, p.origin]).sort()).toEqual([['hello-http', 'wasm-file'], ['key-auth', 'catalog'], ['local-filter', 'wasm-file'], ['my-filter', 'oci']]);
    expect(m.plugins.find((p: any) => p.name === 'key-auth').servedVersions).toEqual(expect.arrayContaining(['2.0.0', '1.0.0']));
    expect(m.inventory.objects.map((o: any) => `${o.object.metadata.namespace}/${o.object.metadata.name}`)).toEqual(['higress-system/key-auth-1.0.0', 'gateway/my-filter', 'higress-system/hello-http', 'higress-system/local-filter']);
    const ka = m.inventory.objects[0];
    expect(ka.config).toMatchObject({ present: true, included: true, fields: ['defaultConfig', 'matchRules[0].config'] });
    expect(ka.config.secretKeys).toEqual(expect.arrayContaining(['defaultConfig.consumers', 'defaultConfig.consumers[].credential']));
    expect(m.inventory.config).toMatchObject({ cipher: 'aes-256-gcm', kdf: { name: 'scrypt' } });
    // every file of the bundle folder (bundle, sidecars): no secret, no passphrase, and no uid/managedFields
    expect(await occurrences(join(dir.path, 'out'), [...SECRETS, PASSPHRASE, 'managedFields', 'last-applied-configuration'])).toEqual([]);
    // the file server was asked for the module once (by path)
    expect(files.requests).toContain('/plugins/hello-http/1.0.0/plugin.wasm');
  }, 120_000);

  it('verifies, pushes to the TLS registry, and writes the same WasmPlugins in HTTP and OCI mode with their configuration', async () => {
    const v = await cli(['verify', bundle], { env: env() });
    expect(v.code, v.stderr + v.stdout).toBe(0);
    const push = await cli(['push', bundle, '--registry', `${tls.host}/higress`, ...tlsFlags(), '--json'], { env: env(), stdin: TEST_PASSWORD });
    expect(push.code, push.stderr + push.stdout).toBe(0);

    const originals = [...sourceObjects(), localObject()].map(expectedOf);
    const byKey = (objs: any[]) => new Map(objs.map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, o]));
    const raw = new RawRegistryClient(tls);
    const serve = startServe([bundle, '--port', String(await freePort()), '--json']);
    try {
      const served = await serve.ready();
      const serveBase = String(served.url).replace(/\/$/, '');
      expect(serveBase).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      const wasmOf: Record<string, Buffer> = { 'key-auth': keyAuth.wasm, 'my-filter': myFilter.wasm, 'hello-http': httpWasm, 'local-filter': localWasm };

      for (const mode of ['http', 'oci'] as const) {
        const out = join(dir.path, `deploy-${mode}`);
        const y = await cli(['yaml', bundle, '--registry', `${tls.host}/higress`, '--ca-file', tls.caFile as string, '--mode', mode, '--pull-secret', 'harbor-pull', '--passphrase-file', passFile, '--out', out], { env: env() });
        expect(y.code, y.stderr).toBe(0);
        // key-auth's migrated build is not the release's: HTTP mode needs the custom Plugin Server image
        if (mode === 'http') expect(y.stderr).toContain('warning: key-auth: the migrated build is not the one the official Plugin Server image serves');
        // my-filter lives in namespace gateway: its pull Secret must exist there
        if (mode === 'oci') expect(y.stderr).toContain('warning: Migrated WasmPlugins in gateway pull with Secret harbor-pull, which the gateway reads from their own namespace: create it there too (the template is for higress-system)');
        const migrated = byKey(await migratedIn(out));
        expect([...migrated.keys()].sort()).toEqual(originals.map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort());
        for (const want of originals) {
          const key = `${want.metadata.namespace}/${want.metadata.name}`;
          const got = migrated.get(key);
          const rewritten = mode === 'http' ? REWRITTEN_HTTP : REWRITTEN_OCI;
          // everything but the rewritten fields is the original, configuration included
          expect({ ...got, spec: without(got.spec, rewritten) }, `${mode} ${key}`).toEqual({ ...want, spec: without(want.spec, rewritten) });
          const plugin = got.metadata.name === 'key-auth-1.0.0' ? 'key-auth' : got.metadata.name;
          if (mode === 'http') {
            // http://higress-plugin-server.<ns>.svc/plugins/<name>/<version>/plugin.wasm — served from the bundle's tree
            const path = new URL(got.spec.url).pathname;
            expect(got.spec.url).toMatch(/^http:\/\/higress-plugin-server\.higress-system\.svc\/plugins\//);
            const body = Buffer.from(await (await fetch(`${serveBase}${path}`)).arrayBuffer());
            expect(body.equals(wasmOf[plugin] as Buffer), `${key} served bytes`).toBe(true);
            expect(got.spec.sha256).toBe(sha256hex(body));
            expect(got.spec.imagePullPolicy).toBe(want.spec.imagePullPolicy);
          } else {
            expect(got.spec.url).toMatch(new RegExp(`^oci://${tls.host.replace(/\./g, '\\.')}/higress/`));
            const ref = (got.spec.url as string).slice(`oci://${tls.host}/`.length);
            const [repo, tag] = ref.split(':') as [string, string];
            const manifest = await raw.request('GET', `/v2/${repo}/manifests/${tag}`, { repo, actions: 'pull', headers: { accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' } });
            expect(manifest.status, `${key} pushed at ${ref}`).toBe(200);
            expect(got.spec.sha256, `${key} pinned digest`).toBe(sha256hex(manifest.body));
            if (plugin === 'key-auth') expect(manifest.body.equals(keyAuth.manifest.bytes)).toBe(true);
            if (plugin === 'my-filter') expect(manifest.body.equals(myFilter.manifest.bytes)).toBe(true);
            expect(got.spec.imagePullSecret).toBe('harbor-pull');
            expect(got.spec.imagePullPolicy).toBe('IfNotPresent');
          }
        }
        const readme = await readFile(join(out, 'README.md'), 'utf8');
        expect(readme).toContain('## Migrated WasmPlugins');
        expect(readme).toContain('the migrated one is written and the generated one left out');
      }
    } finally {
      await serve.stop();
    }
  }, 240_000);

  it('without --with-config the configuration is in neither bundle nor output, and each affected object is named', async () => {
    const out = join(dir.path, 'noconfig');
    await mkdir(out);
    const b = join(out, 'b.tar');
    const r = await cli(['bundle', '--out', b, '--no-plugin-server', '--source', source.host, '--plain-http', '--from-wasmplugins', inventoryFile, '--from-wasmplugins', inventoryFolder], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning: The configuration of 4 WasmPlugins stays behind (not asked for): higress-system/key-auth-1.0.0, gateway/my-filter, higress-system/hello-http, higress-system/local-filter');
    expect(await occurrences(out, SECRETS)).toEqual([]);
    const deploy = join(dir.path, 'noconfig-deploy');
    const y = await cli(['yaml', b, '--registry', 'harbor.example.com/higress', '--mode', 'oci', '--out', deploy], { env: env() });
    expect(y.code, y.stderr).toBe(0);
    expect(y.stderr).toContain('warning: The bundle does not carry the configuration of higress-system/key-auth-1.0.0, gateway/my-filter, higress-system/hello-http, higress-system/local-filter');
    expect(await occurrences(deploy, SECRETS)).toEqual([]);
    const objs = await migratedIn(deploy);
    const ka = objs.find((o) => o.metadata.name === 'key-auth-1.0.0');
    expect(ka.spec.defaultConfig).toBeUndefined();
    expect(ka.spec.defaultConfigDisable).toBe(true);
    expect(ka.spec.matchRules[0]).toEqual({ ingress: ['default/api'], configDisable: true });
    // the encrypted bundle without a passphrase: written without configuration, each object named
    const locked = join(dir.path, 'locked-deploy');
    const z = await cli(['yaml', bundle, '--registry', 'harbor.example.com/higress', '--mode', 'oci', '--out', locked], { env: env() });
    expect(z.code, z.stderr).toBe(0);
    expect(z.stderr).toContain('warning: Written without configuration, switched off until configured (no passphrase given): higress-system/key-auth-1.0.0, gateway/my-filter, higress-system/hello-http, higress-system/local-filter');
    expect(await occurrences(locked, SECRETS)).toEqual([]);
  }, 120_000);

  it('a wrong passphrase is refused clearly and writes nothing', async () => {
    const wrong = join(dir.path, 'wrong.txt');
    await writeFile(wrong, 'not the passphrase at all\n');
    const out = join(dir.path, 'wrong-deploy');
    const r = await cli(['yaml', bundle, '--registry', 'harbor.example.com/higress', '--mode', 'oci', '--passphrase-file', wrong, '--out', out], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: The passphrase does not open the plugin configuration in this bundle');
    expect(r.stderr).toContain('Nothing was written');
    await expect(readdir(out)).rejects.toThrow(/ENOENT/);
    const zh = await cli(['yaml', bundle, '--registry', 'harbor.example.com/higress', '--mode', 'oci', '--passphrase-file', wrong, '--out', out], { env: { ...env(), LANG: 'zh_CN.UTF-8' } });
    expect(zh.stderr).toContain('该口令无法解开此包中的插件配置');
  }, 60_000);

  it('a sha256 mismatch, unreachable URLs and a module that is not proxy-wasm are all listed at once, with the objects; nothing is left behind', async () => {
    const out = join(dir.path, 'fail');
    await mkdir(out);
    const closed = await freePort();
    const inv = join(dir.path, 'bad.yaml');
    const obj = (name: string, spec: Record<string, unknown>) => ({ apiVersion: 'extensions.higress.io/v1alpha1', kind: 'WasmPlugin', metadata: { name, namespace: 'higress-system' }, spec });
    const { stringify } = await import('yaml');
    await writeFile(
      inv,
      [
        obj('pinned-wrong', { url: `${files.base}/plugins/hello-http/1.0.0/plugin.wasm`, sha256: 'a'.repeat(64) }),
        obj('gone-http', { url: `http://127.0.0.1:${closed}/plugins/gone/1.0.0/plugin.wasm` }),
        obj('gone-oci', { url: `oci://${source.host}/team/nothing-here:1.0.0` }),
        obj('gone-file', { url: 'file:///nonexistent/plugin.wasm' }),
        obj('login-page', { url: `${files.base}/not-wasm/plugin.wasm` }),
      ].map((o) => stringify(o)).join('---\n'),
    );
    const b = join(out, 'b.tar');
    const r = await cli(['bundle', '--out', b, '--no-plugin-server', '--plain-http', '--from-wasmplugins', inv], { env: env() });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('5 problems with this bundle plan');
    expect(r.stderr).toMatch(/WasmPlugin higress-system\/pinned-wrong: .* has SHA-256 [a-f0-9]{64}, but spec\.sha256 says a{64}/);
    expect(r.stderr).toMatch(/WasmPlugin higress-system\/gone-http: Cannot download http:\/\/127\.0\.0\.1:\d+\/plugins\/gone\/1\.0\.0\/plugin\.wasm: ECONNREFUSED/);
    expect(r.stderr).toMatch(/WasmPlugin higress-system\/gone-oci: /);
    expect(r.stderr).toMatch(/WasmPlugin higress-system\/gone-file: Cannot read file:\/\/\/nonexistent\/plugin\.wasm on this machine \(ENOENT\)/);
    expect(r.stderr).toMatch(/WasmPlugin higress-system\/login-page: /);
    expect(await filesUnder(out)).toEqual([]);
  }, 60_000);

  it('a file of the wrong kind, and malformed documents, are named by file and position; nothing is fetched or written', async () => {
    const out = join(dir.path, 'wrong-kind');
    await mkdir(out);
    const deployment = join(dir.path, 'deployment.yaml');
    await writeFile(deployment, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n');
    const r = await cli(['bundle', '--out', join(out, 'b.tar'), '--no-plugin-server', '--from-wasmplugins', deployment], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: No extensions.higress.io/v1alpha1 WasmPlugin in deployment.yaml (2 other objects skipped)');
    const broken = join(dir.path, 'broken.yaml');
    await writeFile(broken, `apiVersion: extensions.higress.io/v1alpha1\nkind: WasmPlugin\nmetadata: {name: ok}\nspec: {url: "oci://${source.host}/team/my-filter:1.2.0"}\n---\nkind: WasmPlugin\nspec: [unclosed\n---\napiVersion: extensions.higress.io/v1alpha1\nkind: WasmPlugin\nmetadata: {name: Bad_Name}\nspec: {url: "oci://x/y:1"}\n`);
    const b = await cli(['bundle', '--out', join(out, 'b.tar'), '--no-plugin-server', '--from-wasmplugins', broken], { env: env() });
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('2 problems in the WasmPlugin inventory');
    expect(b.stderr).toMatch(/broken\.yaml, document 2 \(line \d+\): is not valid YAML/);
    expect(b.stderr).toMatch(/broken\.yaml, document 3 \(line 9\): WasmPlugin Bad_Name is not valid: metadata\.name/);
    expect(await filesUnder(out)).toEqual([]);
  }, 60_000);
});
