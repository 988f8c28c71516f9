import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { classifyPluginManifest } from '../../shared/plugins/layout-gate';
import { extractWasm } from '../../shared/plugins/extract-wasm';
import { parseMetadataTxt, writeMetadataTxt } from '../../shared/plugins/metadata-txt';
import { parseSpecYaml } from '../../shared/plugins/plugin-docs';
import { packageWasm } from '../../shared/plugins/wasm-artifact';
import { parseManifestBytes } from '../../shared/oci/schemas';
import { pluginFixture, type PluginLayout } from '../env/fixtures';
import { tinyWasm } from '../env/wasm';
import { gzipSync } from 'node:zlib';
import { tarOf } from '../env/fixtures';

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
  it('takes plugin.wasm from a tar+gzip layer even when other .wasm files come first', async () => {
    const wasm = tinyWasm('the one');
    const layer = gzipSync(await tarOf([{ name: 'other.wasm', data: tinyWasm('not me') }, { name: 'dir/', type: 'directory' }, { name: 'dir/plugin.wasm', data: wasm }]));
    const got = await extractWasm(Readable.from([layer]), 'tar+gzip', 'p', 'r');
    expect(got.bytes.equals(wasm)).toBe(true);
    expect(got.entry).toBe('dir/plugin.wasm');
  });

  it('falls back to the first *.wasm', async () => {
    const wasm = tinyWasm('first');
    const layer = gzipSync(await tarOf([{ name: 'README.md', data: '# x' }, { name: 'filter.wasm', data: wasm }, { name: 'z.wasm', data: tinyWasm('z') }]));
    expect((await extractWasm(Readable.from([layer]), 'tar+gzip', 'p', 'r')).entry).toBe('filter.wasm');
  });

  it('refuses a layer without wasm, a non-gzip layer and bytes without the magic', async () => {
    await expect(extractWasm(Readable.from([gzipSync(await tarOf([{ name: 'a.txt', data: 'x' }]))]), 'tar+gzip', 'p', 'r')).rejects.toThrow('holds no plugin.wasm');
    await expect(extractWasm(Readable.from([Buffer.from('not gzip at all')]), 'tar+gzip', 'p', 'r')).rejects.toThrow('not a readable tar+gzip');
    await expect(extractWasm(Readable.from([Buffer.from('#!/bin/sh echo hi')]), 'raw', 'p', 'r')).rejects.toThrow('no \\0asm magic');
  });
});

describe('spec.yaml and local .wasm packaging', () => {
  it('reads phase and priority from spec.yaml (default → UNSPECIFIED_PHASE)', () => {
    expect(parseSpecYaml('info:\n  name: k\n  version: 1.0.0\n  title: K\nspec:\n  phase: AUTHN\n  priority: 310\n')).toMatchObject({ name: 'k', version: '1.0.0', phase: 'AUTHN', priority: 310 });
    expect(parseSpecYaml('spec:\n  phase: default\n  priority: "100"\n')).toMatchObject({ phase: 'UNSPECIFIED_PHASE', priority: 100 });
    expect(parseSpecYaml(': : :')).toBeUndefined();
  });

  it('packages a module as a deterministic 2-layer OCI artifact the gate accepts', () => {
    const wasm = tinyWasm('local');
    const a = packageWasm(wasm, { name: 'my-filter', version: '1.0.0' });
    const b = packageWasm(Buffer.from(wasm), { name: 'my-filter', version: '1.0.0' });
    expect(a.manifest.digest).toBe(b.manifest.digest);
    const info = classifyPluginManifest(parseManifestBytes(a.manifestBytes, a.manifest.digest), 'my-filter', 'local');
    expect(info.layout).toBe('oci-wasm');
    const m = JSON.parse(a.manifestBytes.toString());
    expect(m.layers.map((l: any) => l.mediaType)).toEqual(['application/vnd.module.wasm.config.v1+json', 'application/vnd.module.wasm.content.layer.v1+wasm']);
    expect(() => packageWasm(Buffer.from('not wasm at all'), { name: 'x', version: '1' })).toThrow('not WebAssembly');
  });
});
