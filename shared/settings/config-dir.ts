import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The one settings folder the CLI and the desktop app share: `$HIGRESS_AIRGAP_CONFIG` when set,
 * else the platform's config folder (XDG on Linux, Application Support on macOS, %APPDATA% on Windows).
 */
export function configDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.HIGRESS_AIRGAP_CONFIG) return env.HIGRESS_AIRGAP_CONFIG;
  const home = env.HOME || env.USERPROFILE || homedir();
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'higress-airgap');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'higress-airgap');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'higress-airgap');
}
