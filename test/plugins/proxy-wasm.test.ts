import { describe, expect, it } from 'vitest';
import { checkProxyWasm, dottedAbiVersion, HIGRESS_ABI_VERSIONS } from '../../shared/plugins/proxy-wasm';
import { failureOf } from '../env/tools';
import { goCommandWasm, invalidBodyWasm, tinyWasm } from '../env/wasm';

const subject = { plugin: 'my-filter', source: 'reg.example/plugins/my-filter:1.0.0', module: 'plugin.wasm' };
const PREFIX = /^Plugin my-filter \(reg\.example\/plugins\/my-filter:1\.0\.0\) was refused: plugin\.wasm /;

/** Offsets where each top-level section ends (a prefix cut there is a shorter, well-formed module). */
function sectionEnds(m: Buffer): { ends: number[]; codeEnd: number } {
  const ends: number[] = [];
  let pos = 8;
  let codeEnd = 0;
  while (pos < m.length) {
    const id = m[pos] as number;
    let size = 0;
    let shift = 0;
    let p = pos + 1;
    for (;;) {
      const b = m[p++] as number;
      size |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) === 0) break;
    }
    pos = p + size;
    ends.push(pos);
    if (id === 10) codeEnd = pos;
  }
  return { ends, codeEnd };
}

describe('proxy-wasm check', () => {
  it('accepts the fixture modules and reports the ABI version from the export name', async () => {
    expect(await checkProxyWasm(tinyWasm('a'), subject)).toEqual({ abiVersion: '0.2.1', abiExport: 'proxy_abi_version_0_2_1' });
    expect(await checkProxyWasm(tinyWasm('b', 50_000), subject)).toEqual({ abiVersion: '0.2.1', abiExport: 'proxy_abi_version_0_2_1' });
    for (const suffix of HIGRESS_ABI_VERSIONS) {
      expect((await checkProxyWasm(tinyWasm(suffix, 0, { abiExport: `proxy_abi_version_${suffix}` }), subject)).abiVersion).toBe(dottedAbiVersion(suffix));
    }
    expect(HIGRESS_ABI_VERSIONS.map(dottedAbiVersion)).toEqual(['0.1.0', '0.2.0', '0.2.1', '0.2.100']);
  });

  it('compiles without instantiating: a module whose start function traps passes', async () => {
    const trapping = tinyWasm('traps', 0, { startTraps: true });
    await expect(WebAssembly.instantiate(trapping, { env: { proxy_log: () => 0 }, wasi_snapshot_preview1: { fd_write: () => 0 } })).rejects.toThrow(/unreachable/);
    expect((await checkProxyWasm(trapping, subject)).abiVersion).toBe('0.2.1');
  });

  it('refuses a Go program built without -buildmode=c-shared, saying how to build it', async () => {
    const err = await failureOf(checkProxyWasm(goCommandWasm('go'), subject));
    expect(err.code).toBe('PLUGIN_NOT_PROXY_WASM');
    expect(err.message).toMatch(PREFIX);
    expect(err.message).toContain('exports no proxy_abi_version_* function: it is a Go program built without GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared (imports wasi_snapshot_preview1, exports _start)');
    expect(err.hint).toContain('GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared');
    expect(err.details).toMatchObject({ plugin: 'my-filter', module: 'plugin.wasm', cause: 'go-not-c-shared', toolchain: 'go', importModules: ['wasi_snapshot_preview1'], exports: ['memory', '_start'] });
  });

  it('refuses Rust, C and unknown modules without the export as not built against a proxy-wasm SDK', async () => {
    const rust = await failureOf(checkProxyWasm(tinyWasm('r', 0, { abiExport: null, producersLanguage: 'Rust' }), subject));
    expect(rust.message).toContain('it is a Rust module not built against a proxy-wasm SDK');
    expect(rust.hint).toContain('proxy-wasm-rust-sdk');
    const c = await failureOf(checkProxyWasm(tinyWasm('c', 0, { abiExport: null, producersLanguage: 'C11' }), subject));
    expect(c.message).toContain('it is a C/C++ module not built against a proxy-wasm SDK');
    expect(c.hint).toContain('proxy-wasm-cpp-sdk');
    const other = await failureOf(checkProxyWasm(tinyWasm('o', 0, { abiExport: null }), subject));
    expect(other.message).toContain('exports no proxy_abi_version_* function: it was not built against a proxy-wasm SDK');
    for (const e of [rust, c, other]) expect([e.code, e.details?.cause]).toEqual(['PLUGIN_NOT_PROXY_WASM', 'no-proxy-wasm-sdk']);
    const command = await failureOf(checkProxyWasm(tinyWasm('cmd', 0, { abiExport: null, command: true, proxyCallbacks: false }), subject));
    expect(command.details?.cause).toBe('wasi-command');
    expect(command.message).toContain('it is a WASI program (exports _start only), not a proxy-wasm plugin');
  });

  it('refuses a global named proxy_abi_version_*: the host looks for a function', async () => {
    const err = await failureOf(checkProxyWasm(tinyWasm('g', 0, { abiKind: 'global' }), subject));
    expect(err.code).toBe('PLUGIN_NOT_PROXY_WASM');
    expect(err.message).toContain('exports proxy_abi_version_0_2_1 as a global, but the gateway looks for a function of that name');
    expect(err.details).toMatchObject({ cause: 'abi-export-not-function', abiExports: ['proxy_abi_version_0_2_1'] });
  });

  it('refuses an ABI version the Higress host does not know, and a module without an allocator', async () => {
    const v030 = await failureOf(checkProxyWasm(tinyWasm('v', 0, { abiExport: 'proxy_abi_version_0_3_0' }), subject));
    expect(v030.message).toContain('exports proxy_abi_version_0_3_0, a proxy-wasm ABI version the Higress gateway does not know (it loads 0.1.0, 0.2.0, 0.2.1, 0.2.100)');
    expect(v030.details?.cause).toBe('unknown-abi-version');
    const noMalloc = await failureOf(checkProxyWasm(tinyWasm('m', 0, { allocator: false }), subject));
    expect(noMalloc.message).toContain('no malloc or proxy_on_memory_allocate function');
    expect(noMalloc.details?.cause).toBe('no-allocator');
  });

  it('refuses bytes that are not WebAssembly, with the engine message when the body is invalid', async () => {
    const body = await failureOf(checkProxyWasm(invalidBodyWasm('bad'), subject));
    expect(body.code).toBe('PLUGIN_WASM_INVALID');
    expect(body.message).toMatch(PREFIX);
    expect(body.message).toMatch(/is not a valid WebAssembly module \(.+@\+\d+\)$/);
    expect(body.details).toMatchObject({ cause: 'compile-failed', engineMessage: expect.any(String) });
    const text = await failureOf(checkProxyWasm(Buffer.from('#!/bin/sh\necho hi\n'), subject));
    expect(text.message).toContain('is not a valid WebAssembly module (no \\0asm magic at the start; it begins with "#!/b")');
    expect(text.details?.cause).toBe('no-magic');
    const component = await failureOf(checkProxyWasm(Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]), subject));
    expect(component.message).toContain('is a WebAssembly component (wasip2), not a core module');
    expect((await failureOf(checkProxyWasm(Buffer.alloc(0), subject))).code).toBe('PLUGIN_WASM_INVALID');
  });

  it('refuses every truncation of a module before the end of its code section', async () => {
    const full = tinyWasm('truncate me');
    const { ends, codeEnd } = sectionEnds(full);
    expect(codeEnd).toBeGreaterThan(100);
    for (let cut = 0; cut < codeEnd; cut++) {
      const err = await failureOf(checkProxyWasm(full.subarray(0, cut), subject));
      // Cut at a section boundary the rest is a well-formed but incomplete module, refused either way.
      if (ends.includes(cut) || cut === 8) expect(err.code, `cut at ${cut}`).toMatch(/^PLUGIN_(WASM_INVALID|NOT_PROXY_WASM)$/);
      else expect(err.code, `cut at ${cut}`).toBe('PLUGIN_WASM_INVALID');
    }
  });
});
