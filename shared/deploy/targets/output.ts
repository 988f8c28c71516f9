import { noticeLine } from '../notes';
import { DEFAULT_RELEASE, getRelease, notServedByOfficialImage } from '../../catalog/catalog';
import { releaseParts } from '../../catalog/release-parts';
import { UsageError } from '../../errors';
import { notice, renderError, type Notice } from '../../messages/catalog';
import { formatReference, parseReference } from '../../oci/reference';
import { parseTarget } from '../../oci/retag';
import { generateDeployment } from '../generate';
import { FILES, TARGET_FILES } from '../paths';
import { composeReadme, dockerReadme, helmReleaseReadme } from '../readme';
import { toYaml } from '../render';
import { shellQuote } from '../shell';
import type { DeployInput, DeployOptions, DeployOutput } from '../types';
import type { TargetPlugin } from './common';
import { composeTarget } from './compose';
import { dockerRunTarget } from './docker-run';
import { helmRelease, pushedReferences, unresolvedChartImages } from './helm-release';

/**
 * One entry point for every place Higress runs (`yaml --target`, the Deploy screen's choice and
 * preview): helm (Kubernetes YAML and Helm values, plus the whole release when the bundle carries
 * it), compose (higress-standalone) and docker (the all-in-one image). Pure: no I/O; the files to
 * copy out of the bundle (chart packages, plugin.wasm) are named, the writer copies them.
 */
export const DEPLOY_TARGETS = ['helm', 'compose', 'docker'] as const;
export type DeployTarget = (typeof DEPLOY_TARGETS)[number];

export interface OutputFile {
  /** Relative path under the output folder, `/`-separated. */
  readonly path: string;
  readonly content: string;
  readonly description: string;
  /** File mode (scripts are executable). */
  readonly mode?: number | undefined;
}

/** A file the writer copies out of the bundle into the output folder. */
export interface OutputCopy {
  /** Path inside the bundle, e.g. `plugins/my-filter/1.0.0/plugin.wasm`, `charts/higress-2.2.4.tgz`. */
  readonly from: string;
  /** Relative path under the output folder. */
  readonly path: string;
  readonly description: string;
}

export interface TargetDeployment {
  readonly target: DeployTarget;
  readonly release: string;
  readonly files: readonly OutputFile[];
  readonly copies: readonly OutputCopy[];
  /** Coded notes of the target (render with renderNotice in the reader's language). */
  readonly notices: readonly Notice[];
  /** The English text of `notices` (each with what to do), for scripts (`--json`). */
  readonly warnings: readonly string[];
  /** Every image the output names, source → private reference, and whether the bundle carries it. */
  readonly images: readonly { readonly source: string; readonly ref: string; readonly bundled: boolean }[];
  /** The Kubernetes output (helm only). */
  readonly helm?: DeployOutput | undefined;
}

export type TargetOptions = Omit<DeployOptions, 'mode'> & { readonly mode?: DeployOptions['mode'] | undefined; readonly target?: DeployTarget | undefined };

function refuse(code: string, details: Record<string, unknown>): UsageError {
  const r = renderError({ code, message: code, details }, 'en', 'cli');
  return new UsageError(r.message, { code, hint: r.hint, details });
}

export const HELM_INSTALL = TARGET_FILES.helmInstall;
export const CHARTS_DIR = 'charts';

export function generateForTarget(input: DeployInput, options: TargetOptions): TargetDeployment {
  const target = options.target ?? 'helm';
  if (!(DEPLOY_TARGETS as readonly string[]).includes(target)) throw refuse('DEPLOY_TARGET_INVALID', { target: String(target), targets: DEPLOY_TARGETS.join(', ') });
  if (target === 'helm') return helmTarget(input, options);
  const release = options.release ?? input.higressRelease ?? DEFAULT_RELEASE;
  const retag = parseTarget(options.registry, options.targetMode ?? 'keep');
  const catalog = getRelease(release);
  const selected = input.plugins.filter((p) => !options.plugins || options.plugins.includes(p.name));
  const lacking = new Set(notServedByOfficialImage(catalog, selected.filter((p) => p.origin === 'catalog').map((p) => p.name)));
  const customPlugins: TargetPlugin[] = selected
    .filter((p) => p.origin !== 'catalog' || lacking.has(p.name))
    .map((p) => ({ name: p.name, version: p.version, servedVersions: p.servedVersions, wasmPath: `plugins/${p.name}/${p.servedVersions[0] ?? p.version}/plugin.wasm` }));
  const targetInput = { release, target: retag, images: input.images, customPlugins, pluginServerImage: options.pluginServerImage, pinDigest: true };
  const parts = releaseParts(release);
  const out = target === 'compose' ? composeTarget(targetInput, parts) : dockerRunTarget(targetInput, parts);
  const copies: OutputCopy[] = out.copies.map((c) => ({ from: c.from, path: c.path, description: 'custom plugin module, mounted read-only into the all-in-one container' }));
  const readme = target === 'compose' ? composeReadme({ release, files: out.files, images: out.images, notices: out.notices }) : dockerReadme({ release, files: out.files, copies, images: out.images, notices: out.notices, parts });
  const files: OutputFile[] = [...out.files, { path: FILES.readme, content: readme, description: 'what each file is for and the steps to run Higress' }];
  return { target, release, files, copies, notices: out.notices, warnings: out.notices.map((n) => noticeLine(n)), images: out.images };
}

function helmTarget(input: DeployInput, options: TargetOptions): TargetDeployment {
  const mode = options.mode;
  if (mode === undefined) throw refuse('DEPLOY_MODE_REQUIRED', { target: 'helm' });
  const release = options.release ?? input.higressRelease ?? DEFAULT_RELEASE;
  const retag = parseTarget(options.registry, options.targetMode ?? 'keep');
  const whole = helmRelease({ release, target: retag, images: input.images, charts: input.charts, pullSecret: options.pullSecret, pluginServerImage: options.pluginServerImage });
  if (!whole) {
    const base = generateDeployment(input, { ...options, mode });
    return { target: 'helm', release: base.release, files: base.files, copies: [], notices: base.notices, warnings: base.warnings, images: [], helm: base };
  }
  const chartPath = `${CHARTS_DIR}/${whole.chartFile}`;
  const base = generateDeployment(input, { ...options, mode, chartValues: whole.values, helmChart: options.helmChart ?? (whole.chart ? chartPath : undefined) });
  const parts = releaseParts(release);
  const pushed = pushedReferences(input.images, retag);
  if (options.pluginServerImage) pushed.add(formatReference(parseReference(options.pluginServerImage)));
  const unresolved = unresolvedChartImages(parts, base.helmValues, whole.options, pushed);
  const notices: Notice[] = [...base.notices, ...whole.notices];
  const missing = new Set(whole.images.filter((i) => !i.bundled).map((i) => i.component));
  for (const u of unresolved) if (!missing.has(u.component)) notices.push(notice('TARGET_CHART_IMAGE_UNRESOLVED', { component: u.component, image: u.ref }));

  const namespace = base.namespace;
  const install = [
    '#!/bin/sh',
    `# Installs or upgrades Higress ${release} from the chart package in this folder with the private images (no chart repository, no internet).`,
    '# Generated by Higress Airgap. Create the namespace and the pull Secret first when the registry needs credentials.',
    'set -eu',
    'cd "$(dirname "$0")/.."',
    ...(whole.chart
      ? [`CHART=${shellQuote(chartPath)}`]
      : [
          `# The bundle has no chart: fetch ${whole.chartFile}${whole.chartUrl ? ` (${whole.chartUrl})` : ''} on the connected side, then HIGRESS_CHART=<file> sh helm/install.sh`,
          `CHART="\${HIGRESS_CHART:?set HIGRESS_CHART to the ${whole.chartFile} package: this bundle does not carry the chart}"`,
        ]),
    `exec helm upgrade --install higress "$CHART" -n ${shellQuote(namespace)} --create-namespace -f ${FILES.helmValues} "$@"`,
    '',
  ].join('\n');
  const section = helmReleaseReadme({ release, images: whole.images, chart: whole.chart ? chartPath : undefined, chartFile: whole.chartFile, chartUrl: whole.chartUrl, notices, pullSecret: options.pullSecret });
  const files: OutputFile[] = base.files.map((f) => {
    if (f.path === FILES.readme) return { ...f, content: `${f.content.trimEnd()}\n\n${section}` };
    if (f.path === FILES.helmValues) return { ...f, content: toYaml(base.helmValues, ` Helm values for Higress ${release} (umbrella chart): every image from the private registry, mode ${base.mode}`) };
    return f;
  });
  files.push({ path: HELM_INSTALL, content: install, description: `helm upgrade --install from ${whole.chart ? chartPath : `the ${whole.chartFile} package`} with the values`, mode: 0o755 });
  const copies: OutputCopy[] = whole.chart ? [{ from: whole.chart.path, path: chartPath, description: `the higress chart package ${whole.chart.version} from the bundle` }] : [];
  const warnings = notices.map((n) => noticeLine(n));
  return { target: 'helm', release, files, copies, notices, warnings, images: whole.images, helm: { ...base, notices, warnings, files } };
}
