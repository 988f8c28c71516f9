import { describe, expect, it } from 'vitest';
import { parseSplitSize as engineParseSplitSize, volumeListName, volumeName } from '../../shared/model/volume-names';
import { planPush } from '../../shared/offline/push-plan';
import { parseTarget } from '../../shared/oci/retag';
import { formatDuration, parentFolder, shortDigest } from '../../renderer/src/format';
import { buildProblems, initialBuildForm, planOf, restoreBuildForm, savedFormText, splitOf, type BuildForm } from '../../renderer/src/model/build-plan';
import { emptyConnection, toConnection, withoutCredentials } from '../../renderer/src/model/connection';
import { generate, initialDeployForm } from '../../renderer/src/model/deploy-form';
import { parseSplitSize, plannedFiles } from '../../renderer/src/model/output-files';
import { retagRows } from '../../renderer/src/model/retag-rows';
import { parsedTarget, targetArgs } from '../../renderer/src/model/target-form';
import { filterFiles, reportFileName, reportJson, type VerifyReport } from '../../renderer/src/model/verify-report';
import { routeFromHash } from '../../renderer/src/router';
import { bundle224 } from '../deploy/fixtures';

describe('the connection form → payload', () => {
  it('sends only what was set (a half credential pair too, for the engine to refuse), nothing for an untouched form', () => {
    expect(toConnection(emptyConnection)).toBeUndefined();
    expect(toConnection({ ...emptyConnection, username: 'u' })).toEqual({ username: 'u' });
    expect(toConnection({ ...emptyConnection, caFile: ' /ca.pem ', username: ' u ', password: 'p w' })).toEqual({ caFile: '/ca.pem', username: 'u', password: 'p w' });
    // Plain HTTP makes TLS options meaningless: they are not sent.
    expect(toConnection({ ...emptyConnection, plainHttp: true, insecure: true, caFile: '/ca.pem' })).toEqual({ plainHttp: true });
    // After use both go: a username left alone would be a half pair the next request is refused for.
    expect(withoutCredentials({ ...emptyConnection, caFile: '/ca.pem', username: 'u', password: 'secret' })).toEqual({ ...emptyConnection, caFile: '/ca.pem' });
  });
});

describe('the Build form → bundle:build', () => {
  const form = (patch: Partial<BuildForm>): BuildForm => ({ ...initialBuildForm('2.2.3', 'custom'), customHost: '127.0.0.1:5000', out: '/o/b.tar', ...patch });

  it('makes the plan the payload schema expects', () => {
    const plan = planOf(form({ plugins: ['key-auth'], ociPlugins: [{ reference: ' r/p:1 ', name: '', version: '' }, { reference: '', name: 'x', version: '' }], images: [' ', 'nginx:1'], platforms: ['linux/arm64'], pluginServer: false }));
    expect(plan).toEqual({ release: '2.2.3', source: '127.0.0.1:5000', pluginServer: null, catalogPlugins: ['key-auth'], ociPlugins: [{ reference: 'r/p:1' }], images: ['nginx:1'], platforms: ['linux/arm64'] });
  });

  it('names what is missing before asking the engine', () => {
    expect(buildProblems(form({}))).toEqual([]);
    expect(buildProblems(form({ customHost: '', pluginServer: false, platforms: [], out: ' ', split: 'custom', splitSize: 'big' }))).toEqual([
      'build.problem.source',
      'build.problem.empty',
      'build.problem.platforms',
      'build.problem.out',
      'build.problem.split',
    ]);
  });

  it('passes the split choice as the engine reads it, and reads sizes exactly as the engine does', () => {
    expect(splitOf(form({}))).toBeUndefined();
    expect(splitOf(form({ split: 'fat32' }))).toBe('fat32');
    expect(splitOf(form({ split: 'custom', splitSize: ' 700M ' }))).toBe('700M');
    for (const s of ['fat32', '700M', '2G', '1.5g', '1024K', '123', '10MiB', 'x', '', '0', '-1']) expect(parseSplitSize(s), s).toBe(engineParseSplitSize(s));
  });

  it('lists the files a build will write with the engine’s names', () => {
    expect(plannedFiles('/o/b.tar', 10, undefined)).toEqual({ archives: ['/o/b.tar'], sidecars: ['/o/b.tar.md5', '/o/b.tar.sha256'] });
    const split = plannedFiles('/o/b.tar', 2500, 1000);
    expect(split.archives).toEqual([0, 1, 2].map((i) => volumeName('/o/b.tar', i)));
    expect(split.volumeList).toBe(volumeListName('/o/b.tar'));
    expect(split.sidecars).toHaveLength(6);
  });
});

describe('the Build form across a page reload', () => {
  const initial = initialBuildForm('2.2.4', 'higress-registry.cn-hangzhou.cr.aliyuncs.com');
  it('keeps what was chosen, never the password, the passphrase or the consent to replace', () => {
    const form: BuildForm = { ...initial, plugins: ['key-auth'], out: '/media/usb/b.tar', force: true, withConfig: true, passphrase: 'secret words', passphraseAgain: 'secret words', connection: { ...initial.connection, username: 'me', password: 'pw' }, higress: { ...initial.higress, enabled: true } };
    const text = savedFormText(form);
    expect(text).not.toContain('secret words');
    expect(text).not.toContain('"pw"');
    const back = restoreBuildForm(text, initial);
    expect(back).toEqual({ ...form, force: false, passphrase: '', passphraseAgain: '', connection: { ...form.connection, password: '' } });
  });
  it('drops what does not fit the form (another version of the app, a hand edit)', () => {
    expect(restoreBuildForm(null, initial)).toBe(initial);
    expect(restoreBuildForm('not json', initial)).toBe(initial);
    expect(restoreBuildForm('[1,2]', initial)).toBe(initial);
    const odd = restoreBuildForm(JSON.stringify({ plugins: 'key-auth', out: 42, release: '2.2.3', unknownKey: true, connection: { password: 'x' } }), initial);
    expect(odd.plugins).toEqual(initial.plugins);
    expect(odd.out).toBe(initial.out);
    expect(odd.release).toBe('2.2.3');
    expect('unknownKey' in odd).toBe(false);
    expect(odd.connection.password).toBe('');
  });
});

describe('the Import screen’s models', () => {
  it('previews the same targets the push will use', () => {
    const manifest = bundle224();
    for (const mode of ['keep', 'flatten'] as const) {
      const target = parseTarget('harbor.example.com:8443/higress', mode);
      const ours = retagRows(manifest, target).map((r) => [r.target, r.digest]);
      const engine = planPush(manifest, target).map((i) => [i.targetRef, i.digest]);
      expect(ours).toEqual(engine);
    }
  });

  it('explains a bad target and builds the offline payload fields', () => {
    expect(parsedTarget({ registry: '', targetMode: 'keep', connection: emptyConnection })).toEqual({});
    expect((parsedTarget({ registry: 'https://h/x', targetMode: 'keep', connection: emptyConnection }).error as Error).message).toMatch(/scheme/);
    expect(targetArgs({ registry: ' h:5000/p ', targetMode: 'flatten', connection: { ...emptyConnection, insecure: true } })).toEqual({ registry: 'h:5000/p', targetMode: 'flatten', connection: { insecure: true } });
  });

  it('puts problems first, filters them, and exports the report as JSON', () => {
    const report: VerifyReport = {
      bundle: '/m/b.tar.000',
      ok: false,
      volumes: [],
      problems: [],
      summary: { files: 3, ok: 1, bad: 2, bytes: 30 },
      files: [
        { path: 'a', status: 'ok' },
        { path: 'b', status: 'mismatch' },
        { path: 'c', status: 'missing' },
      ],
    };
    expect(filterFiles(report.files, 'problems-first').map((f) => f.path)).toEqual(['b', 'c', 'a']);
    expect(filterFiles(report.files, 'problems-only').map((f) => f.path)).toEqual(['b', 'c']);
    expect(filterFiles(report.files, 'bundle-order').map((f) => f.path)).toEqual(['a', 'b', 'c']);
    const json = JSON.parse(reportJson(report, new Date('2026-01-01T00:00:00Z'), 'Higress Airgap'));
    expect(json).toMatchObject({ exportedAt: '2026-01-01T00:00:00.000Z', ok: false, files: report.files });
    expect(reportFileName('/m/b.tar.000')).toBe('b.tar.verify.json');
  });
});

describe('the Deploy screen’s live preview', () => {
  const form = { ...initialDeployForm, registry: 'harbor.example.com/higress' };

  it('regenerates with the shared generators and returns bad input as an error, not a throw', () => {
    const ok = generate(bundle224(), { ...form, namespace: 'gw' });
    expect(ok.output?.namespace).toBe('gw');
    expect(ok.output?.combined).toContain('namespace: gw');
    const bad = generate(bundle224(), { ...form, namespace: 'Not_Valid' });
    expect((bad.error as { code?: string }).code).toBe('DEPLOY_NAMESPACE_INVALID');
    const replicas = generate(bundle224(), { ...form, replicas: '1.5' });
    expect((replicas.error as Error).message).toMatch(/replicas/i);
  });
});

describe('small helpers', () => {
  it('finds the parent folder of Unix and Windows paths', () => {
    expect(parentFolder('/media/usb/b.tar')).toBe('/media/usb');
    expect(parentFolder('/b.tar')).toBe('/');
    expect(parentFolder('b.tar')).toBe('.');
    expect(parentFolder('C:\\bundles\\b.tar')).toBe('C:\\bundles');
    expect(parentFolder('C:\\b.tar')).toBe('C:\\');
  });

  it('formats durations and digests', () => {
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(7389)).toBe('2:03:09');
    expect(formatDuration(undefined)).toBe('–');
    expect(shortDigest(`sha256:${'ab'.repeat(32)}`)).toBe('sha256:abababababab…');
  });

  it('routes by hash, with anything unknown (the token, nothing) going home', () => {
    expect(routeFromHash('#/build')).toBe('build');
    expect(routeFromHash('#/import?x=1')).toBe('import');
    expect(routeFromHash('#token=abc')).toBe('home');
    expect(routeFromHash('')).toBe('home');
  });
});
