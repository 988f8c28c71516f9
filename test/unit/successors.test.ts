import { describe, expect, it } from 'vitest';
import { asImageManifest } from '../../shared/copy';
import { sha256Digest } from '../../shared/oci/digest';
import { MediaType } from '../../shared/oci/media-types';
import { filterIndex } from '../../shared/oci/platform-filter';
import { parseManifestBytes } from '../../shared/oci/schemas';
import { blobBytes, listedSize, successors } from '../../shared/oci/successors';

const d = (n: number, size: number, extra: object = {}) => ({ mediaType: MediaType.ociLayerGzip, digest: `sha256:${String(n).repeat(64).slice(0, 64)}`, size, ...extra });
const parse = (json: object) => {
  const bytes = new TextEncoder().encode(JSON.stringify(json));
  return parseManifestBytes(bytes, sha256Digest(bytes));
};

describe('successors: the one walk of the manifest graph', () => {
  it('an image manifest → config then layers, a repeated layer once; its listed size counts the repeat', () => {
    const config = { ...d(1, 10), mediaType: MediaType.ociConfig };
    const m = parse({ schemaVersion: 2, mediaType: MediaType.ociManifest, config, layers: [d(2, 100), d(3, 200), d(2, 100)] });
    expect(successors(m).map((x) => x.digest)).toEqual([config.digest, d(2, 0).digest, d(3, 0).digest]);
    if (m.kind !== 'manifest') throw new Error('parsed as an index');
    expect(listedSize(m)).toBe(410);
    expect(blobBytes(m)).toBe(310);
  });

  it('an index → its entries in order; filtered to a platform, the walk sees only the kept entries and the new bytes', () => {
    const amd = { ...d(4, 5), mediaType: MediaType.ociManifest, platform: { os: 'linux', architecture: 'amd64' } };
    const arm = { ...d(5, 6), mediaType: MediaType.ociManifest, platform: { os: 'linux', architecture: 'arm64' } };
    const attest = { ...d(6, 7), mediaType: MediaType.ociManifest, platform: { os: 'unknown', architecture: 'unknown' }, annotations: { 'vnd.docker.reference.digest': arm.digest } };
    const index = parse({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [amd, arm, attest] });
    if (index.kind !== 'index') throw new Error('parsed as a manifest');
    expect(successors(index).map((x) => x.digest)).toEqual([amd.digest, arm.digest, attest.digest]);
    const all = filterIndex(index, undefined, 'x');
    expect(all.filtered).toBe(false);
    expect(all.index).toBe(index);
    const armOnly = filterIndex(index, [{ os: 'linux', architecture: 'arm64' }], 'x');
    expect(armOnly.filtered).toBe(true);
    expect(successors(armOnly.index).map((x) => x.digest)).toEqual([arm.digest, attest.digest]);
    expect(armOnly.index.digest).toBe(sha256Digest(armOnly.index.bytes));
    expect(JSON.parse(new TextDecoder().decode(armOnly.index.bytes)).manifests).toEqual([arm, attest]);
  });

  it('an index inside an index is refused in one place, with its code', () => {
    const inner = parse({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] });
    expect(() => asImageManifest(inner, 'reg/x:1')).toThrow(expect.objectContaining({ code: 'UNSUPPORTED', details: { kind: 'nested-index', image: 'reg/x:1' } }));
  });
});
