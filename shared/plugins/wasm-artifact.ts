import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError, UsageError } from '../errors';
import { sha256Digest } from '../oci/digest';
import { Annotation, MediaType } from '../oci/media-types';
import type { Descriptor } from '../oci/schemas';
import { MemoryStore } from '../store/memory-store';
import { checkProxyWasm, ProxyWasmError } from './proxy-wasm';
import { MAX_WASM_BYTES } from './wasm-module';

export interface WasmArtifact {
  readonly store: MemoryStore;
  /** The tag the artifact carries in `store`. */
  readonly reference: string;
  readonly manifest: Descriptor;
  readonly manifestBytes: Buffer;
  /** The proxy-wasm ABI version the module exports, dotted ("0.2.1"). */
  readonly abiVersion: string;
}

const EMPTY_JSON = Buffer.from('{}');

/**
 * Packages a local .wasm as the 2-layer OCI artifact the gateway loads by `oci://` (the layout
 * `oras push config.json:application/vnd.module.wasm.config.v1+json plugin.wasm:…+wasm` makes):
 * an empty config, then a `{}` wasm-config layer and the raw wasm layer. Deterministic: the same
 * module always gives the same manifest digest. The module must pass the proxy-wasm check; a file
 * that does not is the operator's input, so the refusal is a UsageError (exit 2) keeping the
 * check's code (`PLUGIN_WASM_INVALID`, `PLUGIN_NOT_PROXY_WASM`), hint and details.
 */
export async function packageWasm(wasm: Buffer, options: { name: string; version: string; file?: string | undefined }): Promise<WasmArtifact> {
  if (wasm.length > MAX_WASM_BYTES) throw new UsageError(`The module for ${options.name} is larger than ${MAX_WASM_BYTES} bytes`, { code: 'PLUGIN_WASM_TOO_LARGE', details: { plugin: options.name, size: wasm.length, limit: MAX_WASM_BYTES } });
  const file = options.file ?? `${options.name}.wasm`;
  let abiVersion: string;
  try {
    ({ abiVersion } = await checkProxyWasm(wasm, { plugin: options.name, source: file, module: file }));
  } catch (e) {
    if (!(e instanceof ProxyWasmError)) throw e;
    throw new UsageError(e.message, { code: e.code, ...(e.hint ? { hint: e.hint } : {}), ...(e.details ? { details: { ...e.details } } : {}) });
  }
  const store = new MemoryStore(`local plugin ${options.name}`);
  const emptyDigest = store.put(EMPTY_JSON);
  const wasmDigest = store.put(wasm);
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: { mediaType: MediaType.ociEmpty, digest: emptyDigest, size: EMPTY_JSON.length },
    layers: [
      { mediaType: MediaType.wasmConfig, digest: emptyDigest, size: EMPTY_JSON.length, annotations: { [Annotation.title]: 'config.json' } },
      { mediaType: MediaType.wasmLayer, digest: wasmDigest, size: wasm.length, annotations: { [Annotation.title]: 'plugin.wasm' } },
    ],
    annotations: { 'org.opencontainers.image.title': options.name, 'org.opencontainers.image.version': options.version },
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  const desc: Descriptor = { mediaType: MediaType.ociManifest, digest: sha256Digest(manifestBytes), size: manifestBytes.length };
  const reference = `${options.name}:${options.version}`;
  store.putTagged(desc, manifestBytes, reference);
  return { store, reference, manifest: desc, manifestBytes, abiVersion };
}

export async function packageWasmFile(file: string, options: { name: string; version: string }): Promise<WasmArtifact> {
  let bytes: Buffer;
  try {
    const { size } = await stat(file);
    if (size > MAX_WASM_BYTES) throw new UsageError(`The module for ${options.name} is larger than ${MAX_WASM_BYTES} bytes`, { code: 'PLUGIN_WASM_TOO_LARGE', details: { plugin: options.name, size, limit: MAX_WASM_BYTES } });
    bytes = await readFile(file);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('NOT_FOUND', `Cannot read ${basename(file)}: ${(e as Error).message}`);
  }
  return packageWasm(bytes, { ...options, file: basename(file) });
}
