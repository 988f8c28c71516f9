import { AppError } from '../errors';

/**
 * `metadata.txt` beside each served plugin.wasm. We write the user guide's form; we read it and
 * the official image's form (`Plugin Name:` / `Size: N bytes` / `Last Modified:` / `Created:` /
 * `MD5:`, or `File: name:version` from generate_metadata.py).
 */
export interface PluginMetadata {
  readonly name: string;
  readonly version?: string | undefined;
  readonly size: number;
  readonly md5: string;
  /** ISO time (the guide's form) or the official image's local-time stamp. */
  readonly created?: string | undefined;
  readonly lastModified?: string | undefined;
  readonly description?: string | undefined;
}

export function writeMetadataTxt(m: PluginMetadata & { version: string; created: string }): string {
  const clean = (s: string) => s.replace(/[\r\n]+/g, ' ').trim();
  const lines = [`name: ${clean(m.name)}`, `version: ${clean(m.version)}`, `size: ${m.size}`, `md5: ${m.md5}`, `created: ${clean(m.created)}`];
  if (m.description) lines.push(`description: ${clean(m.description)}`);
  return `${lines.join('\n')}\n`;
}

export function parseMetadataTxt(text: string): PluginMetadata & { form: 'guide' | 'official' } {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    fields.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  const fail = (why: string): never => {
    throw new AppError('BAD_METADATA', `metadata.txt is not in a known form: ${why}`, { details: { reason: why } });
  };
  const md5 = (fields.get('md5') ?? '').toLowerCase();
  if (!/^[a-f0-9]{32}$/.test(md5)) fail('no 32-hex MD5');
  const official = fields.has('plugin name') || fields.has('file');
  if (official) {
    let name = fields.get('plugin name');
    let version: string | undefined;
    const file = fields.get('file');
    if (!name && file) {
      const j = file.lastIndexOf(':');
      name = j > 0 ? file.slice(0, j) : file;
      version = j > 0 ? file.slice(j + 1) : undefined;
    }
    const sizeMatch = /^(\d+)(?:\s*bytes)?$/i.exec(fields.get('size') ?? '');
    if (!name) fail('no plugin name');
    if (!sizeMatch) fail('no size');
    return { form: 'official', name: name as string, version, size: Number(sizeMatch?.[1]), md5, created: fields.get('created'), lastModified: fields.get('last modified') };
  }
  const name = fields.get('name');
  const size = fields.get('size');
  if (!name) fail('no name');
  if (!size || !/^\d+$/.test(size)) fail('no size');
  return { form: 'guide', name: name as string, version: fields.get('version'), size: Number(size), md5, created: fields.get('created'), description: fields.get('description') };
}
