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
