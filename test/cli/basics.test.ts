import { describe, expect, it } from 'vitest';
import pkg from '../../package.json';
import { cli, cliProcess } from '../env/cli';

describe('CLI basics', () => {
  it('--help teaches: commands, examples, exit codes', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: higress-airgap');
    expect(r.stdout).toContain('system');
    expect(r.stdout).toContain('Connected side:');
    expect(r.stdout).toContain('$ higress-airgap bundle --out');
    expect(r.stdout).toMatch(/Exit codes:[\s\S]*2 {2}bad usage/);
  });

  it('--version prints the package version', async () => {
    const r = await cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('exits 2 on bad usage with a message on stderr', async () => {
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const badOption = await cli(['system', 'check', '--nope']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain("unknown option '--nope'");
    const badPort = await cli(['ui', '--port', 'eighty']);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain('--port');
  });

  it('system check --json reports version, docker status and folder space', async () => {
    const r = await cli(['system', 'check', '--json', '--folder', '/tmp'], { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as Record<string, any>;
    expect(result.appVersion).toBe(pkg.version);
    expect(result.docker).toMatchObject({ reachable: false, endpoint: 'unix:///nonexistent/docker.sock' });
    expect(result.docker.error).toContain('does not exist');
    expect(result.folder.path).toBe('/tmp');
    expect(result.folder.freeBytes).toBeGreaterThan(0);
  });

  it('system check prints human text without --json', async () => {
    const r = await cli(['system', 'check', '--folder', '/tmp'], { env: { DOCKER_HOST: 'tcp://127.0.0.1:1' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Higress Airgap ${pkg.version}`);
    expect(r.stdout).toMatch(/Docker engine: not reachable at tcp:\/\/127\.0\.0\.1:1/);
    expect(r.stdout).toMatch(/Folder \/tmp: .* free of /);
  });

  it('the real process exits with the documented codes', async () => {
    const ok = await cliProcess(['--version']);
    expect(ok.code).toBe(0);
    const usage = await cliProcess(['--bogus']);
    expect(usage.code).toBe(2);
    const failed = await cliProcess(['system', 'check', '--json'], { env: { DOCKER_HOST: 'ssh://user@host' } });
    expect(failed.code).toBe(0); // an unreachable engine is reported, not a failure
    expect(JSON.parse(failed.stdout).docker.error).toContain('not supported');
  });
});
