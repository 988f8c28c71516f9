import type { CatalogPlugin, CatalogRelease } from '../catalog/types';
import { printable } from '../errors';
import { baseName, formatReference, hasUserinfo, parseReference, redactUserinfo, type ImageReference } from '../oci/reference';
import { redactUrl } from '../registry/redact';
import { CONSOLE_LABELS, DEFAULT_PLUGIN_VERSION, PLUGIN_SERVER_PATH } from './facts';
import { objectKey, positionText, type InventoryEntry, type InventoryProblem } from './inventory';

/**
 * Where each WasmPlugin's module comes from, and which bundled plugin it becomes. Pure: the Build
 * screen lists it before anything is fetched.
 */
export type SourceLocation =
  | { readonly kind: 'oci'; readonly reference: ImageReference; readonly key: string }
  | { readonly kind: 'http'; readonly url: string; readonly key: string }
  | { readonly kind: 'file'; readonly path: string; readonly key: string };

/** One module to fetch, with every object that needs it. */
export interface MigrationSource {
  readonly location: SourceLocation;
  /** spec.url as written (tokens and signatures in an http(s) query masked: it goes into messages and bundle.json). */
  readonly url: string;
  /** The bundled plugin's name (the catalog's for a recognised built-in). */
  readonly name: string;
  /** The version the URL (or the object) names. */
  readonly version: string;
  /** Version folders of the Plugin Server tree (a built-in's catalog versions too). */
  readonly servedVersions: readonly string[];
  readonly builtIn?: CatalogPlugin | undefined;
  /** spec.sha256 of the objects (checked against what is fetched). */
  readonly sha256?: string | undefined;
  /** `namespace/name` of each object that runs it. */
  readonly objects: readonly string[];
}

const NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const VERSION = /^[\w][\w.-]{0,127}$/;

/** The gateway's reading of spec.url (facts.ts URL_SCHEMES); a string problem when it cannot be fetched. */
export function locate(url: string): SourceLocation | string {
  if (hasUserinfo(url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split('/')[0] ?? '') || /^[a-z]+:\/\/[^/]*@/i.test(url)) return `spec.url ${JSON.stringify(redactUserinfo(url))} carries credentials`;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    try {
      const u = new URL(url);
      return { kind: 'http', url: u.toString(), key: u.toString() };
    } catch {
      return `spec.url ${JSON.stringify(printable(url, 300))} is not a valid URL`;
    }
  }
  if (scheme === 'file') {
    const path = decodeURIComponent(url.slice('file://'.length));
    if (!path.startsWith('/')) return `spec.url ${JSON.stringify(printable(url, 300))} is not an absolute file:// path`;
    return { kind: 'file', path, key: `file://${path}` };
  }
  if (scheme !== undefined && scheme !== 'oci') return `spec.url scheme ${JSON.stringify(scheme)} is not one the gateway fetches (oci, http, https, file)`;
  const text = scheme === 'oci' ? url.slice('oci://'.length) : url;
  try {
    const reference = parseReference(text);
    return { kind: 'oci', reference, key: formatReference(reference) };
  } catch (e) {
    return `spec.url ${JSON.stringify(printable(url, 300))} is not an OCI reference (${(e as Error).message})`;
  }
}

/** Name and version from the URL, else the object's Console labels; the version defaults to the Console's 1.0.0. */
function identity(entry: InventoryEntry, location: SourceLocation): { name: string | undefined; version: string | undefined } {
  const labels = entry.object.metadata.labels ?? {};
  let name: string | undefined;
  let version: string | undefined;
  if (location.kind === 'oci') {
    name = baseName(location.reference.repository);
    version = location.reference.tag;
  } else {
    const path = location.kind === 'http' ? new URL(location.url).pathname : location.path;
    const m = PLUGIN_SERVER_PATH.exec(path);
    if (m) [name, version] = [m[1], m[2]];
    else name = path.split('/').pop()?.replace(/\.wasm$/, '').replace(/^plugin$/, '');
  }
  name = (name && NAME.test(name) ? name : undefined) ?? (labels[CONSOLE_LABELS.name] && NAME.test(labels[CONSOLE_LABELS.name] as string) ? labels[CONSOLE_LABELS.name] : undefined) ?? entry.object.metadata.name;
  version = version ?? labels[CONSOLE_LABELS.version] ?? DEFAULT_PLUGIN_VERSION;
  return { name, version };
}

/** A Console built-in: labelled so, or named `<catalog name>-<version>` with a URL naming that plugin. */
function builtInOf(entry: InventoryEntry, urlName: string | undefined, release: CatalogRelease | undefined): CatalogPlugin | undefined {
  if (!release) return undefined;
  const labels = entry.object.metadata.labels ?? {};
  const byName = (n: string | undefined) => (n ? release.plugins.find((p) => p.name === n || baseName(p.repository) === n) : undefined);
  if (labels[CONSOLE_LABELS.builtIn] === 'true') return byName(labels[CONSOLE_LABELS.name]) ?? byName(urlName);
  if (labels[CONSOLE_LABELS.builtIn] === 'false') return undefined;
  const p = byName(urlName);
  return p && entry.object.metadata.name.startsWith(`${p.name}-`) ? p : undefined;
}

/**
 * Groups the objects by the module they run: one source per distinct URL. Problems (a URL the
 * gateway could not fetch either, a name used by two different modules, two sha256 for one
 * module) are returned with the object's position, all at once.
 */
export function migrationSources(entries: readonly InventoryEntry[], release: CatalogRelease | undefined): { sources: MigrationSource[]; byObject: Map<string, MigrationSource>; problems: InventoryProblem[] } {
  const problems: InventoryProblem[] = [];
  const byKey = new Map<string, { source: MigrationSource; first: InventoryEntry }>();
  const byObject = new Map<string, MigrationSource>();
  for (const e of entries) {
    const url = String(e.object.spec.url ?? '');
    const location = locate(url);
    if (typeof location === 'string') {
      problems.push({ ...e.position, reason: location });
      continue;
    }
    const id = identity(e, location);
    const builtIn = builtInOf(e, id.name, release);
    const name = builtIn?.name ?? id.name ?? '';
    const version = id.version ?? DEFAULT_PLUGIN_VERSION;
    if (!NAME.test(name) || name.length > 128) {
      problems.push({ ...e.position, reason: `cannot name its plugin: ${JSON.stringify(printable(name, 128))} is not a plugin name (lowercase letters, digits and . _ -)` });
      continue;
    }
    if (!VERSION.test(version) || version === 'latest') {
      problems.push({ ...e.position, reason: `plugin ${name}: ${JSON.stringify(printable(version, 128))} is not a version (a tag other than latest)` });
      continue;
    }
    const sha = typeof e.object.spec.sha256 === 'string' ? e.object.spec.sha256 : undefined;
    const key = objectKey(e.object);
    const known = byKey.get(location.key);
    if (known) {
      if (sha && known.source.sha256 && sha !== known.source.sha256) {
        problems.push({ ...e.position, reason: `gives ${location.key} the sha256 ${sha}, but ${positionText(known.first.position)} gives ${known.source.sha256}` });
        continue;
      }
      const merged: MigrationSource = { ...known.source, sha256: known.source.sha256 ?? sha, objects: [...known.source.objects, key] };
      byKey.set(location.key, { source: merged, first: known.first });
      continue;
    }
    const served = builtIn ? [...new Set([version, ...builtIn.servedVersions])] : [version];
    byKey.set(location.key, { source: { location, url: location.kind === 'http' ? redactUrl(location.url) : redactUserinfo(url), name, version, servedVersions: served.slice(0, 16), builtIn, sha256: sha, objects: [key] }, first: e });
  }
  const sources = [...byKey.values()];
  const byName = new Map<string, (typeof sources)[number]>();
  for (const s of sources) {
    const other = byName.get(s.source.name);
    if (other) {
      problems.push({ ...s.first.position, reason: `runs plugin ${s.source.name} from ${s.source.location.key}, but ${positionText(other.first.position)} runs it from ${other.source.location.key}: one bundle holds one build of a plugin` });
    } else byName.set(s.source.name, s);
  }
  const final = sources.map((s) => s.source);
  for (const s of final) for (const o of s.objects) byObject.set(o, s);
  return { sources: final, byObject, problems };
}
