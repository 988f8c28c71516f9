import type { TestRegistry } from './registry';
import { requireTool, run, type RunResult } from './tools';

/** skopeo (Debian) as an independent oracle for what we push and write. */
export function skopeo(args: readonly string[]): Promise<RunResult> {
  return run(requireTool('/usr/bin/skopeo', 'skopeo'), args);
}

/** skopeo flags that reach one of our test registries (`src`/`dest` for copy). */
export function skopeoFlags(r: TestRegistry, direction: 'src' | 'dest' | 'plain' = 'plain'): string[] {
  const p = direction === 'plain' ? '' : `${direction}-`;
  const flags: string[] = [];
  if (r.flavour === 'tls-basic' && r.caDir) flags.push(`--${p}cert-dir=${r.caDir}`);
  else flags.push(`--${p}tls-verify=false`);
  if (r.username) flags.push(`--${p}creds=${r.username}:${r.password}`);
  return flags;
}
