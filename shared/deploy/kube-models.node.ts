import { createRequire } from 'node:module';
import type { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import type { Secret } from 'kubernetes-models/v1/Secret';
import type { Service } from 'kubernetes-models/v1/Service';
import type { KubeModels } from './kube-models';

let models: KubeModels | undefined;

/**
 * The models, loaded on first use (Node only): what the CLI build (scripts/build-cli.mjs) uses in
 * place of kube-models.ts, so that commands which never validate a Kubernetes object (verify,
 * bundle, push…) do not load kubernetes-models (~0.1 s of CPU) at start.
 */
export function kubeModels(): KubeModels {
  if (!models) {
    const load = createRequire(import.meta.url);
    models = {
      Deployment: (load('kubernetes-models/apps/v1/Deployment') as { Deployment: typeof Deployment }).Deployment,
      Secret: (load('kubernetes-models/v1/Secret') as { Secret: typeof Secret }).Secret,
      Service: (load('kubernetes-models/v1/Service') as { Service: typeof Service }).Service,
    };
  }
  return models;
}
