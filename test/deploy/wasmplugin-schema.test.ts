import { describe, expect, it } from 'vitest';
import { validateObject, wasmPluginProblems } from '../../shared/deploy';
import { AppError } from '../../shared/errors';
import { crdValidator } from './fixtures';

/** The embedded WasmPlugin schema must agree with the CRD schema (test/fixtures/wasmplugin-crd-schema.json, from the higress chart). */
const good = {
  apiVersion: 'extensions.higress.io/v1alpha1',
  kind: 'WasmPlugin',
  metadata: { name: 'key-auth-1.0.0', namespace: 'higress-system', labels: { 'higress.io/wasm-plugin-name': 'key-auth' } },
  spec: {
    url: 'oci://harbor.example.com/higress/plugins/key-auth:2.0.0',
    sha256: 'a'.repeat(64),
    imagePullPolicy: 'IfNotPresent',
    imagePullSecret: 'pull',
    phase: 'AUTHN',
    priority: 310,
    defaultConfigDisable: true,
  },
};

function withSpec(spec: Record<string, unknown>) {
  return { ...good, spec: { ...good.spec, ...spec } };
}

describe('the WasmPlugin validator agrees with the CRD', () => {
  const crd = crdValidator();

  it('both accept a generated-style object and the CRD features users add later', () => {
    const cases = [
      good,
      withSpec({ priority: null }),
      withSpec({ failStrategy: 'FAIL_OPEN', defaultConfig: { allow: ['a'] }, matchRules: [{ ingress: ['default/foo'], config: { x: 1 }, configDisable: false, routeType: 'GRPC' }] }),
      withSpec({ url: 'http://higress-plugin-server.higress-system.svc/plugins/key-auth/1.0.0/plugin.wasm', vmConfig: { env: [{ name: 'A', value: 'b', valueFrom: 'INLINE' }] } }),
    ];
    for (const c of cases) {
      expect(crd(c), JSON.stringify(crd.errors)).toBe(true);
      expect(wasmPluginProblems(c)).toEqual([]);
    }
  });

  it('both refuse values outside the CRD schema', () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['phase', { phase: 'EARLY' }],
      ['imagePullPolicy', { imagePullPolicy: 'Never' }],
      ['priority', { priority: '310' }],
      ['priority', { priority: 3.5 }],
      ['failStrategy', { failStrategy: 'RETRY' }],
      ['defaultConfigDisable', { defaultConfigDisable: 'yes' }],
      ['url', { url: 42 }],
      ['routeType', { matchRules: [{ routeType: 'TCP' }] }],
      ['valueFrom', { vmConfig: { env: [{ name: 'A', valueFrom: 'FILE' }] } }],
    ];
    for (const [field, spec] of cases) {
      const bad = withSpec(spec);
      expect(crd(bad), `CRD should refuse ${JSON.stringify(spec)}`).toBe(false);
      const problems = wasmPluginProblems(bad);
      expect(problems.length, `ours should refuse ${JSON.stringify(spec)}`).toBeGreaterThan(0);
      expect(problems.join(' ')).toContain(field);
    }
  });

  it('ours is stricter where the API server or the gateway is: names, checksums, unknown keys', () => {
    const stricter = [
      { ...good, metadata: { ...good.metadata, name: 'Key_Auth' } },
      { ...good, metadata: { ...good.metadata, namespace: 'Higress' } },
      withSpec({ sha256: `sha256:${'a'.repeat(64)}` }),
      withSpec({ imagePullPolicyy: 'Always' }),
    ];
    for (const c of stricter) {
      expect(crd(c)).toBe(true);
      expect(wasmPluginProblems(c)).not.toEqual([]);
    }
  });

  it('validateObject throws an AppError that names the object and the problem', () => {
    expect(() => validateObject(good)).not.toThrow();
    try {
      validateObject(withSpec({ phase: 'EARLY' }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('INVALID_OUTPUT');
      expect((e as AppError).message).toContain('WasmPlugin "key-auth-1.0.0"');
      expect((e as AppError).message).toContain('spec.phase');
    }
  });

  it('validateObject checks Deployments with kubernetes-models and names with the API server rules', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x', namespace: 'higress-system' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: { spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 8080 }] }] } } },
    };
    expect(() => validateObject(deployment)).not.toThrow();
    const badPort = structuredClone(deployment) as any;
    badPort.spec.template.spec.containers[0].ports[0].containerPort = '8080';
    expect(() => validateObject(badPort)).toThrow(/containerPort must be integer/);
    expect(() => validateObject({ ...deployment, metadata: { name: 'x', namespace: 'Bad_NS' } })).toThrow(/not a DNS-1123 label/);
  });
});
