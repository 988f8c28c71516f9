// Per-release facts from the Higress chart, the Console chart, higress-standalone and plugin-server:
// which Console build(s) a release ships, the plugin-server images and what they serve, chart facts,
// core images, and plugin pins.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESOURCES, extractConsoleBuild } from './console.mjs';
import { releaseParts } from './parts.mjs';
import {
  byKey,
  evalHelmImage,
  expectCode,
  fail,
  hasCode,
  parseImageRef,
  parseProperties,
  parseYaml,
  provenance,
  sha256Hex,
  short,
  uniqSorted,
} from './lib.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const LOCK_PATH = `${RESOURCES}plugin-snapshot.lock.json`;

/**
 * Files from plugin-server commits that the mirror snapshot does not contain, copied as data from
 * the stored GitHub index (see docs/upstream-data.md). Used only when the mirror lacks the commit.
 */
const INDEX_INPUTS = {
  'e56a5556341e9d446233ae642f05abfe4e8c4a9b:unmanaged-plugins.lock.json': {
    file: join(HERE, 'inputs', 'plugin-server-e56a5556341e-unmanaged-plugins.lock.json'),
    sha256: 'c2993e1a68e75980b650fed0bcd7e7d340bb040157e6a8e42e033b7b6372e285',
  },
};

/** Read a plugin-server file at a commit: from the mirror, else from a pinned index copy. */
function readPluginServer(ps, commit, path) {
  if (ps.commit(commit)) return { text: ps.read(commit, path), fromMirror: true };
  const input = INDEX_INPUTS[`${commit}:${path}`];
  if (!input || !existsSync(input.file)) return { text: undefined, fromMirror: false };
  const text = readFileSync(input.file, 'utf8');
  if (sha256Hex(text) !== input.sha256) fail('INPUT_CHANGED', `${input.file} does not match its recorded SHA-256`, { file: input.file });
  return { text, fromMirror: false };
}

// ---------------------------------------------------------------------------------------------
// Console builds of a release
// ---------------------------------------------------------------------------------------------

/** Later rebuilds of the console:<version> image recorded by upstream (marketplace recovery). */
function findImageRebuilds(console, version, tagCommit) {
  const rebuilds = [];
  const seen = new Set();
  for (const wfPath of uniqSorted(console.git('log', '--all', '--format=', '--name-only', '--', '.github/workflows/').split('\n').filter((p) => /recover-console-image/.test(p)))) {
    for (const c of console.commitsTouching(wfPath)) {
      const text = console.read(c, wfPath);
      if (!text) continue;
      const source = /\.consoleSourceCommit "\$previous_evidence"\)" = ([0-9a-f]{40})/.exec(text)?.[1];
      const resulting = /test "\$EXPECTED_OLD_DIGEST" = (sha256:[0-9a-f]{64})/.exec(text)?.[1];
      const original = /test "\$manifest_old" = (sha256:[0-9a-f]{64})/.exec(text)?.[1];
      const originalCommit = /test "\$original_commit" = ([0-9a-f]{40})/.exec(text)?.[1];
      const versionMatch = new RegExp(`VERSION: ${version.replace(/\./g, '\\.')}\\b`).test(text);
      if (!source || !resulting || !versionMatch || originalCommit !== tagCommit) continue;
      const key = `${source}:${resulting}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const requiresAncestor = /merge-base --is-ancestor ([0-9a-f]{40}) "\$SOURCE_COMMIT"/.exec(text)?.[1] ?? null;
      rebuilds.push({ source, resulting, original, workflow: console.prov(c, wfPath), workflowCommit: c, requiresAncestor });
    }
  }
  return rebuilds;
}

/** registry/repository:tag of the console image a Console chart version deploys by default. */
function consoleImage(console, commit, version) {
  const values = parseYaml(console.mustRead(commit, 'helm/values.yaml'));
  const { registry, repository } = parseImageRef(`${values.image?.repository}:${version}`);
  return { registry, repository, tag: version };
}

function consoleBuildsFor(ctx, release, consoleVersion) {
  const { console, higress } = ctx;
  const tag = `v${consoleVersion}`;
  const tagCommit = console.mustCommit(tag);
  const builds = [];

  const tagBuild = {
    id: `console-${tag}`,
    label: `Higress Console ${tag} (git tag)`,
    commit: tagCommit,
    source: { kind: 'git-tag', ref: tag, provenance: console.prov(tagCommit, `${RESOURCES}plugins.properties`) },
    image: { ...consoleImage(console, tagCommit, consoleVersion), digest: null, digestProvenance: null, note: `no digest for console:${consoleVersion} is recorded in the mirrors` },
    ...extractConsoleBuild(console, tagCommit),
  };
  builds.push(tagBuild);

  for (const rb of findImageRebuilds(console, consoleVersion, tagCommit)) {
    const lock = JSON.parse(console.mustRead(rb.source, LOCK_PATH));
    const rec = lock.marketplaceRecovery;
    if (!rec || rec.originalConsoleCommit !== tagCommit || rec.gatewayVersion !== release) {
      fail('UPSTREAM_FACT_UNVERIFIED', `rebuild source ${short(rb.source)} carries no matching marketplaceRecovery`, { source: rb.source });
    }
    if (rec.originalImageDigest !== rb.original) fail('UPSTREAM_FACT_UNVERIFIED', 'original console image digest differs between lock and workflow', { rb });
    const manifestPath = `plugins/release/console-recovery/${release}.json`;
    const manifest = higress.read(rec.higressCommit, manifestPath);
    const manifestMatches = manifest !== undefined && sha256Hex(manifest) === rec.manifestSha256;
    tagBuild.image.digest = rec.originalImageDigest;
    tagBuild.image.digestProvenance = console.prov(rb.source, LOCK_PATH, 'marketplaceRecovery.originalImageDigest');
    tagBuild.image.note = `the console:${consoleVersion} tag first pointed here (built from ${tag}); it was later replaced by a rebuild`;
    const consoleHead = ctx.console.mustCommit('HEAD');
    const sameResources = console.treeId(rb.source, RESOURCES.replace(/\/$/, '')) === console.treeId(consoleHead, RESOURCES.replace(/\/$/, ''));
    builds.push({
      id: `console-${consoleVersion}-rebuild-${short(rb.source)}`,
      label: `console:${consoleVersion} image as rebuilt from main@${short(rb.source)} (marketplace recovery)`,
      commit: rb.source,
      source: { kind: 'image-rebuild', ref: `main@${short(rb.source)}`, provenance: rb.workflow },
      image: {
        ...consoleImage(console, tagCommit, consoleVersion),
        digest: rb.resulting,
        digestProvenance: rb.workflow,
        note: `digest the tag held after this rebuild (the next recovery run checks it as the expected old digest)${rb.requiresAncestor ? `; that later run may rebuild again from a main commit descending from ${short(rb.requiresAncestor)} — its result is not recorded in the mirrors` : ''}`,
      },
      evidence: [
        { fact: `plugin-snapshot.lock.json at ${short(rb.source)} has marketplaceRecovery.originalConsoleCommit = ${tag} (${short(tagCommit)}) and gatewayVersion ${release}`, provenance: console.prov(rb.source, LOCK_PATH, 'marketplaceRecovery') },
        { fact: `the recovery workflow requires consoleSourceCommit ${short(rb.source)}, original digest ${rb.original} and resulting digest ${rb.resulting}`, provenance: rb.workflow },
        { fact: `marketplaceRecovery.manifestSha256 ${manifestMatches ? 'equals' : 'does NOT equal'} the SHA-256 of ${manifestPath} at higress ${short(rec.higressCommit)}`, provenance: higress.prov(higress.mustCommit(rec.higressCommit), manifestPath) },
        { fact: `Console plugin resources at ${short(rb.source)} are ${sameResources ? 'identical to' : 'different from'} those at Console HEAD ${short(consoleHead)}`, provenance: console.prov(consoleHead, RESOURCES.replace(/\/$/, '')) },
      ],
      ...extractConsoleBuild(console, rb.source),
    });
  }
  return builds;
}

// ---------------------------------------------------------------------------------------------
// Charts
// ---------------------------------------------------------------------------------------------

function templateLine(text, pattern, what, where) {
  const line = text.split('\n').find((l) => pattern.test(l));
  if (!line) fail('UPSTREAM_FACT_UNVERIFIED', `${what} not found in ${where}`, { where });
  return line;
}

function coreChart(ctx, hCommit) {
  const { higress } = ctx;
  const chart = parseYaml(higress.mustRead(hCommit, 'helm/core/Chart.yaml'));
  const values = parseYaml(higress.mustRead(hCommit, 'helm/core/values.yaml'));
  const depTpl = higress.mustRead(hCommit, 'helm/core/templates/plugin-server-deployment.yaml');
  const svcTpl = higress.mustRead(hCommit, 'helm/core/templates/plugin-server-service.yaml');
  const helpers = higress.mustRead(hCommit, 'helm/core/templates/_helpers.tpl');
  const pv = (path) => higress.prov(hCommit, path);
  const ps = values.pluginServer ?? fail('UPSTREAM_FACT_UNVERIFIED', 'no pluginServer values', { hCommit });

  const image = evalHelmImage(templateLine(depTpl, /^\s*image:/, 'plugin-server image', 'plugin-server-deployment.yaml'), values, chart);
  expectCode(depTpl, /^\{\{- if \.Values\.global\.enablePluginServer \}\}/, 'plugin server rendered only with global.enablePluginServer', 'plugin-server-deployment.yaml');
  expectCode(depTpl, /- name: \{\{ \.Chart\.Name \}\}/, 'container named after the chart', 'plugin-server-deployment.yaml');
  expectCode(helpers, /define "pluginServer\.name" -\}\}\s*\{\{- \.Values\.pluginServer\.name \| default "higress-plugin-server" -\}\}/, 'pluginServer.name default', '_helpers.tpl');
  expectCode(helpers, /define "pluginServer\.selectorLabels"[\s\S]*?else \}\}app: \{\{ include "pluginServer\.name" \. \}\}[\s\S]*?higress: \{\{ include "pluginServer\.name" \. \}\}/, 'selector labels app/higress = name', '_helpers.tpl');
  const containerPort = Number(/containerPort:\s*(\d+)/.exec(depTpl)?.[1] ?? fail('UPSTREAM_FACT_UNVERIFIED', 'containerPort', { hCommit }));
  const targetPort = Number(/targetPort:\s*(\d+)/.exec(svcTpl)?.[1] ?? fail('UPSTREAM_FACT_UNVERIFIED', 'targetPort', { hCommit }));
  expectCode(svcTpl, /port: \{\{ \.Values\.pluginServer\.service\.port \}\}/, 'service port from values', 'plugin-server-service.yaml');
  const pullPolicy = hasCode(depTpl, /if \.Values\.pluginServer\.imagePullPolicy \}\}/)
    ? 'pluginServer.imagePullPolicy, else global.imagePullPolicy; omitted when both are empty'
    : 'global.imagePullPolicy; omitted when empty';
  const name = ps.name || 'higress-plugin-server';
  const hub = values.global?.hub ?? null;
  return {
    chartName: chart.name,
    version: String(chart.version),
    appVersion: String(chart.appVersion),
    provenance: pv('helm/core/Chart.yaml'),
    globalHub: { value: hub, includesHigressNamespace: typeof hub === 'string' && /\/higress$/.test(hub), provenance: pv('helm/core/values.yaml') },
    globalPluginNamespace: { value: values.global?.pluginNamespace ?? null, provenance: pv('helm/core/values.yaml') },
    pluginServer: {
      enabledBy: 'global.enablePluginServer',
      enabledByDefault: Boolean(values.global?.enablePluginServer),
      valuesKeys: Object.keys(ps).sort(),
      hasImageRegistryValue: 'imageRegistry' in ps,
      hasImageNamespaceValue: 'imageNamespace' in ps,
      image: {
        expression: `{{ pluginServer.hub | default global.hub }}/${image.fixedPathAfterHub ? `${image.fixedPathAfterHub}/` : ''}{{ pluginServer.image | default "${image.imageDefault}" }}:{{ pluginServer.tag | default ${image.tagDefault} }}`,
        higressPathAddedByTemplate: image.fixedPathAfterHub === 'higress',
        hubSource: image.hubSource,
        tagDefault: image.tagDefault,
        renderedDefault: image.renderedDefault,
        provenance: [pv('helm/core/templates/plugin-server-deployment.yaml'), pv('helm/core/values.yaml')],
      },
      imagePullPolicy: { source: pullPolicy, provenance: pv('helm/core/templates/plugin-server-deployment.yaml') },
      imagePullSecrets: { source: 'pluginServer.imagePullSecrets', provenance: pv('helm/core/templates/plugin-server-deployment.yaml') },
      deployment: {
        name,
        nameValue: 'pluginServer.name',
        replicas: ps.replicas ?? null,
        containerName: chart.name,
        containerPort,
        selectorLabels: { app: name, higress: name },
        selectorLabelsOverride: 'pluginServer.labels.app / pluginServer.labels.higress',
        podLabelsExtra: 'pluginServer.podLabels',
        resources: ps.resources ?? null,
        provenance: [pv('helm/core/templates/plugin-server-deployment.yaml'), pv('helm/core/templates/_helpers.tpl')],
      },
      service: {
        name,
        port: ps.service?.port ?? null,
        targetPort,
        type: 'ClusterIP (type not set)',
        labels: ['app', 'app.kubernetes.io/managed-by', 'app.kubernetes.io/name', 'app.kubernetes.io/version', 'helm.sh/chart', 'higress'],
        provenance: [pv('helm/core/templates/plugin-server-service.yaml'), pv('helm/core/templates/_helpers.tpl')],
      },
    },
    coreImages: coreImageDefaults(ctx, hCommit, chart, values),
    values,
  };
}

function coreImageDefaults(ctx, hCommit, chart, values) {
  const { higress } = ctx;
  const out = [];
  const files = [
    ['gateway', 'helm/core/templates/_pod.tpl', /\.Values\.gateway\.hub/],
    ['controller', 'helm/core/templates/controller-deployment.yaml', /\.Values\.controller\.hub/],
    ['pilot', 'helm/core/templates/controller-deployment.yaml', /\.Values\.pilot\.hub/],
    ['plugin-server', 'helm/core/templates/plugin-server-deployment.yaml', /\.Values\.pluginServer\.hub/],
  ];
  for (const [component, path, pattern] of files) {
    const line = templateLine(higress.mustRead(hCommit, path), new RegExp(`image:.*${pattern.source}`), `${component} image`, path);
    const img = evalHelmImage(line, values, chart);
    out.push({ component, ref: img.renderedDefault, provenance: [higress.prov(hCommit, path), higress.prov(hCommit, 'helm/core/values.yaml')] });
  }
  return out;
}

function consoleChart(ctx, consoleVersion) {
  const { console } = ctx;
  const commit = console.mustCommit(`v${consoleVersion}`);
  const values = parseYaml(console.mustRead(commit, 'helm/values.yaml'));
  const dep = console.mustRead(commit, 'helm/templates/deployment.yaml');
  const pv = (path, sym) => console.prov(commit, path, sym);
  // Resolve `{{- $var := expr }}` definitions, then collect each HIGRESS_ADMIN_WASM_* env entry with
  // the if/else-if condition that guards it.
  const vars = {};
  for (const m of dep.matchAll(/\{\{-?\s*(\$\w+)\s*:=\s*(.+?)\s*-?\}\}/g)) vars[m[1]] = m[2];
  const lines = dep.split('\n');
  const env = new Map();
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*- name: (HIGRESS_ADMIN_WASM_PLUGIN_\w+)\s*$/.exec(lines[i]);
    if (!m) continue;
    const value = /^\s*value:\s*(.+?)\s*$/.exec(lines[i + 1] ?? '')?.[1] ?? fail('UPSTREAM_FACT_UNVERIFIED', `no value for ${m[1]}`, { commit });
    let condition = null;
    for (let j = i - 1; j >= 0; j--) {
      const c = /\{\{-?\s*(?:else\s+)?if\s+(.+?)\s*\}\}/.exec(lines[j]);
      if (c) {
        condition = c[1];
        break;
      }
      if (/- name:/.test(lines[j])) break;
    }
    const expand = (s) => (s ? s.replace(/\$\w+/g, (v) => (vars[v] ? `(${vars[v]})` : v)) : s);
    if (!env.has(m[1])) env.set(m[1], []);
    env.get(m[1]).push({ condition: expand(condition), value: expand(value.replace(/^"|"$/g, '')) });
  }
  const imageLine = templateLine(dep, /^\s*image:/, 'console image', 'helm/templates/deployment.yaml');
  expectCode(imageLine, /\.Values\.image\.repository \}\}:\{\{ \.Values\.image\.tag \| default \.Chart\.AppVersion \}\}/, 'console image tag defaults to appVersion', 'helm/templates/deployment.yaml');
  const oss = console.read(commit, '.github/workflows/deploy-to-oss.yaml');
  expectCode(oss, /package helm --debug --app-version "?\$?\{?\{?[^\n]*--version/, 'chart packaged with --app-version = release version', '.github/workflows/deploy-to-oss.yaml');
  return {
    chartVersion: consoleVersion,
    gitTag: `v${consoleVersion}`,
    commit,
    pluginServerValues: {
      urlPattern: values.pluginServer?.urlPattern ?? null,
      hasImageRegistry: values.pluginServer ? 'imageRegistry' in values.pluginServer : false,
      hasImageNamespace: values.pluginServer ? 'imageNamespace' in values.pluginServer : false,
      provenance: pv('helm/values.yaml'),
    },
    env: [...env.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, alternatives]) => ({ name, alternatives, provenance: pv('helm/templates/deployment.yaml') })),
    podEnvs: { note: 'every podEnvs entry is added as an env var; a podEnvs key also suppresses the chart-set variable of the same name', provenance: pv('helm/templates/deployment.yaml') },
    image: {
      repository: values.image?.repository ?? null,
      tagRule: 'image.tag, default .Chart.AppVersion; the chart is packaged with --app-version <release> (deploy-to-oss workflow)',
      renderedDefault: `${values.image?.repository}:${consoleVersion}`,
      provenance: [pv('helm/templates/deployment.yaml'), pv('helm/values.yaml'), pv('.github/workflows/deploy-to-oss.yaml')],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Plugin Server images and their contents
// ---------------------------------------------------------------------------------------------

/** What a legacy (plugins.properties) build of plugin-server serves, from the mirror's HEAD. */
function legacyContents(ctx) {
  const ps = ctx.pluginServer;
  const head = ps.mustCommit('HEAD');
  const dockerfile = ps.mustRead(head, 'Dockerfile');
  const pull = ps.mustRead(head, 'pull_plugins.py');
  expectCode(dockerfile, /pull_plugins\.py --download-v2/, 'the image build runs pull_plugins.py --download-v2', 'Dockerfile');
  expectCode(pull, /process_plugin\(base_path, plugin_name, plugin_url, "1\.0\.0"\)/, 'every entry is written to a 1.0.0 directory', 'pull_plugins.py');
  expectCode(pull, /plugin_url\.replace\(":1\.0\.0", ":2\.0\.0"\)[\s\S]*?process_plugin\(base_path, plugin_name, v2_url, "2\.0\.0"\)/, 'and to a 2.0.0 directory from the :2.0.0 ref', 'pull_plugins.py');
  const entries = parseProperties(ps.mustRead(head, 'plugins.properties'), 'plugins.properties');
  const plugins = [];
  for (const { key, value } of entries) {
    const ref = value.replace(/^oci:\/\//, '');
    const { repository, tag } = parseImageRef(ref);
    plugins.push({
      path: key,
      versions: [
        { version: '1.0.0', repository, tag, digest: null },
        { version: '2.0.0', repository, tag: tag.replace(/^1\.0\.0$/, '2.0.0'), digest: null },
      ],
    });
  }
  plugins.sort(byKey('path'));
  return {
    id: `legacy-properties@${short(head)}`,
    exact: false,
    basis: [ps.prov(head, 'plugins.properties'), ps.prov(head, 'Dockerfile'), ps.prov(head, 'pull_plugins.py', 'main')],
    note: `built by the legacy path: every plugins.properties key under 1.0.0 and 2.0.0 (with :2.0.0 refs both directories hold the 2.0.0 artifact). The exact plugin-server commit is not recorded; this is the mirror's newest commit ${short(head)} (${ps.date(head).slice(0, 10)})`,
    plugins,
  };
}

/** What the snapshot-built plugin-server image of a release serves. */
function snapshotContents(ctx, release, hCommit, prov) {
  const { higress, pluginServer: ps } = ctx;
  const snapshotPath = `plugins/release/snapshots/${release}.json`;
  const text = higress.mustRead(hCommit, snapshotPath);
  const sha = sha256Hex(text);
  const label = prov.pluginServer.labelsByPlatform?.['linux/amd64']?.['io.higress.plugin-snapshot-sha256'];
  if (label !== sha) fail('UPSTREAM_FACT_UNVERIFIED', `snapshot ${snapshotPath} SHA-256 ${sha} differs from the image label ${label}`, { release });
  const snapshot = JSON.parse(text);
  const plugins = new Map();
  const add = (path, v) => {
    if (!plugins.has(path)) plugins.set(path, { path, versions: [] });
    plugins.get(path).versions.push(v);
  };
  for (const e of snapshot.plugins) {
    const m = e.consumers?.pluginServer;
    if (!m) continue;
    const { repository } = parseImageRef(e.ociRef);
    for (const path of uniqSorted([m.httpPath, m.inventoryKey, ...(m.aliases ?? [])])) {
      add(path, { version: e.version, repository, tag: e.version, digest: e.digest });
    }
  }
  const psCommit = prov.pluginServer.labelsByPlatform['linux/amd64']['org.opencontainers.image.revision'];
  const lockRead = readPluginServer(ps, psCommit, 'unmanaged-plugins.lock.json');
  if (lockRead.text === undefined) fail('UPSTREAM_FILE_MISSING', `plugin-server@${short(psCommit)}:unmanaged-plugins.lock.json is neither in the mirror nor in scripts/upstream/inputs`, { psCommit });
  const lock = JSON.parse(lockRead.text);
  for (const item of Object.values(lock.plugins)) {
    const { repository } = parseImageRef(`${item.repository}:${item.tag}`);
    add(item.servedPath, { version: item.servedVersion, repository, tag: item.tag, digest: item.digest, wasmSha256: item.wasmSha256 });
  }
  for (const p of plugins.values()) p.versions.sort(byKey('version'));
  return {
    contents: {
      id: `snapshot-${release}`,
      exact: true,
      basis: [higress.prov(hCommit, snapshotPath), provenance(ps.repo, psCommit, 'unmanaged-plugins.lock.json'), ...ctx.indexFacts.snapshotLayout.provenance],
      note: `snapshot entries with a pluginServer mapping are served at <httpPath|inventoryKey|alias>/<version>; unmanaged-lock entries at <servedPath>/<servedVersion>. The snapshot's SHA-256 equals the image label io.higress.plugin-snapshot-sha256; the lock is read at the image's revision label ${short(psCommit)}${lockRead.fromMirror ? '' : ' (not in the mirror: scripts/upstream/inputs copy)'}; the layout rule is pull_plugins.py at ${ctx.indexFacts.snapshotLayout.commitShort} (nearest stored copy, not in the mirror)`,
      plugins: [...plugins.values()].sort(byKey('path')),
    },
    snapshot,
    snapshotPath,
    lock,
    lockProvenance: provenance(ps.repo, psCommit, 'unmanaged-plugins.lock.json'),
    psCommit,
  };
}

function pluginServerFor(ctx, release, hCommit, core, prov, builds) {
  const { higress, pluginServer: ps } = ctx;
  const images = [];
  const chartRef = parseImageRef(core.pluginServer.image.renderedDefault);
  const wfPath = '.github/workflows/build-and-push-plugin-server-image.yml';
  const wf = higress.read(hCommit, wfPath);
  const releaseWorkflowBuildsFromMain = hasCode(wf, /repository: higress-group\/plugin-server[\s\S]*?ref: \$\{\{ github\.event\.inputs\.plugin_server_ref \|\| 'main' \}\}/) && hasCode(wf, /tags:\s*\n\s*- "v\*\.\*\.\*"/) && hasCode(wf, /type=semver,pattern=\{\{version\}\}/);
  const psHead = ps.mustCommit('HEAD');
  const psWf = ps.read(psHead, '.github/workflows/build-plugin-server-image-and-push.yml');
  const legacyOneZero = hasCode(psWf, /branches: \[ "main" \]/) && hasCode(psWf, /type=raw,value=1\.0\.0/);

  const legacy = legacyContents(ctx);
  let snap = null;
  if (prov && prov.gatewayVersion === release) snap = snapshotContents(ctx, release, hCommit, prov);

  const mk = (tag, extra) => ({
    id: `plugin-server:${tag}`,
    registry: chartRef.registry,
    repository: chartRef.repository,
    tag,
    ...extra,
  });
  if (snap && chartRef.tag === prov.pluginServerVersion) {
    const pr = parseImageRef(`${prov.pluginServerRef}@${prov.pluginServerDigest}`);
    images.push(
      mk(pr.tag, {
        digest: pr.digest,
        digestProvenance: ctx.standalone.prov(ctx.standaloneCommit(release), 'release-provenance.json', 'pluginServer'),
        floating: false,
        builtFrom: { repo: ps.repo, commit: snap.psCommit, higressCommit: prov.pluginServer.labelsByPlatform['linux/amd64']['io.higress.higress-source-commit'], provenance: ctx.standalone.prov(ctx.standaloneCommit(release), 'release-provenance.json', 'pluginServer.labelsByPlatform') },
        builtBy: higress.prov(hCommit, '.github/workflows/build-plugin-server-from-snapshot.yaml'),
        usedBy: ['helm-chart-default', 'release-tag'],
        contents: snap.contents,
      }),
    );
  } else {
    if (chartRef.tag === '1.0.0') {
      images.push(
        mk('1.0.0', {
          digest: null,
          digestProvenance: null,
          floating: true,
          builtFrom: { repo: ps.repo, commit: null, reason: 'plugin-server pushed :1.0.0 from every push to its main branch (fetch-depth 1, no commit label recorded); the last such build predates the repository dropping that workflow and is not identified in the mirrors', provenance: legacyOneZero ? ps.prov(psHead, '.github/workflows/build-plugin-server-image-and-push.yml') : ctx.indexFacts.legacyWorkflowGone.provenance[0] },
          builtBy: ps.prov(psHead, '.github/workflows/build-plugin-server-image-and-push.yml'),
          usedBy: ['helm-chart-default'],
          contents: legacy,
        }),
      );
    }
    if (releaseWorkflowBuildsFromMain) {
      const usedBy = ['release-tag'];
      if (chartRef.tag === release) usedBy.unshift('helm-chart-default');
      images.push(
        mk(release, {
          digest: null,
          digestProvenance: null,
          floating: false,
          builtFrom: { repo: ps.repo, commit: null, reason: `the ${wfPath} run for tag v${release} checked out plugin-server main (fetch-depth 1) and recorded no commit; which main commit it was is not in the mirrors`, provenance: higress.prov(hCommit, wfPath) },
          builtBy: higress.prov(hCommit, wfPath),
          usedBy,
          contents: legacy,
        }),
      );
    } else if (chartRef.tag !== '1.0.0') {
      fail('UPSTREAM_FACT_UNVERIFIED', `no known builder for ${chartRef.repository}:${chartRef.tag}`, { release });
    }
  }

  // Standalone compose pins a plugin-server tag too.
  const sa = standaloneCompose(ctx, release);
  const saPs = sa?.images.find((i) => i.component === 'plugin-server');
  if (saPs) {
    const found = images.find((i) => `${i.registry}/${i.repository}:${i.tag}` === `${saPs.registry}/${saPs.repository}:${saPs.tag}`);
    if (found) found.usedBy = uniqSorted([...found.usedBy, 'standalone-compose']);
  }

  // Coverage: which built-in plugins each Console build would ask the Plugin Server for that the
  // image does not serve (the Console asks for <spec info.name>/<spec info.version>).
  for (const img of images) {
    img.coverage = builds.map((b) => {
      const lacks = [];
      for (const pl of b.plugins) {
        const served = img.contents.plugins.find((c) => c.path === pl.specName);
        if (!served) lacks.push({ name: pl.name, requestedPath: `${pl.specName}/${pl.specVersion}`, reason: `no ${pl.specName} directory` });
        else if (!served.versions.some((v) => v.version === pl.specVersion)) {
          lacks.push({ name: pl.name, requestedPath: `${pl.specName}/${pl.specVersion}`, reason: `served only as ${served.versions.map((v) => `${pl.specName}/${v.version}`).join(', ')}` });
        }
      }
      return { consoleBuild: b.id, lacks: lacks.sort(byKey('name')) };
    });
  }
  const contents = {};
  for (const img of images) {
    contents[img.contents.id] = img.contents;
    img.contents = img.contents.id;
  }
  const official = images.find((i) => i.usedBy.includes('helm-chart-default'));
  return {
    contents,
    officialImage: official.id,
    officialImageRule: 'the image the release chart deploys with default values (global.enablePluginServer=true, no pluginServer.tag)',
    images,
    standalone: saPs ? { ref: `${saPs.registry}/${saPs.repository}:${saPs.tag}`, digest: saPs.digest, provenance: saPs.provenance } : null,
    snap,
  };
}

// ---------------------------------------------------------------------------------------------
// higress-standalone (compose, all-in-one, release-provenance.json)
// ---------------------------------------------------------------------------------------------

function parseEnvFile(text) {
  const env = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(?:'([^']*)'|"([^"]*)"|(.*))$/.exec(line.trim());
    if (m) env[m[1]] = m[2] ?? m[3] ?? m[4] ?? '';
  }
  return env;
}

const COMPONENT_BY_IMAGE = { higress: 'controller', pilot: 'pilot', gateway: 'gateway', console: 'console', 'plugin-server': 'plugin-server', 'all-in-one': 'all-in-one' };

function componentOf(repository) {
  const last = repository.split('/').pop();
  return COMPONENT_BY_IMAGE[last];
}

function standaloneCompose(ctx, release) {
  const { standalone } = ctx;
  const commit = ctx.standaloneCommit(release);
  if (!commit) return null;
  const envText = standalone.read(commit, 'compose/.env');
  const compose = standalone.read(commit, 'compose/docker-compose.yml');
  if (!envText || !compose) return null;
  const env = parseEnvFile(envText);
  const doc = parseYaml(compose);
  const images = [];
  for (const svc of Object.values(doc.services ?? {})) {
    if (typeof svc?.image !== 'string') continue;
    const ref = svc.image.replace(/\$\{(\w+)\}/g, (_, v) => env[v] ?? `\${${v}}`);
    if (ref.includes('${')) continue;
    const parsed = parseImageRef(ref);
    const component = componentOf(parsed.repository);
    if (!component || images.some((i) => i.component === component)) continue;
    images.push({ component, ...parsed, provenance: [standalone.prov(commit, 'compose/docker-compose.yml'), standalone.prov(commit, 'compose/.env')] });
  }
  return { commit, images };
}

function allInOne(ctx, release) {
  const { standalone } = ctx;
  const aioCommit = standalone.commit(`aio-v${release}`);
  if (!aioCommit) return null;
  const wf = standalone.read(aioCommit, '.github/workflows/build-aio-image-and-push.yaml');
  const registry = /IMAGE_REGISTRY: \$\{\{ vars\.IMAGE_REGISTRY \|\| '([^']+)' \}\}/.exec(wf ?? '')?.[1];
  const name = /IMAGE_NAME: \$\{\{ vars\.ALL_IN_ONE_IMAGE_NAME \|\| '([^']+)' \}\}/.exec(wf ?? '')?.[1];
  expectCode(wf, /type=match,pattern=aio-v\(\.\*\),group=1/, 'all-in-one tag = aio-v<tag> suffix', 'build-aio-image-and-push.yaml');
  if (!registry || !name) fail('UPSTREAM_FACT_UNVERIFIED', 'all-in-one image name', { release });
  const dockerfile = standalone.mustRead(aioCommit, 'all-in-one/Dockerfile');
  const args = {};
  for (const m of dockerfile.matchAll(/^ARG (\w+)=(.*)$/gm)) if (!(m[1] in args)) args[m[1]] = m[2].trim();
  const contains = [];
  for (const m of dockerfile.matchAll(/^FROM (\S+) AS (\S+)$/gm)) {
    const ref = m[1].replace(/\$\{(\w+)\}/g, (_, v) => args[v] ?? `\${${v}}`);
    if (ref.includes('${')) continue;
    const parsed = parseImageRef(ref);
    const component = componentOf(parsed.repository);
    if (component) contains.push({ component, ref: `${parsed.registry}/${parsed.repository}:${parsed.tag}`, digest: parsed.digest });
  }
  return {
    component: 'all-in-one',
    registry,
    repository: name,
    tag: release,
    digest: null,
    usedBy: ['all-in-one'],
    contains: contains.sort(byKey('component')),
    provenance: [standalone.prov(aioCommit, '.github/workflows/build-aio-image-and-push.yaml'), standalone.prov(aioCommit, 'all-in-one/Dockerfile')],
  };
}

function coreImages(ctx, release, core, consoleChartFacts, provJson) {
  const map = new Map();
  const add = (component, ref, digest, usedBy, provs) => {
    const p = parseImageRef(ref);
    const key = `${p.registry}/${p.repository}:${p.tag}`;
    if (!map.has(key)) map.set(key, { component, registry: p.registry, repository: p.repository, tag: p.tag, digest: null, digestProvenance: null, usedBy: [], provenance: [] });
    const e = map.get(key);
    e.usedBy = uniqSorted([...e.usedBy, usedBy]);
    e.provenance = uniqSorted([...e.provenance, ...provs]);
    const d = digest ?? p.digest;
    if (d) {
      if (e.digest && e.digest !== d) fail('CONFLICTING_DIGESTS', `${key}: ${e.digest} vs ${d}`, { key });
      e.digest = d;
    }
  };
  for (const i of core.coreImages) add(i.component, i.ref, null, 'helm-chart-default', i.provenance);
  add('console', consoleChartFacts.image.renderedDefault, null, 'helm-chart-default', consoleChartFacts.image.provenance);
  const sa = standaloneCompose(ctx, release);
  for (const i of sa?.images ?? []) add(i.component, `${i.registry}/${i.repository}:${i.tag}`, i.digest, 'standalone-compose', i.provenance);
  if (provJson) {
    const pj = ctx.standalone.prov(ctx.standaloneCommit(release), 'release-provenance.json');
    for (const [component, img] of Object.entries(provJson.gatewayImages ?? {})) add(component, img.ref, img.digest, 'release-provenance', [`${pj.replace(/#.*/, '')}#gatewayImages.${component}`]);
    add('plugin-server', provJson.pluginServerRef, provJson.pluginServerDigest, 'release-provenance', [`${pj}#pluginServer`]);
  }
  for (const e of map.values()) if (e.digest) e.digestProvenance = e.provenance.find((p) => /release-provenance|\.env/.test(p)) ?? e.provenance[0];
  const aio = allInOne(ctx, release);
  const list = [...map.values()];
  if (aio) list.push({ ...aio, digestProvenance: null });
  return list.sort((a, b) => (a.component + a.tag < b.component + b.tag ? -1 : 1));
}

// ---------------------------------------------------------------------------------------------
// Pins
// ---------------------------------------------------------------------------------------------

function pinsFor(ctx, release, builds, psFacts, hCommit) {
  const { console, higress } = ctx;
  const locked = []; // { repository, tag, digest, wasmSha256?, provenance }
  for (const b of builds) {
    const text = console.read(b.commit, LOCK_PATH);
    if (!text) continue;
    const lock = JSON.parse(text);
    for (const [key, e] of Object.entries(lock.plugins ?? {})) {
      const { repository, tag } = parseImageRef(e.ociRef.replace(/^oci:\/\//, ''));
      locked.push({ key, repository, tag, digest: e.digest, provenance: console.prov(b.commit, LOCK_PATH, `plugins.${key}`) });
    }
  }
  const snap = psFacts.snap;
  if (snap) {
    for (const e of snap.snapshot.plugins) {
      const { repository, tag } = parseImageRef(e.ociRef);
      locked.push({ key: e.logicalId, repository, tag, digest: e.digest, provenance: higress.prov(hCommit, snap.snapshotPath, `plugins.${e.logicalId}`) });
    }
    for (const [key, e] of Object.entries(snap.lock.plugins)) {
      const { repository, tag } = parseImageRef(`${e.repository}:${e.tag}`);
      locked.push({ key, repository, tag, digest: e.digest, wasmSha256: e.wasmSha256, provenance: `${snap.lockProvenance}#plugins.${key}` });
    }
  }
  const observed = ctx.observed;

  const union = new Map();
  for (const b of builds) {
    for (const pl of b.plugins) {
      const k = `${pl.name} ${pl.repository}:${pl.tag}`;
      if (!union.has(k)) union.set(k, { plugin: pl.name, repository: pl.repository, tag: pl.tag, consoleBuilds: [] });
      union.get(k).consoleBuilds.push(b.id);
    }
  }
  const pins = [];
  for (const u of union.values()) {
    const match = (l) => l.repository === u.repository && l.tag === u.tag;
    const lk = locked.filter(match);
    const pin = { ...u, consoleBuilds: uniqSorted(u.consoleBuilds) };
    if (lk.length) {
      const digests = uniqSorted(lk.map((l) => l.digest));
      if (digests.length !== 1) fail('CONFLICTING_DIGESTS', `${u.plugin} ${u.repository}:${u.tag} has ${digests.join(', ')} in release ${release}`, { release, plugin: u.plugin });
      const withWasm = lk.find((l) => l.wasmSha256);
      Object.assign(pin, {
        status: 'locked',
        digest: digests[0],
        sources: uniqSorted(lk.map((l) => l.provenance)),
        wasmSha256: withWasm?.wasmSha256 ?? null,
        wasmSha256Provenance: withWasm?.provenance ?? null,
        reason: withWasm ? null : 'no plugin.wasm SHA-256 published (only inside the plugin-server image, snapshot-inventory.json)',
      });
    } else {
      const ob = observed.filter(match);
      if (ob.length) {
        const digests = uniqSorted(ob.map((l) => l.digest));
        if (digests.length !== 1) fail('CONFLICTING_DIGESTS', `observed ${u.repository}:${u.tag}: ${digests.join(', ')}`, { release });
        const withWasm = ob.find((l) => l.wasmSha256);
        Object.assign(pin, {
          status: 'observed',
          digest: digests[0],
          sources: uniqSorted(ob.map((l) => l.provenance)),
          wasmSha256: withWasm?.wasmSha256 ?? null,
          wasmSha256Provenance: withWasm?.provenance ?? null,
          reason: `no lock bound to ${release}; digest the tag had when recorded by ${uniqSorted(ob.map((o) => o.recorded)).join(' and ')}`,
        });
      } else {
        Object.assign(pin, {
          status: 'none',
          digest: null,
          sources: [],
          wasmSha256: null,
          wasmSha256Provenance: null,
          reason: `no upstream record of a digest for ${u.repository}:${u.tag}${ctx.observedTagsByRepo.has(u.repository) ? ` (records exist only for tag ${uniqSorted(ctx.observedTagsByRepo.get(u.repository)).join(', ')})` : ''}`,
        });
      }
    }
    pins.push(pin);
  }
  return pins.sort((a, b) => (a.plugin + a.tag < b.plugin + b.tag ? -1 : 1));
}

/** Digests of public tags recorded after the fact (not bound to any one release). */
export function observedDigests(ctx) {
  const { higress, pluginServer: ps } = ctx;
  const out = [];
  const bootPaths = uniqSorted(higress.git('log', '--all', '--format=', '--name-only', '--', 'plugins/release/bootstrap-evidence/').split('\n').filter(Boolean));
  for (const path of bootPaths) {
    const commits = higress.commitsTouching(path);
    const first = commits[commits.length - 1];
    const latest = commits[0];
    const text = higress.read(latest, path);
    if (!text) continue;
    const date = higress.date(first).slice(0, 10);
    for (const [key, e] of Object.entries(JSON.parse(text).plugins ?? {})) {
      if (e.status !== 'public' || !e.digest) continue;
      const { repository, tag } = parseImageRef(e.publicRef);
      out.push({ key, repository, tag, digest: e.digest, provenance: higress.prov(latest, path, `plugins.${key}`), recorded: `Higress ${path.match(/([\d.]+)\.json$/)[1]} bootstrap evidence (${date})` });
    }
  }
  for (const k of Object.keys(INDEX_INPUTS)) {
    const [commit, path] = k.split(':');
    if (path !== 'unmanaged-plugins.lock.json') continue;
    const { text } = readPluginServer(ps, commit, path);
    if (!text) continue;
    for (const [key, e] of Object.entries(JSON.parse(text).plugins)) {
      const { repository, tag } = parseImageRef(`${e.repository}:${e.tag}`);
      out.push({ key, repository, tag, digest: e.digest, wasmSha256: e.wasmSha256, provenance: provenance(ps.repo, commit, path, `plugins.${key}`), recorded: `plugin-server unmanaged lock ${short(commit)}` });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// One release
// ---------------------------------------------------------------------------------------------

export function buildRelease(ctx, release) {
  const { higress } = ctx;
  const tag = `v${release}`;
  const hCommit = higress.mustCommit(tag);
  const umbrella = parseYaml(higress.mustRead(hCommit, 'helm/higress/Chart.yaml'));
  const consoleDep = (umbrella.dependencies ?? []).find((d) => d.name === 'higress-console') ?? fail('UPSTREAM_FACT_UNVERIFIED', 'no higress-console dependency', { release });
  const consoleVersion = String(consoleDep.version);
  const lock = parseYaml(higress.read(hCommit, 'helm/higress/Chart.lock') ?? 'dependencies: []');
  const lockedConsole = (lock.dependencies ?? []).find((d) => d.name === 'higress-console');
  if (lockedConsole && String(lockedConsole.version) !== consoleVersion) fail('UPSTREAM_FACT_UNVERIFIED', 'Chart.lock and Chart.yaml disagree on higress-console', { release });

  const saCommit = ctx.standaloneCommit(release);
  const provText = saCommit ? ctx.standalone.read(saCommit, 'release-provenance.json') : undefined;
  const provJson = provText ? JSON.parse(provText) : null;
  if (provJson && provJson.higress?.commit !== hCommit) fail('UPSTREAM_FACT_UNVERIFIED', 'release-provenance.json names another Higress commit', { release });

  const builds = consoleBuildsFor(ctx, release, consoleVersion);
  if (provJson?.console && provJson.console.commit !== builds[0].commit) fail('UPSTREAM_FACT_UNVERIFIED', 'release-provenance.json names another Console commit', { release });
  const core = coreChart(ctx, hCommit);
  const consoleChartFacts = consoleChart(ctx, consoleVersion);
  const ps = pluginServerFor(ctx, release, hCommit, core, provJson, builds);
  const pins = pinsFor(ctx, release, builds, ps, hCommit);
  const images = coreImages(ctx, release, core, consoleChartFacts, provJson);
  delete ps.snap;
  delete core.values;
  delete core.coreImages;

  return {
    release,
    higress: { tag, commit: hCommit, provenance: higress.prov(hCommit, 'helm/higress/Chart.yaml') },
    console: {
      chartVersion: consoleVersion,
      chartRepository: String(consoleDep.repository),
      imageTag: consoleVersion,
      provenance: [higress.prov(hCommit, 'helm/higress/Chart.yaml'), higress.prov(hCommit, 'helm/higress/Chart.lock')],
      rule: 'the umbrella chart depends on higress-console <chartVersion>; that chart is packaged from higress-console tag v<chartVersion> with appVersion <chartVersion>, and its image tag defaults to appVersion',
    },
    consoleBuilds: builds,
    chart: { umbrella: { version: String(umbrella.version), dependencies: (umbrella.dependencies ?? []).map((d) => ({ name: d.name, version: String(d.version), repository: String(d.repository) })), provenance: higress.prov(hCommit, 'helm/higress/Chart.yaml') }, core, console: consoleChartFacts },
    pluginServer: ps,
    images,
    pins,
    parts: releaseParts(ctx, release, hCommit, consoleVersion),
    standalone: saCommit ? { tag, commit: saCommit, hasReleaseProvenance: Boolean(provJson), provenance: ctx.standalone.prov(saCommit, provJson ? 'release-provenance.json' : 'compose/.env') } : null,
  };
}
