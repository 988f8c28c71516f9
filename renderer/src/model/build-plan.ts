import type { PlanPayload } from '../../../shared/ipc/payloads';
import type { MessageKey } from '../i18n/en';
import { emptyConnection, toConnection, type ConnectionForm } from './connection';
import { parseSplitSize } from './output-files';

export const CUSTOM_SOURCE = 'custom';
export const PLATFORMS = ['linux/amd64', 'linux/arm64'] as const;
export type SplitChoice = 'none' | 'fat32' | 'custom';

export interface OciPluginRow {
  readonly reference: string;
  readonly name: string;
  readonly version: string;
}

export interface WasmFileRow {
  readonly name: string;
  readonly version: string;
  readonly file: string;
}

/** Everything the Build screen collects. */
export interface BuildForm {
  readonly release: string;
  /** A preset or saved host, or CUSTOM_SOURCE. */
  readonly source: string;
  readonly customHost: string;
  readonly connection: ConnectionForm;
  readonly pluginServer: boolean;
  readonly plugins: readonly string[];
  readonly ociPlugins: readonly OciPluginRow[];
  readonly wasmFiles: readonly WasmFileRow[];
  readonly images: readonly string[];
  readonly dockerImages: readonly string[];
  readonly platforms: readonly string[];
  readonly out: string;
  readonly split: SplitChoice;
  readonly splitSize: string;
  readonly force: boolean;
  /** Take a tag's current content where the source lacks the release's pinned digest. */
  readonly followTags: boolean;
  /** WasmPlugin inventory files or folders of a running Higress (empty rows are ignored). */
  readonly inventoryPaths: readonly string[];
  /** Take the WasmPlugins' configuration along, encrypted with the passphrase. */
  readonly withConfig: boolean;
  readonly passphrase: string;
  readonly passphraseAgain: string;
  /** The release itself (`--with-higress`) and its options. */
  readonly higress: HigressForm;
}

export interface HigressForm {
  readonly enabled: boolean;
  readonly charts: boolean;
  /** Empty: the release's official Helm repository. */
  readonly chartRepo: string;
  readonly observability: boolean;
  readonly allInOne: boolean;
  readonly redis: boolean;
  readonly compose: boolean;
}

export const initialHigressForm: HigressForm = { enabled: false, charts: true, chartRepo: '', observability: false, allInOne: false, redis: false, compose: false };

export function initialBuildForm(release: string, source: string): BuildForm {
  return {
    release,
    source,
    customHost: '',
    connection: emptyConnection,
    pluginServer: true,
    plugins: [],
    ociPlugins: [],
    wasmFiles: [],
    images: [],
    dockerImages: [],
    platforms: [...PLATFORMS],
    out: '',
    split: 'none',
    splitSize: '',
    force: false,
    followTags: false,
    inventoryPaths: [''],
    withConfig: false,
    passphrase: '',
    passphraseAgain: '',
    higress: initialHigressForm,
  };
}

/** The inventory rows that name something. */
export function inventoryPathsOf(form: BuildForm): string[] {
  return form.inventoryPaths.map(clean).filter(Boolean);
}

/** bundle:build's `inventory`: the paths, and the passphrase only when configuration is taken. */
export function inventoryOf(form: BuildForm): { paths: string[]; withConfig?: boolean; passphrase?: string } | undefined {
  const paths = inventoryPathsOf(form);
  if (!paths.length) return undefined;
  return { paths, ...(form.withConfig ? { withConfig: true, passphrase: form.passphrase } : {}) };
}

const clean = (s: string) => s.trim();

export function sourceHost(form: BuildForm): string {
  return (form.source === CUSTOM_SOURCE ? form.customHost : form.source).trim();
}

/** One-off TLS options and credentials go only with a custom source; saved hosts use their settings. */
export function sourceConnection(form: BuildForm) {
  return form.source === CUSTOM_SOURCE ? toConnection(form.connection) : undefined;
}


export function planOf(form: BuildForm): PlanPayload {
  const ociPlugins = form.ociPlugins
    .filter((p) => clean(p.reference))
    .map((p) => ({ reference: clean(p.reference), ...(clean(p.name) ? { name: clean(p.name) } : {}), ...(clean(p.version) ? { version: clean(p.version) } : {}) }));
  const wasmFiles = form.wasmFiles.filter((w) => clean(w.file)).map((w) => ({ name: clean(w.name), version: clean(w.version), file: clean(w.file) }));
  const images = form.images.map(clean).filter(Boolean);
  const dockerImages = form.dockerImages.map(clean).filter(Boolean);
  const host = sourceHost(form);
  return {
    release: form.release,
    ...(host ? { source: host } : {}),
    ...(form.pluginServer ? {} : { pluginServer: null }),
    catalogPlugins: [...form.plugins],
    ...(ociPlugins.length ? { ociPlugins } : {}),
    ...(wasmFiles.length ? { wasmFiles } : {}),
    ...(images.length ? { images } : {}),
    ...(dockerImages.length ? { dockerImages } : {}),
    ...(form.platforms.length ? { platforms: [...form.platforms] } : {}),
    ...(form.followTags ? { followTags: true } : {}),
    ...(form.higress.enabled ? { higress: higressOf(form.higress) } : {}),
  };
}

/** bundle:build's `plan.higress`: only what is switched on, the repository only when charts are taken. */
export function higressOf(h: HigressForm): NonNullable<PlanPayload['higress']> {
  const repo = clean(h.chartRepo);
  return {
    ...(h.observability ? { observability: true } : {}),
    ...(h.allInOne ? { allInOne: true } : {}),
    ...(h.redis ? { redis: true } : {}),
    ...(h.compose ? { compose: true } : {}),
    ...(h.charts ? (repo ? { chartRepo: repo } : {}) : { charts: false }),
  };
}

/** The `split` argument of bundle:build. */
export function splitOf(form: BuildForm): string | undefined {
  if (form.split === 'fat32') return 'fat32';
  if (form.split === 'custom') return form.splitSize.trim() || undefined;
  return undefined;
}

/** True when the plan would bundle nothing at all. */
export function isEmptyPlan(plan: PlanPayload): boolean {
  return plan.pluginServer === null && !plan.higress && !plan.catalogPlugins?.length && !plan.ociPlugins?.length && !plan.wasmFiles?.length && !plan.images?.length && !plan.dockerImages?.length;
}

/** What is missing before a build can start, checked here so the engine is asked only sensible things. */
export function buildProblems(form: BuildForm, inventoryProblems = 0): MessageKey[] {
  const problems: MessageKey[] = [];
  if (!sourceHost(form)) problems.push('build.problem.source');
  if (isEmptyPlan(planOf(form)) && !inventoryPathsOf(form).length) problems.push('build.problem.empty');
  if (inventoryPathsOf(form).length && form.withConfig) {
    if ([...form.passphrase].length < 8) problems.push('migrate.problem.passphrase');
    else if (form.passphrase !== form.passphraseAgain) problems.push('migrate.problem.passphraseMismatch');
  }
  if (inventoryProblems > 0) problems.push('migrate.problem.inventory');
  if (!form.platforms.length) problems.push('build.problem.platforms');
  if (!form.out.trim()) problems.push('build.problem.out');
  if (form.higress.enabled && form.higress.charts && clean(form.higress.chartRepo) && !/^https?:\/\/[^\s/]+/i.test(clean(form.higress.chartRepo))) problems.push('release.build.problem.chartRepo');
  if (form.split === 'custom' && parseSplitSize(form.splitSize) === undefined) problems.push('build.problem.split');
  return problems;
}

/**
 * The form as kept across a page reload (sessionStorage): everything but what must be typed again
 * — the password, the passphrase — and the consent to replace an existing bundle.
 */
export function savedFormText(form: BuildForm): string {
  return JSON.stringify({ ...form, connection: { ...form.connection, password: '' }, passphrase: '', passphraseAgain: '', force: false });
}

/** A saved form read back: only the keys the form has, each of the type it has; anything else is dropped. */
export function restoreBuildForm(text: string | null, initial: BuildForm): BuildForm {
  if (!text) return initial;
  let saved: unknown;
  try {
    saved = JSON.parse(text);
  } catch {
    return initial;
  }
  if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) return initial;
  const out: Record<string, unknown> = { ...initial };
  for (const [key, value] of Object.entries(initial)) {
    const v = (saved as Record<string, unknown>)[key];
    if (v === undefined || typeof v !== typeof value || Array.isArray(v) !== Array.isArray(value)) continue;
    out[key] = typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value, ...(v as object) } : v;
  }
  return { ...(out as unknown as BuildForm), connection: { ...(out as unknown as BuildForm).connection, password: '' }, passphrase: '', passphraseAgain: '', force: false };
}
