import { readFile, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeModels as staticModels } from '../../shared/deploy/kube-models';
import { kubeModels as lazyModels } from '../../shared/deploy/kube-models.node';
import { consistentBundleFor } from '../bundle/bundle-model';
import { run, runOk, tempDir, type TempDir } from '../env/tools';
import { bundle224, parseDocs } from './fixtures';

/**
 * The deployment validator checks Deployments, Services and Secrets with kubernetes-models. The
 * app imports them with the validator; the CLI build swaps in a Node loader that loads them on
 * first use, so that commands which never write a Kubernetes object do not load them at start.
 * Both must validate alike, and the CLI must really not load them until a command needs them.
 */
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'x', namespace: 'higress-system' },
  spec: { selector: { matchLabels: { a: 'b' } }, template: { spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 8080 }] }] } } },
};
const badPort = structuredClone(deployment) as unknown as { spec: { template: { spec: { containers: Array<{ ports: Array<{ containerPort: unknown }> }> } } } };
badPort.spec.template.spec.containers[0]!.ports[0]!.containerPort = '8080';
const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': 'e30=' } };
const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'n' }, spec: { ports: [{ port: 80 }] } };
const badService = { ...service, spec: { ports: [{ port: 'http' }] } };

describe('kubernetes-models, imported or loaded on first use', () => {
  for (const [name, models] of [
    ['imported (app)', staticModels],
    ['loaded on first use (CLI)', lazyModels],
  ] as const) {
    it(`${name}: accepts valid objects and refuses a wrong type with the schema's words`, () => {
      const m = models();
      expect(() => new m.Deployment(deployment).validate()).not.toThrow();
      expect(() => new m.Secret(secret).validate()).not.toThrow();
      expect(() => new m.Service(service).validate()).not.toThrow();
      expect(() => new m.Deployment(badPort as never).validate()).toThrow(/containerPort must be integer/);
      expect(() => new m.Service(badService as never).validate()).toThrow(/port must be integer/);
      expect(models()).toBe(m);
    });
  }
});

describe('the CLI build', () => {
  let dir: TempDir;
  let main: string;
  beforeAll(async () => {
    dir = await tempDir('cli-build');
    main = join(dir.path, 'cli', 'main.mjs');
    await runOk(process.execPath, ['scripts/build-cli.mjs', main]);
    // The external packages resolve from the checkout's node_modules, as from an install.
    await symlink(resolve('node_modules'), join(dir.path, 'node_modules'));
  }, 120_000);
  afterAll(async () => {
    await dir?.remove();
  });

  /** Runs the built CLI; reports on stderr whether kubernetes-models was loaded by the time it exits. */
  const runBuilt = (args: readonly string[]) =>
    run(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent('import{createRequire}from"node:module";const c=createRequire("/").cache;process.on("exit",()=>process.stderr.write("\\nkubernetes-models loaded: "+Object.keys(c).some((k)=>k.includes("/kubernetes-models/"))))')}`, main, ...args], {
      env: { ...process.env, HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg') },
    });

  it('does not load kubernetes-models for a command that validates no Kubernetes object', async () => {
    const r = await runBuilt(['verify', '--help']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Usage: higress-airgap verify');
    expect(r.stderr).toContain('kubernetes-models loaded: false');
    // Nor as an ES module (which the check above would not see): the bundle has no import of it.
    expect(await readFile(main, 'utf8')).not.toMatch(/(from|import\()\s*["']kubernetes-models/);
  });

  it('loads it on first use: the YAML of a bundle, with its Deployment and Secret validated', async () => {
    const bundle = join(dir.path, 'bundle.tar');
    await writeFile(bundle, consistentBundleFor(bundle224()).tar);
    const out = join(dir.path, 'yaml');
    const r = await runBuilt(['yaml', bundle, '--registry', 'harbor.example.com/higress', '--mode', 'http', '--pull-secret', 'harbor-pull', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('kubernetes-models loaded: true');
    const kinds = parseDocs(await readFile(join(out, 'all.yaml'), 'utf8')).map((d) => d.kind);
    expect(kinds).toEqual(expect.arrayContaining(['Deployment', 'Service', 'Secret']));
  });
});
