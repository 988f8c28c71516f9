import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import { AppError } from '../errors';
import { readAll } from '../stream/verify';
import { PluginRefusedError } from './layout-gate';
import { hasWasmMagic, MAX_WASM_BYTES, wasmDigests, type WasmDigests } from './wasm-module';

export interface ExtractedWasm extends WasmDigests {
  readonly bytes: Buffer;
  /** The tar entry it came from (`plugin.wasm`), or undefined for a raw layer. */
  readonly entry?: string | undefined;
}

/** A gzip bomb guard: stop inflating a plugin layer after this much. */
const MAX_INFLATED = 2 * 1024 * 1024 * 1024;

/**
 * Takes the module out of a plugin layer while it streams: a raw wasm layer as is, or from a
 * tar+gzip layer the entry whose base name is `plugin.wasm` (what the gateway looks for), else the
 * first `*.wasm` (what the official pull_plugins.py takes). Checks the `\0asm` magic.
 */
export async function extractWasm(layer: Readable, encoding: 'tar+gzip' | 'raw', plugin: string, reference: string): Promise<ExtractedWasm> {
  const bytes = encoding === 'raw' ? await readAll(layer, MAX_WASM_BYTES, `wasm layer of ${plugin}`) : undefined;
  const found = bytes ? { bytes, entry: undefined } : await fromTarGzip(layer, plugin, reference);
  if (!hasWasmMagic(found.bytes)) {
    throw new PluginRefusedError(plugin, reference, `${found.entry ?? 'its wasm layer'} is not WebAssembly (no \\0asm magic at the start)`);
  }
  return { ...wasmDigests(found.bytes), bytes: found.bytes, entry: found.entry };
}

async function fromTarGzip(layer: Readable, plugin: string, reference: string): Promise<{ bytes: Buffer; entry: string }> {
  const tar = extract();
  let preferred: { bytes: Buffer; entry: string } | undefined;
  let firstWasm: { bytes: Buffer; entry: string } | undefined;
  const reading = (async () => {
    for await (const entry of tar) {
      const name = entry.header.name;
      const base = name.slice(name.lastIndexOf('/') + 1);
      const isFile = entry.header.type === 'file' || entry.header.type === 'contiguous-file';
      const wanted = isFile && (base === 'plugin.wasm' ? !preferred : base.endsWith('.wasm') && !firstWasm && !preferred);
      if (!wanted) {
        entry.resume();
        continue;
      }
      if ((entry.header.size ?? 0) > MAX_WASM_BYTES) throw new PluginRefusedError(plugin, reference, `${name} is larger than ${MAX_WASM_BYTES} bytes`);
      const bytes = await readAll(entry as AsyncIterable<Buffer>, MAX_WASM_BYTES, name);
      if (base === 'plugin.wasm') preferred = { bytes, entry: name };
      else firstWasm = { bytes, entry: name };
    }
  })();
  try {
    await Promise.all([pipeline(layer, createGunzip(), new InflateLimit(MAX_INFLATED), tar), reading]);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new PluginRefusedError(plugin, reference, `its wasm layer is not a readable tar+gzip (${(e as Error).message})`);
  }
  const found = preferred ?? firstWasm;
  if (!found) throw new PluginRefusedError(plugin, reference, 'its last layer holds no plugin.wasm (nor any .wasm file)');
  return found;
}

class InflateLimit extends Transform {
  private seen = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) return cb(new AppError('TOO_LARGE', `the plugin layer inflates to more than ${this.limit} bytes`));
    cb(null, chunk);
  }
}
