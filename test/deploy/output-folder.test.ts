import { mkdir, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDeployFolder, RECORD_NAME, writeDeployFolder } from '../../shared/deploy-output/write-folder';
import { tempDir, type TempDir } from '../env/tools';

// The deployment folder rules on a real file system: only files an earlier run recorded are
// replaced or removed, only with consent, and a file no run wrote is never touched.
let dir: TempDir;
beforeAll(async () => {
  dir = await tempDir('deploy-folder');
});
afterAll(async () => dir?.remove());

const files = (tag: string) => [
  { path: 'all.yaml', content: `kind: List # ${tag}\n` },
  { path: 'manifests/10-plugin-server.yaml', content: `kind: Deployment # ${tag}\n` },
  { path: 'README.md', content: `# ${tag}\n` },
];
const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code);

describe('the deployment folder', () => {
  it('writes a new folder with a record of every file, owner-only', async () => {
    const out = join(dir.path, 'new');
    const r = await writeDeployFolder(out, files('one'), []);
    expect(r.create).toEqual(['all.yaml', 'manifests/10-plugin-server.yaml', 'README.md']);
    expect(r.replace).toEqual([]);
    expect(await readFile(join(out, 'all.yaml'), 'utf8')).toBe('kind: List # one\n');
    const record = JSON.parse(await readFile(join(out, RECORD_NAME), 'utf8'));
    expect(record.files.map((f: { path: string }) => f.path)).toEqual(['all.yaml', 'manifests/10-plugin-server.yaml', 'README.md']);
    expect((await stat(join(out, 'all.yaml'))).mode & 0o777).toBe(0o600);
  });

  it('writes bytes as they are and the mode a file asks for; a re-run keeps the record and consent rules for them too', async () => {
    const out = join(dir.path, 'binary');
    const wasm = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0xff, 0xfe, 0x0a]);
    const set = (b: Buffer) => [
      { path: 'docker/run-higress.sh', content: '#!/bin/sh\necho hi\n', mode: 0o755 },
      { path: 'docker/plugins/my-plugin/1.0.0/plugin.wasm', content: b },
    ];
    await writeDeployFolder(out, set(wasm), []);
    expect((await readFile(join(out, 'docker/plugins/my-plugin/1.0.0/plugin.wasm'))).equals(wasm)).toBe(true);
    expect((await stat(join(out, 'docker/run-higress.sh'))).mode & 0o777).toBe(0o755);
    expect((await stat(join(out, 'docker/plugins/my-plugin/1.0.0/plugin.wasm'))).mode & 0o777).toBe(0o600);
    const record = JSON.parse(await readFile(join(out, RECORD_NAME), 'utf8')) as { files: Array<{ path: string; sha256: string }> };
    expect(record.files.find((f) => f.path.endsWith('plugin.wasm'))?.sha256).toBe(createHash('sha256').update(wasm).digest('hex'));
    // Other bytes: replaced only with consent, and the unchanged file is not named as edited.
    const other = Buffer.concat([wasm, Buffer.from([1])]);
    const refused = await writeDeployFolder(out, set(other), []).then(() => undefined, (e: { code?: string; details?: { edited?: string[] } }) => e);
    expect(refused?.code).toBe('DEPLOY_REPLACE_UNCONFIRMED');
    expect(refused?.details?.edited).toEqual([]);
    await writeDeployFolder(out, set(other), true);
    expect((await readFile(join(out, 'docker/plugins/my-plugin/1.0.0/plugin.wasm'))).equals(other)).toBe(true);
  });

  it('refuses a folder no run wrote, leaving a hand-made all.yaml as it was', async () => {
    const out = join(dir.path, 'hand');
    await mkdir(out);
    await writeFile(join(out, 'all.yaml'), 'mine\n');
    await expect(writeDeployFolder(out, files('one'), true)).rejects.toMatchObject({ code: 'DEPLOY_FOLDER_NOT_OURS', details: { path: out } });
    expect(await readFile(join(out, 'all.yaml'), 'utf8')).toBe('mine\n');
    expect(await readdir(out)).toEqual(['all.yaml']);
  });

  it('asks before replacing the files of an earlier run, names the hand-edited ones, and replaces only with consent', async () => {
    const out = join(dir.path, 'rerun');
    await writeDeployFolder(out, files('one'), []);
    await writeFile(join(out, 'all.yaml'), 'edited by hand\n');
    const refused = (await writeDeployFolder(out, files('two'), []).then(
      () => undefined,
      (e: unknown) => e,
    )) as { code: string; details: { replace: unknown } } | undefined;
    expect(refused).toMatchObject({ code: 'DEPLOY_REPLACE_UNCONFIRMED', details: { edited: ['all.yaml'] } });
    expect(refused?.details.replace).toEqual([
      { path: 'all.yaml', edited: true },
      { path: 'manifests/10-plugin-server.yaml', edited: false },
      { path: 'README.md', edited: false },
    ]);
    expect(await readFile(join(out, 'all.yaml'), 'utf8')).toBe('edited by hand\n');
    // Consent to two of three is not consent to the third.
    expect(await codeOf(writeDeployFolder(out, files('two'), ['manifests/10-plugin-server.yaml', 'README.md']))).toBe('DEPLOY_REPLACE_UNCONFIRMED');
    expect(await readFile(join(out, 'README.md'), 'utf8')).toBe('# one\n');
    const done = await writeDeployFolder(out, files('two'), ['all.yaml', 'manifests/10-plugin-server.yaml', 'README.md']);
    expect(done.replace.map((c) => c.path)).toEqual(['all.yaml', 'manifests/10-plugin-server.yaml', 'README.md']);
    expect(await readFile(join(out, 'all.yaml'), 'utf8')).toBe('kind: List # two\n');
  });

  it('removes a recorded file the new output lacks, with consent; leaves a file of its own alone', async () => {
    const out = join(dir.path, 'shrink');
    await writeDeployFolder(out, [...files('one'), { path: 'manifests/00-pull-secret.yaml', content: 'kind: Secret\n' }], []);
    await writeFile(join(out, 'notes.txt'), 'mine');
    const plan = await planDeployFolder(out, files('two'));
    expect(plan.remove).toEqual([{ path: 'manifests/00-pull-secret.yaml', edited: false }]);
    const r = await writeDeployFolder(out, files('two'), true);
    expect(r.remove.map((c) => c.path)).toEqual(['manifests/00-pull-secret.yaml']);
    const left = await readdir(join(out, 'manifests'));
    expect(left).toEqual(['10-plugin-server.yaml']);
    expect(await readFile(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('never replaces a file the record does not name, even with a blanket yes', async () => {
    const out = join(dir.path, 'foreign');
    await writeDeployFolder(out, files('one').slice(0, 1), []);
    await writeFile(join(out, 'README.md'), 'mine\n');
    await expect(writeDeployFolder(out, files('two'), true)).rejects.toMatchObject({ code: 'DEPLOY_FILES_NOT_OURS', details: { files: ['README.md'] } });
    expect(await readFile(join(out, 'README.md'), 'utf8')).toBe('mine\n');
    expect(await readFile(join(out, 'all.yaml'), 'utf8')).toBe('kind: List # one\n');
  });

  it('treats a symlink or folder where a recorded file was as not ours, and ignores record paths that leave the folder', async () => {
    const out = join(dir.path, 'tampered');
    await writeDeployFolder(out, files('one'), []);
    const victim = join(dir.path, 'victim.txt');
    await writeFile(victim, 'keep me\n');
    const record = JSON.parse(await readFile(join(out, RECORD_NAME), 'utf8'));
    record.files.push({ path: '../victim.txt', sha256: '0'.repeat(64) });
    await writeFile(join(out, RECORD_NAME), JSON.stringify(record));
    await rm(join(out, 'README.md'));
    await symlink(victim, join(out, 'README.md'));
    await expect(writeDeployFolder(out, files('two'), true)).rejects.toMatchObject({ code: 'DEPLOY_FILES_NOT_OURS', details: { files: ['README.md'] } });
    expect(await readFile(victim, 'utf8')).toBe('keep me\n');
    await writeFile(join(out, RECORD_NAME), 'not json');
    expect(await codeOf(writeDeployFolder(out, files('two'), true))).toBe('DEPLOY_RECORD_INVALID');
  });

  it('refuses a file where the folder should be', async () => {
    const out = join(dir.path, 'a-file');
    await writeFile(out, 'x');
    expect(await codeOf(writeDeployFolder(out, files('one'), true))).toBe('DEPLOY_OUT_NOT_FOLDER');
  });
});
