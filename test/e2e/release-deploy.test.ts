import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zh-CN';
import { releaseParts } from '../../shared/catalog/release-parts';
import { cli } from '../env/cli';
import { blob, manifestOf, MT, pluginServerFixture, pushManifestTree, sha256, tarOf } from '../env/fixtures';
import { RawRegistryClient } from '../env/raw-registry';
import { startRegistry, type TestRegistry } from '../env/registry';
import { tinyWasm } from '../env/wasm';
import { useAppSession } from './app-session';
import { ENGINE_WAIT, languageProblems, readableText, screenshot, type Lang } from './helpers';

// The Deploy screen's "Where Higress runs" through the real `higress-airgap ui` and Chromium: a
// bundle of Higress 2.2.4's images (fixtures under the release's repositories) and a custom plugin;
// each target is chosen, its files previewed, and saved (the docker target's plugin module copied
// out of the bundle by the engine).
const RELEASE = '2.2.4';
const WASM = tinyWasm('release-deploy e2e custom plugin');
let source: TestRegistry;
const bundle = () => join(app.dir, 'release.tar');

const app = useAppSession('release-deploy', {
  prepare: async ({ dir, stopAtEnd }) => {
    source = stopAtEnd(await startRegistry('plain'));
    const client = new RawRegistryClient(source);
    const images: string[] = [];
    for (const i of releaseParts(RELEASE).images.filter((x) => ['core', 'all-in-one', 'compose'].includes(x.group) && x.component !== 'plugin-server')) {
      const layer = await tarOf([{ name: 'etc/', type: 'directory' }, { name: 'etc/component', data: `${i.component}\n` }]);
      const config = blob(MT.ociConfig, Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [sha256(layer)] } })));
      await pushManifestTree(client, i.repository, i.tag, manifestOf(MT.ociManifest, config, [blob(MT.ociLayerGzip, gzipSync(layer))]));
      images.push(`${source.host}/${i.repository}:${i.tag}`);
    }
    const ps = await pluginServerFixture(RELEASE);
    await pushManifestTree(client, ps.repo, ps.tag, ps.index);
    await writeFile(join(dir, 'custom.wasm'), WASM);
    const built = await cli(
      ['bundle', '--out', bundle(), '--source', source.host, '--plain-http', '--release', RELEASE, '--platform', 'linux/amd64', '--plugin-server', `${source.host}/${ps.repo}:${ps.tag}`, ...images.flatMap((i) => ['--image', i]), '--wasm', `my-plugin@1.0.0=${join(dir, 'custom.wasm')}`],
      { env: { HIGRESS_AIRGAP_CONFIG: join(dir, 'cli-cfg') } },
    );
    expect(built.code, built.stderr).toBe(0);
  },
  timeoutMs: 300_000,
});

describe.each<Lang>(['en', 'zh-CN'])('Deploy: where Higress runs (%s)', (lang) => {
  const t = lang === 'en' ? en : zhCN;

  it('chooses Helm, Docker Compose and Docker all-in-one, previews each target and saves it', async () => {
    const { context, page, errors } = await app.open(lang);
    const byTestId = (id: string) => page.getByTestId(id);
    await byTestId('nav-deploy').click();
    await byTestId('deploy-bundle-path').fill(bundle());
    await byTestId('deploy-bundle-open').click();
    await byTestId('deploy-bundle-name').waitFor();
    await byTestId('deploy-registry').fill('harbor.example.com/higress');
    await byTestId('deploy-yaml').waitFor();
    expect(await byTestId('deploy-target').textContent()).toContain(t['deploy.target']);

    // Helm (the default): the values point every Higress image at the private registry; install.sh is there.
    await byTestId('deploy-file').selectOption('helm/values.yaml');
    await expect.poll(() => byTestId('deploy-yaml').textContent(), ENGINE_WAIT).toContain('repository: harbor.example.com/higress/higress/console');
    expect(await byTestId('deploy-file').locator('option').allTextContents()).toContain('helm/install.sh');
    expect(await byTestId('deploy-namespace').count()).toBe(1);
    await save(`helm-${lang}`);
    expect(await readFile(join(app.dir, `helm-${lang}`, 'helm/install.sh'), 'utf8')).toContain('helm upgrade --install higress');

    // Docker Compose: the .env lines first, with the plugin-server profile.
    await byTestId('deploy-target-compose').check();
    await expect.poll(() => byTestId('deploy-yaml').textContent(), ENGINE_WAIT).toContain('COMPOSE_PROFILES=');
    expect(await page.textContent('body')).toContain(t['deploy.target.compose.hint']);
    expect(await byTestId('deploy-file').locator('option').allTextContents()).toEqual(['compose/.env.airgap', 'compose/docker-compose.override.yml', 'README.md']);
    // Only what the target reads: no namespace or pull Secret; the custom Plugin Server image stays.
    expect(await byTestId('deploy-namespace').count()).toBe(0);
    expect(await byTestId('deploy-pull-secret').count()).toBe(0);
    expect(await byTestId('deploy-custom-image').count()).toBe(1);
    await save(`compose-${lang}`);
    expect(await readFile(join(app.dir, `compose-${lang}`, 'compose/.env.airgap'), 'utf8')).toContain("HIGRESS_GATEWAY_IMAGE='harbor.example.com/higress/higress/gateway:2.2.4@sha256:");

    // Docker all-in-one: the script, and the custom plugin that Save copies out of the bundle.
    await byTestId('deploy-target-docker').check();
    await expect.poll(() => byTestId('deploy-yaml').textContent(), ENGINE_WAIT).toContain('USE_PLUGIN_SERVER=on');
    expect(await byTestId('deploy-copies').textContent()).toContain('docker/plugins/my-plugin/1.0.0/plugin.wasm');
    expect(await byTestId('deploy-custom-image').count()).toBe(0);
    expect(languageProblems(await readableText(page), lang)).toEqual([]);
    await screenshot(page, `deploy-target-docker-${lang}`);
    await save(`docker-${lang}`);
    const out = join(app.dir, `docker-${lang}`);
    expect((await readFile(join(out, 'docker/plugins/my-plugin/1.0.0/plugin.wasm'))).equals(WASM)).toBe(true);
    expect((await stat(join(out, 'docker/run-higress.sh'))).mode & 0o100).toBe(0o100);
    expect(errors).toEqual([]);
    await context.close();

    async function save(folder: string) {
      await byTestId('deploy-dir').fill(join(app.dir, folder));
      await byTestId('deploy-save').click();
      await byTestId('deploy-saved').waitFor();
    }
  });
});
