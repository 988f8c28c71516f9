import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateDeployment } from '../../shared/deploy';
import { helmSetArgs } from '../../shared/deploy/helm';
import { bundle220, bundle223, bundle224, parseDocs, PLUGIN_SERVER_DIGEST } from './fixtures';

const TARGET = 'harbor.example.com/infra';

/** A small reading of Helm's --set syntax (strvals): escaped `.` and `,`, `[i]` indexes, typed --set. */
function fromSetArgs(args: readonly string[]): Record<string, any> {
  const root: Record<string, any> = {};
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i] as string;
    const text = args[i + 1] as string;
    const path: Array<string | number> = [];
    let current = '';
    let j = 0;
    for (; j < text.length; j++) {
      const c = text[j] as string;
      if (c === '\\') current += text[++j];
      else if (c === '.' || c === '=' || c === '[') {
        if (current) path.push(current);
        current = '';
        if (c === '[') {
          const end = text.indexOf(']', j);
          path.push(Number(text.slice(j + 1, end)));
          j = end;
        }
        if (c === '=') break;
      } else current += c;
    }
    let value: unknown = text.slice(j + 1).replace(/\\(.)/g, '$1');
    if (flag === '--set') value = value === 'true' ? true : value === 'false' ? false : Number(value);
    else expect(flag).toBe('--set-string');
    let node: any = root;
    path.forEach((key, k) => {
      if (k === path.length - 1) node[key] = value;
      else node = node[key] ??= typeof path[k + 1] === 'number' ? [] : {};
    });
  }
  return root;
}

function deploymentImage(combined: string): string {
  return parseDocs(combined).find((d) => d.kind === 'Deployment').spec.template.spec.containers[0].image;
}

describe('Helm values and --set', () => {
  it('Higress ≥ 2.2.1: hub is what comes before /higress/plugin-server, and the chart rebuilds the pushed image', () => {
    const o = generateDeployment(bundle224(), { registry: TARGET, mode: 'http', replicas: 3, pullSecret: 'pull' });
    const v = o.helmValues as any;
    expect(v.global).toEqual({ enablePluginServer: true });
    const ps = v['higress-core'].pluginServer;
    expect(ps).toEqual({
      hub: 'harbor.example.com/infra',
      image: 'plugin-server',
      tag: '2.2.4',
      replicas: 3,
      resources: { requests: { cpu: '200m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
      imagePullSecrets: [{ name: 'pull' }],
    });
    // The chart's template from 2.2.1: {hub}/higress/{image}:{tag}
    expect(`${ps.hub}/higress/${ps.image}:${ps.tag}`).toBe(deploymentImage(o.combined));
    expect(v['higress-console'].pluginServer.urlPattern).toBe('http://higress-plugin-server.higress-system.svc/plugins/${name}/${version}/plugin.wasm');
    expect(v['higress-core'].controller.env.MCP_SERVER_WASM_IMAGE_URL).toBe('http://higress-plugin-server.higress-system.svc/plugins/mcp-server/2.0.1/plugin.wasm');
  });

  it('Higress < 2.2.1: the template has no /higress/, so the hub includes it', () => {
    const o = generateDeployment(bundle220(), { registry: TARGET, mode: 'http' });
    const ps = (o.helmValues as any)['higress-core'].pluginServer;
    expect(ps).toMatchObject({ hub: 'harbor.example.com/infra/higress', image: 'plugin-server', tag: '1.0.0' });
    expect(`${ps.hub}/${ps.image}:${ps.tag}`).toBe(deploymentImage(o.combined));
  });

  it('a pinned image stays pinned through the chart template', () => {
    const o = generateDeployment(bundle223(), { registry: TARGET, mode: 'http', pinDigest: true });
    const ps = (o.helmValues as any)['higress-core'].pluginServer;
    expect(ps.tag).toBe(`2.2.3@${PLUGIN_SERVER_DIGEST}`);
    expect(`${ps.hub}/higress/${ps.image}:${ps.tag}`).toBe(deploymentImage(o.combined));
  });

  it('a flattened image the 2.2.x chart cannot name: warned, Plugin Server left to the manifest, Console set directly', () => {
    const o = generateDeployment(bundle224(), { registry: TARGET, mode: 'http', targetMode: 'flatten' });
    expect(deploymentImage(o.combined)).toBe('harbor.example.com/infra/plugin-server:2.2.4');
    const v = o.helmValues as any;
    expect(v.global.enablePluginServer).toBe(false);
    expect(v['higress-core'].pluginServer).toBeUndefined();
    expect(v['higress-console'].podEnvs.HIGRESS_ADMIN_WASM_PLUGIN_CUSTOM_IMAGE_URL_PATTERN).toBe('http://higress-plugin-server.higress-system.svc/plugins/${name}/${version}/plugin.wasm');
    expect(o.warnings.some((w) => w.includes('harbor.example.com/infra/plugin-server:2.2.4') && w.includes('cannot name'))).toBe(true);
  });

  it('a flattened image under a project named higress still fits the chart', () => {
    const o = generateDeployment(bundle224(), { registry: 'harbor.example.com/higress', mode: 'http', targetMode: 'flatten' });
    const ps = (o.helmValues as any)['higress-core'].pluginServer;
    expect(ps).toMatchObject({ hub: 'harbor.example.com', image: 'plugin-server' });
    expect(`${ps.hub}/higress/${ps.image}:${ps.tag}`).toBe(deploymentImage(o.combined));
    expect(o.warnings.filter((w) => w.includes('cannot name'))).toEqual([]);
  });

  it('OCI mode: Plugin Server off, Console registry/namespace, gateway and controller env', () => {
    const o = generateDeployment(bundle224(), { registry: '10.0.0.5:5000/higress', mode: 'oci', plainHttp: true, pullSecret: 'pull' });
    expect(o.helmValues).toEqual({
      global: { enablePluginServer: false },
      'higress-core': {
        controller: { env: { MCP_SERVER_WASM_IMAGE_URL: 'oci://10.0.0.5:5000/higress/plugins/mcp-server:2.0.1' } },
        gateway: { env: { WASM_INSECURE_REGISTRIES: '10.0.0.5:5000' } },
      },
      'higress-console': {
        pluginServer: { imageRegistry: '10.0.0.5:5000', imageNamespace: 'higress/plugins' },
        podEnvs: { HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_PULL_SECRET: 'pull', HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_PULL_POLICY: 'IfNotPresent' },
      },
    });
  });

  it('OCI mode on 2.2.0: the chart has no imageRegistry/imageNamespace and the Console reads neither; the oci:// pattern goes through podEnvs', () => {
    const o = generateDeployment(bundle220(), { registry: '10.0.0.5:5000/higress', mode: 'oci', plainHttp: true });
    expect(o.helmValues['higress-console']).toEqual({
      podEnvs: { HIGRESS_ADMIN_WASM_PLUGIN_CUSTOM_IMAGE_URL_PATTERN: 'oci://10.0.0.5:5000/higress/plugins/${name}:${version}', HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_PULL_POLICY: 'IfNotPresent' },
    });
  });

  it('the --set arguments say exactly what the values file says', () => {
    for (const o of [
      generateDeployment(bundle224(), { registry: TARGET, mode: 'http', pullSecret: 'pull', pinDigest: true }),
      generateDeployment(bundle224(), { registry: '10.0.0.5:5000/higress', mode: 'oci', insecure: true, pullSecret: 'pull' }),
    ]) {
      const file = parse(o.files.find((f) => f.path === 'helm/values.yaml')?.content ?? '');
      expect(file).toEqual(o.helmValues);
      expect(fromSetArgs(o.helmSetArgs)).toEqual(o.helmValues);
    }
  });

  it('strings go through --set-string, numbers and booleans through --set; Helm-special characters are escaped', () => {
    const o = generateDeployment(bundle224(), { registry: TARGET, mode: 'http' });
    const pairs = new Map<string, string>();
    for (let i = 0; i < o.helmSetArgs.length; i += 2) pairs.set(o.helmSetArgs[i + 1] as string, o.helmSetArgs[i] as string);
    expect(pairs.get('global.enablePluginServer=true')).toBe('--set');
    expect(pairs.get('higress-core.pluginServer.replicas=2')).toBe('--set');
    expect(pairs.get('higress-core.pluginServer.tag=2.2.4')).toBe('--set-string');
    const special = { env: { 'a.b': 'x,y\\z', n: 1.5 } };
    expect(helmSetArgs(special)).toEqual(['--set-string', 'env.a\\.b=x\\,y\\\\z', '--set', 'env.n=1.5']);
    expect(fromSetArgs(helmSetArgs(special))).toEqual(special);
  });

  it('the helm commands: values file, and the --set line with ${name} kept literal for the shell', () => {
    const o = generateDeployment(bundle224(), { registry: TARGET, mode: 'http', namespace: 'gw', helmChart: './higress-2.2.4.tgz' });
    expect(o.helmCommands[0]).toBe('helm upgrade higress ./higress-2.2.4.tgz -n gw --version 2.2.4 --reuse-values -f helm/values.yaml');
    expect(o.helmCommands[1]).toContain(" \\\n  --set-string 'higress-console.pluginServer.urlPattern=http://higress-plugin-server.gw.svc/plugins/${name}/${version}/plugin.wasm'");
    expect(o.files.find((f) => f.path === 'helm/upgrade.sh')?.content).toContain(o.helmCommands[0]);
  });
});
