import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OpenBundle } from '../../shared/bundle/open-bundle';
import { verifyBundle } from '../../shared/bundle/verify';
import { type AppError } from '../../shared/errors';
import { notice, renderNotice } from '../../shared/messages/catalog';
import { md5Hex, syntheticModel, writeModel, type BundleModel } from './bundle-model';
import { failureOf, tempDir, type TempDir } from '../env/tools';

/**
 * Format 1 bundles (every file with an MD5) keep reading and verifying; format 2 (blobs with a
 * SHA-256 only) is held to its rule; a newer format is named as such. The bundles are built by the
 * test's own model (test/bundle/bundle-model.ts), not by the product's writer.
 */
let dir: TempDir;
let n = 0;
beforeAll(async () => {
  dir = await tempDir('format-versions');
});
afterAll(async () => {
  await dir?.remove();
});

const model = (formatVersion: number): BundleModel => {
  const m = syntheticModel({
    images: [{ source: 'registry.example.com/higress/plugin-server:2.2.3', role: 'plugin-server', platforms: ['linux/amd64', 'linux/arm64'], layers: 2 }],
    plugins: [{ name: 'key-auth', version: '1.0.0', servedVersions: ['1.0.0'], origin: 'catalog', source: 'registry.example.com/plugins/key-auth:1.0.0', layout: 'oci-compat' }],
  });
  m.bundle.formatVersion = formatVersion;
  return m;
};
async function fileOf(tar: Buffer): Promise<string> {
  const file = join(dir.path, `b${n++}.tar`);
  await writeFile(file, tar);
  return file;
}
/** The error opening `file` gives (it must fail). */
function openError(file: string): Promise<AppError> {
  return failureOf(OpenBundle.open(file));
}

describe('bundle format versions', () => {
  it('format 1: every file listed with an MD5 opens and verifies; blob MD5s are not recomputed, every other file is', async () => {
    const m = model(1);
    const file = await fileOf(writeModel(m));
    const open = await OpenBundle.open(file);
    try {
      expect(open.manifest.formatVersion).toBe(1);
      expect(open.manifest.files.every((f) => f.md5 !== undefined)).toBe(true);
    } finally {
      await open.close();
    }
    const r = await verifyBundle(file);
    expect(r.ok, JSON.stringify(r.problems)).toBe(true);
    const blobs = r.files.filter((f) => f.path.startsWith('blobs/'));
    const others = r.files.filter((f) => !f.path.startsWith('blobs/'));
    expect(blobs.length).toBeGreaterThan(3);
    expect(blobs.every((f) => f.status === 'ok' && f.md5 === undefined)).toBe(true);
    for (const f of others) {
      const bytes = m.files.get(f.path);
      if (bytes) expect(f.md5, f.path).toBe(md5Hex(bytes));
      else expect(f.md5, f.path).toMatch(/^[a-f0-9]{32}$/); // a document written by writeModel
    }
    const wasm = others.find((f) => f.path === 'plugins/key-auth/1.0.0/plugin.wasm');
    expect(wasm?.md5).toBe(md5Hex(m.files.get('plugins/key-auth/1.0.0/plugin.wasm') as Buffer));
  });

  it('format 2: blobs have a SHA-256 only, everything else an MD5 too; MD5SUMS lists exactly those', async () => {
    const m = model(2);
    const file = await fileOf(writeModel(m));
    const r = await verifyBundle(file);
    expect(r.ok, JSON.stringify(r.problems)).toBe(true);
    expect(r.manifest?.files.filter((f) => f.md5 === undefined).map((f) => f.path).every((p) => p.startsWith('blobs/sha256/'))).toBe(true);
    expect(r.manifest?.files.filter((f) => f.path.startsWith('blobs/')).every((f) => f.md5 === undefined)).toBe(true);
  });

  it('format 2: a blob listed with an MD5, or a plugin file without one, is refused by name', async () => {
    const withBlobMd5 = await fileOf(
      writeModel(model(2), {
        editFiles: (files) => {
          const blob = files.find((f) => f.path.startsWith('blobs/')) as { md5?: string };
          blob.md5 = '0'.repeat(32);
        },
      }),
    );
    const e1 = await openError(withBlobMd5);
    expect(e1.code).toBe('BAD_BUNDLE');
    expect(e1.message).toMatch(/files\.\d+\.md5: format 2 lists blobs without an MD5/);
    const withoutWasmMd5 = await fileOf(
      writeModel(model(2), {
        editFiles: (files) => {
          delete (files.find((f) => f.path.endsWith('plugin.wasm')) as { md5?: string }).md5;
        },
      }),
    );
    const e2 = await openError(withoutWasmMd5);
    expect(e2.message).toMatch(/files\.\d+\.md5: format 2 lists every file but blobs with an MD5/);
    const verified = await verifyBundle(withoutWasmMd5);
    expect(verified.ok).toBe(false);
  });

  it('a newer format is named as such, in English and Chinese, not as a damaged bundle.json', async () => {
    const file = await fileOf(writeModel(model(3)));
    const e = await openError(file);
    expect(e.code).toBe('BAD_BUNDLE');
    expect(e.details).toMatchObject({ reason: 'newer format', version: 3, supported: 2 });
    expect(renderNotice(notice(e.code, e.details), 'en').message).toContain('newer Higress Airgap (bundle format 3)');
    expect(renderNotice(notice(e.code, e.details), 'zh-CN').message).toContain('离线包格式 3');
  });
});
