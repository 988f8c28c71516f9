// The parts of a release an offline install needs beyond its plugins (issue 15): the Helm repository
// and the charts it publishes, the optional image groups (observability, redis, the compose-only
// images), which chart values key sets each image, and the higress-standalone facts of the compose
// and all-in-one deployments. Every fact is read from the mirrors and carries its provenance.
import { byKey, expectCode, fail, parseImageRef, parseYaml, uniqSorted } from './lib.mjs';

const CORE = 'higress-core';
const CONSOLE = 'higress-console';

// ---------------------------------------------------------------------------------------------
// Helm repository and charts
// ---------------------------------------------------------------------------------------------

/** The repository URL and the charts (name, version) the deploy-to-oss workflows publish for a release. */
function charts(ctx, release, hCommit, consoleVersion) {
  const { higress, console } = ctx;
  const wfPath = '.github/workflows/deploy-to-oss.yaml';
  const wf = higress.mustRead(hCommit, wfPath);
  const url = /helm(?:v3)? repo index --url (\S+) /.exec(wf)?.[1] ?? fail('UPSTREAM_FACT_UNVERIFIED', 'helm repo index --url', { where: wfPath });
  const cnIndex = hasSed(wf);
  const packaged = [...wf.matchAll(/helm(?:v3)? package (helm\/\w+) [^\n]*--app-version (\S+) --version (\S+)/g)].map((m) => m[1]);
  for (const p of ['helm/core', 'helm/higress']) if (!packaged.includes(p)) fail('UPSTREAM_FACT_UNVERIFIED', `${p} not packaged by ${wfPath}`, { hCommit });
  expectCode(wf, /--version \$\{\{ ?steps\.calc-version\.outputs\.version ?\}\}/, 'charts packaged with --version = tag without v', wfPath);
  expectCode(wf, /helm(?:v3)? dependency build helm\/higress/, 'umbrella chart packaged with its dependencies (subcharts inside the .tgz)', wfPath);
  const core = parseYaml(higress.mustRead(hCommit, 'helm/core/Chart.yaml'));
  const umbrella = parseYaml(higress.mustRead(hCommit, 'helm/higress/Chart.yaml'));
  const version = release;
  const cCommit = console.mustCommit(`v${consoleVersion}`);
  const cwf = console.mustRead(cCommit, wfPath);
  const curl = /helm(?:v3)? repo index --url (\S+) /.exec(cwf)?.[1] ?? fail('UPSTREAM_FACT_UNVERIFIED', 'console helm repo index --url', { where: wfPath });
  if (curl !== url) fail('UPSTREAM_FACT_UNVERIFIED', `the console chart goes to ${curl}, the Higress charts to ${url}`, { curl, url });
  const consoleChart = parseYaml(console.mustRead(cCommit, 'helm/Chart.yaml'));
  const tgz = (name, v) => `${url.replace(/\/?$/, '/')}${name}-${v}.tgz`;
  return {
    repository: {
      url,
      index: `${url.replace(/\/?$/, '/')}index.yaml`,
      cnIndex: cnIndex ? { file: 'cn-index.yaml', rule: 'a copy of index.yaml uploaded beside it with every higress.io replaced by higress.cn (chart URLs included)' } : null,
      rule: 'helm repo index --url <url> --merge: each entry lists urls <url><name>-<version>.tgz and the sha256 digest of the .tgz',
      provenance: [higress.prov(hCommit, wfPath), console.prov(cCommit, wfPath)],
    },
    charts: [
      { name: String(umbrella.name), version, appVersion: version, url: tgz(umbrella.name, version), source: 'helm/higress', subcharts: [CORE, CONSOLE], provenance: [higress.prov(hCommit, 'helm/higress/Chart.yaml'), higress.prov(hCommit, wfPath)] },
      { name: String(core.name), version, appVersion: version, url: tgz(core.name, version), source: 'helm/core', subcharts: [], provenance: [higress.prov(hCommit, 'helm/core/Chart.yaml'), higress.prov(hCommit, wfPath)] },
      { name: String(consoleChart.name), version: consoleVersion, appVersion: consoleVersion, url: tgz(consoleChart.name, consoleVersion), source: 'higress-console helm/', subcharts: [], provenance: [console.prov(cCommit, 'helm/Chart.yaml'), console.prov(cCommit, wfPath)] },
    ].sort(byKey('name')),
  };
}

function hasSed(wf) {
  return /sed -i 's\/higress\\\.io\/higress\\\.cn\/g' \.\/artifact\/cn-index\.yaml/.test(wf);
}

// ---------------------------------------------------------------------------------------------
// Image keys of the charts, and the optional images they render
// ---------------------------------------------------------------------------------------------

/** The values key holding a component's imagePullSecrets in a template file, or null. */
function pullSecretsKey(text) {
  return /\{\{-? ?with \.Values\.([\w.]+)\.imagePullSecrets ?\}\}/.exec(text)?.[1] ?? null;
}

/** Parse `{{ A | default B }}` parts of an image line into values keys. */
function coreImageKey(ctx, hCommit, component, path, key) {
  const { higress } = ctx;
  const text = higress.mustRead(hCommit, path);
  const line = text.split('\n').find((l) => new RegExp(`image:.*\\.Values\\.${key}\\.hub`).test(l)) ?? fail('UPSTREAM_FACT_UNVERIFIED', `${component} image line`, { path });
  const m = /\{\{ \.Values\.(\w+)\.hub \| default \.Values\.global\.hub \}\}\/((?:[\w.-]+\/)*)\{\{ \.Values\.\1\.image \| default "([^"]+)" \}\}:\{\{ \.Values\.\1\.tag \| default (\.Chart\.\w+|"[^"]*") \}\}/.exec(line);
  if (!m) fail('UNPARSABLE_HELM_IMAGE', `unexpected ${component} image expression`, { line: line.trim() });
  const secrets = pullSecretsKey(text);
  if (!secrets) fail('UPSTREAM_FACT_UNVERIFIED', `no imagePullSecrets for ${component} in ${path}`, { path });
  return {
    component,
    chart: CORE,
    hub: [`${CORE}.${key}.hub`, 'global.hub'],
    pathAfterHub: m[2] ? m[2].replace(/\/$/, '') : null,
    image: { key: `${CORE}.${key}.image`, default: m[3] },
    tag: { key: `${CORE}.${key}.tag`, default: m[4].startsWith('"') ? m[4].slice(1, -1) : m[4].slice(1) },
    imagePullSecrets: `${CORE}.${secrets}.imagePullSecrets`,
    provenance: [higress.prov(hCommit, path)],
  };
}

function imageKeysAndGroups(ctx, hCommit, consoleVersion) {
  const { higress, console } = ctx;
  const keys = [
    coreImageKey(ctx, hCommit, 'gateway', 'helm/core/templates/_pod.tpl', 'gateway'),
    coreImageKey(ctx, hCommit, 'controller', 'helm/core/templates/controller-deployment.yaml', 'controller'),
    coreImageKey(ctx, hCommit, 'pilot', 'helm/core/templates/controller-deployment.yaml', 'pilot'),
    coreImageKey(ctx, hCommit, 'plugin-server', 'helm/core/templates/plugin-server-deployment.yaml', 'pluginServer'),
  ];
  const coreValues = parseYaml(higress.mustRead(hCommit, 'helm/core/values.yaml'));
  const hub = coreValues.global?.hub ?? fail('UPSTREAM_FACT_UNVERIFIED', 'global.hub', { hCommit });
  const cCommit = console.mustCommit(`v${consoleVersion}`);
  const cValues = parseYaml(console.mustRead(cCommit, 'helm/values.yaml'));
  const dep = console.mustRead(cCommit, 'helm/templates/deployment.yaml');
  expectCode(dep, /image: "\{\{ \.Values\.image\.repository \}\}:\{\{ \.Values\.image\.tag \| default \.Chart\.AppVersion \}\}"/, 'console image = image.repository:image.tag|appVersion', 'helm/templates/deployment.yaml');
  keys.push({
    component: 'console',
    chart: CONSOLE,
    hub: [],
    pathAfterHub: null,
    image: { key: `${CONSOLE}.image.repository`, default: cValues.image?.repository ?? null },
    tag: { key: `${CONSOLE}.image.tag`, default: 'Chart.AppVersion' },
    imagePullSecrets: pullSecretsKey(dep) === null && /\{\{-? ?with \.Values\.imagePullSecrets ?\}\}/.test(dep) ? `${CONSOLE}.imagePullSecrets` : fail('UPSTREAM_FACT_UNVERIFIED', 'console imagePullSecrets', { cCommit }),
    provenance: [console.prov(cCommit, 'helm/templates/deployment.yaml'), console.prov(cCommit, 'helm/values.yaml')],
  });

  // Observability: grafana, prometheus, loki from the console chart; promtail (a gateway sidecar) from the core chart.
  const observability = [];
  for (const name of ['grafana', 'prometheus', 'loki']) {
    const path = `helm/templates/${name}.yaml`;
    const t = console.mustRead(cCommit, path);
    expectCode(t, /\$o11y := merge \(dict\) \.Values\.o11y \.Values\.global\.o11y/, `${name}: o11y values = global.o11y (merged over o11y)`, path);
    expectCode(t, new RegExp(`\\$config := \\$o11y\\.${name}\\b`), `${name}: $config = o11y.${name}`, path);
    expectCode(t, /image: \{\{ \$config\.image\.repository \}\}:\{\{ \$config\.image\.tag \}\}/, `${name}: image = repository:tag`, path);
    const img = cValues.global?.o11y?.[name]?.image ?? fail('UPSTREAM_FACT_UNVERIFIED', `global.o11y.${name}.image`, { cCommit });
    const p = parseImageRef(`${img.repository}:${img.tag}`);
    observability.push({
      component: name,
      ...p,
      enabledBy: 'global.o11y.enabled',
      keys: { image: { key: `global.o11y.${name}.image.repository`, default: img.repository }, tag: { key: `global.o11y.${name}.image.tag`, default: String(img.tag) }, imagePullSecrets: null },
      note: 'the template sets no imagePullSecrets for this workload: the node must be able to pull it (or its service account carries the secret)',
      provenance: [console.prov(cCommit, path), console.prov(cCommit, 'helm/values.yaml')],
    });
  }
  {
    const path = 'helm/core/templates/_pod.tpl';
    const t = higress.mustRead(hCommit, path);
    expectCode(t, /\$o11y := \.Values\.global\.o11y/, 'promtail: o11y = global.o11y', path);
    const line = t.split('\n').find((l) => /image: \{\{ \$config\.image\.repository/.test(l)) ?? fail('UPSTREAM_FACT_UNVERIFIED', 'promtail image line', { path });
    const dflt = /default \(printf "%s\/([\w/.-]+)" \.Values\.global\.hub\)/.exec(line)?.[1] ?? null;
    const img = coreValues.global?.o11y?.promtail?.image ?? fail('UPSTREAM_FACT_UNVERIFIED', 'global.o11y.promtail.image', { hCommit });
    const repository = img.repository || (dflt ? `${hub}/${dflt}` : fail('UPSTREAM_FACT_UNVERIFIED', 'promtail repository', { hCommit }));
    observability.push({
      component: 'promtail',
      ...parseImageRef(`${repository}:${img.tag}`),
      enabledBy: 'global.o11y.enabled',
      keys: { image: { key: 'global.o11y.promtail.image.repository', default: img.repository || `{{ global.hub }}/${dflt}` }, tag: { key: 'global.o11y.promtail.image.tag', default: String(img.tag) }, imagePullSecrets: `${CORE}.gateway.imagePullSecrets` },
      note: 'a sidecar of the gateway pod: it pulls with the gateway pod\'s secrets',
      provenance: [higress.prov(hCommit, path), higress.prov(hCommit, 'helm/core/values.yaml')],
    });
  }

  // Redis: a subchart of higress-core, rendered when global.enableRedis is true.
  const redis = [];
  const coreChart = parseYaml(higress.mustRead(hCommit, 'helm/core/Chart.yaml'));
  const redisDep = (coreChart.dependencies ?? []).find((d) => d.name === 'redis');
  if (redisDep) {
    const path = 'helm/core/charts/redis/templates/statefulset.yaml';
    const t = higress.mustRead(hCommit, path);
    const m = /image: "\{\{ \.Values\.global\.hub \}\}\/((?:[\w.-]+\/)*)\{\{ \.Values\.redis\.image \| default "([^"]+)" \}\}:\{\{ \.Values\.redis\.tag \| default \.Chart\.AppVersion \}\}"/.exec(t);
    if (!m) fail('UNPARSABLE_HELM_IMAGE', 'redis image expression', { path });
    const rv = coreValues.redis?.redis ?? {};
    const rchart = parseYaml(higress.mustRead(hCommit, 'helm/core/charts/redis/Chart.yaml'));
    const tag = String(rv.tag || rchart.appVersion);
    const ref = `${hub}/${m[1]}${rv.image || m[2]}:${tag}`;
    redis.push({
      component: 'redis',
      ...parseImageRef(ref),
      enabledBy: String(redisDep.condition),
      keys: { hub: ['global.hub'], pathAfterHub: m[1] ? m[1].replace(/\/$/, '') : null, image: { key: `${CORE}.redis.redis.image`, default: m[2] }, tag: { key: `${CORE}.redis.redis.tag`, default: tag }, imagePullSecrets: 'global.imagePullSecrets' },
      note: 'the only workload of the chart that reads global.imagePullSecrets',
      provenance: [higress.prov(hCommit, path), higress.prov(hCommit, 'helm/core/values.yaml'), higress.prov(hCommit, 'helm/core/Chart.yaml')],
    });
  }
  return { keys, observability: observability.sort(byKey('component')), redis };
}

// ---------------------------------------------------------------------------------------------
// higress-standalone: compose and all-in-one
// ---------------------------------------------------------------------------------------------

function parseEnv(text) {
  const out = [];
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(?:'([^']*)'|"([^"]*)"|(.*))$/.exec(line.trim());
    if (m) out.push({ name: m[1], value: m[2] ?? m[3] ?? m[4] ?? '' });
  }
  return out;
}

function compose(ctx, release) {
  const { standalone } = ctx;
  const commit = ctx.standaloneCommit(release);
  if (!commit) return null;
  const envText = standalone.mustRead(commit, 'compose/.env');
  const doc = parseYaml(standalone.mustRead(commit, 'compose/docker-compose.yml'));
  const env = parseEnv(envText);
  const envMap = Object.fromEntries(env.map((e) => [e.name, e.value]));
  const prov = [standalone.prov(commit, 'compose/docker-compose.yml'), standalone.prov(commit, 'compose/.env')];
  const services = [];
  const imageVars = new Set();
  const tagVars = new Set();
  for (const [name, svc] of Object.entries(doc.services ?? {})) {
    if (typeof svc?.image !== 'string') continue;
    const template = svc.image;
    const vars = [...template.matchAll(/\$\{(\w+)(?::?-[^}]*)?\}/g)].map((m) => m[1]);
    const wholeVariable = /^\$\{(\w+)\}$/.exec(template)?.[1] ?? null;
    if (wholeVariable) imageVars.add(wholeVariable);
    else for (const v of vars) tagVars.add(v);
    const resolved = template.replace(/\$\{(\w+)\}/g, (_, v) => envMap[v] ?? fail('UPSTREAM_FACT_UNVERIFIED', `${v} not in compose/.env`, { release, service: name }));
    const ref = parseImageRef(resolved);
    services.push({
      name,
      image: template,
      imageVariable: wholeVariable,
      fixedRegistry: wholeVariable ? null : ref.registry,
      tagVariables: wholeVariable ? [] : vars,
      ref: `${ref.registry}/${ref.repository}:${ref.tag}`,
      digest: ref.digest,
      profiles: Array.isArray(svc.profiles) ? svc.profiles.map(String) : [],
      environment: Object.entries(svc.environment ?? {})
        .filter(([, v]) => typeof v === 'string' && /\$\{/.test(v))
        .map(([k, v]) => ({ name: k, value: v })),
    });
  }
  const ps = services.find((s) => s.name === 'plugin-server');
  const variables = env
    .filter((e) => imageVars.has(e.name) || tagVars.has(e.name) || ['COMPOSE_PROFILES', 'WASM_PLUGIN_URL_PATTERN', 'MCP_SERVER_WASM_URL'].includes(e.name))
    .map((e) => ({ ...e, kind: imageVars.has(e.name) ? 'image' : tagVars.has(e.name) ? 'tag' : e.name === 'COMPOSE_PROFILES' ? 'profiles' : 'url' }))
    .sort(byKey('name'));
  let pluginServer = null;
  if (ps) {
    const hc = doc.services['plugin-server'].healthcheck?.test;
    const port = Number(/127\.0\.0\.1:(\d+)\//.exec(Array.isArray(hc) ? hc.join(' ') : String(hc ?? ''))?.[1] ?? fail('UPSTREAM_FACT_UNVERIFIED', 'plugin-server port (healthcheck)', { release }));
    const urlPattern = envMap.WASM_PLUGIN_URL_PATTERN ?? null;
    if (urlPattern && !urlPattern.startsWith(`http://plugin-server:${port}/plugins/`)) fail('UPSTREAM_FACT_UNVERIFIED', 'WASM_PLUGIN_URL_PATTERN points elsewhere', { urlPattern });
    pluginServer = {
      service: 'plugin-server',
      port,
      profile: ps.profiles.includes('plugin-server') ? 'plugin-server' : fail('UPSTREAM_FACT_UNVERIFIED', 'plugin-server profile', { release }),
      defaultProfiles: (envMap.COMPOSE_PROFILES ?? '').split(',').filter(Boolean),
      urlPatternVariable: 'WASM_PLUGIN_URL_PATTERN',
      urlPatternConsumer: services.find((s) => s.environment.some((e) => e.value.includes('WASM_PLUGIN_URL_PATTERN')))?.environment.find((e) => e.value.includes('WASM_PLUGIN_URL_PATTERN'))?.name ?? null,
      urlPattern,
      mcpServerVariable: 'MCP_SERVER_WASM_URL',
      mcpServerConsumer: services.find((s) => s.environment.some((e) => e.value.includes('MCP_SERVER_WASM_URL')))?.environment.find((e) => e.value.includes('MCP_SERVER_WASM_URL'))?.name ?? null,
      mcpServerUrl: envMap.MCP_SERVER_WASM_URL ?? null,
      documentRoot: '/usr/share/nginx/html',
      provenance: prov,
    };
  }
  return {
    commit,
    envFile: 'compose/.env',
    composeFile: 'compose/docker-compose.yml',
    fileVersion: doc.version === undefined ? null : String(doc.version),
    variables,
    services: services.sort(byKey('name')),
    pluginServer,
    provenance: prov,
  };
}

function allInOne(ctx, release) {
  const { standalone } = ctx;
  const commit = standalone.commit(`aio-v${release}`);
  if (!commit) return null;
  const dockerfile = standalone.mustRead(commit, 'all-in-one/Dockerfile');
  const ports = (/^EXPOSE ([\d ]+)$/m.exec(dockerfile)?.[1] ?? fail('UPSTREAM_FACT_UNVERIFIED', 'EXPOSE', { release })).trim().split(/\s+/).map(Number);
  const readme = standalone.mustRead(commit, 'README.md');
  const documented = /docker run -d --name higress \\\n\s*((?:-p \d+:\d+ ?)+)/.exec(readme)?.[1];
  if (documented) {
    const dp = [...documented.matchAll(/-p (\d+):(\d+)/g)].map((m) => Number(m[2]));
    if (dp.join(',') !== ports.join(',')) fail('UPSTREAM_FACT_UNVERIFIED', 'README ports differ from EXPOSE', { release, dp, ports });
  }
  const installer = standalone.mustRead(commit, 'all-in-one/get-ai-gateway.sh');
  expectCode(installer, /--mount "type=bind,source=\$NORMALIZED_DATA_FOLDER_PATH,target=\/data"/, 'the installer mounts its data folder at /data', 'all-in-one/get-ai-gateway.sh');
  const base = standalone.read(commit, 'all-in-one/scripts/base.sh') ?? '';
  const nginx = standalone.read(commit, 'all-in-one/plugin-server/nginx.conf');
  const hasPs = /case \$USE_PLUGIN_SERVER in/.test(base) && nginx !== undefined;
  const prov = [standalone.prov(commit, 'all-in-one/Dockerfile'), standalone.prov(commit, 'README.md'), standalone.prov(commit, 'all-in-one/get-ai-gateway.sh')];
  if (!hasPs) return { commit, ports, dataVolume: '/data', pluginServer: null, provenance: prov };
  expectCode(dockerfile, /COPY --from=plugin-server \/usr\/share\/nginx\/html\/plugins \/usr\/share\/nginx\/html\/plugins/, 'the image carries the plugin-server tree at /usr/share/nginx/html/plugins', 'all-in-one/Dockerfile');
  expectCode(base, /false\|FALSE\|off\|OFF\|no\|NO\|N\|n\)\s*\n\s*USE_PLUGIN_SERVER=off[\s\S]*?\*\)\s*\n(?:\s*#.*\n)?\s*USE_PLUGIN_SERVER=on/, 'USE_PLUGIN_SERVER defaults to on', 'all-in-one/scripts/base.sh');
  const port = Number(/listen (\d+);/.exec(nginx)?.[1] ?? fail('UPSTREAM_FACT_UNVERIFIED', 'plugin server listen port', { release }));
  const root = /root (\/\S+);/.exec(nginx)?.[1] ?? fail('UPSTREAM_FACT_UNVERIFIED', 'plugin server root', { release });
  const console = standalone.mustRead(commit, 'all-in-one/scripts/start-console.sh');
  const apiserver = standalone.mustRead(commit, 'all-in-one/scripts/start-apiserver.sh');
  expectCode(apiserver, /apiserver [^\n]*--storage file --file-root-dir \/data\b/, 'the all-in-one API server stores its objects as files under /data', 'all-in-one/scripts/start-apiserver.sh');
  expectCode(standalone.mustRead(commit, 'all-in-one/scripts/config-template/ai-proxy.sh'), /WASM_PLUGIN_CONFIG_FILE="\/data\/wasmplugins\/ai-proxy-\$AI_PROXY_VERSION\.yaml"/, 'WasmPlugin objects live in /data/wasmplugins/<name>-<version>.yaml', 'all-in-one/scripts/config-template/ai-proxy.sh');
  const urlPattern = /HIGRESS_ADMIN_WASM_PLUGIN_CUSTOM_IMAGE_URL_PATTERN="([^"]+)"/.exec(console)?.[1]?.replace(/\\\$/g, '$') ?? fail('UPSTREAM_FACT_UNVERIFIED', 'console URL pattern', { release });
  return {
    commit,
    ports,
    dataVolume: '/data',
    pluginServer: {
      enabledBy: 'USE_PLUGIN_SERVER',
      enabledValue: 'on',
      defaultOn: true,
      port,
      published: ports.includes(port),
      documentRoot: root,
      pluginPath: `${root}/plugins/<name>/<version>/plugin.wasm`,
      urlPattern,
      wasmPluginsDir: `/data/wasmplugins`,
      wasmPluginsRule: 'the API server runs with --storage file --file-root-dir /data; a WasmPlugin object is the file wasmplugins/<name>-<version>.yaml there (as the AI templates write ai-proxy-<version>.yaml); the defaults are copied in with cp -rn, so files already in the data folder stay',
      provenance: [standalone.prov(commit, 'all-in-one/scripts/start-apiserver.sh'), standalone.prov(commit, 'all-in-one/scripts/config-template/ai-proxy.sh'), standalone.prov(commit, 'all-in-one/plugin-server/nginx.conf'), standalone.prov(commit, 'all-in-one/scripts/base.sh'), standalone.prov(commit, 'all-in-one/scripts/start-console.sh'), standalone.prov(commit, 'all-in-one/Dockerfile')],
    },
    provenance: prov,
  };
}

/** The images compose deploys that are neither core nor observability images (nacos, runner, api-server). */
function composeOnlyImages(composeFacts) {
  if (!composeFacts) return [];
  const core = new Set(['higress', 'pilot', 'gateway', 'console', 'plugin-server', 'grafana', 'prometheus', 'loki', 'promtail']);
  const seen = new Map();
  for (const s of composeFacts.services) {
    const p = parseImageRef(s.ref);
    const last = p.repository.split('/').pop();
    if (core.has(last)) continue;
    const key = `${p.registry}/${p.repository}:${p.tag}`;
    if (!seen.has(key)) seen.set(key, { component: last, ...p, digest: s.digest, services: [], profiles: [], provenance: composeFacts.provenance });
    const e = seen.get(key);
    e.services = uniqSorted([...e.services, s.name]);
    e.profiles = uniqSorted([...e.profiles, ...s.profiles]);
  }
  return [...seen.values()].sort(byKey('component'));
}

export function releaseParts(ctx, release, hCommit, consoleVersion) {
  const composeFacts = compose(ctx, release);
  const { keys, observability, redis } = imageKeysAndGroups(ctx, hCommit, consoleVersion);
  return {
    helm: { ...charts(ctx, release, hCommit, consoleVersion), imageKeys: keys, globalPullSecretsFallback: false, globalPullSecretsNote: 'only the redis subchart reads global.imagePullSecrets; gateway, controller/pilot, plugin-server and console each read their own' },
    imageGroups: { observability, redis, compose: composeOnlyImages(composeFacts) },
    compose: composeFacts,
    allInOne: allInOne(ctx, release),
  };
}
