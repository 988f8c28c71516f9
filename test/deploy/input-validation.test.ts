import { describe, expect, it } from 'vitest';
import { generateDeployment, type DeployInput, type DeployOptions } from '../../shared/deploy';
import { UsageError } from '../../shared/errors';
import { MESSAGES } from '../../shared/messages/catalog';
import { bundle224 } from './fixtures';

const base: DeployOptions = { registry: 'harbor.example.com/higress', mode: 'http' };

/** Runs the generator and returns the UsageError it must throw. */
function refused(options: Partial<DeployOptions>, input: DeployInput = bundle224()): UsageError {
  try {
    generateDeployment(input, { ...base, ...options });
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    // Bad usage (exit 2), each mistake with its own code, which reads in both languages.
    expect((e as UsageError).code).not.toBe('BAD_INPUT');
    expect(MESSAGES[(e as UsageError).code], (e as UsageError).code).toBeDefined();
    expect((e as UsageError).hint).toBeTruthy();
    return e as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('bad input is refused with a clear message', () => {
  it('an invalid namespace name', () => {
    for (const namespace of ['Higress_System', 'higress.system', '-higress', 'a'.repeat(64), '']) {
      expect(refused({ namespace }).message).toBe(`Invalid namespace "${namespace}": a namespace is a DNS-1123 label`);
    }
    expect(() => generateDeployment(bundle224(), { ...base, namespace: 'a'.repeat(63) })).not.toThrow();
  });

  it('replicas 0, negative or fractional', () => {
    for (const replicas of [0, -1, 1.5, Number.NaN]) expect(refused({ replicas }).message).toContain(`Invalid replicas ${replicas}`);
    expect(() => generateDeployment(bundle224(), { ...base, replicas: 1 })).not.toThrow();
  });

  it('an unknown plugin, in the selection or in the settings, names what the bundle has', () => {
    const e = refused({ plugins: ['key-auth', 'no-such-plugin'] });
    expect(e.message).toBe('Unknown plugin "no-such-plugin": it is not in the bundle');
    expect(e.hint).toContain('key-auth, ai-proxy, json-converter, mcp-server, my-filter, hello-wasm');
    expect(refused({ pluginSettings: { nope: { priority: 1 } } }).message).toContain('Unknown plugin "nope"');
  });

  it('a bad phase or priority', () => {
    expect(refused({ pluginSettings: { 'my-filter': { phase: 'EARLY' as never } } }).message).toBe('Invalid phase "EARLY" for plugin my-filter');
    expect(refused({ pluginSettings: { 'my-filter': { priority: 1.5 } } }).message).toBe('Invalid priority 1.5 for plugin my-filter');
  });

  it('a bad registry target or mode', () => {
    expect(refused({ registry: 'https://harbor.example.com/higress' }).message).toContain('leave out the scheme');
    expect(refused({ registry: 'harbor.example.com/Higress' }).message).toContain('Invalid target registry');
    expect(refused({ targetMode: 'mirror' as never }).message).toBe('Invalid target mode "mirror"');
    expect(refused({ mode: 'ftp' as never }).message).toBe('Invalid delivery mode "ftp"');
  });

  it('a bad Secret name, pull policy, release or resource quantity', () => {
    expect(refused({ pullSecret: 'Harbor_Pull' }).message).toContain('Invalid pull Secret name "Harbor_Pull"');
    expect(refused({ imagePullPolicy: 'Never' as never }).message).toBe('Invalid image pull policy "Never"');
    expect(refused({ release: '9.9.9' }).message).toBe('Unknown Higress release "9.9.9"');
    expect(refused({ resources: { requests: { cpu: '500 m' } } }).message).toBe('Invalid cpu request "500 m"');
    expect(refused({ resources: { limits: { memory: '256MB' } } }).message).toBe('Invalid memory limit "256MB"');
    expect(refused({ resources: { requests: { memory: '1Gi' } } }).message).toBe('The memory request 1Gi is above the memory limit 256Mi');
  });

  it('HTTP mode without a Plugin Server image in the bundle', () => {
    const input = { ...bundle224(), images: [] };
    expect(refused({}, input).message).toBe('HTTP mode needs the Plugin Server image, and the bundle has none');
    expect(() => generateDeployment(input, { ...base, mode: 'oci' })).not.toThrow();
  });

  it('a filled Secret without a Secret name or without credentials', () => {
    expect(refused({ fillSecret: true, credentials: { username: 'u', password: 'p' } }).message).toBe('A filled Secret needs a Secret name');
    expect(refused({ fillSecret: true, pullSecret: 's' }).message).toBe('A filled Secret needs a username and a password');
    expect(refused({ fillSecret: true, pullSecret: 's', credentials: { username: 'u', password: '' } }).message).toBe('A filled Secret needs a username and a password');
  });

  it('a plugin whose name and version cannot be a Kubernetes object name', () => {
    const b = bundle224();
    const input = { ...b, plugins: b.plugins.map((p) => (p.name === 'my-filter' ? { ...p, version: 'V1_RC', servedVersions: ['V1_RC'] } : p)) };
    expect(refused({}, input).message).toBe('Plugin my-filter V1_RC cannot be a WasmPlugin: "my-filter-V1_RC" is not a valid Kubernetes name');
    // Leaving it out makes the rest work.
    expect(() => generateDeployment(input, { ...base, plugins: ['key-auth'] })).not.toThrow();
  });

  it('a selection keeps only the chosen plugins', () => {
    const o = generateDeployment(bundle224(), { ...base, plugins: ['key-auth', 'my-filter'] });
    expect(o.plugins.map((p) => p.name)).toEqual(['key-auth', 'my-filter']);
    expect(o.objects.filter((x) => x.kind === 'WasmPlugin')).toHaveLength(2);
  });

  it('no release anywhere: the newest is assumed, and the output says so', () => {
    const { higressRelease: _, ...noRelease } = bundle224();
    const o = generateDeployment(noRelease, base);
    expect(o.release).toBe('2.2.4');
    expect(o.warnings[0]).toContain('assuming 2.2.4');
  });
});
