import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { renderError } from '../../shared/messages/catalog';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskProgressEvent } from '../../shared/ipc/contract';
import { unwrap } from '../../shared/ipc/envelope';
import { IpcSession } from '../../shared/ipc/session';
import { createHandlers } from '../../shared/services/handlers';
import { createEngine } from '../../shared/services/engine';
import { pluginServerFixture, pushFixtures } from '../env/fixtures';
import { startRegistry, TEST_PASSWORD, TEST_USER, type TestRegistry } from '../env/registry';
import { skopeo, skopeoFlags } from '../env/skopeo';
import { tempDir, type TempDir } from '../env/tools';

// The handler map the app uses (Electron main and `ui`), driven through a real IpcSession against
// real registries: what the renderer can do, and what it cannot.
let source: TestRegistry;
let tls: TestRegistry;
let dir: TempDir;
let session: IpcSession;
const events: TaskProgressEvent[] = [];

beforeAll(async () => {
  dir = await tempDir('handlers');
  [source, tls] = await Promise.all([startRegistry('plain'), startRegistry('tls-basic')]);
  await pushFixtures(source, { pluginServer: await pluginServerFixture('2.2.3') });
  const handlers = createHandlers(createEngine({ env: { HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), DOCKER_CONFIG: join(dir.path, 'docker'), HOME: dir.path, SOURCE_DATE_EPOCH: '1767225600' } }));
  session = new IpcSession(handlers, (_e, payload) => void events.push(payload));
});
afterAll(async () => {
  session?.close();
  await Promise.all([source?.stop(), tls?.stop()]);
  await dir?.remove();
});

const call = async (channel: string, args: unknown) => unwrap(await session.invoke(channel, args)) as any;

describe('the app handler map', () => {
  const plain = () => ({ plainHttp: true });
  const bundle = () => join(dir.path, 'app.tar');

  it('probes catalog plugins: layout, digest, size, with progress; a source without the pinned build is refused unless tags are followed', async () => {
    const probes = await call('catalog:probe', { taskId: 'probe1', release: '2.2.3', source: source.host, names: ['key-auth', 'ai-proxy', 'waf'], followTags: true, connection: plain() });
    expect(probes.find((p: any) => p.name === 'key-auth')).toMatchObject({ ok: true, layout: 'oci-compat', tagFollowed: true });
    expect(probes.find((p: any) => p.name === 'ai-proxy')).toMatchObject({ ok: true, layout: 'oci-wasm' });
    expect(probes.find((p: any) => p.name === 'waf')).toMatchObject({ ok: false });
    expect(events.filter((e) => e.taskId === 'probe1').map((e) => e.itemsDone).sort()).toEqual([1, 2, 3]);
    // The fixtures are not the release builds: without following tags each is refused, naming both digests.
    const strict = await call('catalog:probe', { taskId: 'probe2', release: '2.2.3', source: source.host, names: ['key-auth'], connection: plain() });
    expect(strict[0]).toMatchObject({ ok: false, tagFollowed: true });
    expect(strict[0].error).toContain(strict[0].pinnedDigest);
    expect(strict[0].error).toContain(strict[0].digest);
    // Coded, so the app says it in its language.
    // The same refusal the bundle makes (one pin policy): what the tag holds is in the details too.
    expect(strict[0].problem).toMatchObject({ code: 'PIN_NOT_ON_SOURCE', details: { plugin: 'key-auth', digest: strict[0].pinnedDigest, tagDigest: strict[0].digest, release: '2.2.3' } });
    expect(renderError(strict[0].problem, 'zh-CN', 'ui')).toMatchObject({ localized: true, hint: '请从包含该版本构建的来源制作，或勾选“来源仓库缺少该版本的构建时，改用标签当前的内容”。' });
    expect(probes.find((p: any) => p.name === 'waf').problem.code).toMatch(/^REGISTRY_/);
  });

  it('estimates, builds (with progress that never goes backwards), opens and verifies a bundle', async () => {
    const plan = { release: '2.2.3', source: source.host, catalogPlugins: ['key-auth', 'basic-auth'], followTags: true };
    const estimate = await call('bundle:estimate', { plan, connection: plain() });
    expect(estimate.images[0].platforms).toEqual(['linux/amd64', 'linux/arm64']);
    expect(estimate.plugins.map((p: any) => p.name)).toEqual(['key-auth', 'basic-auth']);
    const built = await call('bundle:build', { taskId: 'build1', plan, out: bundle(), connection: plain() });
    expect(built.output.files[0].path).toBe(bundle());
    expect(built.output.whole.sha256).toBe((await readFile(`${bundle()}.sha256`, 'utf8')).split(' ')[0]);
    expect(estimate.estimatedBytes).toBeGreaterThan(built.output.whole.size * 0.8);
    const progress = events.filter((e) => e.taskId === 'build1' && e.bytesTotal);
    expect(progress.length).toBeGreaterThan(0);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.bytesDone).toBeGreaterThanOrEqual(progress[i - 1]!.bytesDone);
    const opened = await call('bundle:open', { path: bundle() });
    expect(opened.manifest.plugins.map((p: any) => p.name)).toEqual(['key-auth', 'basic-auth']);
    const report = await call('bundle:verify', { taskId: 'verify1', path: bundle() });
    expect(report.ok).toBe(true);
    const settings = await call('settings:get', {});
    expect(settings.recentBundles.map((r: any) => r.action)).toEqual(['opened', 'built'].slice(0, settings.recentBundles.length));
  });

  it('logs in (checked, then saved without echoing the password) and pushes with the saved login', async () => {
    const conn = { caFile: tls.caFile };
    await expect(session.invoke('registry:login', { host: tls.host, username: TEST_USER, password: 'wrong', connection: conn })).resolves.toMatchObject({ ok: false, error: { code: 'REGISTRY_UNAUTHORIZED' } });
    const ok = await call('registry:login', { host: tls.host, username: TEST_USER, password: TEST_PASSWORD, connection: conn });
    expect(ok).toEqual({ host: tls.host, username: TEST_USER });
    await call('registry:save', { host: tls.host, caFile: tls.caFile });
    const settings = await call('settings:get', {});
    expect(JSON.stringify(settings)).not.toContain(TEST_PASSWORD);
    expect(settings.logins).toEqual([{ host: tls.host, username: TEST_USER }]);
    const test = await call('registry:test', { host: tls.host });
    expect(test).toMatchObject({ auth: 'basic', login: 'accepted' });

    const preflight = await call('push:preflight', { registry: `${tls.host}/higress` });
    expect(preflight.ok).toBe(true);
    const preview = await call('push:preview', { path: bundle(), registry: `${tls.host}/higress` });
    expect(preview.items.every((i: any) => i.status === 'would-push')).toBe(true);
    const outcome = await call('push:run', { taskId: 'push1', path: bundle(), registry: `${tls.host}/higress` });
    expect(outcome.report.ok).toBe(true);
    const raw = await skopeo(['inspect', '--raw', ...skopeoFlags(tls), `docker://${tls.host}/higress/plugins/key-auth:2.0.0`]);
    expect(raw.code).toBe(0);
    expect(events.some((e) => e.taskId === 'push1' && e.phase === 'verify')).toBe(true);
  });

  it('writes only the deployment files the generators name', async () => {
    const out = join(dir.path, 'deploy');
    const bad = await session.invoke('deploy:write', { dir: out, files: [{ path: '../../.bashrc', content: 'evil' }] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'NOT_A_DEPLOY_FILE' } });
    const good = await call('deploy:write', { dir: out, files: [{ path: 'all.yaml', content: 'kind: List\n' }] });
    expect(good.written).toEqual(['all.yaml']);
    expect((await readdir(out)).sort()).toEqual(['.higress-airgap-deploy.json', 'all.yaml']);
    // The app confirms replacements path by path: without it, a second save is refused, naming the file.
    const again = await session.invoke('deploy:write', { dir: out, files: [{ path: 'all.yaml', content: 'kind: List # 2\n' }] });
    expect(again).toMatchObject({ ok: false, error: { code: 'DEPLOY_REPLACE_UNCONFIRMED', details: { list: 'all.yaml' } } });
    const confirmed = await call('deploy:write', { dir: out, confirmReplace: ['all.yaml'], files: [{ path: 'all.yaml', content: 'kind: List # 2\n' }] });
    expect(confirmed.replace).toEqual([{ path: 'all.yaml', edited: false }]);
    // owner-only: a filled pull Secret would hold a password
    expect((await stat(join(out, 'all.yaml'))).mode & 0o777).toBe(0o600);
  });

  it('reports hosts without native dialogs, and refuses them with a hint', async () => {
    const check = await call('system:check', {});
    expect(check.host).toEqual({ dialogs: false, secretProtection: 'plain' });
    expect(await session.invoke('dialog:open', { kind: 'bundle' })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
  });

  it('cancels a running task by id', async () => {
    const running = session.invoke('bundle:build', { taskId: 'cancel1', plan: { release: '2.2.3', source: source.host, catalogPlugins: ['key-auth'], followTags: true }, out: join(dir.path, 'never.tar'), connection: plain() });
    expect(unwrap(await session.invoke('task:cancel', { taskId: 'cancel1' }))).toEqual({ cancelled: true });
    const env = await running;
    expect(env).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect((await readdir(dir.path)).filter((f) => f.startsWith('never'))).toEqual([]);
  });
});
