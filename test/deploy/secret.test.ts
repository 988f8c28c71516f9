import { describe, expect, it } from 'vitest';
import { generateDeployment, type DeployOutput } from '../../shared/deploy';
import { bundle224, parseDocs } from './fixtures';

const PASSWORD = 'Tr0ub4dor&3-sekret';
const USER = 'robot$higress';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** Every piece of text the output holds, files and plain data alike. */
function everything(o: DeployOutput): string {
  return JSON.stringify(o);
}

describe('the pull Secret and passwords', () => {
  for (const mode of ['http', 'oci'] as const) {
    it(`${mode} mode: a given password appears nowhere unless a filled Secret was asked for`, () => {
      const o = generateDeployment(bundle224(), { registry: 'harbor.example.com:8443/higress', mode, pullSecret: 'harbor-pull', credentials: { username: USER, password: PASSWORD } });
      const text = everything(o);
      for (const leak of [PASSWORD, b64(PASSWORD), b64(`${USER}:${PASSWORD}`)]) expect(text).not.toContain(leak);
      expect(o.warnings).toContain('Credentials were given without asking for a filled Secret: they were not used; the Secret is a template.');
    });
  }

  it('the template: dockerconfigjson with placeholders for the target registry, in the Higress namespace', () => {
    const o = generateDeployment(bundle224(), { registry: 'harbor.example.com:8443/higress', mode: 'oci', pullSecret: 'harbor-pull', namespace: 'gw' });
    const secret = parseDocs(o.combined).find((d) => d.kind === 'Secret');
    expect(secret.metadata).toEqual({ name: 'harbor-pull', namespace: 'gw' });
    expect(secret.type).toBe('kubernetes.io/dockerconfigjson');
    expect(JSON.parse(secret.stringData['.dockerconfigjson'])).toEqual({ auths: { 'harbor.example.com:8443': { username: '<USERNAME>', password: '<PASSWORD>' } } });
    // Same namespace as the WasmPlugins that name it.
    for (const w of parseDocs(o.combined).filter((d) => d.kind === 'WasmPlugin')) {
      expect(w.metadata.namespace).toBe('gw');
      expect(w.spec.imagePullSecret).toBe('harbor-pull');
    }
    expect(o.kubectlCommands).toContain(
      "kubectl -n gw create secret docker-registry harbor-pull --docker-server=harbor.example.com:8443 '--docker-username=<USERNAME>' '--docker-password=<PASSWORD>'",
    );
    expect(o.files.find((f) => f.path === 'manifests/00-pull-secret.yaml')?.content).toMatch(/^# Template: replace <USERNAME> and <PASSWORD>/);
  });

  it('filled on request: base64 in data, never plain; the kubectl command keeps placeholders', () => {
    const o = generateDeployment(bundle224(), {
      registry: 'harbor.example.com/higress',
      mode: 'oci',
      pullSecret: 'harbor-pull',
      fillSecret: true,
      credentials: { username: USER, password: 'pässwörd-ü' },
    });
    const secret = parseDocs(o.combined).find((d) => d.kind === 'Secret');
    expect(secret.stringData).toBeUndefined();
    const config = JSON.parse(Buffer.from(secret.data['.dockerconfigjson'], 'base64').toString('utf8'));
    expect(config).toEqual({ auths: { 'harbor.example.com': { username: USER, password: 'pässwörd-ü', auth: b64(`${USER}:pässwörd-ü`) } } });
    expect(o.combined).not.toContain('pässwörd-ü');
    expect(o.kubectlCommands.join('\n')).not.toContain(b64('pässwörd-ü'));
    expect(o.kubectlCommands.join('\n')).toContain('<PASSWORD>');
  });

  it('no Secret name: no Secret and no pull secret references', () => {
    const o = generateDeployment(bundle224(), { registry: 'harbor.example.com/higress', mode: 'http' });
    const docs = parseDocs(o.combined);
    expect(docs.some((d) => d.kind === 'Secret')).toBe(false);
    expect(docs.find((d) => d.kind === 'Deployment').spec.template.spec.imagePullSecrets).toBeUndefined();
    expect(o.files.some((f) => f.path === 'manifests/00-pull-secret.yaml')).toBe(false);
  });
});
