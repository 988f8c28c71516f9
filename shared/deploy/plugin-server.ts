import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IService } from 'kubernetes-models/v1/Service';
import { UsageError } from '../errors';
import { imageTargetReference } from '../model/placement';
import { withDigest, type ImageReference } from '../oci/reference';
import { warn } from './notes';
import type { DeployContext } from './options';
import { PLUGIN_SERVER_NAME } from './plugin-urls';
import type { DeployImage } from './types';

/** nginx in the image listens on 8080; the Service publishes it on 80 (the Console pattern has no port). */
export const CONTAINER_PORT = 8080;
export const SERVICE_PORT = 80;
/** nginx serves the tree with autoindex on: 200 while the plugin tree is in place. */
export const PROBE_PATH = '/plugins/';
/**
 * The chart's names, so applying our manifest over a Helm-installed Plugin Server patches it
 * (the selector is immutable; containers merge by name) instead of adding a second container on
 * port 8080: selector labels from `pluginServer.selectorLabels`, container named `{{ .Chart.Name }}`
 * of the higress-core chart (alibaba/higress@4e0d6914:helm/core/templates/plugin-server-deployment.yaml,
 * helm/core/templates/_helpers.tpl, helm/core/Chart.yaml; the same at v2.1.9, v2.2.0, v2.2.1).
 */
export const PLUGIN_SERVER_LABELS: Readonly<Record<string, string>> = { app: PLUGIN_SERVER_NAME, higress: PLUGIN_SERVER_NAME };
export const PLUGIN_SERVER_CONTAINER = 'higress-core';

/** The Plugin Server image as the push step names it in the private registry (optionally pinned). */
export function pluginServerImage(images: readonly DeployImage[], ctx: DeployContext): ImageReference {
  // The custom image push built: named as given (its digest is the registry's, not the bundle's).
  if (ctx.customPluginServer) return ctx.customPluginServer;
  const candidates = images.filter((i) => i.role === 'plugin-server');
  const image = candidates[0];
  if (!image) {
    throw new UsageError('HTTP mode needs the Plugin Server image, and the bundle has none', {
      code: 'DEPLOY_NO_PLUGIN_SERVER_IMAGE',
      hint: 'Bundle the plugin-server image, or use --mode oci so the gateway pulls the plugins from the registry.',
    });
  }
  if (candidates.length > 1) warn(ctx, 'DEPLOY_SEVERAL_PLUGIN_SERVERS', { count: candidates.length, image: image.source });
  const ref = imageTargetReference(image, ctx.target);
  if (!ctx.pinDigest) {
    if (ref.tag === 'latest') warn(ctx, 'DEPLOY_PLUGIN_SERVER_LATEST');
    return ref;
  }
  if (!image.digest) {
    warn(ctx, 'DEPLOY_PLUGIN_SERVER_NO_DIGEST');
    return ref;
  }
  return withDigest(ref, image.digest);
}

export function pluginServerDeployment(ctx: DeployContext, image: string): IDeployment {
  const probe = (initialDelaySeconds: number, periodSeconds: number) => ({
    httpGet: { path: PROBE_PATH, port: 'http' },
    initialDelaySeconds,
    periodSeconds,
    timeoutSeconds: 3,
    failureThreshold: 3,
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: PLUGIN_SERVER_NAME, namespace: ctx.namespace, labels: { ...PLUGIN_SERVER_LABELS } },
    spec: {
      replicas: ctx.replicas,
      selector: { matchLabels: { ...PLUGIN_SERVER_LABELS } },
      template: {
        metadata: { labels: { ...PLUGIN_SERVER_LABELS } },
        spec: {
          ...(ctx.pullSecret ? { imagePullSecrets: [{ name: ctx.pullSecret }] } : {}),
          // Preferred, not required: a one-node cluster must still run every replica.
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { ...PLUGIN_SERVER_LABELS } }, topologyKey: 'kubernetes.io/hostname' } },
              ],
            },
          },
          containers: [
            {
              name: PLUGIN_SERVER_CONTAINER,
              image,
              imagePullPolicy: ctx.imagePullPolicy,
              ports: [{ name: 'http', containerPort: CONTAINER_PORT, protocol: 'TCP' }],
              readinessProbe: probe(2, 10),
              livenessProbe: probe(10, 20),
              resources: { requests: { ...ctx.resources.requests }, limits: { ...ctx.resources.limits } },
            },
          ],
        },
      },
    },
  };
}

export function pluginServerService(ctx: DeployContext): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: PLUGIN_SERVER_NAME, namespace: ctx.namespace, labels: { ...PLUGIN_SERVER_LABELS } },
    spec: {
      type: 'ClusterIP',
      selector: { ...PLUGIN_SERVER_LABELS },
      ports: [{ name: 'http', port: SERVICE_PORT, targetPort: CONTAINER_PORT, protocol: 'TCP' }],
    },
  };
}
