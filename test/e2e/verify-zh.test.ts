import { copyFile, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OpenBundle } from '../../shared/bundle/open-bundle';
import { cli } from '../env/cli';
import { pluginFixture, pluginServerFixture, pushFixtures } from '../env/fixtures';
import { startRegistry, type TestRegistry } from '../env/registry';
import { useAppSession } from './app-session';
import { languageProblems, readableText, screenshot, type Lang } from './helpers';

// A damaged bundle opened on the Import screen, through the real `higress-airgap ui`: the report
// names what each damaged file belongs to, counts its problems as it lists them, reads in the UI's
// language (no English sentence in Chinese outside paths, digests and references), and Push and
// Load into Docker are off with the reason shown.
let registry: TestRegistry;
let wasmPath: string;
const damaged = () => join(app.dir, 'damaged', 'b.tar');

async function flip(file: string, at: number): Promise<void> {
  const fh = await open(file, 'r+');
  try {
    const b = Buffer.alloc(1);
    await fh.read(b, 0, 1, at);
    b[0] = (b[0] as number) ^ 0x20;
    await fh.write(b, 0, 1, at);
  } finally {
    await fh.close();
  }
}

const app = useAppSession('verify-zh', {
  prepare: async ({ dir, stopAtEnd }) => {
    registry = stopAtEnd(await startRegistry('plain'));
    await pushFixtures(registry, { pluginServer: await pluginServerFixture('2.2.3'), plugins: [await pluginFixture({ name: 'ai-proxy', layout: 'oci-wasm', tag: '2.0.1' })] });
    const good = join(dir, 'b.tar');
    const h = registry.host;
    const built = await cli(['bundle', '--out', good, '--source', h, '--plain-http', '--plugin-server', `${h}/higress/plugin-server:2.2.3`, '--plugin', `ai-proxy@2.0.1=${h}/plugins/ai-proxy:2.0.1`], {
      env: { HIGRESS_AIRGAP_CONFIG: join(dir, 'cli-cfg'), SOURCE_DATE_EPOCH: '1767225600' },
    });
    expect(built.code, built.stderr).toBe(0);
    // The copy keeps its sidecars; one byte flipped in ai-proxy's plugin.wasm, one in the second
    // layer of the Plugin Server image (as bundle.json and the manifests name them).
    await mkdir(join(dir, 'damaged'));
    for (const ext of ['', '.md5', '.sha256']) await copyFile(`${good}${ext}`, `${damaged()}${ext}`);
    const b = await OpenBundle.open(good);
    try {
      const wasm = [...b.entries.values()].find((e) => /^plugins\/ai-proxy\/[^/]+\/plugin\.wasm$/.test(e.name));
      expect(wasm).toBeDefined();
      wasmPath = wasm!.name;
      await flip(damaged(), wasm!.offset + Math.floor(wasm!.size / 2));
      const server = b.manifest.images.find((i) => i.role === 'plugin-server')!;
      const manifest = JSON.parse((await b.readSmall(`blobs/sha256/${server.manifests[0]!.digest.slice(7)}`)).toString('utf8')) as { layers: Array<{ digest: string }> };
      expect(manifest.layers.length).toBeGreaterThanOrEqual(2);
      const layer = b.entries.get(`blobs/sha256/${manifest.layers[1]!.digest.slice(7)}`)!;
      await flip(damaged(), layer.offset + Math.floor(layer.size / 2));
    } finally {
      await b.close();
    }
  },
  timeoutMs: 180_000,
});

/**
 * English left in a Chinese text once paths, digests, references and the names of formats and
 * tools are taken out: three English words in a row are a sentence nobody translated.
 */
function englishSentences(text: string): string[] {
  const stripped = text
    .replace(/sha256:[a-f0-9]{64}/g, ' ')
    .replace(/\b[a-f0-9]{32,64}\b/g, ' ')
    .replace(/\S*[/\\]\S*/g, ' ')
    .replace(/\b[\w.-]+\.(tar|json|txt|wasm|md5|sha256|zip|\d{3})\b/g, ' ')
    .replace(/\b(Higress Airgap|Higress|Plugin Server|Docker|MD5|SHA-256|OCI|ZIP|tar|gzip|manifest|config|bundle\.json|USB)\b/g, ' ');
  return stripped.match(/[A-Za-z]{2,}(?:[ ,'’-]+[A-Za-z]{2,}){2,}/g) ?? [];
}

describe.each<Lang>(['zh-CN', 'en'])('a damaged bundle on the Import screen (%s)', (lang) => {
  it('names what each damaged file belongs to, counts what it lists, and turns push and load off', async () => {
    const { context, page, errors } = await app.open(lang);
    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-path').fill(damaged());
    await page.getByTestId('import-open').click();
    await page.getByTestId('bundle-summary').waitFor();
    await page.getByTestId('verify-start').click();
    await page.getByTestId('verify-report').waitFor();

    const verdict = page.getByTestId('verify-verdict');
    expect(await verdict.getAttribute('data-ok')).toBe('false');
    expect(await verdict.getAttribute('data-code')).toBe('VERIFY_DAMAGED');
    // The count the verdict and the list title give is the number of problems listed.
    const problems = await page.getByTestId('verify-problem').allTextContents();
    expect(problems.length).toBe(3);
    expect(await page.getByTestId('verify-problems-title').getAttribute('data-count')).toBe(String(problems.length));
    expect(await verdict.textContent()).toContain(String(problems.length));
    expect(await page.getByTestId('verify-problem').evaluateAll((li) => li.map((l) => l.getAttribute('data-code')))).toEqual(['VOLUME_REPLACED', 'FILE_CONTENT_MISMATCH', 'FILE_CONTENT_MISMATCH']);

    const all = problems.join('\n');
    if (lang === 'zh-CN') {
      expect(all).toContain('b.tar 与其 .sha256 文件不符');
      expect(all).toContain(`插件 ai-proxy 2.0.1 的 plugin.wasm：${wasmPath}：其 SHA-256 为`);
      expect(all).toMatch(/镜像 \S+\/higress\/plugin-server:2\.2\.3 \(linux\/(amd64|arm64)\) 的第 2 层（共 \d+ 层）：blobs\/sha256\//);
      expect(await page.getByTestId('verify-hint').textContent()).toContain('请从来源重新拷贝该离线包');
      expect(await page.getByTestId('push-blocked').textContent()).toContain('推送已停用');
      expect(englishSentences(await page.getByTestId('verify-report').innerText())).toEqual([]);
    } else {
      expect(all).toContain(`plugin ai-proxy 2.0.1, plugin.wasm: ${wasmPath}: its SHA-256 is`);
      expect(all).toMatch(/image \S+\/higress\/plugin-server:2\.2\.3 \(linux\/(amd64|arm64)\), layer 2 of \d+: blobs\/sha256\//);
      expect(await page.getByTestId('push-blocked').textContent()).toContain('Push is turned off');
    }
    expect(languageProblems(await readableText(page), lang)).toEqual([]);
    // The actions that would refuse are off, with the reason beside them.
    expect(await page.getByTestId('push-start').isDisabled()).toBe(true);
    expect(await page.getByTestId('docker-load').isDisabled()).toBe(true);
    expect(await page.getByTestId('load-blocked').isVisible()).toBe(true);
    await screenshot(page, `verify-damaged-${lang}`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('opening a file that is no bundle says so in one sentence, with what to choose instead', async () => {
    const { context, page, errors } = await app.open(lang);
    const passwd = join(app.dir, 'passwd');
    await copyFile('/etc/passwd', passwd);
    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-path').fill(passwd);
    await page.getByTestId('import-open').click();
    const note = page.getByTestId('import-open-error');
    await note.waitFor();
    expect(await note.getAttribute('data-code')).toBe('NOT_A_BUNDLE');
    const text = (await note.textContent()) ?? '';
    expect(text).toContain(lang === 'zh-CN' ? 'passwd 不是 tar 归档，因此不是 Higress 离线传输的离线包' : 'passwd is not a tar archive, so it is not a Higress Airgap bundle');
    expect(text).toContain(lang === 'zh-CN' ? '请选择“制作”界面生成的 .tar 文件' : 'Choose the .tar file the Build screen wrote');
    expect(text).not.toMatch(/--|higress-airgap |重新拷贝|Copy the damaged/);
    expect(languageProblems(await readableText(page), lang)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
