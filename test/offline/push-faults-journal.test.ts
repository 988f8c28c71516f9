import { spawn } from 'node:child_process';
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../env/cli';
import { ownerTag } from '../../shared/system/temp-owner';
import { startRegistry, type TestRegistry } from '../env/registry';
import { tempDir, type TempDir } from '../env/tools';
import { pushRandomImage } from '../integration/random-image';

// The push journal only saves work, but what goes wrong with it must be said: a write that fails
// (full disk, read-only or broken settings folder) is reported and the push goes on; temporary
// files of writes a kill interrupted are removed by the next run — never those of a live one.
let source: TestRegistry;
let target: TestRegistry;
let dir: TempDir;
let bundle: string;
const env = (cfg: string) => ({ HIGRESS_AIRGAP_CONFIG: cfg, DOCKER_CONFIG: join(dir.path, 'nodocker'), HOME: dir.path, SOURCE_DATE_EPOCH: '1767225600' });

beforeAll(async () => {
  dir = await tempDir('journal');
  [source, target] = await Promise.all([startRegistry('plain'), startRegistry('plain')]);
  await pushRandomImage(source, 'apps/one', '1', 100 * 1024);
  bundle = join(dir.path, 'b.tar');
  const r = await cli(['bundle', '--out', bundle, '--no-plugin-server', '--image', `${source.host}/apps/one:1`, '--plain-http'], { env: env(join(dir.path, 'bundle-cfg')) });
  expect(r.code, r.stderr).toBe(0);
});
afterAll(async () => {
  await Promise.all([source?.stop(), target?.stop()]);
  await dir?.remove();
});

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

describe('push journal', () => {
  it('a journal that cannot be written is reported, and the push still completes', async () => {
    const cfg = join(dir.path, 'broken-cfg');
    await mkdir(cfg, { recursive: true });
    // "jobs" is a file: nothing can be written under it (like a full or read-only disk, portably).
    await writeFile(join(cfg, 'jobs'), 'not a folder');
    const human = await cli(['push', bundle, '--registry', `${target.host}/j1`, '--plain-http'], { env: env(cfg) });
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^Pushed /);
    expect(human.stdout).toMatch(/warning: The push journal \S+ could not be written: .*if it is interrupted the next run cannot continue/);
    const json = await cli(['push', bundle, '--registry', `${target.host}/j2`, '--plain-http', '--json'], { env: env(cfg) });
    expect(json.code, json.stderr).toBe(0);
    const warnings = JSON.parse(json.stdout).report.warnings as Array<{ code: string; details: { file: string; errno: string } }>;
    expect(warnings.map((w) => w.code)).toContain('JOURNAL_WRITE_FAILED');
    expect(warnings.find((w) => w.code === 'JOURNAL_WRITE_FAILED')?.details).toMatchObject({ file: expect.stringContaining(join(cfg, 'jobs')), errno: expect.stringMatching(/^(EEXIST|ENOTDIR)$/) });
  });

  it('removes temporary files of runs that are gone, keeps those of live ones, then works', async () => {
    const cfg = join(dir.path, 'stale-cfg');
    const jobs = join(cfg, 'jobs');
    await mkdir(jobs, { recursive: true });
    const key = 'a'.repeat(32);
    const host = ownerTag().split('-')[1];
    const dead = `push-${key}.json.${await deadPid()}-${host}.0123456789ab.tmp`;
    const live = `push-${key}.json.${process.pid}-${host}.ba9876543210.tmp`;
    // Another host's, on a shared settings folder: its pid means nothing here.
    const otherHost = `push-${key}.json.${await deadPid()}-00000000.0123456789cd.tmp`;
    const oldOwnerless = `push-${key}.json.0123456789ab.tmp`;
    const newOwnerless = `push-${key}.json.ba9876543210.tmp`;
    for (const f of [dead, live, otherHost, oldOwnerless, newOwnerless]) await writeFile(join(jobs, f), '{"half":');
    const anHourAgo = new Date(Date.now() - 3600_000);
    await utimes(join(jobs, oldOwnerless), anHourAgo, anHourAgo);
    const r = await cli(['push', bundle, '--registry', `${target.host}/j3`, '--plain-http'], { env: env(cfg) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('warning:');
    const left = await readdir(jobs);
    expect(left).toContain(live);
    expect(left).toContain(newOwnerless);
    expect(left).toContain(otherHost);
    expect(left).not.toContain(dead);
    expect(left).not.toContain(oldOwnerless);
  });
});
