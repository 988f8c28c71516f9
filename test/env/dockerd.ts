import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { startService, type Service } from './processes';
import { requireTool, run, tempDir, waitFor, type RunResult } from './tools';

/**
 * A private Docker engine (Debian docker.io) for the tests: vfs storage, no iptables, no bridge,
 * its own data root, exec root, pid file and socket, so it never touches a system engine.
 * Loopback registries are insecure by default in dockerd (127.0.0.0/8), so TLS with a test CA works.
 */
export interface TestDockerd {
  readonly socketPath: string;
  /** `unix:///…/docker.sock`, for DOCKER_HOST. */
  readonly host: string;
  readonly docker: Docker;
  readonly process: Service;
  /** Runs the docker CLI against this engine (an independent oracle). */
  cli(args: readonly string[], input?: string | Buffer): Promise<RunResult>;
  stop(): Promise<void>;
}

export async function startDockerd(): Promise<TestDockerd> {
  const dockerd = requireTool('/usr/sbin/dockerd', 'docker.io');
  const dockerCli = requireTool('/usr/bin/docker', 'docker.io');
  // Short paths: unix socket paths are limited to ~108 bytes.
  const dir = await tempDir('dockerd');
  const socketPath = join(dir.path, 'd.sock');
  const proc = startService(
    dockerd,
    [
      '--storage-driver=vfs',
      '--iptables=false',
      '--ip6tables=false',
      '--bridge=none',
      `--data-root=${join(dir.path, 'data')}`,
      `--exec-root=${join(dir.path, 'exec')}`,
      `--pidfile=${join(dir.path, 'dockerd.pid')}`,
      `--host=unix://${socketPath}`,
      '--log-level=error',
    ],
    join(dir.path, 'dockerd.log'),
  );
  const docker = new Docker({ socketPath });
  try {
    await waitFor('dockerd', async () => {
      if (!existsSync(socketPath)) return false;
      await docker.ping();
      return true;
    }, 60000, 200);
  } catch (e) {
    await proc.stop();
    await dir.remove();
    throw new Error(`dockerd did not start: ${(e as Error).message}\n${proc.log()}`, { cause: e });
  }
  const host = `unix://${socketPath}`;
  return {
    socketPath,
    host,
    docker,
    process: proc,
    cli: (args, input) => run(dockerCli, ['-H', host, ...args], input === undefined ? {} : { input }),
    async stop() {
      // Containers first, so the engine can stop quickly.
      try {
        const containers = await docker.listContainers({ all: true });
        await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
      } catch {
        // engine already gone
      }
      await proc.stop(20000);
      await unmountUnder(dir.path);
      await dir.remove();
    },
  };
}

/** dockerd leaves its network-namespace bind mount behind; unmount anything under our folder. */
async function unmountUnder(root: string): Promise<void> {
  const mounts = readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1] ?? '')
    .filter((m) => m === root || m.startsWith(`${root}/`))
    .sort((a, b) => b.length - a.length);
  for (const m of mounts) await run('umount', ['-l', m]);
}
