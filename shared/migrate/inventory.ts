import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { AppError, printable } from '../errors';
import { wasmPluginProblems } from '../deploy/validate';
import { KEPT_METADATA, LAST_APPLIED_ANNOTATION, WASMPLUGIN_API_VERSION, WASMPLUGIN_KIND } from './facts';

/**
 * Reading a WasmPlugin inventory: what operators really have — `kubectl get wasmplugins -A -o
 * yaml` (a List), multi-document YAML, JSON, and folders of such files (higress-standalone keeps
 * its configuration as files). Untrusted input: files and totals are size-capped, YAML aliases are
 * bounded (alias bombs), only `extensions.higress.io/v1alpha1` WasmPlugins are taken, everything
 * else is counted by kind, and every problem — a malformed document, an invalid object, a
 * duplicate — is collected with its file and position and reported at once.
 */

export const INVENTORY_LIMITS = {
  /** One file. */
  fileBytes: 16 * 1024 * 1024,
  /** All files together. */
  totalBytes: 64 * 1024 * 1024,
  /** Files read from folders. */
  files: 2000,
  /** Folder depth below a given folder. */
  depth: 8,
  /** WasmPlugin objects taken. */
  objects: 1000,
  /** Aliases one document may expand (the yaml package's maxAliasCount). */
  aliases: 100,
} as const;

const EXTENSIONS = /\.(ya?ml|json)$/i;
/** Namespace of an object that names none (higress-standalone files, hand-written YAML). */
export const DEFAULT_OBJECT_NAMESPACE = 'higress-system';

/** Where an object or a problem is: the file and the document (and List item) in it. */
export interface InventoryPosition {
  /** The file as given (relative to the folder it was found in, when from a folder). */
  readonly file: string;
  /** 1-based document number in the file. */
  readonly document: number;
  /** 1-based item number inside a List document. */
  readonly item?: number | undefined;
  /** 1-based line the document starts on. */
  readonly line?: number | undefined;
}

export interface InventoryProblem extends InventoryPosition {
  readonly reason: string;
}

/** A WasmPlugin as it travels: name, namespace, labels, annotations and the whole spec. */
export interface InventoryObject {
  readonly apiVersion: typeof WASMPLUGIN_API_VERSION;
  readonly kind: typeof WASMPLUGIN_KIND;
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels?: Readonly<Record<string, string>> | undefined;
    readonly annotations?: Readonly<Record<string, string>> | undefined;
  };
  readonly spec: Readonly<Record<string, unknown>>;
}

export interface InventoryEntry {
  readonly position: InventoryPosition;
  readonly object: InventoryObject;
  /** Metadata the cluster managed, dropped (uid, resourceVersion, …, the last-applied annotation). */
  readonly dropped: readonly string[];
}

export interface Inventory {
  readonly entries: readonly InventoryEntry[];
  /** Objects that are not Higress WasmPlugins, by `apiVersion kind`. */
  readonly skipped: Readonly<Record<string, number>>;
  readonly files: readonly string[];
}

/** What one text gave: entries, skipped kinds and problems (nothing thrown). */
export interface ParsedText {
  readonly entries: InventoryEntry[];
  readonly skipped: Record<string, number>;
  readonly problems: InventoryProblem[];
}

/**
 * Reads files and folders (repeatable `--from-wasmplugins`). Every problem of every file is
 * collected; any problem refuses the whole inventory with INVENTORY_INVALID listing them.
 */
export async function readInventory(paths: readonly string[]): Promise<Inventory> {
  const { inventory, problems } = await readInventoryParts(paths);
  if (problems.length) throw inventoryInvalid(problems);
  if (inventory.entries.length === 0) {
    const skipped = inventory.skipped;
    throw new AppError('INVENTORY_EMPTY', `No extensions.higress.io/v1alpha1 WasmPlugin in ${paths.map((p) => basename(p)).join(', ')} (${countOf(skipped)} other objects skipped)`, {
      hint: 'Export them with: kubectl get wasmplugins.extensions.higress.io -A -o yaml > wasmplugins.yaml',
      details: { files: paths.map((p) => basename(p)).join(', '), skipped: countOf(skipped) },
    });
  }
  return inventory;
}

/** Reads what it can and returns the problems instead of throwing them (the Build screen lists both). */
export async function readInventoryParts(paths: readonly string[]): Promise<{ inventory: Inventory; problems: InventoryProblem[] }> {
  const problems: InventoryProblem[] = [];
  const files: Array<{ path: string; label: string }> = [];
  for (const p of paths) await collectFiles(p, basename(p), 0, files, problems);
  if (files.length > INVENTORY_LIMITS.files) {
    throw new AppError('INVENTORY_TOO_MANY_FILES', `The inventory has ${files.length} files, more than the ${INVENTORY_LIMITS.files} read`, {
      hint: 'Point at the folder or file that holds the WasmPlugins only.',
      details: { files: files.length, limit: INVENTORY_LIMITS.files },
    });
  }
  let total = 0;
  const entries: InventoryEntry[] = [];
  const skipped: Record<string, number> = {};
  for (const f of files) {
    const size = (await stat(f.path)).size;
    if (size > INVENTORY_LIMITS.fileBytes) {
      problems.push({ file: f.label, document: 0, reason: `is ${size} bytes, more than the ${INVENTORY_LIMITS.fileBytes} read from one file` });
      continue;
    }
    total += size;
    if (total > INVENTORY_LIMITS.totalBytes) {
      throw new AppError('INVENTORY_TOO_LARGE', `The inventory is larger than ${INVENTORY_LIMITS.totalBytes} bytes`, {
        hint: 'Point at the folder or file that holds the WasmPlugins only.',
        details: { bytes: total, limit: INVENTORY_LIMITS.totalBytes },
      });
    }
    const parsed = parseInventoryText((await readFile(f.path)).toString('utf8'), f.label);
    entries.push(...parsed.entries);
    problems.push(...parsed.problems);
    for (const [k, n] of Object.entries(parsed.skipped)) skipped[k] = (skipped[k] ?? 0) + n;
  }
  problems.push(...duplicateProblems(entries));
  if (entries.length > INVENTORY_LIMITS.objects) problems.push({ file: files[0]?.label ?? '', document: 0, reason: `holds ${entries.length} WasmPlugins, more than the ${INVENTORY_LIMITS.objects} one bundle takes` });
  return { inventory: { entries, skipped, files: files.map((f) => f.label) }, problems };
}

export function inventoryInvalid(problems: readonly InventoryProblem[]): AppError {
  const shown = problems.slice(0, 50).map((p) => `  - ${positionText(p)}: ${p.reason}`);
  const more = problems.length > 50 ? [`  … and ${problems.length - 50} more`] : [];
  return new AppError('INVENTORY_INVALID', `${problems.length} problem${problems.length > 1 ? 's' : ''} in the WasmPlugin inventory:\n${[...shown, ...more].join('\n')}`, {
    hint: 'Each problem names its file and document; fix them and run again (nothing was fetched or written).',
    details: { count: problems.length, problems: problems.slice(0, 200) },
  });
}

export function positionText(p: InventoryPosition): string {
  if (p.document === 0) return p.file;
  return `${p.file}, document ${p.document}${p.item ? `, item ${p.item}` : ''}${p.line ? ` (line ${p.line})` : ''}`;
}

export function countOf(skipped: Readonly<Record<string, number>>): number {
  return Object.values(skipped).reduce((s, n) => s + n, 0);
}

async function collectFiles(path: string, label: string, depth: number, out: Array<{ path: string; label: string }>, problems: InventoryProblem[]): Promise<void> {
  let s;
  try {
    s = await stat(path);
  } catch (e) {
    problems.push({ file: label, document: 0, reason: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
    return;
  }
  if (s.isFile()) {
    out.push({ path, label });
    return;
  }
  if (!s.isDirectory()) {
    problems.push({ file: label, document: 0, reason: 'is neither a file nor a folder' });
    return;
  }
  if (depth > INVENTORY_LIMITS.depth) return;
  const names = (await readdir(path, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of names) {
    if (e.name.startsWith('.')) continue;
    const child = join(path, e.name);
    const childLabel = depth === 0 ? join(label, relative(path, child)) : join(label, e.name);
    if (e.isDirectory()) await collectFiles(child, childLabel, depth + 1, out, problems);
    else if (e.isFile() && EXTENSIONS.test(e.name)) out.push({ path: child, label: childLabel });
    if (out.length > INVENTORY_LIMITS.files) return;
  }
}

/** Parses one file's text (YAML, multi-document YAML or JSON). Pure. */
export function parseInventoryText(text: string, file: string): ParsedText {
  const result: ParsedText = { entries: [], skipped: {}, problems: [] };
  // JSON (kubectl -o json) the fast way; the YAML parser below explains a JSON file that does not parse.
  if (/^\s*\{/.test(text)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (value !== undefined) {
      takeObject(value, { file, document: 1, line: 1 }, result);
      return result;
    }
  }
  const lines = new LineCounter();
  let docs;
  try {
    docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  } catch (e) {
    result.problems.push({ file, document: 0, reason: `is not YAML or JSON (${printable((e as Error).message, 200)})` });
    return result;
  }
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, i) => {
    const at: InventoryPosition = { file, document: i + 1, line: lines.linePos(doc.contents?.range[0] ?? doc.range[0]).line };
    if (doc.errors.length) {
      const err = doc.errors[0];
      const line = err?.linePos?.[0]?.line;
      result.problems.push({ ...at, ...(line ? { line } : {}), reason: `is not valid YAML (${printable(err?.message.split('\n')[0] ?? 'parse error', 200)})` });
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: INVENTORY_LIMITS.aliases });
    } catch (e) {
      result.problems.push({ ...at, reason: `cannot be read (${printable((e as Error).message, 200)})` });
      return;
    }
    if (value === null || value === undefined) return;
    takeObject(value, at, result);
  });
  return result;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function takeObject(value: unknown, at: InventoryPosition, result: ParsedText): void {
  if (!isRecord(value)) {
    result.problems.push({ ...at, reason: 'is not a Kubernetes object (a mapping with apiVersion and kind)' });
    return;
  }
  const kind = typeof value.kind === 'string' ? value.kind : '';
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : '';
  if (Array.isArray(value.items) && (kind === 'List' || kind.endsWith('List')) && at.item === undefined) {
    value.items.forEach((item, j) => takeObject(item, { ...at, item: j + 1 }, result));
    return;
  }
  if (!kind || !apiVersion) {
    result.problems.push({ ...at, reason: 'has no apiVersion or kind' });
    return;
  }
  if (apiVersion !== WASMPLUGIN_API_VERSION || kind !== WASMPLUGIN_KIND) {
    const key = `${printable(apiVersion, 100)} ${printable(kind, 100)}`;
    result.skipped[key] = (result.skipped[key] ?? 0) + 1;
    return;
  }
  const cleaned = cleanObject(value);
  if ('reason' in cleaned) {
    result.problems.push({ ...at, reason: cleaned.reason });
    return;
  }
  result.entries.push({ position: at, object: cleaned.object, dropped: cleaned.dropped });
}

/** Keeps name, namespace, labels, annotations and spec; checks them against the CRD. */
export function cleanObject(value: Record<string, unknown>): { object: InventoryObject; dropped: string[] } | { reason: string } {
  const meta = value.metadata;
  if (!isRecord(meta) || typeof meta.name !== 'string' || !meta.name) return { reason: 'is a WasmPlugin without metadata.name' };
  const dropped = Object.keys(meta).filter((k) => !(KEPT_METADATA as readonly string[]).includes(k));
  for (const k of Object.keys(value)) if (!['apiVersion', 'kind', 'metadata', 'spec'].includes(k)) dropped.push(k);
  const annotations = isRecord(meta.annotations) ? { ...(meta.annotations as Record<string, string>) } : undefined;
  if (annotations && LAST_APPLIED_ANNOTATION in annotations) {
    delete annotations[LAST_APPLIED_ANNOTATION];
    dropped.push(`annotations.${LAST_APPLIED_ANNOTATION}`);
  }
  if (!isRecord(value.spec)) return { reason: `WasmPlugin ${printable(meta.name, 253)} has no spec` };
  const labels = isRecord(meta.labels) ? (meta.labels as Record<string, string>) : undefined;
  const object: InventoryObject = {
    apiVersion: WASMPLUGIN_API_VERSION,
    kind: WASMPLUGIN_KIND,
    metadata: {
      name: meta.name,
      namespace: typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : DEFAULT_OBJECT_NAMESPACE,
      ...(labels && Object.keys(labels).length ? { labels } : {}),
      ...(annotations && Object.keys(annotations).length ? { annotations } : {}),
    },
    spec: value.spec,
  };
  // The gateway reads a URL without a scheme as OCI; the CRD check wants a scheme.
  const url = typeof value.spec.url === 'string' ? value.spec.url : '';
  const checked = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? object : { ...object, spec: { ...object.spec, url: `oci://${url}` } };
  const problems = wasmPluginProblems(checked);
  if (!url) problems.unshift('spec.url is missing');
  if (problems.length) return { reason: `WasmPlugin ${printable(meta.name, 253)} is not valid: ${printable(problems.slice(0, 5).join('; '), 600)}` };
  return { object, dropped };
}

function duplicateProblems(entries: readonly InventoryEntry[]): InventoryProblem[] {
  const seen = new Map<string, InventoryEntry>();
  const problems: InventoryProblem[] = [];
  for (const e of entries) {
    const key = `${e.object.metadata.namespace}/${e.object.metadata.name}`;
    const first = seen.get(key);
    if (first) problems.push({ ...e.position, reason: `WasmPlugin ${key} is also in ${positionText(first.position)}` });
    else seen.set(key, e);
  }
  return problems;
}

export { objectKey } from './record';
