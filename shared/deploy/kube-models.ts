import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';

/** The kubernetes-models classes the deployment validator checks objects with. */
export interface KubeModels {
  readonly Deployment: typeof Deployment;
  readonly Secret: typeof Secret;
  readonly Service: typeof Service;
}

const models: KubeModels = { Deployment, Secret, Service };

/**
 * The models, imported with this module (the app: renderer and Electron main). The CLI build
 * (scripts/build-cli.mjs) puts kube-models.node.ts in this module's place, which loads them on
 * first use: most commands never validate a Kubernetes object and should not pay for loading them.
 */
export function kubeModels(): KubeModels {
  return models;
}
