import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { releaseParts } from '../../shared/catalog/release-parts';
import { FILES, generateDeployment, generateForTarget, isDeployPath, TARGET_FILES, type DeployImage, type DeployInput } from '../../shared/deploy';
import { pushedReferences, unresolvedChartImages } from '../../shared/deploy/targets/helm-release';
import { renderChartImages } from '../../shared/release/chart-images';
import { parseTarget } from '../../shared/oci/retag';
import { noticeLine } from '../../shared/deploy/notes';
import { renderNotice } from '../../shared/messages/catalog';
import { bundle220, bundle223, bundle224, hex } from './fixtures';

/**
 * yaml --target on bundle.json-shaped inputs (the pure entry point the CLI and the Deploy screen
 * share): helm with and without the release's images and charts, compose, docker.
 */
const REGISTRY = 'harbor.local:5000/airgap';
const MIRROR = 'mirror.example.com:5000';

/** The release's core images as `bundle --with-higress --source <mirror>` lists them (another host, same repositories). */
function releaseImages(release: string, groups: readonly string[], host = MIRROR): DeployImage[] {
  return releaseParts(release)
    .images.filter((i) => groups.includes(i.group) && i.component !== 'plugin-server')
    .map((i) => ({ role: 'extra' as const, source: `${host}/${i.repository}:${i.tag}`, digest: `sha256:${hex(`image:${i.component}:${i.tag}`)}` }));
}

function withRelease(groups: readonly string[] = ['core'], charts = true): DeployInput {
  const b = bundle224();
  return {
    ...b,
    images: [...b.images, ...releaseImages('2.2.4', groups)],
    ...(charts ? { charts: [{ name: 'higress', version: '2.2.4', path: 'charts/higress-2.2.4.tgz', digest: `sha256:${hex('chart')}` }] } : {}),
  };
}

/** Every string in the values that names a registry host (an image, a hub). */
function hostStrings(values: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      if (/^[a-z0-9.-]+\.[a-z]{2,}(:\d+)?\/|^[a-z0-9.-]+:\d+\//i.test(v)) out.push(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(values);
  return out;
}

describe('helm target with the release (bundle --with-higress)', () => {
  const input = withRelease();
  const out = generateForTarget(input, { registry: REGISTRY, mode: 'http', pullSecret: 'harbor-pull', target: 'helm' });
  const values = parse(out.files.find((f) => f.path === FILES.helmValues)?.content as string) as Record<string, any>;

  it('values name only private references: every image and hub is on the private registry, the console included', () => {
    const named = hostStrings(values);
    expect(named.length).toBeGreaterThanOrEqual(5);
    for (const s of named) expect(s.startsWith('harbor.local:5000/airgap'), s).toBe(true);
    expect(values.global.hub).toBe('harbor.local:5000/airgap');
    expect(values.global.enablePluginServer).toBe(true);
    expect(values['higress-console'].image.repository).toBe('harbor.local:5000/airgap/higress/console');
    // The Console's plugin URL pattern points at the in-cluster Plugin Server.
    expect(values['higress-console'].pluginServer.urlPattern).toMatch(/^http:\/\/higress-plugin-server\.higress-system\.svc\//);
    for (const key of ['gateway', 'controller', 'pluginServer']) expect(values['higress-core'][key].imagePullSecrets, key).toEqual([{ name: 'harbor-pull' }]);
    expect(values['higress-console'].imagePullSecrets).toEqual([{ name: 'harbor-pull' }]);
  });

  it('every image the chart renders with these values is where push puts a bundled image (by tag and digest)', () => {
    const parts = releaseParts('2.2.4');
    const pushed = pushedReferences(input.images, parseTarget(REGISTRY));
    const rendered = renderChartImages(parts, values);
    expect(rendered.map((r) => r.component).sort()).toEqual(['console', 'controller', 'gateway', 'pilot', 'plugin-server']);
    expect(unresolvedChartImages(parts, values, {}, pushed)).toEqual([]);
    for (const r of rendered) expect(pushed.has(r.ref), r.ref).toBe(true);
    // Pinned: the gateway by the bundled digest.
    const gw = input.images.find((i) => i.source.includes('/higress/gateway:'));
    expect(rendered.find((r) => r.component === 'gateway')?.ref).toBe(`harbor.local:5000/airgap/higress/gateway:2.2.4@${gw?.digest}`);
    expect(out.notices.filter((n) => n.code.startsWith('TARGET_'))).toEqual([]);
  });

  it('installs from the bundled chart copied into the folder: no repository, no internet', () => {
    expect(out.copies).toEqual([{ from: 'charts/higress-2.2.4.tgz', path: 'charts/higress-2.2.4.tgz', description: expect.any(String) }]);
    const install = out.files.find((f) => f.path === TARGET_FILES.helmInstall);
    expect(install?.mode).toBe(0o755);
    expect(install?.content).toContain('CHART=charts/higress-2.2.4.tgz\n');
    expect(install?.content).toContain('helm upgrade --install higress "$CHART" -n higress-system --create-namespace -f helm/values.yaml');
    expect(install?.content).not.toMatch(/repo add|https?:\/\//);
    expect(out.files.find((f) => f.path === FILES.helmUpgrade)?.content).toContain('helm upgrade higress charts/higress-2.2.4.tgz -n higress-system');
    expect(out.files.find((f) => f.path === FILES.readme)?.content).toContain('## Install Higress 2.2.4 itself (Helm, offline)');
    for (const p of [...out.files, ...out.copies].map((f) => f.path)) expect(isDeployPath(p), p).toBe(true);
  });

  it('observability and redis images in the bundle are pointed at their private copies too, and resolve', () => {
    const b = withRelease(['core', 'observability', 'redis']);
    const o = generateForTarget(b, { registry: REGISTRY, mode: 'http', pullSecret: 'harbor-pull', target: 'helm' });
    const v = parse(o.files.find((f) => f.path === FILES.helmValues)?.content as string) as Record<string, any>;
    const parts = releaseParts('2.2.4');
    const options = { observability: true, redis: true };
    const rendered = renderChartImages(parts, v, options);
    expect(rendered.map((r) => r.component)).toEqual(expect.arrayContaining(['grafana', 'prometheus', 'loki', 'promtail', 'redis']));
    expect(unresolvedChartImages(parts, v, options, pushedReferences(b.images, parseTarget(REGISTRY)))).toEqual([]);
    for (const s of hostStrings(v)) expect(s.startsWith('harbor.local:5000/airgap'), s).toBe(true);
  });

  it('without the chart in the bundle the script asks for it and names where to fetch it', () => {
    const o = generateForTarget(withRelease(['core'], false), { registry: REGISTRY, mode: 'http', target: 'helm' });
    expect(o.copies).toEqual([]);
    expect(o.files.find((f) => f.path === TARGET_FILES.helmInstall)?.content).toContain('${HIGRESS_CHART:?');
    expect(o.notices.find((n) => n.code === 'TARGET_CHART_NOT_IN_BUNDLE')?.details).toEqual({ chart: 'higress-2.2.4.tgz', url: 'https://higress.io/helm-charts/higress-2.2.4.tgz' });
  });

  it('an image of the release the bundle lacks is named (it would not pull)', () => {
    const b = withRelease();
    const o = generateForTarget({ ...b, images: b.images.filter((i) => !i.source.includes('/higress/pilot:')) }, { registry: REGISTRY, mode: 'oci', target: 'helm' });
    expect(o.notices.filter((n) => n.code === 'TARGET_CHART_IMAGE_NOT_IN_BUNDLE').map((n) => n.details.component)).toEqual(['pilot']);
  });

  it('a bundle without the release keeps the plugin-only output exactly as before', () => {
    const b = bundle224();
    const o = generateForTarget(b, { registry: REGISTRY, mode: 'http', target: 'helm' });
    expect(o.files).toEqual(generateDeployment(b, { registry: REGISTRY, mode: 'http' }).files);
    expect(o.copies).toEqual([]);
  });

  it('the helm target needs a delivery mode; an unknown target is refused by code', () => {
    expect(() => generateForTarget(bundle224(), { registry: REGISTRY, target: 'helm' })).toThrow(expect.objectContaining({ code: 'DEPLOY_MODE_REQUIRED' }));
    expect(() => generateForTarget(bundle224(), { registry: REGISTRY, target: 'k8s' as 'helm' })).toThrow(expect.objectContaining({ code: 'DEPLOY_TARGET_INVALID' }));
  });
});

describe('compose and docker targets through the same entry point', () => {
  it('compose: the override files and a README with the steps; images found although bundled from a mirror', () => {
    const o = generateForTarget(withRelease(['core', 'compose']), { registry: REGISTRY, target: 'compose' });
    expect(o.files.map((f) => f.path)).toEqual([TARGET_FILES.composeEnv, TARGET_FILES.composeOverride, FILES.readme]);
    expect(o.images.filter((i) => i.bundled).length).toBeGreaterThanOrEqual(5);
    for (const i of o.images.filter((x) => x.bundled)) expect(i.ref.startsWith('harbor.local:5000/airgap/') || i.ref === o.images.find((x) => x.source === i.source)?.ref).toBe(true);
    expect(o.files.find((f) => f.path === FILES.readme)?.content).toContain('cat .env.airgap >> .env');
    // bundle224 has two custom plugins (oci, wasm-file): compose asks for the custom Plugin Server image.
    expect(o.notices.map((n) => n.code)).toContain('TARGET_CUSTOM_PLUGINS_NEED_IMAGE');
  });

  it("docker: the all-in-one script, and the custom plugins' modules copied out of the bundle's plugin tree", () => {
    const o = generateForTarget(withRelease(['all-in-one']), { registry: REGISTRY, target: 'docker' });
    expect(o.files.map((f) => f.path)).toEqual([TARGET_FILES.dockerScript, FILES.readme]);
    // key-auth: a built-in the release's official Plugin Server image does not serve (catalog data), so it is mounted too.
    expect(o.copies.map((c) => [c.from, c.path])).toEqual([
      ['plugins/key-auth/1.0.0/plugin.wasm', 'docker/plugins/key-auth/1.0.0/plugin.wasm'],
      ['plugins/key-auth/1.0.0/plugin.wasm', 'docker/plugins/key-auth/2.0.0/plugin.wasm'],
      ['plugins/my-filter/1.2.0/plugin.wasm', 'docker/plugins/my-filter/1.2.0/plugin.wasm'],
      ['plugins/hello-wasm/0.1.0/plugin.wasm', 'docker/plugins/hello-wasm/0.1.0/plugin.wasm'],
    ]);
    expect(o.images).toEqual([{ source: expect.stringContaining('/higress/all-in-one:'), ref: expect.stringMatching(/^harbor\.local:5000\/airgap\/higress\/all-in-one:2\.2\.4@sha256:/), bundled: true }]);
    for (const p of [...o.files, ...o.copies].map((f) => f.path)) expect(isDeployPath(p), p).toBe(true);
  });

  it('the writer accepts only what a target can produce', () => {
    for (const p of ['docker/plugins/../x/plugin.wasm', 'charts/../../x.tgz', 'docker/plugins/a/b/other.bin', 'compose/.env', '/etc/passwd']) expect(isDeployPath(p), p).toBe(false);
  });
});

describe('every deploy warning is coded', () => {
  it('each warning has its notice (same order), with a code of the catalog that renders in Chinese with every parameter filled', () => {
    const cases = [
      generateDeployment(bundle224(), { registry: '10.0.0.5:5000/higress', mode: 'http', plainHttp: true, credentials: { username: 'u', password: 'p' } }),
      generateDeployment(bundle223(), { registry: 'harbor.example.com', targetMode: 'flatten', mode: 'oci', pullSecret: 'pull' }),
      generateDeployment(bundle220(), { registry: 'harbor.example.com/infra', targetMode: 'flatten', mode: 'http', release: '2.2.3' }),
      generateDeployment({ ...bundle224(), higressRelease: undefined }, { registry: 'harbor.example.com/higress', mode: 'http', pinDigest: true }),
    ];
    const codes = new Set<string>();
    for (const o of cases) {
      // The English warnings are the notices, each with what to do (one list, two views).
      expect(o.warnings).toEqual(o.notices.map((n) => noticeLine(n)));
      for (const n of o.notices) {
        codes.add(n.code);
        const zh = renderNotice(n, 'zh-CN', 'cli').message;
        // No placeholder left (a parameter's own value may hold braces, e.g. the chart template `{hub}/{image}`).
        const withoutValues = Object.values(n.details).reduce<string>((t, v) => t.split(String(v)).join(''), zh);
        expect(withoutValues, n.code).not.toMatch(/\{[a-zA-Z]+\}/);
        expect(zh, n.code).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    expect(codes.size).toBeGreaterThanOrEqual(5);
  });
});
