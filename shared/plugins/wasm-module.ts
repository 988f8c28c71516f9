import { createHash } from 'node:crypto';

/** Every WebAssembly binary starts with `\0asm`. */
export const WASM_MAGIC = Buffer.from([0x00, 0x61, 0x73, 0x6d]);
/** Envoy's limit for a fetched module; a plugin larger than this cannot be loaded anyway. */
export const MAX_WASM_BYTES = 256 * 1024 * 1024;

export interface WasmDigests {
  readonly size: number;
  readonly md5: string;
  readonly sha256: string;
}

export function wasmDigests(bytes: Uint8Array): WasmDigests {
  return {
    size: bytes.length,
    md5: createHash('md5').update(bytes).digest('hex'),
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}
