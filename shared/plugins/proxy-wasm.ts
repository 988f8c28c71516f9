import { AppError } from '../errors';
import { WASM_MAGIC } from './wasm-module';

/**
 * The proxy-wasm check every module goes through before it is bundled or packaged: it must compile
 * as a WebAssembly core module (parsed and validated by V8, never instantiated) and carry what the
 * gateway's proxy-wasm host looks for when it loads it.
 *
 * Facts (data, not code) from the host Higress builds its gateway with,
 * higress-group/proxy-wasm-cpp-host@913c1b02cbbdba00682ac29787b0986d85890a54:
 * - src/bytecode_util.cc: the ABI version is the first *function* export, in export order, named
 *   one of proxy_abi_version_0_1_0, _0_2_0, _0_2_1, _0_2_100 (the last one is Higress's own);
 *   any other name (e.g. upstream's 0_3_0) leaves it unknown;
 * - src/wasm.cc: an unknown version fails with "Missing or unknown Proxy-Wasm ABI version", and a
 *   module without a `malloc` or `proxy_on_memory_allocate` function export fails too.
 *
 * Cost: `WebAssembly.compile` validates every function body (V8's lazy compilation defers only
 * code generation; lazy validation is off) on V8's background threads, so the event loop stays
 * responsive. Measured on this machine (2 cores, Node 20.20): a 30 MiB module in ~0.2–0.3 s, a
 * 200 MiB one in ~1.3–1.6 s, holding about one extra copy of the module while it compiles.
 */

/** Versions the Higress gateway's host accepts, as export-name suffixes. */
export const HIGRESS_ABI_VERSIONS: readonly string[] = ['0_1_0', '0_2_0', '0_2_1', '0_2_100'];
const ABI_PREFIX = 'proxy_abi_version_';
const ALLOCATORS = ['malloc', 'proxy_on_memory_allocate'];
/** A WebAssembly component (wasip2) has this version/layer word instead of 01 00 00 00. */
const COMPONENT_VERSION = Buffer.from([0x0d, 0x00, 0x01, 0x00]);

export interface ProxyWasmInfo {
  /** Dotted, e.g. "0.2.1". */
  readonly abiVersion: string;
  /** The export it was read from, e.g. `proxy_abi_version_0_2_1`. */
  readonly abiExport: string;
}

export interface ProxyWasmSubject {
  /** Plugin name, for the message. */
  readonly plugin: string;
  /** The reference or file name the plugin came from. */
  readonly source: string;
  /** The module as the operator knows it: `plugin.wasm`, a tar entry, a local file name. */
  readonly module: string;
}

/** Why a module was refused (stable; goes to `details.cause`). */
export type ProxyWasmCause =
  | 'no-magic'
  | 'component'
  | 'compile-failed'
  | 'go-not-c-shared'
  | 'go-js'
  | 'wasi-command'
  | 'no-proxy-wasm-sdk'
  | 'abi-export-not-function'
  | 'unknown-abi-version'
  | 'no-allocator';

export class ProxyWasmError extends AppError {
  override name = 'ProxyWasmError';
  constructor(
    code: 'PLUGIN_WASM_INVALID' | 'PLUGIN_NOT_PROXY_WASM',
    subject: ProxyWasmSubject,
    cause: ProxyWasmCause,
    reason: string,
    hint: string,
    extra: Record<string, unknown> = {},
  ) {
    super(code, `Plugin ${subject.plugin} (${subject.source}) was refused: ${subject.module} ${reason}`, {
      hint,
      details: { plugin: subject.plugin, source: subject.source, module: subject.module, cause, reason, ...extra },
    });
  }
}

/** "0_2_1" → "0.2.1". */
export function dottedAbiVersion(suffix: string): string {
  return suffix.replace(/_/g, '.');
}

// Modules already checked in this process, by SHA-256 (the bundle writer reads each module twice).
const checked = new Map<string, ProxyWasmInfo>();
const CACHE_ENTRIES = 512;

/**
 * Compiles `bytes` (never instantiates) and checks the proxy-wasm exports. Resolves to the ABI
 * version; rejects with a ProxyWasmError (`PLUGIN_WASM_INVALID`: not a WebAssembly core module;
 * `PLUGIN_NOT_PROXY_WASM`: valid, but not something the gateway can load), naming the module and
 * the likely cause. Pass `sha256` (hex) when known: a module checked before is not compiled again.
 */
export async function checkProxyWasm(bytes: Uint8Array, subject: ProxyWasmSubject, options: { sha256?: string | undefined } = {}): Promise<ProxyWasmInfo> {
  const cached = options.sha256 ? checked.get(options.sha256) : undefined;
  if (cached) return cached;
  const module = await compile(bytes, subject);
  const info = inspectExports(module, subject);
  if (options.sha256) {
    if (checked.size >= CACHE_ENTRIES) checked.delete(checked.keys().next().value as string);
    checked.set(options.sha256, info);
  }
  return info;
}

async function compile(bytes: Uint8Array, subject: ProxyWasmSubject): Promise<WebAssembly.Module> {
  const invalid = (cause: ProxyWasmCause, reason: string, hint: string, extra: Record<string, unknown> = {}) =>
    new ProxyWasmError('PLUGIN_WASM_INVALID', subject, cause, reason, hint, extra);
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 8));
  if (head.length < 4 || !head.subarray(0, 4).equals(WASM_MAGIC)) {
    const start = JSON.stringify(head.subarray(0, 4).toString('latin1'));
    return Promise.reject(
      invalid('no-magic', `is not a valid WebAssembly module (no \\0asm magic at the start; it begins with ${start})`, 'Point at the compiled .wasm module, not a source file, archive or script.'),
    );
  }
  if (head.length === 8 && head.subarray(4, 8).equals(COMPONENT_VERSION)) {
    return Promise.reject(
      invalid('component', 'is a WebAssembly component (wasip2), not a core module', 'proxy-wasm hosts load core modules: build for wasm32-wasip1 (Rust/C) or GOOS=wasip1 (Go), not a wasip2 component.'),
    );
  }
  try {
    return await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  } catch (e) {
    const engine = (e as Error).message.replace(/^WebAssembly\.\w+\(\): /, '');
    throw invalid('compile-failed', `is not a valid WebAssembly module (${engine})`, 'The file is damaged or truncated, or was not produced by a WebAssembly compiler; rebuild it or copy it again.', { engineMessage: engine });
  }
}

function inspectExports(module: WebAssembly.Module, subject: ProxyWasmSubject): ProxyWasmInfo {
  const exports = WebAssembly.Module.exports(module);
  const refuse = (cause: ProxyWasmCause, reason: string, hint: string, extra: Record<string, unknown> = {}) =>
    new ProxyWasmError('PLUGIN_NOT_PROXY_WASM', subject, cause, reason, hint, extra);
  const abiExports = exports.filter((e) => e.name.startsWith(ABI_PREFIX));
  const found = abiExports.find((e) => e.kind === 'function' && HIGRESS_ABI_VERSIONS.includes(e.name.slice(ABI_PREFIX.length)));
  const known = HIGRESS_ABI_VERSIONS.map(dottedAbiVersion).join(', ');
  if (!found) {
    const names = abiExports.map((e) => e.name);
    const fn = abiExports.find((e) => e.kind === 'function');
    if (fn) {
      throw refuse('unknown-abi-version', `exports ${fn.name}, a proxy-wasm ABI version the Higress gateway does not know (it loads ${known})`, 'Build it with an SDK release that targets proxy-wasm ABI 0.2.1 (the Higress wasm-go, proxy-wasm-rust-sdk or proxy-wasm-cpp-sdk releases do).', { abiExports: names });
    }
    const other = abiExports[0];
    if (other) {
      throw refuse('abi-export-not-function', `exports ${other.name} as a ${other.kind}, but the gateway looks for a function of that name`, 'Build it with a proxy-wasm SDK, which exports the ABI version as a function.', { abiExports: names });
    }
    throw diagnoseMissingAbi(module, exports, refuse);
  }
  if (!exports.some((e) => e.kind === 'function' && ALLOCATORS.includes(e.name))) {
    throw refuse('no-allocator', `exports ${found.name} but no malloc or proxy_on_memory_allocate function, which the gateway needs to pass data into the plugin`, 'Build it with a proxy-wasm SDK (they export the allocator); a hand-written module must export one of them.');
  }
  return { abiVersion: dottedAbiVersion(found.name.slice(ABI_PREFIX.length)), abiExport: found.name };
}

type Refuse = (cause: ProxyWasmCause, reason: string, hint: string, extra?: Record<string, unknown>) => ProxyWasmError;

/** No ABI export at all: say what the module most likely is, from its imports, exports and producers. */
function diagnoseMissingAbi(module: WebAssembly.Module, exports: WebAssembly.ModuleExportDescriptor[], refuse: Refuse): ProxyWasmError {
  const imports = WebAssembly.Module.imports(module);
  const importModules = [...new Set(imports.map((i) => i.module))];
  const exportNames = exports.map((e) => e.name);
  const isCommand = exportNames.includes('_start') && !exportNames.includes('_initialize');
  const facts = { importModules, exports: exportNames.slice(0, 20) };
  const goHint = 'Rebuild it as a proxy-wasm plugin: GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o plugin.wasm (Go 1.24 or later, with the Higress wasm-go SDK).';
  const isGo = WebAssembly.Module.customSections(module, 'go:buildid').length > 0;
  if (importModules.includes('gojs') || importModules.includes('go')) {
    return refuse('go-js', 'exports no proxy_abi_version_* function: it is a Go module built for GOOS=js (the browser), not a proxy-wasm plugin', goHint, { ...facts, toolchain: 'go' });
  }
  if (isGo) {
    const shape = isCommand ? ` (imports ${importModules.join(', ') || 'nothing'}, exports _start)` : '';
    return refuse('go-not-c-shared', `exports no proxy_abi_version_* function: it is a Go program built without GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared${shape}`, goHint, { ...facts, toolchain: 'go' });
  }
  const language = producerLanguage(module);
  if (language === 'rust' || language === 'c') {
    const sdk = language === 'rust' ? 'proxy-wasm-rust-sdk (crate proxy-wasm), built as a cdylib for wasm32-wasip1' : 'proxy-wasm-cpp-sdk';
    return refuse('no-proxy-wasm-sdk', `exports no proxy_abi_version_* function: it is a ${language === 'rust' ? 'Rust' : 'C/C++'} module not built against a proxy-wasm SDK`, `Build it with ${sdk}.`, { ...facts, toolchain: language });
  }
  if (isCommand) {
    return refuse(
      'wasi-command',
      `exports no proxy_abi_version_* function: it is a WASI program (exports _start only), not a proxy-wasm plugin`,
      `For Go: ${goHint} For Rust or C/C++: build a library against proxy-wasm-rust-sdk or proxy-wasm-cpp-sdk.`,
      { ...facts, toolchain: 'unknown' },
    );
  }
  return refuse('no-proxy-wasm-sdk', 'exports no proxy_abi_version_* function: it was not built against a proxy-wasm SDK', 'Build it with a proxy-wasm SDK: Higress wasm-go (GOOS=wasip1 -buildmode=c-shared), proxy-wasm-rust-sdk or proxy-wasm-cpp-sdk.', { ...facts, toolchain: 'unknown' });
}

/** The language the `producers` custom section names (tool conventions), if any. */
function producerLanguage(module: WebAssembly.Module): 'rust' | 'c' | undefined {
  for (const section of WebAssembly.Module.customSections(module, 'producers')) {
    const fields = readProducers(new Uint8Array(section));
    const values = [...(fields.get('language') ?? []), ...(fields.get('processed-by') ?? [])].map((v) => v.toLowerCase());
    if (values.some((v) => v === 'rust' || v === 'rustc')) return 'rust';
    if (values.some((v) => /^(c\d*|c\+\+\d*|clang)$/.test(v))) return 'c';
  }
  return undefined;
}

/** Parses `producers` (vec of field name → vec of (name, version)); malformed input gives what was read. */
function readProducers(b: Uint8Array): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let pos = 0;
  const u32 = (): number => {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (pos >= b.length) throw new RangeError('end');
      const byte = b[pos++] as number;
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw new RangeError('leb');
  };
  const str = (): string => {
    const n = u32();
    if (pos + n > b.length) throw new RangeError('end');
    const s = Buffer.from(b.buffer, b.byteOffset + pos, n).toString('utf8');
    pos += n;
    return s;
  };
  try {
    const fields = u32();
    for (let i = 0; i < fields && i < 16; i++) {
      const field = str();
      const count = u32();
      const names: string[] = [];
      for (let j = 0; j < count && j < 64; j++) {
        names.push(str());
        str();
      }
      out.set(field, names);
    }
  } catch {
    // A damaged producers section is only a missing hint.
  }
  return out;
}
