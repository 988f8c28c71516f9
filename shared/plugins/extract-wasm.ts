import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { ByteReader } from '../bundle/byte-reader';
import { MAX_EXTENDED_HEADER } from '../bundle/safe-tar';
import { BLOCK, decodeHeader, isZeroBlock, padding, parsePax, type EntryType } from '../bundle/tar-format';
import { AppError, printable } from '../errors';
import { readAll } from '../stream/verify';
import { PluginRefusedError } from './layout-gate';
import { checkProxyWasm } from './proxy-wasm';
import { MAX_WASM_BYTES, wasmDigests, type WasmDigests } from './wasm-module';

export interface ExtractedWasm extends WasmDigests {
  readonly bytes: Buffer;
  /** The tar entry it came from (e.g. `plugin.wasm`), or undefined for a raw layer. */
  readonly entry?: string | undefined;
  /** The proxy-wasm ABI version the module exports, dotted ("0.2.1"). */
  readonly abiVersion: string;
}

/** The name the gateway looks for in a compat layer (by base name, anywhere in the tar). */
export const PLUGIN_WASM = 'plugin.wasm';
/** A gzip bomb guard: stop inflating a plugin layer after this much. */
const MAX_INFLATED = 2 * 1024 * 1024 * 1024;
/**
 * The gateway reads a compat layer through a 256 MiB limit on the inflated stream, so plugin.wasm
 * must end within it (higress-group/istio@e26b3ea6b3e3ef75c84e8c08a9470497163268c2:pkg/wasm/imagefetcher.go).
 */
export const GATEWAY_INFLATED_LIMIT = 256 * 1024 * 1024;

/**
 * Takes the module out of a plugin layer while it streams — a raw wasm layer as is, or from a
 * tar+gzip layer the one regular file whose base name is exactly `plugin.wasm` — and checks it is a
 * proxy-wasm module (see proxy-wasm.ts).
 *
 * The gate is the gateway's (imagefetcher.go above: the first entry whose base name is
 * plugin.wasm, read through the 256 MiB limit, whatever its type), made unambiguous:
 * - no entry named plugin.wasm → refused, even if the layer holds another `*.wasm` (the gateway
 *   would not find it; the Plugin Server's pull_plugins.py would take it, so the two would differ);
 * - several entries named plugin.wasm (e.g. `plugin.wasm` and `build/plugin.wasm`) → refused,
 *   naming them: the gateway takes the first, and nobody can tell which one was meant;
 * - plugin.wasm not a regular file (link, folder, device) → refused: the gateway would read it as
 *   an empty module.
 */
export async function extractWasm(layer: Readable, encoding: 'tar+gzip' | 'raw', plugin: string, reference: string): Promise<ExtractedWasm> {
  const found = encoding === 'raw' ? { bytes: await readAll(layer, MAX_WASM_BYTES, `wasm layer of ${plugin}`), entry: undefined } : await fromTarGzip(layer, plugin, reference);
  const digests = wasmDigests(found.bytes);
  const { abiVersion } = await checkProxyWasm(found.bytes, { plugin, source: reference, module: found.entry ?? 'the module in its wasm layer' }, { sha256: digests.sha256 });
  return { ...digests, bytes: found.bytes, entry: found.entry, abiVersion };
}

async function fromTarGzip(layer: Readable, plugin: string, reference: string): Promise<{ bytes: Buffer; entry: string }> {
  const inflated = new InflateLimit(MAX_INFLATED);
  const piping = pipeline(layer, createGunzip(), inflated);
  piping.catch(() => undefined); // its failure also reaches the reader; awaited below
  let found: { bytes: Buffer; entry: string } | undefined;
  try {
    found = await scanLayer(inflated, plugin, reference);
    await piping;
  } catch (e) {
    inflated.destroy();
    await piping.catch(() => undefined);
    if (e instanceof AppError) throw e;
    throw new PluginRefusedError(plugin, reference, `its wasm layer is not a readable tar+gzip (${(e as Error).message})`);
  }
  return found;
}

const HEADER_ONLY: ReadonlySet<EntryType> = new Set(['directory', 'symlink', 'hardlink', 'char-device', 'block-device', 'fifo']);
const MAX_LISTED = 10;

/**
 * Walks the inflated tar with the project's own header decoder (checksums checked, extended
 * headers capped at safe-tar's MAX_EXTENDED_HEADER) rather than `readSafeTar`: that reader guards
 * archives we unpack by path, so it refuses `./plugin.wasm` (a non-normalised name that
 * `tar -C dir -czf … .` writes), any link or device anywhere in the layer, and global pax headers.
 * Nothing here is written by its name — only the bytes of one entry are kept — so those refusals
 * would only turn away layers the gateway loads. Other entries are skipped by their size, with
 * header-only types (links, folders, devices) carrying no data, as the gateway's Go reader does.
 */
async function scanLayer(source: AsyncIterable<Buffer>, plugin: string, reference: string): Promise<{ bytes: Buffer; entry: string }> {
  // Reasons quote entry names from an untrusted registry layer: no control characters, bounded.
  const refuse = (code: string, reason: string, hint?: string, details?: Record<string, unknown>) => new PluginRefusedError(plugin, reference, printable(reason, 1024), hint, details, code);
  const cut = (what: string) => () => refuse('PLUGIN_LAYER_DAMAGED', `its tar+gzip layer ends ${what}: it is truncated`);
  // The header decoder's own errors (bad checksum, malformed numbers) name the byte, not the plugin.
  const damaged = <T>(read: () => T): T => {
    try {
      return read();
    } catch (e) {
      throw refuse('PLUGIN_LAYER_DAMAGED', `its tar+gzip layer is damaged (${(e as Error).message})`);
    }
  };
  const reader = new ByteReader(source);
  const named: string[] = [];
  const otherWasm: string[] = [];
  let found: { bytes: Buffer; entry: string } | undefined;
  let pax: Record<string, string> | undefined;
  let longName: string | undefined;
  try {
    for (;;) {
      const at = reader.position;
      const block = await reader.read(BLOCK);
      if (block.length === 0) break; // no end-of-archive marker: the gateway's reader stops here too
      if (block.length < BLOCK) throw cut(`in the middle of a tar header (byte ${at})`)();
      if (isZeroBlock(block)) {
        for await (const chunk of reader.rest()) void chunk; // the gzip trailer is still checked
        break;
      }
      const h = damaged(() => decodeHeader(block, at));
      if (h.type === 'pax-header' || h.type === 'gnu-longname' || h.type === 'pax-global' || h.type === 'gnu-longlink') {
        if (h.size > MAX_EXTENDED_HEADER) throw refuse('PLUGIN_LAYER_DAMAGED', `its tar+gzip layer has an extended tar header of ${h.size} bytes at byte ${at} (at most ${MAX_EXTENDED_HEADER} are read)`);
        const truncated = cut(`inside an extended tar header (byte ${at})`);
        const data = await readExactly(reader, h.size, truncated);
        await skipExactly(reader, padding(h.size), truncated);
        if (h.type === 'pax-header') pax = damaged(() => parsePax(data));
        else if (h.type === 'gnu-longname') longName = data.toString('utf8').replace(/\0+$/, '');
        continue;
      }
      const name = pax?.path ?? longName ?? h.name;
      const paxSize = pax?.size;
      const declared = paxSize !== undefined ? (/^\d{1,16}$/.test(paxSize) ? Number(paxSize) : Number.NaN) : h.size;
      pax = undefined;
      longName = undefined;
      if (!Number.isSafeInteger(declared) || declared < 0) throw refuse('PLUGIN_LAYER_DAMAGED', `its tar+gzip layer gives ${JSON.stringify(name)} an invalid size`);
      const size = HEADER_ONLY.has(h.type) ? 0 : declared;
      const base = baseName(name);
      if (base === PLUGIN_WASM) {
        named.push(name);
        if (named.length === 1) {
          if (h.type !== 'file') {
            throw refuse(
              'PLUGIN_WASM_NOT_A_FILE',
              `its tar+gzip layer holds ${PLUGIN_WASM} as ${describeType(h.type)} (${name}${h.linkname ? ` -> ${h.linkname}` : ''}), not a regular file: the gateway would read it as an empty module`,
              'Pack the module itself: tar czf plugin.tar.gz plugin.wasm.',
              { entry: name, entryType: h.type },
            );
          }
          const end = reader.position + size;
          if (size > MAX_WASM_BYTES) throw refuse('PLUGIN_REFUSED', `${name} is larger than ${MAX_WASM_BYTES} bytes`);
          if (end > GATEWAY_INFLATED_LIMIT) {
            throw refuse('PLUGIN_WASM_BEYOND_GATEWAY_LIMIT', `${name} ends ${end} bytes into the inflated layer; the gateway reads only the first ${GATEWAY_INFLATED_LIMIT} bytes of it`, 'Put plugin.wasm first in the tar, or leave other files out of the layer.', { entry: name, end, limit: GATEWAY_INFLATED_LIMIT });
          }
          const truncated = cut(`in the middle of ${name}`);
          found = { bytes: await readExactly(reader, size, truncated), entry: name };
          await skipExactly(reader, padding(size), truncated);
          continue;
        }
      } else if (base.endsWith('.wasm') && otherWasm.length < MAX_LISTED) {
        otherWasm.push(name);
      }
      await skipExactly(reader, size + padding(size), cut(`in the middle of ${JSON.stringify(name)}`));
    }
  } finally {
    await reader.close();
  }
  if (named.length > 1) {
    const listed = named.slice(0, MAX_LISTED);
    throw refuse(
      'PLUGIN_WASM_AMBIGUOUS',
      `its tar+gzip layer holds ${named.length} entries named ${PLUGIN_WASM} (${listed.join(', ')}): the gateway loads the first, and which one was meant is ambiguous`,
      'Rebuild the layer with exactly one plugin.wasm.',
      { entries: listed },
    );
  }
  if (!found) {
    const also = otherWasm.length ? ` (it holds ${otherWasm.join(', ')}; the gateway loads only an entry named ${PLUGIN_WASM})` : '';
    throw refuse(
      'PLUGIN_WASM_NOT_FOUND',
      `its last layer holds no ${PLUGIN_WASM}${also}`,
      otherWasm.length ? 'Rename the module to plugin.wasm and pack it again (tar czf plugin.tar.gz plugin.wasm), or package the .wasm with higress-airgap plugin package.' : undefined,
      { wasmEntries: otherWasm },
    );
  }
  return found;
}

/** Base name as the gateway's Go code takes it (filepath.Base: trailing slashes dropped). */
function baseName(name: string): string {
  const trimmed = name.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

async function readExactly(reader: ByteReader, size: number, short: () => Error): Promise<Buffer> {
  const out = Buffer.allocUnsafe(size);
  let filled = 0;
  for await (const chunk of reader.chunks(size)) {
    chunk.copy(out, filled);
    filled += chunk.length;
  }
  if (filled < size) throw short();
  return out;
}

async function skipExactly(reader: ByteReader, n: number, short: () => Error): Promise<void> {
  if (n > 0 && (await reader.skip(n)) < n) throw short();
}

function describeType(t: EntryType): string {
  switch (t) {
    case 'symlink':
      return 'a symbolic link';
    case 'hardlink':
      return 'a hard link';
    case 'directory':
      return 'a folder';
    case 'char-device':
    case 'block-device':
      return 'a device file';
    case 'fifo':
      return 'a FIFO';
    default:
      return `an entry of unsupported type`;
  }
}

class InflateLimit extends Transform {
  private seen = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) return cb(new AppError('TOO_LARGE', `the plugin layer inflates to more than ${this.limit} bytes`, { details: { kind: 'plugin-layer', limit: this.limit } }));
    cb(null, chunk);
  }
}
