import { copyFile, mkdir, readdir, readFile, rename, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../env/cli';
import { pluginFixture, pluginServerFixture, pushFixtures } from '../env/fixtures';
import { startRegistry, type TestRegistry } from '../env/registry';
import { runOk, tempDir, type TempDir } from '../env/tools';

/**
 * `higress-airgap verify` on what people really point it at — a damaged bundle, one cut short,
 * files that are no bundle at all, swapped volumes, sidecars of another file — in English and
 * with LANG=zh_CN.UTF-8: one sentence with the next step, what each damaged file belongs to, and
 * a problem count that matches the problems listed. Bundles are written by the CLI from a real
 * registry.
 */
let registry: TestRegistry;
let dir: TempDir;
let single: string;
let splitDir: string;
const CJK = /[\u4e00-\u9fff]/;
const base = () => ({ HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), SOURCE_DATE_EPOCH: '1767225600', LC_ALL: '', LC_MESSAGES: '' });
const zh = () => ({ ...base(), LANG: 'zh_CN.UTF-8' });
const en = () => ({ ...base(), LANG: 'en_US.UTF-8' });

beforeAll(async () => {
  dir = await tempDir('verify-zh-cli');
  registry = await startRegistry('plain');
  await pushFixtures(registry, { pluginServer: await pluginServerFixture('2.2.3'), plugins: [await pluginFixture({ name: 'ai-proxy', layout: 'oci-wasm', tag: '2.0.1' })] });
  const h = registry.host;
  const args = ['--source', h, '--plain-http', '--plugin-server', `${h}/higress/plugin-server:2.2.3`, '--plugin', `ai-proxy@2.0.1=${h}/plugins/ai-proxy:2.0.1`];
  single = join(dir.path, 'one', 'b.tar');
  splitDir = join(dir.path, 'split');
  await mkdir(join(dir.path, 'one'));
  await mkdir(splitDir);
  for (const out of [['--out', single], ['--out', join(splitDir, 'v.tar'), '--split', '256K']]) {
    const r = await cli(['bundle', ...out, ...args], { env: base() });
    expect(r.code, r.stderr).toBe(0);
  }
}, 120_000);
afterAll(async () => {
  await registry?.stop();
  await dir?.remove();
});

let count = 0;
async function copyOf(from: string, names: readonly string[]): Promise<string> {
  const folder = join(dir.path, `copy-${count++}`);
  await mkdir(folder);
  for (const n of names) await copyFile(join(from, n), join(folder, n));
  return folder;
}

/** The report's problem lines and the count its first line gives must agree. */
function problemLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => l.startsWith('  ✗ '));
}

describe('verify names what is wrong, in the reader’s language', () => {
  it('a damaged plugin.wasm: its plugin and version, the sidecar mismatch, a count that matches', async () => {
    const folder = await copyOf(join(dir.path, 'one'), ['b.tar', 'b.tar.md5', 'b.tar.sha256']);
    const file = join(folder, 'b.tar');
    const bytes = await readFile(file);
    const at = bytes.indexOf(Buffer.from('plugins/ai-proxy/2.0.1/plugin.wasm'));
    expect(at).toBeGreaterThanOrEqual(0);
    // The body starts at the next 512-byte block after the header that names it.
    const body = Math.ceil((at + 1) / 512) * 512;
    bytes[body + 100] = (bytes[body + 100] as number) ^ 0x01;
    await writeFile(file, bytes);

    const z = await cli(['verify', file], { env: zh() });
    expect(z.code).toBe(1);
    const zLines = problemLines(z.stdout);
    expect(zLines).toHaveLength(2);
    expect(z.stdout).toContain(`b.tar：校验未通过 — 2 处问题`);
    expect(zLines[0]).toBe('  ✗ b.tar 与其 .sha256 文件不符：离线包已损坏（或 .sha256 文件属于另一份副本）');
    expect(zLines[1]).toMatch(/^ {2}✗ 插件 ai-proxy 2\.0\.1 的 plugin\.wasm：plugins\/ai-proxy\/2\.0\.1\/plugin\.wasm：其 SHA-256 为 [a-f0-9]{64}，但 bundle\.json 记录的是 [a-f0-9]{64}$/);
    expect(z.stderr).toContain('error: b.tar 校验未通过：共 2 处问题（见上方列表）\nhint: 请从来源重新拷贝该离线包（连同其 .md5 和 .sha256 文件）');

    const e = await cli(['verify', file], { env: en() });
    expect(e.code).toBe(1);
    expect(problemLines(e.stdout)).toHaveLength(2);
    expect(e.stdout).toContain('b.tar: FAILED — 2 problems');
    expect(e.stdout).toMatch(/ {2}✗ plugin ai-proxy 2\.0\.1, plugin\.wasm: plugins\/ai-proxy\/2\.0\.1\/plugin\.wasm: its SHA-256 is [a-f0-9]{64}, but bundle\.json records/);
    expect(e.stderr).toContain('error: b.tar failed verification; problems found: 2 (listed above)');

    // --json keeps the codes, parameters and owners, with the same count.
    const j = await cli(['verify', file, '--json'], { env: zh() });
    const report = JSON.parse(j.stdout) as { findings: Array<{ code: string; owner?: { code: string; details: Record<string, unknown> } }>; summary: { problems: number }; verdict: { code: string } };
    expect(report.summary.problems).toBe(report.findings.length);
    expect(report.verdict.code).toBe('VERIFY_DAMAGED');
    expect(report.findings.map((f) => f.code)).toEqual(['VOLUME_REPLACED', 'FILE_CONTENT_MISMATCH']);
    expect(report.findings[1]?.owner).toMatchObject({ code: 'OWNER_PLUGIN_FILE', details: { plugin: 'ai-proxy', version: '2.0.1', file: 'plugin.wasm' } });
  });

  it('a bundle whose very first header is damaged is a damaged bundle, not a foreign file', async () => {
    for (const at of [10, 258]) {
      const folder = await copyOf(join(dir.path, 'one'), ['b.tar', 'b.tar.md5', 'b.tar.sha256']);
      const file = join(folder, 'b.tar');
      const bytes = await readFile(file);
      bytes[at] = (bytes[at] as number) ^ 0x01;
      await writeFile(file, bytes);
      const j = await cli(['verify', file, '--json'], { env: en() });
      expect(j.code).toBe(1);
      expect((JSON.parse(j.stdout) as { verdict: { code: string } }).verdict.code, `byte ${at}`).toBe('VERIFY_DAMAGED');
      const z = await cli(['verify', file], { env: zh() });
      expect(z.stderr, `byte ${at}`).toContain('hint: 请从来源重新拷贝该离线包');
    }
  });

  it('a bundle cut short: one sentence with the next step', async () => {
    const folder = await copyOf(join(dir.path, 'one'), ['b.tar', 'b.tar.md5', 'b.tar.sha256']);
    const file = join(folder, 'b.tar');
    await truncate(file, 3000);
    const z = await cli(['verify', file], { env: zh() });
    expect(z.code).toBe(1);
    expect(z.stdout).toBe('');
    expect(z.stderr).toMatch(/^error: b\.tar 校验未通过：文件不完整 — 在 3000 字节处被截断/);
    expect(z.stderr).toContain('hint: 拷贝在结束前中断了（磁盘已满，或 U 盘过早拔出）。请从来源重新拷贝该离线包');
    const e = await cli(['verify', file], { env: en() });
    expect(e.stderr).toMatch(/^error: b\.tar failed verification: it is truncated — cut short after 3000 bytes/);
    expect(e.stderr).toContain('hint: The copy stopped before the end');
  });

  it('files that are no bundle: /etc/passwd, a ZIP, a tar of other files, an empty file', async () => {
    const folder = join(dir.path, 'foreign');
    await mkdir(folder);
    await copyFile('/etc/passwd', join(folder, 'passwd'));
    await writeFile(join(folder, 'empty.tar'), '');
    await writeFile(join(folder, 'notes.txt'), 'not a bundle\n');
    await runOk('tar', ['-cf', join(folder, 'other.tar'), '-C', folder, 'notes.txt']);
    await runOk('gzip', ['-k', join(folder, 'notes.txt')]);
    // An OCI image layout (what skopeo copy … oci-archive: writes) holds no bundle.json.
    await mkdir(join(folder, 'oci'));
    await writeFile(join(folder, 'oci', 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    await writeFile(join(folder, 'oci', 'index.json'), '{"schemaVersion":2,"manifests":[]}');
    await runOk('tar', ['-cf', join(folder, 'oci.tar'), '--format=ustar', '-C', join(folder, 'oci'), 'oci-layout', 'index.json']);
    // A ZIP's local file header, as any zip tool writes it first.
    await writeFile(join(folder, 'b.zip'), Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(600, 1)]));
    const cases: Array<[string, RegExp, RegExp]> = [
      ['passwd', /^error: passwd 不是 tar 归档，因此不是 Higress 离线传输的离线包\n/, /^error: passwd is not a tar archive, so it is not a Higress Airgap bundle\n/],
      ['b.zip', /^error: b\.zip 是 ZIP 压缩包，不是 Higress 离线传输的离线包/, /^error: b\.zip is a ZIP archive, not a Higress Airgap bundle/],
      ['other.tar', /^error: other\.tar 是 tar 归档，但不是 Higress 离线传输的离线包（其中的 notes\.txt 不属于任何离线包）/, /^error: other\.tar is a tar archive, but not a Higress Airgap bundle \(it holds notes\.txt/],
      ['empty.tar', /^error: empty\.tar 是空文件（0 字节），不是 Higress 离线传输的离线包/, /^error: empty\.tar is empty \(0 bytes\)/],
      ['notes.txt.gz', /^error: notes\.txt\.gz 是 gzip 压缩文件/, /^error: notes\.txt\.gz is a gzip-compressed file/],
      ['oci.tar', /^error: oci\.tar 是 tar 归档，但不是 Higress 离线传输的离线包（其中没有 bundle\.json）/, /^error: oci\.tar is a tar archive, but not a Higress Airgap bundle \(it has no bundle\.json\)/],
    ];
    for (const [name, zhText, enText] of cases) {
      const z = await cli(['verify', join(folder, name)], { env: zh() });
      expect(z.code, name).toBe(1);
      expect(z.stdout, name).toBe('');
      expect(z.stderr, name).toMatch(zhText);
      expect(z.stderr, name).toContain('hint: 请选择 higress-airgap bundle 生成的 .tar 文件');
      expect(z.stderr, name).not.toContain('重新拷贝');
      const e = await cli(['verify', join(folder, name)], { env: en() });
      expect(e.stderr, name).toMatch(enText);
      expect(e.stderr, name).toContain('hint: Choose the .tar file that higress-airgap bundle wrote');
      expect(e.stderr, name).not.toContain('Copy the damaged files');
    }
    // Every command that opens a bundle says the same (list, yaml, serve, push, the app's Open).
    const list = await cli(['list', join(folder, 'passwd')], { env: zh() });
    expect(list.code).toBe(1);
    expect(list.stderr).toMatch(/^error: passwd 不是 tar 归档，因此不是 Higress 离线传输的离线包\nhint: 请选择 higress-airgap bundle 生成的 \.tar 文件/);
    const listJson = await cli(['list', join(folder, 'other.tar'), '--json'], { env: en() });
    expect(JSON.parse(listJson.stdout)).toMatchObject({ ok: false, error: { code: 'NOT_A_BUNDLE', params: { bundle: 'other.tar', kind: 'tar', entry: 'notes.txt' } } });
  });

  it('swapped volumes and sidecars of another file are named as such', async () => {
    const names = (await readdir(splitDir)).filter((n) => n.startsWith('v.tar'));
    const folder = await copyOf(splitDir, names);
    await rename(join(folder, 'v.tar.001'), join(folder, 'tmp'));
    await rename(join(folder, 'v.tar.002'), join(folder, 'v.tar.001'));
    await rename(join(folder, 'tmp'), join(folder, 'v.tar.002'));
    const z = await cli(['verify', join(folder, 'v.tar.000')], { env: zh() });
    expect(z.code).toBe(1);
    const lines = problemLines(z.stdout);
    expect(z.stdout).toContain(`${lines.length} 处问题`);
    expect(lines).toContain('  ✗ 分卷 v.tar.001 中是本应属于 v.tar.002 的内容：分卷被调换或改名了');
    expect(lines).toContain('  ✗ 分卷 v.tar.002 中是本应属于 v.tar.001 的内容：分卷被调换或改名了');
    expect(z.stderr).toContain('hint: 请从来源重新拷贝上面列出的分卷');
    for (const l of lines) expect(l).toMatch(CJK);

    const foreign = await copyOf(join(dir.path, 'one'), ['b.tar']);
    await copyFile(join(splitDir, 'v.tar.000.sha256'), join(foreign, 'b.tar.sha256'));
    const f = await cli(['verify', join(foreign, 'b.tar')], { env: zh() });
    expect(f.code).toBe(1);
    expect(problemLines(f.stdout)).toEqual(['  ✗ b.tar 旁边的 .md5/.sha256 文件描述的是 v.tar.000，而不是 b.tar']);
    const fe = await cli(['verify', join(foreign, 'b.tar')], { env: en() });
    expect(problemLines(fe.stdout)).toEqual(['  ✗ volume b.tar: its sidecar files describe v.tar.000, not b.tar']);
  });
});
