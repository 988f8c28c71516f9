import { describe, expect, it } from 'vitest';
import { generateDeployment, wasmPluginProblems } from '../../shared/deploy';
import { pluginTargetReference } from '../../shared/model/placement';
import { formatReference } from '../../shared/oci/reference';
import { parseTarget } from '../../shared/oci/retag';
import { bundle220, bundle223, bundle224, crdValidator, parseDocs } from './fixtures';

const TARGET = 'harbor.example.com/higress';

describe('deployment output, OCI mode', () => {
  const bundle = bundle224();
  const out = generateDeployment(bundle, { registry: TARGET, mode: 'oci', pullSecret: 'harbor-pull' });
  const docs = parseDocs(out.combined);
  const wasm = (name: string) => docs.find((d) => d.kind === 'WasmPlugin' && d.metadata.labels['higress.io/wasm-plugin-name'] === name);

  it('deploys no Plugin Server: the Secret and one valid WasmPlugin per plugin', () => {
    const crd = crdValidator();
    expect(docs.map((d) => d.kind)).toEqual(['Secret', ...bundle.plugins.map(() => 'WasmPlugin')]);
    for (const d of docs.filter((x) => x.kind === 'WasmPlugin')) {
      expect(crd(d), JSON.stringify(crd.errors)).toBe(true);
      expect(wasmPluginProblems(d)).toEqual([]);
    }
    expect(out.pluginServerImage).toBeUndefined();
  });

  it('URLs are oci:// + where the push step puts each artifact; sha256 is the bare manifest digest', () => {
    const target = parseTarget(TARGET);
    for (const p of bundle.plugins) {
      const w = wasm(p.name);
      expect(w.spec.url).toBe(`oci://${formatReference(pluginTargetReference(p, target))}`);
      expect(w.spec.sha256).toBe(p.digest.replace('sha256:', ''));
      expect(w.spec.sha256).toMatch(/^[a-f0-9]{64}$/);
      expect(w.spec.imagePullPolicy).toBe('IfNotPresent');
      expect(w.spec.imagePullSecret).toBe('harbor-pull');
    }
    // The same, written out: repository paths are kept, the served name is not the repository name.
    expect(wasm('key-auth').spec.url).toBe('oci://harbor.example.com/higress/plugins/key-auth:2.0.0');
    expect(wasm('json-converter').spec.url).toBe('oci://harbor.example.com/higress/plugins/jsonrpc-converter:2.0.1');
    expect(wasm('my-filter').spec.url).toBe('oci://harbor.example.com/higress/team/my-filter:1.2.0');
    expect(wasm('hello-wasm').spec.url).toBe('oci://harbor.example.com/higress/plugins/hello-wasm:0.1.0');
  });

  it('flatten mode: the same placement rules, so URLs follow the pushed paths', () => {
    const o = generateDeployment(bundle, { registry: TARGET, mode: 'oci', targetMode: 'flatten' });
    const byName = new Map(o.plugins.map((p) => [p.name, p.url]));
    expect(byName.get('key-auth')).toBe('oci://harbor.example.com/higress/key-auth:2.0.0');
    expect(byName.get('my-filter')).toBe('oci://harbor.example.com/higress/my-filter:1.2.0');
    const env = o.env.find((w) => w.workload === 'console')?.env;
    expect(env).toContainEqual({ name: 'HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_NAMESPACE', value: 'higress' });
  });

  it('names and labels as the Console makes them; phase and priority from the catalog, the bundle, or the user', () => {
    // The 2.2.4 Console names key-auth by its spec version 1.0.0 (its tag is 2.0.0), and lists only
    // objects labelled resource-definer=higress.
    expect(wasm('key-auth').metadata).toEqual({
      name: 'key-auth-1.0.0',
      namespace: 'higress-system',
      labels: {
        'higress.io/resource-definer': 'higress',
        'higress.io/wasm-plugin-name': 'key-auth',
        'higress.io/wasm-plugin-version': '1.0.0',
        'higress.io/wasm-plugin-category': 'auth',
        'higress.io/wasm-plugin-built-in': 'true',
      },
      annotations: { 'higress.io/wasm-plugin-title': 'Key Auth', 'higress.io/wasm-plugin-description': 'Authenticates with API keys' },
    });
    expect(wasm('key-auth').spec).toMatchObject({ phase: 'AUTHN', priority: 310 }); // the Console's spec.yaml
    expect(wasm('ai-proxy').spec).toMatchObject({ phase: 'UNSPECIFIED_PHASE', priority: 100 }); // for a built-in, the Console's 100 beats the artifact's 150
    expect(wasm('ai-proxy').metadata.name).toBe('ai-proxy-2.0.1');
    expect(wasm('mcp-server').spec).toMatchObject({ phase: 'UNSPECIFIED_PHASE', priority: 999 });
    expect(wasm('my-filter').spec).toMatchObject({ phase: 'UNSPECIFIED_PHASE', priority: 0 }); // custom, nothing given
    expect(wasm('my-filter').metadata.labels).toMatchObject({ 'higress.io/wasm-plugin-built-in': 'false', 'higress.io/wasm-plugin-category': 'custom' });
    const chosen = generateDeployment(bundle, { registry: TARGET, mode: 'oci', pluginSettings: { 'my-filter': { phase: 'AUTHZ', priority: 500 }, 'key-auth': { priority: 1 } } });
    expect(chosen.plugins.find((p) => p.name === 'my-filter')).toMatchObject({ phase: 'AUTHZ', priority: 500 });
    expect(chosen.plugins.find((p) => p.name === 'key-auth')).toMatchObject({ phase: 'AUTHN', priority: 1 });
  });

  it('a spec.yaml category that is no valid label value falls back instead of failing the output', () => {
    const b = bundle224();
    const input = { ...b, plugins: b.plugins.map((p) => ({ ...p, category: 'Auth & Security' })) };
    const o = generateDeployment(input, { registry: TARGET, mode: 'oci' });
    const labels = (name: string) => (o.objects.find((x) => x.metadata?.name === name)?.metadata?.labels ?? {});
    expect(labels('key-auth-1.0.0')['higress.io/wasm-plugin-category']).toBe('auth'); // the Console's
    expect(labels('my-filter-1.2.0')['higress.io/wasm-plugin-category']).toBe('custom');
  });

  it('Higress 2.2.3: WasmPlugins are named with the Console version 1.0.0 but pull the 2.0.0 tag', () => {
    const o = generateDeployment(bundle223(), { registry: TARGET, mode: 'oci' });
    expect(o.plugins.find((p) => p.name === 'key-auth')).toMatchObject({ objectName: 'key-auth-1.0.0', version: '1.0.0', url: 'oci://harbor.example.com/higress/plugins/key-auth:2.0.0' });
    expect(o.warnings).toEqual([]);
  });

  it('the Console points its built-in plugins at the pushed copies, and its URL pattern is removed', () => {
    const consoleEnv = out.env.find((w) => w.workload === 'console');
    expect(consoleEnv?.env).toEqual([
      { name: 'HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_REGISTRY', value: 'harbor.example.com' },
      { name: 'HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_NAMESPACE', value: 'higress/plugins' },
      { name: 'HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_PULL_SECRET', value: 'harbor-pull' },
      { name: 'HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_PULL_POLICY', value: 'IfNotPresent' },
      { name: 'HIGRESS_ADMIN_WASM_PLUGIN_CUSTOM_IMAGE_URL_PATTERN', value: null },
    ]);
    // The Console rewrites its default oci://<official>/plugins/key-auth:2.0.0 to oci://<REGISTRY>/<NAMESPACE>/key-auth:2.0.0.
    const [registry, namespace] = (consoleEnv?.env ?? []).map((e) => e.value);
    for (const name of ['key-auth', 'ai-proxy', 'mcp-server']) {
      const tag = bundle.plugins.find((p) => p.name === name)?.version;
      expect(`oci://${registry}/${namespace}/${name}:${tag}`).toBe(wasm(name).spec.url);
    }
    expect(out.kubectlCommands[0]).toBe(
      'kubectl -n higress-system set env deployment/higress-console -c higress-console HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_REGISTRY=harbor.example.com HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_NAMESPACE=higress/plugins HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_PULL_SECRET=harbor-pull HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_PULL_POLICY=IfNotPresent HIGRESS_ADMIN_WASM_PLUGIN_CUSTOM_IMAGE_URL_PATTERN-',
    );
    const patch = parseDocs(out.files.find((f) => f.path === 'patches/higress-console.yaml')?.content ?? '')[0];
    expect(patch.spec.template.spec.containers[0].env).toContainEqual({ name: 'HIGRESS_ADMIN_WASM_PLUGIN_CUSTOM_IMAGE_URL_PATTERN', $patch: 'delete' });
  });

  it('MCP_SERVER_WASM_IMAGE_URL is the oci:// reference of the pushed mcp-server', () => {
    expect(out.env.find((w) => w.workload === 'controller')?.env).toEqual([{ name: 'MCP_SERVER_WASM_IMAGE_URL', value: 'oci://harbor.example.com/higress/plugins/mcp-server:2.0.1' }]);
  });

  it('plain HTTP, self-signed or private-CA registries get WASM_INSECURE_REGISTRIES on the gateway, others do not', () => {
    for (const flag of ['plainHttp', 'insecure', 'caFile'] as const) {
      const o = generateDeployment(bundle, { registry: '10.0.0.5:5000/higress', mode: 'oci', [flag]: true });
      const gateway = o.env.find((w) => w.workload === 'gateway');
      expect(gateway).toMatchObject({ deployment: 'higress-gateway', container: 'higress-gateway', env: [{ name: 'WASM_INSECURE_REGISTRIES', value: '10.0.0.5:5000' }] });
      expect(o.kubectlCommands).toContain('kubectl -n higress-system set env deployment/higress-gateway -c higress-gateway WASM_INSECURE_REGISTRIES=10.0.0.5:5000');
    }
    expect(out.env.some((w) => w.workload === 'gateway')).toBe(false);
  });

  it('a plain-HTTP registry on port 80 gets the oci://host:80 note in the README', () => {
    const o = generateDeployment(bundle, { registry: 'registry.local/higress', mode: 'oci', plainHttp: true });
    expect(o.files.find((f) => f.path === 'README.md')?.content).toContain('oci://registry.local:80/');
    const withPort = generateDeployment(bundle, { registry: 'registry.local:5000/higress', mode: 'oci', plainHttp: true });
    expect(withPort.files.find((f) => f.path === 'README.md')?.content).not.toContain(':80/');
  });

  it('Higress 2.2.0 has no registry/namespace variables: the Console gets an oci:// URL pattern of spec name and version', () => {
    const o = generateDeployment(bundle220(), { registry: TARGET, mode: 'oci' });
    expect(o.env.find((w) => w.workload === 'console')?.env).toEqual([
      { name: 'HIGRESS_ADMIN_WASM_PLUGIN_CUSTOM_IMAGE_URL_PATTERN', value: 'oci://harbor.example.com/higress/plugins/${name}:${version}' },
      { name: 'HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_PULL_POLICY', value: 'IfNotPresent' },
    ]);
    // Our own WasmPlugins name where the artifact itself is pushed; push adds the paths the pattern asks for.
    expect(o.plugins.find((p) => p.name === 'mcp-server')).toMatchObject({ objectName: 'mcp-server-1.0.0', url: 'oci://harbor.example.com/higress/mcp-server/all-in-one:2.0.0' });
    expect(o.warnings).toEqual([]);
  });

  it('a 2.2.3 bundle deployed for a 2.2.0 Console in OCI mode: the extra references push writes do not exist, and the output says so', () => {
    const o = generateDeployment(bundle223(), { registry: TARGET, mode: 'oci', release: '2.2.0' });
    expect(o.warnings.some((w) => w.includes('push adds those references only for a Higress 2.2.0 bundle, and this one is 2.2.3'))).toBe(true);
    expect(generateDeployment(bundle220(), { registry: TARGET, mode: 'oci' }).warnings).toEqual([]);
  });

  it('mcp-server with a pull secret: the controller-created WasmPlugin cannot use it, and the output says so', () => {
    expect(out.warnings.some((w) => w.includes('mcp-server') && w.includes('no image pull secret'))).toBe(true);
  });

  it('flatten with no project leaves the Console unconfigured, with a reason', () => {
    const o = generateDeployment(bundle, { registry: 'harbor.example.com', mode: 'oci', targetMode: 'flatten' });
    expect(o.env.some((w) => w.workload === 'console')).toBe(false);
    expect(o.warnings.some((w) => w.includes('registry root'))).toBe(true);
  });
});
