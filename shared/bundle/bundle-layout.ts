import { AppError } from '../errors';

/**
 * The names a bundle may hold (docs/bundle-format.md), checked for every entry as it is read, by
 * verify and by every open alike: anything else is refused at once, before an archive of
 * thousands of stray entries is indexed or hashed.
 */
export const DOCUMENTS = ['oci-layout', 'index.json', 'manifest.json', 'bundle.json', 'MD5SUMS', 'SHA256SUMS'] as const;
const DOCUMENT_SET: ReadonlySet<string> = new Set(DOCUMENTS);

// The plugin name and version rules of bundle.json (shared/model/bundle-manifest.ts).
const PLUGIN_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const PLUGIN_VERSION = /^[\w][\w.-]{0,127}$/;
export const BLOB_PATH = /^blobs\/sha256\/[a-f0-9]{64}$/;
export const TREE_FILES = ['plugin.wasm', 'metadata.txt'] as const;
/** A Helm chart package of the release (`bundle --with-higress`; bundle.json `charts`). */
export const CHART_PATH = /^charts\/[A-Za-z0-9][A-Za-z0-9._+-]*\.tgz$/;

/** Why an entry has no place in a bundle, or undefined when it has one. */
export function layoutProblem(name: string, type: 'file' | 'directory'): string | undefined {
  if (type === 'file') {
    if (DOCUMENT_SET.has(name) || BLOB_PATH.test(name) || CHART_PATH.test(name)) return undefined;
    const p = name.split('/');
    if (p.length === 4 && p[0] === 'plugins' && isPluginName(p[1]) && isVersion(p[2]) && (TREE_FILES as readonly string[]).includes(p[3] as string)) return undefined;
    return 'a file outside the bundle layout';
  }
  if (name === 'blobs' || name === 'blobs/sha256' || name === 'plugins' || name === 'charts') return undefined;
  const p = name.split('/');
  if (p[0] === 'plugins' && isPluginName(p[1]) && (p.length === 2 || (p.length === 3 && isVersion(p[2])))) return undefined;
  return 'a folder outside the bundle layout';
}

/** Refuses an entry that has no place in a bundle (code BUNDLE_ENTRY_UNEXPECTED). */
export function checkBundleEntry(entry: { readonly name: string; readonly type: 'file' | 'directory' }): void {
  const problem = layoutProblem(entry.name, entry.type);
  if (problem) {
    throw new AppError('BUNDLE_ENTRY_UNEXPECTED', `The archive contains ${problem}: ${entry.name}`, {
      hint: 'A bundle holds only oci-layout, index.json, manifest.json, bundle.json, MD5SUMS, SHA256SUMS, blobs/sha256/<hex>, plugins/<name>/<version>/{plugin.wasm,metadata.txt} and charts/<chart>.tgz; do not use this file.',
      details: { entry: entry.name, type: entry.type },
    });
  }
}

function isPluginName(s: string | undefined): boolean {
  return s !== undefined && s.length <= 128 && PLUGIN_NAME.test(s);
}

function isVersion(s: string | undefined): boolean {
  return s !== undefined && PLUGIN_VERSION.test(s);
}
