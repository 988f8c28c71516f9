/**
 * Tiny valid WebAssembly modules shaped like real proxy-wasm plugins (what the Go, Rust and C++
 * SDKs produce, in miniature): imports `env.proxy_log` and `wasi_snapshot_preview1.fd_write`,
 * exports `memory`, `malloc`/`proxy_on_memory_allocate` (a bump allocator), `_initialize`,
 * `proxy_abi_version_0_2_1`, `proxy_on_context_create`, `proxy_on_vm_start`, `proxy_on_configure`.
 * A custom section carries a label, so every label gives distinct bytes, and optional padding
 * (a second custom section) makes the module exactly `padToBytes` long.
 *
 * The shape can be varied to build the modules the gateway refuses (see the builders below).
 */
export interface WasmShape {
  /** The ABI export's name; null for none. Default `proxy_abi_version_0_2_1`. */
  readonly abiExport?: string | null;
  /** Export the ABI name as a function (default) or as a global (which the host ignores). */
  readonly abiKind?: 'function' | 'global';
  /** Export `malloc` and `proxy_on_memory_allocate` (default true). */
  readonly allocator?: boolean;
  /** Import `env.proxy_log` and export the proxy_on_* callbacks (default true). */
  readonly proxyCallbacks?: boolean;
  /** A WASI command (exports `_start`) rather than a reactor (`_initialize`). */
  readonly command?: boolean;
  /** Add the `go:buildid` custom section the Go linker writes. */
  readonly goBuildId?: boolean;
  /** A `producers` section naming this language (e.g. `Rust`). */
  readonly producersLanguage?: string;
  /** A start function that traps: instantiating the module fails, compiling it does not. */
  readonly startTraps?: boolean;
}

export function tinyWasm(label: string, padToBytes = 0, shape: WasmShape = {}): Buffer {
  const abiExport = shape.abiExport === undefined ? 'proxy_abi_version_0_2_1' : shape.abiExport;
  const proxy = shape.proxyCallbacks ?? true;
  // Types: 0 (i32)->i32, 1 ()->(), 2 (i32,i32,i32)->i32, 3 (i32,i32)->(), 4 (i32,i32)->i32, 5 (i32 x4)->i32
  const I32 = 0x7f;
  const fn = (params: number[], results: number[]) => Buffer.from([0x60, params.length, ...params, results.length, ...results]);
  const types = [fn([I32], [I32]), fn([], []), fn([I32, I32, I32], [I32]), fn([I32, I32], []), fn([I32, I32], [I32]), fn([I32, I32, I32, I32], [I32])];
  const imports: Buffer[] = [importFunc('wasi_snapshot_preview1', 'fd_write', 5)];
  if (proxy) imports.push(importFunc('env', 'proxy_log', 2));
  const logIndex = 1;

  // Defined functions: [type, body]. Bodies: no locals, then code, then `end`.
  const funcs: Array<[number, number[]]> = [];
  const exports: Buffer[] = [exportOf('memory', 0x02, 0)];
  const define = (type: number, code: number[], ...names: string[]) => {
    const index = imports.length + funcs.length;
    funcs.push([type, code]);
    for (const n of names) exports.push(exportOf(n, 0x00, index));
    return index;
  };
  // malloc(n): return the heap pointer, then move it by n.
  const bump = [0x23, 0x00, 0x23, 0x00, 0x20, 0x00, 0x6a, 0x24, 0x00];
  if (shape.allocator ?? true) define(0, bump, 'malloc', 'proxy_on_memory_allocate');
  define(1, [], shape.command ? '_start' : '_initialize');
  if (abiExport !== null && (shape.abiKind ?? 'function') === 'function') define(1, [], abiExport);
  if (proxy) {
    define(3, [], 'proxy_on_context_create');
    // proxy_on_vm_start / proxy_on_configure: proxy_log(info, 0, 0); return true
    define(4, [0x41, 0x02, 0x41, 0x00, 0x41, 0x00, 0x10, logIndex, 0x1a, 0x41, 0x01], 'proxy_on_vm_start', 'proxy_on_configure');
  }
  const start = shape.startTraps ? define(1, [0x00]) : undefined; // unreachable
  // Globals: 0 the heap pointer (mutable), 1 a constant, exported when the ABI name is a global.
  const globals = [Buffer.from([I32, 0x01, 0x41, ...sleb128(1024), 0x0b]), Buffer.from([I32, 0x00, 0x41, 0x00, 0x0b])];
  if (abiExport !== null && shape.abiKind === 'global') exports.push(exportOf(abiExport, 0x03, 1));

  const parts = [
    Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]),
    section(1, vec(types)),
    section(2, vec(imports)),
    section(3, vec(funcs.map(([t]) => Buffer.from(leb128(t))))),
    section(5, vec([Buffer.from([0x00, 0x01])])),
    section(6, vec(globals)),
    section(7, vec(exports)),
    ...(start === undefined ? [] : [section(8, Buffer.from(leb128(start)))]),
    section(10, vec(funcs.map(([, code]) => withSize(Buffer.from([0x00, ...code, 0x0b]))))),
    section(0, Buffer.concat([name('airgap-fixture'), Buffer.from(label, 'utf8')])),
  ];
  if (shape.goBuildId) parts.push(section(0, Buffer.concat([name('go:buildid'), Buffer.from(`fixture-build-id/${label}`, 'utf8')])));
  if (shape.producersLanguage) parts.push(section(0, Buffer.concat([name('producers'), vec([Buffer.concat([name('language'), vec([Buffer.concat([name(shape.producersLanguage), name('')])])])])])));
  let module = Buffer.concat(parts);
  const room = padToBytes - module.length;
  if (room > 0) {
    // A custom section of deterministic filler, sized so the module ends up exactly padToBytes
    // long; where its size prefix would grow by a byte at a boundary, a 3-byte empty custom
    // section takes the slack.
    const fill = (bytes: number): Buffer | undefined => {
      for (let n = bytes - 5; n >= 0 && n >= bytes - 12; n--) {
        const s = section(0, Buffer.concat([name('pad'), filler(n, label)]));
        if (s.length === bytes) return s;
      }
      return undefined;
    };
    const slack = room > 3 ? fill(room - 3) : undefined;
    const pad = fill(room) ?? (slack && Buffer.concat([section(0, name('')), slack]));
    if (!pad) throw new Error(`tinyWasm cannot pad ${module.length} bytes to exactly ${padToBytes}`);
    module = Buffer.concat([module, pad]);
  }
  return module;
}

/** What `GOOS=wasip1 GOARCH=wasm go build` (no -buildmode=c-shared) gives: a WASI command with no proxy-wasm exports. */
export function goCommandWasm(label: string): Buffer {
  return tinyWasm(label, 0, { abiExport: null, allocator: false, proxyCallbacks: false, command: true, goBuildId: true });
}

/** The `\0asm` magic and version, then a type section that claims more entries than it holds. */
export function invalidBodyWasm(label: string): Buffer {
  return Buffer.concat([
    Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]),
    section(0, Buffer.concat([name('airgap-fixture'), Buffer.from(label, 'utf8')])),
    section(1, Buffer.from([0x03, 0x60, 0x00, 0x00])),
  ]);
}

function importFunc(module: string, field: string, type: number): Buffer {
  return Buffer.concat([name(module), name(field), Buffer.from([0x00, ...leb128(type)])]);
}

function exportOf(field: string, kind: number, index: number): Buffer {
  return Buffer.concat([name(field), Buffer.from([kind, ...leb128(index)])]);
}

function vec(items: readonly Buffer[]): Buffer {
  return Buffer.concat([Buffer.from(leb128(items.length)), ...items]);
}

function withSize(body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(leb128(body.length)), body]);
}

function section(id: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([id]), Buffer.from(leb128(body.length)), body]);
}

function name(s: string): Buffer {
  return withSize(Buffer.from(s, 'utf8'));
}

function leb128(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb128(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

// Pseudo-random but reproducible bytes, so padded modules do not compress to nothing.
function filler(n: number, seed: string): Buffer {
  const out = Buffer.alloc(n);
  let x = 2166136261;
  for (const ch of seed) x = Math.imul(x ^ ch.charCodeAt(0), 16777619);
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
