import { describe, expect, it } from 'vitest';
import { defaultChartRepository, partsReleases, releaseCharts, releaseImages, releaseParts } from '../../shared/catalog/release-parts';
import { chartSourceImages, getValue, privateChartValues, renderChartImages } from '../../shared/release/chart-images';
import { parseTarget, retagString } from '../../shared/oci/retag';

const OFFICIAL = 'higress-registry.cn-hangzhou.cr.aliyuncs.com';

describe('release parts accessor', () => {
  it('groups the images of a release; core covers gateway, controller, pilot, console and plugin-server', () => {
    expect(partsReleases()).toEqual(['2.1.9', '2.2.0', '2.2.1', '2.2.2', '2.2.3', '2.2.4']);
    const core = releaseImages('2.2.4', ['core']);
    expect([...new Set(core.map((i) => i.component))].sort()).toEqual(['console', 'controller', 'gateway', 'pilot', 'plugin-server']);
    expect(core.find((i) => i.component === 'gateway')).toMatchObject({ ref: `${OFFICIAL}/higress/gateway:2.2.4`, digest: 'sha256:3dbd609df5db3fca61653eafe0e2310705e485190c4f8cd02d9aab8f07dcf329' });
    expect(releaseImages('2.2.4', ['all-in-one']).map((i) => i.ref)).toEqual([`${OFFICIAL}/higress/all-in-one:2.2.4`]);
    expect(releaseImages('2.2.4', ['redis'])[0]).toMatchObject({ enabledBy: 'global.enableRedis', ref: `${OFFICIAL}/higress/redis-stack-server:7.4.0-v3` });
    expect(releaseCharts('2.2.4').map((c) => c.name)).toEqual(['higress', 'higress-console', 'higress-core']);
    expect(defaultChartRepository('2.2.4')).toBe('https://higress.io/helm-charts/');
    expect(() => releaseParts('9.9.9')).toThrow(expect.objectContaining({ code: 'RELEASE_UNKNOWN' }));
  });
});

describe('chart images from the image keys', () => {
  it.each(partsReleases())('%s: with default values the keys render exactly the images the data says the chart deploys', (release) => {
    const parts = releaseParts(release);
    const rendered = chartSourceImages(parts).map((i) => i.ref).sort();
    const fromData = parts.images.filter((i) => i.usedBy.includes('helm-chart-default')).map((i) => i.ref).sort();
    expect(rendered).toEqual(fromData);
    const optional = chartSourceImages(parts, { observability: true, redis: true }).slice(rendered.length).map((i) => i.ref).sort();
    expect(optional).toEqual(parts.images.filter((i) => i.group === 'observability' || i.group === 'redis').map((i) => i.ref).sort());
  });

  it.each(partsReleases())('%s: private values make every rendered image the private copy push makes, pinned, with each workload\'s pull secret', (release) => {
    const parts = releaseParts(release);
    const target = parseTarget('harbor.example.com:8443/infra/higress');
    const sources = chartSourceImages(parts, { observability: true, redis: true });
    const digests = new Map(sources.map((s, n) => [s.ref, `sha256:${String(n).padStart(64, '0')}`]));
    const { values, notices } = privateChartValues(parts, target, { observability: true, redis: true, pullSecret: 'regcred', digests });
    expect(notices.map((n) => n.code)).toEqual(['CHART_IMAGE_NO_PULL_SECRET', 'CHART_IMAGE_NO_PULL_SECRET', 'CHART_IMAGE_NO_PULL_SECRET']);
    const rendered = renderChartImages(parts, values, { observability: true, redis: true });
    expect(rendered.map((r) => r.component)).toEqual(sources.map((s) => s.component));
    rendered.forEach((r, n) => {
      const source = sources[n]?.ref as string;
      expect(r.ref, r.component).toBe(`${retagString(source, target)}@${digests.get(source)}`);
      if (r.imagePullSecrets) expect(getValue(values, r.imagePullSecrets), r.component).toEqual([{ name: 'regcred' }]);
    });
    // every key the values set is one of the chart's image keys (or a pull-secret key)
    const keys = new Set([...parts.helm.imageKeys.flatMap((k) => [k.hub[0], k.image.key, k.tag.key, k.imagePullSecrets]), ...parts.images.flatMap((i) => (i.keys ? [i.keys.hub?.[0], i.keys.image.key, i.keys.tag.key, i.keys.imagePullSecrets] : []))]);
    const leaves = (v: unknown, prefix: string): string[] => (v && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v).flatMap(([k, x]) => leaves(x, prefix ? `${prefix}.${k}` : k)) : [prefix]);
    for (const leaf of leaves(values, '')) expect(keys.has(leaf), leaf).toBe(true);
  });

  it('a flattened push the template cannot name is left at its default, with a notice', () => {
    const parts = releaseParts('2.2.4');
    const { images, notices } = privateChartValues(parts, parseTarget('harbor.example.com/airgap', 'flatten'));
    expect(notices.map((n) => n.details.component).sort()).toEqual(['controller', 'gateway', 'pilot', 'plugin-server']);
    expect(notices[0]?.code).toBe('CHART_CANNOT_NAME_IMAGE');
    expect(images.map((i) => i.ref)).toEqual(['harbor.example.com/airgap/console:2.2.4']);
    // flattened under a project called higress, the path the template adds is there again
    const ok = privateChartValues(parts, parseTarget('harbor.example.com/higress', 'flatten'));
    expect(ok.notices).toEqual([]);
    expect(renderChartImages(parts, ok.values).map((r) => r.ref)).toContain('harbor.example.com/higress/gateway:2.2.4');
  });
});
