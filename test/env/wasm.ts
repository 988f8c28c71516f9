/**
 * Tiny valid WebAssembly modules with distinct content: one exported no-op function plus a custom
 * section carrying a label (and optional padding to reach a size).
 */
export function tinyWasm(label: string, padToBytes = 0): Buffer {
  const header = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  const type = section(1, Buffer.from([0x01, 0x60, 0x00, 0x00]));
  const func = section(3, Buffer.from([0x01, 0x00]));
  const exp = section(7, Buffer.concat([Buffer.from([0x01]), name('run'), Buffer.from([0x00, 0x00])]));
  const code = section(10, Buffer.from([0x01, 0x02, 0x00, 0x0b]));
  const custom = section(0, Buffer.concat([name('airgap-fixture'), Buffer.from(label, 'utf8')]));
  let module = Buffer.concat([header, type, func, exp, code, custom]);
  if (padToBytes > module.length) {
    // A second custom section of deterministic filler, sized so the module ends up padToBytes long.
    const fill = (n: number) => section(0, Buffer.concat([name('pad'), filler(n, label)]));
    let n = padToBytes - module.length - 10;
    while (n > 0 && module.length + fill(n).length > padToBytes) n--;
    module = Buffer.concat([module, fill(Math.max(0, n))]);
  }
  return module;
}

function section(id: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([id]), leb128(body.length), body]);
}

function name(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([leb128(b.length), b]);
}

function leb128(n: number): Buffer {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return Buffer.from(out);
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
