import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { expandUrlPattern, generateDeployment, wasmPluginProblems, type DeployInput } from '../../shared/deploy';
import { imageTargetReference } from '../../shared/model/placement';
import { formatReference } from '../../shared/oci/reference';
import { parseTarget } from '../../shared/oci/retag';
import { bundle223, bundle224, crdValidator, parseDocs, servedPaths, PLUGIN_SERVER_DIGEST } from './fixtures';

const TARGET = 'harbor.example.com:8443/higress';
const PATTERN_ENV = 'HIGRESS_ADMIN_WASM_PLUGIN_CUSTOM_IMAGE_URL_PATTERN';

describe('deployment output, HTTP mode (Plugin Server)', () => {
  const bundle = bundle224();
  const out = generateDeployment(bundle, { registry: TARGET, mode: 'http', pullSecret: 'harbor-pull' });
  const docs = parseDocs(out.combined);
  const one = (kind: string) => {
    const found = docs.filter((d) => d.kind === kind);
    expect(found).toHaveLength(1);
    return found[0];
  };

  it('a BundleManifest is a valid generator input', () => {
    const input: DeployInput = bundle;
    expect(input.plugins).toHaveLength(6);
  });

  it('every object is valid: Deployment, Service and Secret by kubernetes-models, WasmPlugins by the CRD', () => {
    const crd = crdValidator();
    expect(docs.map((d) => d.kind)).toEqual(['Secret', 'Deployment', 'Service', ...bundle.plugins.map(() => 'WasmPlugin')]);
    for (const d of docs) {
      if (d.kind === 'Deployment') expect(() => new Deployment(d).validate()).not.toThrow();
      if (d.kind === 'Service') expect(() => new Service(d).validate()).not.toThrow();
      if (d.kind === 'Secret') expect(() => new Secret(d).validate()).not.toThrow();
      if (d.kind === 'WasmPlugin') {
        expect(crd(d), JSON.stringify(crd.errors)).toBe(true);
        expect(wasmPluginProblems(d)).toEqual([]);
      }
    }
  });

  it('the Deployment follows the chart: name, namespace, replicas, labels, port 8080, default resources, anti-affinity, pull secret', () => {
    const d = one('Deployment');
    expect(d.metadata).toMatchObject({ name: 'higress-plugin-server', namespace: 'higress-system' });
    expect(d.spec.replicas).toBe(2);
    const labels = { app: 'higress-plugin-server', higress: 'higress-plugin-server' };
    expect(d.spec.selector.matchLabels).toEqual(labels);
    expect(d.spec.template.metadata.labels).toEqual(labels);
    const pod = d.spec.template.spec;
    expect(pod.imagePullSecrets).toEqual([{ name: 'harbor-pull' }]);
    const term = pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0];
    expect(term.podAffinityTerm).toEqual({ labelSelector: { matchLabels: labels }, topologyKey: 'kubernetes.io/hostname' });
    expect(pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toBeUndefined();
    const c = pod.containers[0];
    // The chart names its container {{ .Chart.Name }} of higress-core: a kubectl apply over a Helm
    // install then patches that container instead of adding a second one on port 8080.
    expect(c.name).toBe('higress-core');
    expect(pod.containers).toHaveLength(1);
    expect(c.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(c.resources).toEqual({ requests: { cpu: '200m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(c.imagePullPolicy).toBe('IfNotPresent');
  });

  it('probes ask the container port for a path the Plugin Server serves', () => {
    const c = one('Deployment').spec.template.spec.containers[0];
    for (const probe of [c.readinessProbe, c.livenessProbe]) {
      expect(probe.httpGet.port).toBe('http');
      expect(probe.httpGet.path).toBe('/plugins/');
    }
  });

  it('the image is exactly the reference the push step produces for the same target', () => {
    const image = one('Deployment').spec.template.spec.containers[0].image;
    const pushed = formatReference(imageTargetReference(bundle.images[0] as { source: string }, parseTarget(TARGET)));
    expect(image).toBe(pushed);
    expect(image).toBe('harbor.example.com:8443/higress/higress/plugin-server:2.2.4');
    expect(out.pluginServerImage).toBe(image);
  });

  it('--pin-digest names the image by its tag and the bundled digest', () => {
    const pinned = generateDeployment(bundle, { registry: TARGET, mode: 'http', pinDigest: true });
    const image = parseDocs(pinned.combined).find((d) => d.kind === 'Deployment').spec.template.spec.containers[0].image;
    expect(image).toBe(`harbor.example.com:8443/higress/higress/plugin-server:2.2.4@${PLUGIN_SERVER_DIGEST}`);
  });

  it('the Service publishes port 80 to 8080 for the pods, as a ClusterIP', () => {
    const s = one('Service');
    expect(s.metadata).toMatchObject({ name: 'higress-plugin-server', namespace: 'higress-system' });
    expect(s.spec.type).toBe('ClusterIP');
    expect(s.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }]);
    expect(s.spec.selector).toEqual(one('Deployment').spec.template.metadata.labels);
  });

  it('the Console URL pattern: env value, a kubectl set env line that keeps ${name} literal, and a patch', () => {
    const pattern = 'http://higress-plugin-server.higress-system.svc/plugins/${name}/${version}/plugin.wasm';
    const consoleEnv = out.env.find((w) => w.workload === 'console');
    expect(consoleEnv).toMatchObject({ deployment: 'higress-console', container: 'higress-console', env: [{ name: PATTERN_ENV, value: pattern }] });
    expect(out.kubectlCommands).toContain(`kubectl -n higress-system set env deployment/higress-console -c higress-console '${PATTERN_ENV}=${pattern}'`);
    const patch = parseDocs(out.files.find((f) => f.path === 'patches/higress-console.yaml')?.content ?? '')[0];
    expect(patch.spec.template.spec.containers).toEqual([{ name: 'higress-console', env: [{ name: PATTERN_ENV, value: pattern }] }]);
  });

  it('mcp-server in the bundle sets MCP_SERVER_WASM_IMAGE_URL on the controller to a served path', () => {
    const controller = out.env.find((w) => w.workload === 'controller');
    const url = 'http://higress-plugin-server.higress-system.svc/plugins/mcp-server/2.0.1/plugin.wasm';
    expect(controller).toMatchObject({ deployment: 'higress-controller', container: 'higress-core', env: [{ name: 'MCP_SERVER_WASM_IMAGE_URL', value: url }] });
    expect(servedPaths(bundle).has(new URL(url).pathname)).toBe(true);
    const withoutMcp = generateDeployment(bundle, { registry: TARGET, mode: 'http', plugins: ['key-auth'] });
    expect(withoutMcp.env.map((w) => w.workload)).toEqual(['console']);
  });

  it('WasmPlugins fetch from the Plugin Server and check the SHA-256 of the wasm bytes', () => {
    for (const p of bundle.plugins) {
      const w = docs.find((d) => d.kind === 'WasmPlugin' && d.metadata.labels['higress.io/wasm-plugin-name'] === p.name);
      // The version the 2.2.4 Console asks for: key-auth's spec version is 1.0.0 (tag 2.0.0).
      const asked = p.name === 'key-auth' ? '1.0.0' : p.version;
      expect(w.spec.url).toBe(`http://higress-plugin-server.higress-system.svc/plugins/${p.name}/${asked}/plugin.wasm`);
      expect(servedPaths(bundle).has(new URL(w.spec.url).pathname)).toBe(true);
      expect(w.spec.sha256).toBe(p.wasm.sha256);
      expect(w.spec.sha256).not.toBe(p.digest.slice('sha256:'.length));
      // Registered switched off: applying it must not act on traffic before it is configured.
      expect(w.spec.defaultConfigDisable).toBe(true);
      // Pull policy and secret are OCI-only settings.
      expect(w.spec.imagePullPolicy).toBeUndefined();
      expect(w.spec.imagePullSecret).toBeUndefined();
    }
  });

  it('an insecure registry needs no gateway setting in HTTP mode, but the nodes must trust it', () => {
    const o = generateDeployment(bundle, { registry: '10.0.0.5:5000/higress', mode: 'http', plainHttp: true });
    expect(o.env.map((w) => w.workload)).toEqual(['console', 'controller']);
    expect(o.warnings.some((w) => w.includes("container runtime pulls the Plugin Server image from 10.0.0.5:5000"))).toBe(true);
  });

  it('the custom Plugin Server image push built can be deployed instead: named as given, no warning about what the official image lacks', () => {
    const custom = 'harbor.example.com:8443/higress/higress/plugin-server:2.2.4-custom';
    const o = generateDeployment(bundle, { registry: TARGET, mode: 'http', pluginServerImage: custom, pinDigest: true });
    const d = parseDocs(o.combined).find((x) => x.kind === 'Deployment');
    expect(d.spec.template.spec.containers[0].image).toBe(custom);
    expect(o.pluginServerImage).toBe(custom);
    expect(o.warnings.some((w) => w.includes('not in the official Plugin Server image') || w.includes('does not serve'))).toBe(false);
    // The official 2.2.4 image does not serve key-auth 1.0.0 where the Console asks: said without it.
    expect(out.warnings.some((w) => w.includes('The official Higress 2.2.4 Plugin Server image does not serve key-auth'))).toBe(true);
    expect(() => generateDeployment(bundle, { registry: TARGET, mode: 'http', pluginServerImage: 'elsewhere.example.com/x/plugin-server:1' })).toThrow(/not on the target registry harbor.example.com:8443/);
  });

  it('custom plugins are flagged: the official Plugin Server image does not serve them', () => {
    expect(out.warnings.some((w) => w.includes('Not in the official Plugin Server image: my-filter, hello-wasm.') && w.includes('custom Plugin Server image'))).toBe(true);
  });

  it('Higress 2.2.3: the Console asks for 1.0.0, and that URL is a served path of the bundle', () => {
    const b = bundle223();
    const o = generateDeployment(b, { registry: TARGET, mode: 'http' });
    const pattern = o.env.find((w) => w.workload === 'console')?.env[0]?.value as string;
    const service = parseDocs(o.combined).find((d) => d.kind === 'Service');
    for (const p of b.plugins) {
      // What the Console does: spec.yaml info.version is 1.0.0 for every built-in plugin up to 2.2.3.
      const url = new URL(expandUrlPattern(pattern, p.name, '1.0.0'));
      expect(url.hostname).toBe(`${service.metadata.name}.${service.metadata.namespace}.svc`);
      expect(url.port).toBe(''); // port 80, the Service port
      expect(servedPaths(b).has(url.pathname)).toBe(true);
    }
    const keyAuth = parseDocs(o.combined).find((d) => d.metadata.name === 'key-auth-1.0.0');
    expect(keyAuth.metadata.labels['higress.io/wasm-plugin-version']).toBe('1.0.0');
    expect(keyAuth.spec.url).toBe('http://higress-plugin-server.higress-system.svc/plugins/key-auth/1.0.0/plugin.wasm');
    expect(o.warnings.filter((w) => w.includes('asks for'))).toEqual([]);
  });

  it('a bundle without the 1.0.0 alias is flagged for a 2.2.3 Console', () => {
    const b = bundle223();
    const noAlias = { ...b, plugins: b.plugins.map((p) => ({ ...p, servedVersions: ['2.0.0'] })) };
    const o = generateDeployment(noAlias, { registry: TARGET, mode: 'http' });
    expect(o.warnings).toContain('console v2.2.3 asks for key-auth 1.0.0, which the bundle does not serve (it serves 2.0.0).');
    expect(o.plugins.find((p) => p.name === 'key-auth')?.url).toBe('http://higress-plugin-server.higress-system.svc/plugins/key-auth/2.0.0/plugin.wasm');
  });

  it('--release overrides the bundle: a 2.2.3 bundle for a 2.2.4 Console', () => {
    const o = generateDeployment(bundle223(), { registry: TARGET, mode: 'http', release: '2.2.4' });
    expect(o.release).toBe('2.2.4');
    // Both 2.2.4 Console builds still ask for key-auth 1.0.0 (spec.yaml), which the 2.2.3 bundle serves.
    expect(o.plugins.find((p) => p.name === 'key-auth')).toMatchObject({ objectName: 'key-auth-1.0.0', url: 'http://higress-plugin-server.higress-system.svc/plugins/key-auth/1.0.0/plugin.wasm' });
    expect(o.warnings.some((w) => w.includes('has 2 Console builds'))).toBe(true);
  });

  it('a plugin one Console build does not know is named as custom, with a warning', () => {
    const b = bundle224();
    const extra = { ...b, plugins: [...b.plugins, { ...b.plugins[0]!, name: 'mcp-router', version: '2.0.1', servedVersions: ['2.0.1'], source: 'higress-registry.cn-hangzhou.cr.aliyuncs.com/plugins/mcp-router:2.0.1' }] };
    const image = generateDeployment(extra, { registry: TARGET, mode: 'http' });
    const tag = generateDeployment(extra, { registry: TARGET, mode: 'http', consoleBuild: 'console-v2.2.4' });
    const label = (o: typeof image) => parseDocs(o.combined).find((d) => d.metadata?.name === 'mcp-router-2.0.1')?.metadata.labels['higress.io/wasm-plugin-built-in'];
    expect(label(image)).toBe('true');
    expect(label(tag)).toBe('false');
    expect(tag.warnings.some((w) => w.startsWith('mcp-router is not a built-in plugin of console v2.2.4'))).toBe(true);
    expect(() => generateDeployment(extra, { registry: TARGET, mode: 'http', consoleBuild: 'nope' })).toThrow(/Unknown Console build "nope"/);
  });

  it('namespace, replicas and resources flow into every object and URL', () => {
    const o = generateDeployment(bundle, {
      registry: TARGET,
      mode: 'http',
      namespace: 'gateway',
      replicas: 3,
      pullSecret: 'p',
      resources: { requests: { cpu: '100m' }, limits: { memory: '1Gi' } },
    });
    const all = parseDocs(o.combined);
    expect(new Set(all.map((d) => d.metadata.namespace))).toEqual(new Set(['gateway']));
    const d = all.find((x) => x.kind === 'Deployment');
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '1Gi' } });
    expect(o.env[0]?.env[0]?.value).toBe('http://higress-plugin-server.gateway.svc/plugins/${name}/${version}/plugin.wasm');
    for (const w of all.filter((x) => x.kind === 'WasmPlugin')) expect(new URL(w.spec.url).hostname).toBe('higress-plugin-server.gateway.svc');
  });

  it('one multi-document file, and a folder whose manifests are the same objects in apply order', () => {
    const paths = out.files.map((f) => f.path);
    expect(paths).toEqual([
      'all.yaml',
      'manifests/00-pull-secret.yaml',
      'manifests/10-plugin-server.yaml',
      'manifests/20-wasm-plugins.yaml',
      'patches/higress-console.yaml',
      'patches/higress-controller.yaml',
      'kubectl-set-env.sh',
      'helm/values.yaml',
      'helm/upgrade.sh',
      'README.md',
    ]);
    expect(out.files.find((f) => f.path === 'all.yaml')?.content).toBe(out.combined);
    const fromManifests = out.files.filter((f) => f.path.startsWith('manifests/')).flatMap((f) => parseDocs(f.content));
    expect(fromManifests).toEqual(docs);
    expect(docs).toEqual(JSON.parse(JSON.stringify(out.objects)));
  });

  it('the README gives the apply order: Secret, Plugin Server, settings, WasmPlugins', () => {
    const readme = out.files.find((f) => f.path === 'README.md')?.content ?? '';
    const order = ['kubectl apply -f manifests/00-pull-secret.yaml', 'kubectl apply -f manifests/10-plugin-server.yaml', 'rollout status deployment/higress-plugin-server', 'sh kubectl-set-env.sh', 'kubectl apply -f manifests/20-wasm-plugins.yaml'];
    const positions = order.map((s) => readme.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(readme).toContain('helm upgrade higress higress.io/higress -n higress-system --version 2.2.4 --reuse-values -f helm/values.yaml');
  });

  it('objects keep the natural key order and are written for YAML 1.1 readers', () => {
    for (const d of docs) expect(Object.keys(d).slice(0, 3)).toEqual(['apiVersion', 'kind', 'metadata']);
    expect(Object.keys(one('Deployment'))).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    // "true" must stay a string for Go's YAML parser (a bare true would be a bool label value).
    expect(out.combined).toContain('higress.io/wasm-plugin-built-in: "true"');
  });

  it('leaving out WasmPlugins keeps the rest', () => {
    const o = generateDeployment(bundle, { registry: TARGET, mode: 'http', wasmPlugins: false });
    expect(parseDocs(o.combined).map((d) => d.kind)).toEqual(['Deployment', 'Service']);
    expect(o.files.some((f) => f.path === 'manifests/20-wasm-plugins.yaml')).toBe(false);
    expect(o.plugins).toHaveLength(bundle.plugins.length);
  });

  it('a plan without digests or wasm hashes still previews, with the gaps named', () => {
    const plan: DeployInput = {
      higressRelease: '2.2.4',
      images: [{ role: 'plugin-server', source: 'higress-registry.cn-hangzhou.cr.aliyuncs.com/higress/plugin-server:2.2.4' }],
      plugins: [{ name: 'key-auth', version: '2.0.0', servedVersions: ['2.0.0'], origin: 'catalog', source: 'higress-registry.cn-hangzhou.cr.aliyuncs.com/plugins/key-auth:2.0.0' }],
    };
    const o = generateDeployment(plan, { registry: TARGET, mode: 'http', pinDigest: true });
    const w = parseDocs(o.combined).find((d) => d.kind === 'WasmPlugin');
    expect(w.spec.sha256).toBeUndefined();
    expect(o.warnings).toContain('No checksum known for key-auth (not bundled yet): their WasmPlugins have no sha256.');
    expect(o.pluginServerImage).toBe('harbor.example.com:8443/higress/higress/plugin-server:2.2.4');
  });
});
