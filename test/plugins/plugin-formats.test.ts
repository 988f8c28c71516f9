import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { classifyPluginManifest } from '../../shared/plugins/layout-gate';
import { extractWasm } from '../../shared/plugins/extract-wasm';
import { parseMetadataTxt, writeMetadataTxt } from '../../shared/plugins/metadata-txt';
import { parseSpecYaml } from '../../shared/plugins/plugin-docs';
import { packageWasm } from '../../shared/plugins/wasm-artifact';
import { parseManifestBytes } from '../../shared/oci/schemas';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { UsageError, type AppError } from '../../shared/errors';
import { pluginFixture, tarOf, type PluginLayout, type TarEntry } from '../env/fixtures';
import { failureOf } from '../env/tools';
import { goCommandWasm, tinyWasm } from '../env/wasm';

describe('metadata.txt', () => {
  it("writes the user guide's form and reads it back", () => {
    const text = writeMetadataTxt({ name: 'key-auth', version: '1.0.0', size: 1234567, md5: 'a'.repeat(32), created: '2024-01-01T00:00:00Z', description: 'Key auth\nplugin' });
    expect(text).toBe(`name: key-auth\nversion: 1.0.0\nsize: 1234567\nmd5: ${'a'.repeat(32)}\ncreated: 2024-01-01T00:00:00Z\ndescription: Key auth plugin\n`);
    expect(parseMetadataTxt(text)).toEqual({ form: 'guide', name: 'key-auth', version: '1.0.0', size: 1234567, md5: 'a'.repeat(32), created: '2024-01-01T00:00:00Z', description: 'Key auth plugin' });
  });

  it("reads the official image's form (pull_plugins.py and generate_metadata.py)", () => {
    const official = 'Plugin Name: key-auth\nSize: 204800 bytes\nLast Modified: 2025-06-17T02:23:09.123456\nCreated: 2025-06-17T02:23:09.123456\nMD5: 0123456789ABCDEF0123456789abcdef\n';
    expect(parseMetadataTxt(official)).toEqual({ form: 'official', name: 'key-auth', version: undefined, size: 204800, md5: '0123456789abcdef0123456789abcdef', created: '2025-06-17T02:23:09.123456', lastModified: '2025-06-17T02:23:09.123456' });
    const generated = 'File: ai-proxy:2.0.0\nSize: 10 bytes\nLast Modified: x\nCreated: y\nMD5: ' + 'b'.repeat(32) + '\n';
    expect(parseMetadataTxt(generated)).toMatchObject({ form: 'official', name: 'ai-proxy', version: '2.0.0', size: 10 });
  });

  it('refuses text in neither form', () => {
    expect(() => parseMetadataTxt('hello')).toThrow('not in a known form');
    expect(() => parseMetadataTxt(`name: x\nsize: 1\nmd5: xyz\n`)).toThrow('MD5');
  });
});

describe('layout gate', () => {
  const cases: Array<[PluginLayout, string | RegExp]> = [
    ['oci-compat', 'oci-compat'],
    ['docker-compat', 'docker-compat'],
    ['oci-wasm', 'oci-wasm'],
    ['raw-wasm-single', /single raw-wasm layer .*higress#4528/],
    ['empty-config-only', /empty \{\} blob.*higress#2295/],
  ];
  it.each(cases)('%s', async (layout, expected) => {
    const fx = await pluginFixture({ name: 'p', layout });
    const m = parseManifestBytes(fx.manifest.bytes, fx.manifest.digest);
    if (typeof expected === 'string') expect(classifyPluginManifest(m, 'p', 'r/p:1').layout).toBe(expected);
    else expect(() => classifyPluginManifest(m, 'p', 'r/p:1')).toThrow(expected);
  });

  it('names the plugin and reference when refusing', async () => {
    const fx = await pluginFixture({ name: 'p', layout: 'raw-wasm-single' });
    expect(() => classifyPluginManifest(parseManifestBytes(fx.manifest.bytes, fx.manifest.digest), 'my-plugin', 'reg.example/plugins/my-plugin:2.0.0')).toThrow(
      /^Plugin my-plugin \(reg\.example\/plugins\/my-plugin:2\.0\.0\) was refused: /,
    );
  });
});

describe('wasm extraction', () => {
  const layerOf = async (entries: TarEntry[]) => gzipSync(await tarOf(entries));
  const extract = (layer: Buffer, encoding: 'tar+gzip' | 'raw' = 'tar+gzip') => extractWasm(Readable.from([layer]), encoding, 'p', 'reg.example/plugins/p:1');

  it('takes the one plugin.wasm from a tar+gzip layer, wherever it sits, and reports its ABI version', async () => {
    const wasm = tinyWasm('the one');
    const got = await extract(await layerOf([{ name: 'other.wasm', data: tinyWasm('not me') }, { name: 'dir/', type: 'directory' }, { name: 'dir/plugin.wasm', data: wasm }]));
    expect(got.bytes.equals(wasm)).toBe(true);
    expect(got.entry).toBe('dir/plugin.wasm');
    expect(got.abiVersion).toBe('0.2.1');
    expect(got.sha256).toBe(createHash('sha256').update(wasm).digest('hex'));
  });

  it('accepts what the gateway accepts: ./plugin.wasm, long pax names, links elsewhere in the layer', async () => {
    const wasm = tinyWasm('dot');
    expect((await extract(await layerOf([{ name: './', type: 'directory' }, { name: './plugin.wasm', data: wasm }]))).entry).toBe('./plugin.wasm');
    const long = `${'deep/'.repeat(40)}plugin.wasm`;
    expect((await extract(await layerOf([{ name: long, data: wasm }]))).entry).toBe(long);
    const withLink = await extract(await layerOf([{ name: 'plugin.wasm', data: wasm }, { name: 'latest.wasm', type: 'symlink', linkname: 'plugin.wasm' }]));
    expect(withLink.bytes.equals(wasm)).toBe(true);
  });

  it('refuses a layer whose module is not named plugin.wasm, naming what it holds', async () => {
    const err = await failureOf(extract(await layerOf([{ name: 'README.md', data: '# x' }, { name: 'foo.wasm', data: tinyWasm('foo') }])));
    expect(err.code).toBe('PLUGIN_WASM_NOT_FOUND');
    expect(err.message).toBe('Plugin p (reg.example/plugins/p:1) was refused: its last layer holds no plugin.wasm (it holds foo.wasm; the gateway loads only an entry named plugin.wasm)');
    expect(err.hint).toContain('Rename the module to plugin.wasm');
    expect(err.details).toMatchObject({ plugin: 'p', reference: 'reg.example/plugins/p:1', wasmEntries: ['foo.wasm'] });
    expect((await failureOf(extract(await layerOf([{ name: 'a.txt', data: 'x' }])))).message).toMatch(/holds no plugin\.wasm$/);
  });

  it('refuses several plugin.wasm entries, and a plugin.wasm that is not a regular file', async () => {
    const two = await failureOf(extract(await layerOf([{ name: 'plugin.wasm', data: tinyWasm('1') }, { name: 'build/plugin.wasm', data: tinyWasm('2') }])));
    expect(two.code).toBe('PLUGIN_WASM_AMBIGUOUS');
    expect(two.message).toContain('holds 2 entries named plugin.wasm (plugin.wasm, build/plugin.wasm)');
    expect(two.details).toMatchObject({ entries: ['plugin.wasm', 'build/plugin.wasm'] });
    const link = await failureOf(extract(await layerOf([{ name: 'real.wasm', data: tinyWasm('r') }, { name: 'plugin.wasm', type: 'symlink', linkname: 'real.wasm' }])));
    expect(link.code).toBe('PLUGIN_WASM_NOT_A_FILE');
    expect(link.message).toContain('holds plugin.wasm as a symbolic link (plugin.wasm -> real.wasm), not a regular file');
    const folder = await failureOf(extract(await layerOf([{ name: 'plugin.wasm/', type: 'directory' }])));
    expect(folder.message).toContain('holds plugin.wasm as a folder');
  });

  it('agrees with the gateway rule on any layer: one regular plugin.wasm is taken, anything else refused', async () => {
    const entry = fc.record({
      dir: fc.constantFrom('', 'a/', 'a/b/', './'),
      base: fc.constantFrom('plugin.wasm', 'other.wasm', 'README.md', 'plugin.wasm.bak', 'Plugin.wasm'),
      type: fc.constantFrom('file', 'file', 'directory', 'symlink'),
    });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(entry, { minLength: 0, maxLength: 6, selector: (e) => e.dir + e.base }), async (list) => {
        const entries: TarEntry[] = list.map((e, i) => {
          const name = e.dir + e.base;
          if (e.type === 'directory') return { name: `${name}/`, type: 'directory' };
          if (e.type === 'symlink') return { name, type: 'symlink', linkname: 'elsewhere' };
          return { name, data: e.base === 'plugin.wasm' ? tinyWasm(`entry ${i}`) : `text ${i}` };
        });
        const named = list.map((e, i) => ({ ...e, i })).filter((e) => e.base === 'plugin.wasm');
        const outcome = await extract(await layerOf(entries)).then(
          (w) => ({ ok: w.entry }),
          (e: AppError) => ({ code: e.code }),
        );
        const first = named[0];
        if (!first) expect(outcome).toEqual({ code: 'PLUGIN_WASM_NOT_FOUND' });
        else if (first.type !== 'file') expect(outcome).toEqual({ code: 'PLUGIN_WASM_NOT_A_FILE' });
        else if (named.length > 1) expect(outcome).toEqual({ code: 'PLUGIN_WASM_AMBIGUOUS' });
        else expect(outcome).toEqual({ ok: first.dir + first.base });
      }),
      { numRuns: 60 },
    );
  });

  it('refuses damaged and truncated layers, and raw layers that are not proxy-wasm', async () => {
    const tar = await tarOf([{ name: 'plugin.wasm', data: tinyWasm('t') }]);
    const flipped = Buffer.from(tar);
    flipped[10] = 0x41; // inside the name field: the header checksum no longer matches
    const damaged = await failureOf(extract(gzipSync(flipped)));
    expect(damaged.code).toBe('PLUGIN_LAYER_DAMAGED');
    expect(damaged.message).toContain('its tar+gzip layer is damaged (Damaged tar header at byte 0 (checksum mismatch))');
    expect((await failureOf(extract(gzipSync(tar.subarray(0, 700))))).message).toContain('its tar+gzip layer ends in the middle of plugin.wasm: it is truncated');
    expect((await failureOf(extract(gzipSync(tar).subarray(0, 60)))).message).toContain('not a readable tar+gzip');
    expect((await failureOf(extract(Buffer.from('not gzip at all')))).message).toContain('not a readable tar+gzip');
    const text = await failureOf(extract(Buffer.from('#!/bin/sh echo hi'), 'raw'));
    expect(text.code).toBe('PLUGIN_WASM_INVALID');
    expect(text.message).toBe('Plugin p (reg.example/plugins/p:1) was refused: the module in its wasm layer is not a valid WebAssembly module (no \\0asm magic at the start; it begins with "#!/b")');
    const go = await failureOf(extract(await layerOf([{ name: 'plugin.wasm', data: goCommandWasm('go') }])));
    expect(go.code).toBe('PLUGIN_NOT_PROXY_WASM');
    expect(go.message).toMatch(/^Plugin p \(reg\.example\/plugins\/p:1\) was refused: plugin\.wasm exports no proxy_abi_version_\* function: it is a Go program/);
  });
});

describe('spec.yaml and local .wasm packaging', () => {
  it('reads phase and priority from spec.yaml (default → UNSPECIFIED_PHASE)', () => {
    expect(parseSpecYaml('info:\n  name: k\n  version: 1.0.0\n  title: K\nspec:\n  phase: AUTHN\n  priority: 310\n')).toMatchObject({ name: 'k', version: '1.0.0', phase: 'AUTHN', priority: 310 });
    expect(parseSpecYaml('spec:\n  phase: default\n  priority: "100"\n')).toMatchObject({ phase: 'UNSPECIFIED_PHASE', priority: 100 });
    expect(parseSpecYaml(': : :')).toBeUndefined();
  });

  it('packages a module as a deterministic 2-layer OCI artifact the gate accepts', async () => {
    const wasm = tinyWasm('local');
    const a = await packageWasm(wasm, { name: 'my-filter', version: '1.0.0' });
    const b = await packageWasm(Buffer.from(wasm), { name: 'my-filter', version: '1.0.0' });
    expect(a.abiVersion).toBe('0.2.1');
    expect(a.manifest.digest).toBe(b.manifest.digest);
    const info = classifyPluginManifest(parseManifestBytes(a.manifestBytes, a.manifest.digest), 'my-filter', 'local');
    expect(info.layout).toBe('oci-wasm');
    const m = JSON.parse(a.manifestBytes.toString());
    expect(m.layers.map((l: any) => l.mediaType)).toEqual(['application/vnd.module.wasm.config.v1+json', 'application/vnd.module.wasm.content.layer.v1+wasm']);
    const text = await failureOf(packageWasm(Buffer.from('not wasm at all'), { name: 'x', version: '1', file: 'x.wasm' }));
    expect(text).toBeInstanceOf(UsageError);
    expect(text.code).toBe('PLUGIN_WASM_INVALID');
    expect(text.message).toBe('Plugin x (x.wasm) was refused: x.wasm is not a valid WebAssembly module (no \\0asm magic at the start; it begins with "not ")');
    const go = await failureOf(packageWasm(goCommandWasm('go'), { name: 'x', version: '1', file: 'main.wasm' }));
    expect(go).toBeInstanceOf(UsageError);
    expect([go.code, go.details?.cause]).toEqual(['PLUGIN_NOT_PROXY_WASM', 'go-not-c-shared']);
  });
});
