import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { releaseImages } from '../../shared/catalog/release-parts';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zh-CN';
import { startRegistry, type TestRegistry } from '../env/registry';
import { runOk } from '../env/tools';
import { hex, pushCoreImages, ReleaseHelmRepo } from '../release/bundle-fixtures';
import { useAppSession } from './app-session';
import { languageProblems, readableText, screenshot, type Lang } from './helpers';

// The Build screen's “Higress itself” section through the real `higress-airgap ui`, in both
// languages: the release's images with their sizes from the estimate, the optional groups, the
// chart repository field and its check, and (English) a build whose bundle carries the images and charts.
const RELEASE = '2.2.3';
let source: TestRegistry;
const helm = new ReleaseHelmRepo();

const app = useAppSession('e2e-release-build', {
  prepare: async ({ dir, stopAtEnd }) => {
    source = stopAtEnd(await startRegistry('plain'));
    await pushCoreImages(source, RELEASE);
    await stopAtEnd(helm).start(RELEASE);
    await mkdir(join(dir, 'out'));
    return { SOURCE_DATE_EPOCH: '1767225600' };
  },
  timeoutMs: 120_000,
});

const core = () => [...new Set(releaseImages(RELEASE, ['core']).map((i) => `${i.repository}:${i.tag}`))];

describe.each<Lang>(['en', 'zh-CN'])('Build: Higress itself (%s)', (lang) => {
  const t = lang === 'en' ? en : zhCN;
  it('lists the release images with sizes after the estimate, checks the chart repository, and reads in the UI language', async () => {
    const { context, page, errors } = await app.open(lang);
    const byTestId = (id: string) => page.getByTestId(id);
    await byTestId('nav-build').click();
    await byTestId('build-release').selectOption(RELEASE);
    await byTestId('build-source').selectOption('custom');
    await byTestId('build-source-host').fill(source.host);
    await byTestId('build-source-plain-http').check();
    await byTestId('build-plugin-server').uncheck();

    await byTestId('build-higress-enable').check();
    const rows = byTestId('build-higress-image');
    expect(await rows.count()).toBe(core().length);
    for (const ref of core()) expect(await byTestId('build-higress-images').textContent()).toContain(ref);
    expect(await byTestId('build-higress-image-size').first().textContent()).toBe(t['release.build.sizeUnknown']);
    expect(await byTestId('build-higress-chart-repo').getAttribute('placeholder')).toBe('https://higress.io/helm-charts/');
    // The optional groups add their images; compose explains who runs them.
    await byTestId('build-higress-observability').check();
    expect(await rows.count()).toBe(core().length + releaseImages(RELEASE, ['observability']).length);
    await byTestId('build-higress-observability').uncheck();
    await byTestId('build-higress-compose').check();
    expect(await byTestId('build-higress').textContent()).toContain(t['release.build.composeNote']);
    await byTestId('build-higress-compose').uncheck();

    // A chart repository that is not http(s) is named among the problems, in the UI language.
    await byTestId('build-higress-chart-repo').fill('ftp://charts.example');
    await byTestId('build-start').click();
    await expect.poll(() => byTestId('build-problems').textContent()).toContain(t['release.build.problem.chartRepo']);
    await byTestId('build-higress-chart-repo').fill(helm.base);

    await byTestId('build-estimate').click();
    await byTestId('build-summary').waitFor();
    const sizes = await byTestId('build-higress-image-size').allTextContents();
    expect(sizes).toHaveLength(core().length);
    for (const s of sizes) expect(s).toMatch(/^\d[\d.,]* ?[KMG]?i?B$/);

    expect(languageProblems(await readableText(page), lang)).toEqual([]);
    await screenshot(page, `release-build-${lang}`);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});

describe('Build: Higress itself, built', () => {
  it('writes a bundle with the release images (component and group) and the charts byte for byte', async () => {
    const { context, page, errors } = await app.open('en');
    const byTestId = (id: string) => page.getByTestId(id);
    await byTestId('nav-build').click();
    await byTestId('build-release').selectOption(RELEASE);
    await byTestId('build-source').selectOption('custom');
    await byTestId('build-source-host').fill(source.host);
    await byTestId('build-source-plain-http').check();
    await byTestId('build-higress-enable').check();
    await byTestId('build-higress-chart-repo').fill(helm.base);
    const out = join(app.dir, 'out', 'higress.tar');
    await byTestId('build-out').fill(out);
    await byTestId('build-start').click();
    await byTestId('build-result').waitFor({ timeout: 90_000 });
    expect(await byTestId('result-charts').textContent()).toBe(`Helm charts in the bundle: higress ${RELEASE}, higress-console ${RELEASE}, higress-core ${RELEASE}`);
    const m = JSON.parse((await runOk('tar', ['-xOf', out, 'bundle.json'])).stdout) as { images: Array<{ source: string; component?: string; group?: string }>; charts: Array<{ name: string; path: string; digest: string }> };
    expect(m.images.filter((i) => i.group === 'core').map((i) => i.component).sort()).toEqual(['console', 'controller', 'gateway', 'pilot']);
    expect(m.charts.map((c) => c.name).sort()).toEqual(['higress', 'higress-console', 'higress-core']);
    const x = join(app.dir, 'x');
    await mkdir(x);
    await runOk('tar', ['-xf', out, '-C', x, 'charts']);
    for (const c of m.charts) {
      const bytes = await readFile(join(x, c.path));
      expect(`sha256:${hex(bytes)}`).toBe(c.digest);
      expect(bytes.equals(helm.served.get(c.path.slice('charts/'.length)) as Buffer)).toBe(true);
    }
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
