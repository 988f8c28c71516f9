import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Starts the real `higress-airgap ui` command and returns the URL it prints. */
export async function startUiCommand(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  if (!existsSync('out/renderer/index.html')) throw new Error('The renderer is not built: run `npm run build` first (npm test does).');
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'ui'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => reject(new Error(`ui exited ${code}: ${err}`)));
  });
  return { url, child };
}

/**
 * A `ui` of its own under `dir`: its own settings folder, an empty Docker config, and no Docker
 * engine (a socket that does not exist) unless `extra` gives one.
 */
export function isolatedUiEnv(dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { HIGRESS_AIRGAP_CONFIG: join(dir, 'config'), DOCKER_CONFIG: join(dir, 'docker-config'), DOCKER_HOST: `unix://${join(dir, 'no-docker.sock')}`, ...extra };
}
