import { z } from 'zod';
import { PLUGIN_PHASES } from '../catalog/types';
import { AppError } from '../errors';
import { kubeModels } from './kube-models';
import { isDnsLabel, isDnsSubdomain, isLabelKey, isLabelValue } from './names';

/**
 * The WasmPlugin CRD's openAPIV3Schema (extensions.higress.io/v1alpha1, alibaba/higress
 * helm/core/crds) as zod, plus the name rules the API server adds. The product cannot read the CRD
 * file at run time; the tests check that this schema and the CRD agree. Stricter than the CRD where
 * the gateway is: unknown spec keys (which the API server would silently prune) and a `sha256` that
 * is not bare lowercase hex (which the gateway would never match) are refused.
 */
const configObject = z.record(z.string(), z.unknown());

const matchRuleSchema = z
  .object({
    config: configObject.optional(),
    configDisable: z.boolean().optional(),
    domain: z.array(z.string()).optional(),
    ingress: z.array(z.string()).optional(),
    routeType: z.enum(['HTTP', 'GRPC']).optional(),
    service: z.array(z.string()).optional(),
  })
  .strict();

const wasmPluginSpecSchema = z
  .object({
    url: z.string().regex(/^(oci|https?|file):\/\/\S+$/, 'must be an oci://, http(s):// or file:// URL'),
    sha256: z.string().regex(/^[a-f0-9]{64}$/, 'must be 64 lowercase hex digits without "sha256:"').optional(),
    imagePullPolicy: z.enum(['UNSPECIFIED_POLICY', 'IfNotPresent', 'Always']).optional(),
    imagePullSecret: z.string().refine(isDnsSubdomain, 'must be a Secret name (DNS-1123 subdomain)').optional(),
    phase: z.enum(PLUGIN_PHASES as [string, ...string[]]).optional(),
    priority: z.number().int().nullable().optional(),
    failStrategy: z.enum(['FAIL_CLOSE', 'FAIL_OPEN']).optional(),
    defaultConfig: configObject.optional(),
    defaultConfigDisable: z.boolean().optional(),
    matchRules: z.array(matchRuleSchema).optional(),
    pluginConfig: configObject.optional(),
    pluginName: z.string().optional(),
    verificationKey: z.string().optional(),
    vmConfig: z
      .object({
        env: z.array(z.object({ name: z.string().optional(), value: z.string().optional(), valueFrom: z.enum(['INLINE', 'HOST']).optional() }).strict()).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const wasmPluginSchema = z
  .object({
    apiVersion: z.literal('extensions.higress.io/v1alpha1'),
    kind: z.literal('WasmPlugin'),
    metadata: z
      .object({
        name: z.string().refine(isDnsSubdomain, 'must be a DNS-1123 subdomain (lowercase a-z, 0-9, "-" and ".")'),
        namespace: z.string().refine(isDnsLabel, 'must be a DNS-1123 label'),
        labels: z.record(z.string().refine(isLabelKey, 'is not a valid label key'), z.string().refine(isLabelValue, 'is not a valid label value')).optional(),
        annotations: z.record(z.string().refine(isLabelKey, 'is not a valid annotation key'), z.string()).optional(),
      })
      .strict(),
    spec: wasmPluginSpecSchema,
  })
  .strict();

export type WasmPlugin = z.infer<typeof wasmPluginSchema>;

/** Checks a WasmPlugin; returns the problems (empty when valid). */
export function wasmPluginProblems(value: unknown): string[] {
  const r = wasmPluginSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`);
}

/**
 * Validates one generated object: Deployment, Service and Secret with kubernetes-models (the
 * Kubernetes OpenAPI schema), WasmPlugin with the CRD schema above, and every name against the
 * API server's rules. A failure here is a generator bug or input that slipped past the checks.
 */
export function validateObject(obj: { kind: string; metadata?: { name?: string; namespace?: string } }): void {
  const problems: string[] = [];
  const name = obj.metadata?.name ?? '';
  const namespace = obj.metadata?.namespace ?? '';
  if (!isDnsSubdomain(name)) problems.push(`metadata.name "${name}" is not a DNS-1123 subdomain`);
  if (!isDnsLabel(namespace)) problems.push(`metadata.namespace "${namespace}" is not a DNS-1123 label`);
  try {
    switch (obj.kind) {
      case 'Deployment':
        new (kubeModels().Deployment)(obj).validate();
        break;
      case 'Service':
        // A Service name is also a DNS name in the cluster: the stricter label rule applies.
        if (!isDnsLabel(name)) problems.push(`Service name "${name}" is not a DNS-1123 label`);
        new (kubeModels().Service)(obj).validate();
        break;
      case 'Secret':
        new (kubeModels().Secret)(obj).validate();
        break;
      case 'WasmPlugin':
        problems.push(...wasmPluginProblems(obj));
        break;
      default:
        problems.push(`unexpected kind ${obj.kind}`);
    }
  } catch (e) {
    problems.push((e as Error).message);
  }
  if (problems.length) {
    throw new AppError('INVALID_OUTPUT', `Generated ${obj.kind} "${name}" is not valid: ${problems.join('; ')}`, {
      hint: 'This is a bug in Higress Airgap or input it should have refused; please report it with the command line used.',
      details: { kind: obj.kind, name, problems: problems.join('; ') },
    });
  }
}
