import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OpenBundle } from '../bundle/open-bundle';
import { autoindexHtml, type ListingEntry } from './autoindex';
import { sendBody, sendEntry, sendText } from './respond';

const ROOT = 'plugins';
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  wasm: 'application/wasm',
  txt: 'text/plain; charset=utf-8',
};

/**
 * The Plugin Server's URL layout over the bundle's `plugins/<name>/<version>/…` entries: files
 * straight from the tar, folders as nginx autoindex listings. The tree is derived from the entry
 * index once, so a URL can only ever name an entry that is under `plugins/` in the bundle.
 */
export class PluginTree {
  /** Folder path ('' is the site root, then 'plugins', 'plugins/key-auth', …) → its children. */
  private readonly dirs = new Map<string, Map<string, ListingEntry>>([['', new Map()]]);
  private readonly files = new Set<string>();
  private readonly mtime: Date;
  private readonly lastModified: string;

  constructor(private readonly bundle: OpenBundle) {
    this.mtime = new Date(bundle.manifest.createdAt);
    this.lastModified = this.mtime.toUTCString();
    this.addDir(ROOT);
    for (const e of bundle.entries.values()) {
      if (e.type !== 'file' || !e.name.startsWith(`${ROOT}/`)) continue;
      this.files.add(e.name);
      const slash = e.name.lastIndexOf('/');
      const parent = e.name.slice(0, slash);
      this.addDir(parent);
      this.dirs.get(parent)?.set(e.name.slice(slash + 1), { name: e.name.slice(slash + 1), dir: false, size: e.size });
    }
  }

  /** Plugin names served (the folders under /plugins/). */
  get pluginNames(): string[] {
    return [...(this.dirs.get(ROOT)?.keys() ?? [])].sort();
  }

  /** Serves `/` or `/plugins/…`; `segments` are already decoded and checked. */
  async handle(req: IncomingMessage, res: ServerResponse, segments: readonly string[], trailingSlash: boolean): Promise<void> {
    const key = segments.join('/');
    const dir = this.dirs.get(key);
    if (dir) {
      // Like nginx: a folder without its slash redirects, so relative links in the listing work.
      if (!trailingSlash && segments.length > 0) return sendText(req, res, 301, 'Moved Permanently\n', { location: `${urlOf(segments)}/` });
      const html = autoindexHtml(segments.length ? `${urlOf(segments)}/` : '/', [...dir.values()], this.mtime);
      return sendBody(req, res, 200, { 'content-type': 'text/html; charset=utf-8' }, html);
    }
    if (!trailingSlash && this.files.has(key)) {
      const ext = key.slice(key.lastIndexOf('.') + 1);
      return sendEntry(req, res, this.bundle, key, { 'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream', 'last-modified': this.lastModified });
    }
    return sendText(req, res, 404, 'Not found\n');
  }

  /** Registers a folder and, up to the root, every ancestor as a child of its parent. */
  private addDir(path: string): void {
    if (this.dirs.has(path)) return;
    this.dirs.set(path, new Map());
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? '' : path.slice(0, slash);
    this.addDir(parent);
    const name = path.slice(slash + 1);
    this.dirs.get(parent)?.set(name, { name, dir: true, size: 0 });
  }
}

function urlOf(segments: readonly string[]): string {
  return `/${segments.map(encodeURIComponent).join('/')}`;
}
