import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { RECORD_NAME } from '../../shared/deploy-output/write-folder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDeployment } from '../../shared/deploy';
import type { BundleManifest } from '../../shared/model/bundle-manifest';
import { bundle224, crdValidator, parseDocs } from './fixtures';
import { cli } from '../env/cli';
import { consistentBundleFor } from '../bundle/bundle-model';

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...(await listFiles(join(dir, e.name), `${prefix}${e.name}/`)));
    else out.push(`${prefix}${e.name}`);
  }
  return out.sort();
}

describe('higress-airgap yaml', () => {
  let work: string;
  let bundle: string;
  // A complete, consistent bundle shaped like bundle224() (every reader cross-checks its parts).
  const made = consistentBundleFor(bundle224());
  const manifest = made.manifest as BundleManifest;
  const PASSWORD = 'hunter2-very-secret';

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'airgap-yaml-'));
    bundle = join(work, 'bundle.tar');
    await writeFile(bundle, made.tar);
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('writes the folder and all.yaml: the same output the generator gives, every object valid', async () => {
    const out = join(work, 'http');
    const r = await cli(['yaml', bundle, '--registry', 'harbor.example.com/higress', '--mode', 'http', '--pull-secret', 'harbor-pull', '--out', out]);
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    const expected = generateDeployment(manifest, { registry: 'harbor.example.com/higress', mode: 'http', pullSecret: 'harbor-pull', namespace: 'higress-system', targetMode: 'keep' });
    // Plus the record of what this run wrote (a later run replaces only those, after consent).
    expect(await listFiles(out)).toEqual([RECORD_NAME, ...expected.files.map((f) => f.path)].sort());
    for (const f of expected.files) expect(await readFile(join(out, f.path), 'utf8')).toBe(f.content);
    const crd = crdValidator();
    for (const d of parseDocs(await readFile(join(out, 'all.yaml'), 'utf8'))) {
      if (d.kind === 'Deployment') expect(() => new Deployment(d).validate()).not.toThrow();
      if (d.kind === 'WasmPlugin') expect(crd(d)).toBe(true);
    }
    expect((await stat(join(out, 'kubectl-set-env.sh'))).mode & 0o111).not.toBe(0);
    expect(r.stdout).toContain(`Wrote ${expected.files.length} files to ${out}`);
    expect(r.stderr).toContain('warning: Not in the official Plugin Server image: my-filter, hello-wasm.');
  });

  it('--json prints a summary with the plugins, settings, commands and warnings', async () => {
    const out = join(work, 'json');
    const r = await cli(['yaml', bundle, '--registry', '10.0.0.5:5000/higress', '--plain-http', '--mode', 'oci', '--out', out, '--json', '--plugins', 'key-auth,my-filter', '--plugin-phase', 'my-filter=AUTHZ', '--plugin-priority', 'my-filter=42']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ out, mode: 'oci', namespace: 'higress-system', release: '2.2.4' });
    expect(summary.plugins.map((p: any) => p.name)).toEqual(['key-auth', 'my-filter']);
    expect(summary.plugins[1]).toMatchObject({ url: 'oci://10.0.0.5:5000/higress/team/my-filter:1.2.0', phase: 'AUTHZ', priority: 42 });
    expect(summary.env.find((w: any) => w.workload === 'gateway').env).toEqual([{ name: 'WASM_INSECURE_REGISTRIES', value: '10.0.0.5:5000' }]);
    expect(summary.files.map((f: any) => f.path)).toContain('all.yaml');
  });

  it('refuses a non-empty folder unless --force, which replaces the earlier run and drops its stale files', async () => {
    const out = join(work, 'rerun');
    const args = ['yaml', bundle, '--registry', 'harbor.example.com/higress', '--mode', 'oci', '--out', out];
    expect((await cli([...args, '--pull-secret', 'old'])).code).toBe(0);
    const again = await cli(args);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`error: Writing to ${out} would replace or remove files of an earlier run: `);
    expect(again.stderr).toContain('manifests/00-pull-secret.yaml');
    expect(again.stderr).toContain('--force');
    await writeFile(join(out, 'notes.txt'), 'mine');
    const forced = await cli([...args, '--force']);
    expect(forced.code).toBe(0);
    const files = await listFiles(out);
    expect(files).not.toContain('manifests/00-pull-secret.yaml');
    expect(files).toContain('notes.txt'); // not ours: left alone
    expect(files.some((f) => f.includes('.tmp-'))).toBe(false);
  });

  it('--plugin-server-image deploys the custom image push built', async () => {
    const out = join(work, 'custom-image');
    const image = 'harbor.example.com/higress/higress/plugin-server:2.2.4-custom';
    const r = await cli(['yaml', bundle, '--registry', 'harbor.example.com/higress', '--mode', 'http', '--plugin-server-image', image, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const deployment = parseDocs(await readFile(join(out, 'all.yaml'), 'utf8')).find((d) => d.kind === 'Deployment');
    expect(deployment.spec.template.spec.containers[0].image).toBe(image);
    expect(r.stderr).not.toContain('not in the official Plugin Server image');
  });

  it('bad input exits 2 with a clear message', async () => {
    const base = ['yaml', bundle, '--registry', 'harbor.example.com/higress', '--mode', 'http', '--out', join(work, 'bad')];
    const ns = await cli([...base, '--namespace', 'Higress_System']);
    expect(ns.code).toBe(2);
    expect(ns.stderr).toContain('error: Invalid namespace "Higress_System": a namespace is a DNS-1123 label');
    const replicas = await cli([...base, '--replicas', '0']);
    expect(replicas.code).toBe(2);
    expect(replicas.stderr).toContain("option '--replicas <n>' argument '0' is invalid");
    const unknown = await cli([...base, '--plugins', 'key-auth,nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown plugin "nope": it is not in the bundle');
    const mode = await cli([...base.slice(0, 4), '--mode', 'ftp', '--out', join(work, 'bad')]);
    expect(mode.code).toBe(2);
    expect(mode.stderr).toContain("argument 'ftp' is invalid");
    const phase = await cli([...base, '--plugin-phase', 'my-filter']);
    expect(phase.code).toBe(2);
    expect(phase.stderr).toContain('--plugin-phase expects <plugin>=<value>');
    // The helm target (the default) needs a delivery mode; an unknown target is refused by commander.
    const noMode = await cli(['yaml', bundle, '--registry', 'harbor.example.com/higress', '--out', join(work, 'bad')]);
    expect(noMode.code).toBe(2);
    expect(noMode.stderr).toContain('The helm target needs a delivery mode');
    const target = await cli([...base, '--target', 'k8s']);
    expect(target.code).toBe(2);
    expect(target.stderr).toContain("argument 'k8s' is invalid");
    expect(await readdir(work)).not.toContain('bad');
  });

  it('a missing bundle fails with exit 1', async () => {
    const r = await cli(['yaml', join(work, 'nope.tar'), '--registry', 'harbor.example.com/higress', '--mode', 'oci', '--out', join(work, 'x')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('does not exist');
  });

  it('the password is read from stdin only with --fill-secret, and only the Secret file holds it', async () => {
    const out = join(work, 'filled');
    const base = ['yaml', bundle, '--registry', 'harbor.example.com/higress', '--mode', 'oci', '--pull-secret', 'harbor-pull', '--username', 'robot'];
    const noFill = await cli([...base, '--password-stdin', '--out', out], { stdin: `${PASSWORD}\n` });
    expect(noFill.code).toBe(2);
    expect(noFill.stderr).toContain('--password-stdin is only used with --fill-secret');
    const noStdin = await cli([...base, '--fill-secret', '--out', out]);
    expect(noStdin.code).toBe(2);

    const r = await cli([...base, '--fill-secret', '--password-stdin', '--out', out], { stdin: `${PASSWORD}\n` });
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
    const secret = parseDocs(await readFile(join(out, 'manifests/00-pull-secret.yaml'), 'utf8'))[0];
    const encoded = secret.data['.dockerconfigjson'] as string;
    const config = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
    const holders: string[] = [];
    for (const f of await listFiles(out)) {
      const text = await readFile(join(out, f), 'utf8');
      expect(text).not.toContain(PASSWORD);
      if (text.includes(encoded)) holders.push(f);
    }
    expect(holders.sort()).toEqual(['all.yaml', 'manifests/00-pull-secret.yaml']);
    expect(config.auths['harbor.example.com']).toMatchObject({ username: 'robot', password: PASSWORD });
  });

  it('without --fill-secret the Secret is a template (an existing empty folder is fine)', async () => {
    const out = join(work, 'template');
    await mkdir(out);
    const r = await cli(['yaml', bundle, '--registry', 'harbor.example.com/higress', '--mode', 'http', '--pull-secret', 'harbor-pull', '--out', out]);
    expect(r.code).toBe(0);
    for (const f of await listFiles(out)) expect(await readFile(join(out, f), 'utf8')).not.toMatch(/^\s*data:/m);
    expect(await readFile(join(out, 'manifests/00-pull-secret.yaml'), 'utf8')).toContain('<PASSWORD>');
  });

  it('--help shows the options and examples', async () => {
    const r = await cli(['yaml', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--registry <host[:port]/project>');
    expect(r.stdout).toContain('--mode <mode>');
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('--password-stdin');
  });
});
