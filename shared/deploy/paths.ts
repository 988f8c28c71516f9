import { WORKLOADS } from './console-env';
import type { WorkloadEnv } from './types';

/** Where each part goes in the output folder (relative, `/`-separated). */
export const FILES = {
  all: 'all.yaml',
  secret: 'manifests/00-pull-secret.yaml',
  pluginServer: 'manifests/10-plugin-server.yaml',
  wasmPlugins: 'manifests/20-wasm-plugins.yaml',
  setEnv: 'kubectl-set-env.sh',
  helmValues: 'helm/values.yaml',
  helmUpgrade: 'helm/upgrade.sh',
  readme: 'README.md',
} as const;

export function patchPath(w: Pick<WorkloadEnv, 'deployment'>): string {
  return `patches/${w.deployment}.yaml`;
}

/** Every path a run can write, so a re-run with --force can drop the ones this run does not. */
export const GENERATED_PATHS: readonly string[] = [...Object.values(FILES), ...Object.values(WORKLOADS).map(patchPath)];

/** The helm target's install script (whole release), the compose and docker targets' files. */
export const TARGET_FILES = {
  helmInstall: 'helm/install.sh',
  composeEnv: 'compose/.env.airgap',
  composeOverride: 'compose/docker-compose.override.yml',
  dockerScript: 'docker/run-higress.sh',
} as const;

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Whether a run of `yaml` (any target) can write this path: the fixed names, a chart package
 * copied from the bundle (`charts/<file>.tgz`), a custom plugin's module for the all-in-one
 * (`docker/plugins/<name>/<version>/plugin.wasm`). The app's writer accepts nothing else.
 */
export function isDeployPath(path: string): boolean {
  if (GENERATED_PATHS.includes(path) || (Object.values(TARGET_FILES) as string[]).includes(path)) return true;
  const s = path.split('/');
  if (s.length === 2 && s[0] === 'charts') return SEGMENT.test(s[1] as string) && (s[1] as string).endsWith('.tgz');
  return s.length === 5 && s[0] === 'docker' && s[1] === 'plugins' && SEGMENT.test(s[2] as string) && SEGMENT.test(s[3] as string) && s[4] === 'plugin.wasm';
}
