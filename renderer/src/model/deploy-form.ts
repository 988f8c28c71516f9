import {
  DEFAULT_NAMESPACE,
  DEFAULT_REPLICAS,
  DEFAULT_RESOURCES,
  generateDeployment,
  generateForTarget,
  type DeliveryMode,
  type DeployInput,
  type DeployOptions,
  type DeployOutput,
  type DeployTarget,
  type PullPolicy,
  type TargetDeployment,
} from '../../../shared/deploy';
import type { RetagMode } from '../../../shared/oci/retag';

/** The Deploy screen's form, as typed (numbers stay strings until generation). */
export interface DeployForm {
  /** Where Higress runs: Helm (Kubernetes), Docker Compose (higress-standalone), Docker all-in-one. */
  readonly target: DeployTarget;
  readonly mode: DeliveryMode;
  readonly registry: string;
  readonly targetMode: RetagMode;
  readonly plainHttp: boolean;
  readonly insecure: boolean;
  readonly caFile: boolean;
  readonly namespace: string;
  readonly release: string;
  /** '' = the release's console image; else a Console build id of the release. */
  readonly consoleBuild: string;
  readonly replicas: string;
  readonly cpuRequest: string;
  readonly memoryRequest: string;
  readonly cpuLimit: string;
  readonly memoryLimit: string;
  readonly pullSecret: string;
  /** '' = the bundled Plugin Server image; else the custom image push built. */
  readonly pluginServerImage: string;
  readonly pinDigest: boolean;
  readonly imagePullPolicy: PullPolicy;
}

export const initialDeployForm: DeployForm = {
  target: 'helm',
  mode: 'http',
  registry: '',
  targetMode: 'keep',
  plainHttp: false,
  insecure: false,
  caFile: false,
  namespace: DEFAULT_NAMESPACE,
  release: '',
  consoleBuild: '',
  replicas: String(DEFAULT_REPLICAS),
  cpuRequest: DEFAULT_RESOURCES.requests.cpu,
  memoryRequest: DEFAULT_RESOURCES.requests.memory,
  cpuLimit: DEFAULT_RESOURCES.limits.cpu,
  memoryLimit: DEFAULT_RESOURCES.limits.memory,
  pullSecret: '',
  pluginServerImage: '',
  pinDigest: false,
  imagePullPolicy: 'IfNotPresent',
};

export function deployOptionsOf(form: DeployForm): DeployOptions {
  const replicas = form.replicas.trim();
  return {
    registry: form.registry.trim(),
    targetMode: form.targetMode,
    mode: form.mode,
    namespace: form.namespace.trim(),
    ...(form.release ? { release: form.release } : {}),
    ...(form.consoleBuild ? { consoleBuild: form.consoleBuild } : {}),
    // Not a whole number → NaN, which the generator refuses with its own explanation.
    replicas: /^\d+$/.test(replicas) ? Number(replicas) : Number.NaN,
    resources: {
      requests: { cpu: form.cpuRequest.trim(), memory: form.memoryRequest.trim() },
      limits: { cpu: form.cpuLimit.trim(), memory: form.memoryLimit.trim() },
    },
    ...(form.pullSecret.trim() ? { pullSecret: form.pullSecret.trim() } : {}),
    ...(form.pluginServerImage.trim() ? { pluginServerImage: form.pluginServerImage.trim() } : {}),
    pinDigest: form.pinDigest,
    imagePullPolicy: form.imagePullPolicy,
    plainHttp: form.plainHttp,
    insecure: form.insecure,
    caFile: form.caFile,
  };
}

export type Generated = { readonly output: DeployOutput; readonly error?: undefined } | { readonly output?: undefined; readonly error: unknown };

/** The live preview: the shared generators, run on every change; bad input comes back as an error. */
export function generate(input: DeployInput, form: DeployForm, restoredConfig?: DeployOptions['restoredConfig']): Generated {
  try {
    return { output: generateDeployment(input, { ...deployOptionsOf(form), ...(restoredConfig ? { restoredConfig } : {}) }) };
  } catch (error) {
    return { error };
  }
}

export type GeneratedTarget = { readonly deployment: TargetDeployment; readonly error?: undefined } | { readonly deployment?: undefined; readonly error: unknown };

/** The live preview of the chosen target (the same entry point as `yaml --target`); bad input comes back as an error. */
export function generateTarget(input: DeployInput, form: DeployForm, restoredConfig?: DeployOptions['restoredConfig']): GeneratedTarget {
  try {
    return { deployment: generateForTarget(input, { ...deployOptionsOf(form), target: form.target, ...(restoredConfig ? { restoredConfig } : {}) }) };
  } catch (error) {
    return { error };
  }
}
