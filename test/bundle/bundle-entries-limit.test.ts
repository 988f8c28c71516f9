import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ENTRIES } from '../../shared/bundle/safe-tar';
import { cli } from '../env/cli';
import { craftedTar } from '../env/crafted-tar';
import { tempDir, type TempDir } from '../env/tools';
import { syntheticModel, writeModel } from './bundle-model';

// A bundle padded with empty entries once took 560 MB to push: readers now stop at MAX_ENTRIES.
let dir: TempDir;
beforeAll(async () => {
  dir = await tempDir('entries');
});
afterAll(async () => {
  await dir?.remove();
});

describe('a bundle with more entries than any real one', () => {
  it('is refused by list and push before anything else, naming the limit', async () => {
    const m = syntheticModel({
      images: [],
      plugins: [{ name: 'key-auth', version: '2.0.0', servedVersions: ['2.0.0'], origin: 'catalog', source: 'registry.example/plugins/key-auth:2.0.0', layout: 'oci-compat' }],
    });
    const tar = writeModel(m);
    const dirs = craftedTar(Array.from({ length: MAX_ENTRIES + 1 }, (_, i) => ({ name: `plugins/filler-${String(i).padStart(8, '0')}/`, flag: '5' })), { end: false });
    const file = join(dir.path, 'padded.tar');
    await writeFile(file, Buffer.concat([tar.subarray(0, tar.length - 1024), dirs, Buffer.alloc(1024)]));
    for (const args of [['list', file], ['push', file, '--registry', '127.0.0.1:9/x', '--plain-http']]) {
      const r = await cli(args, { env: { HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg') } });
      expect(r.code, args[0]).toBe(1);
      expect(r.stderr, args[0]).toContain(`more than ${MAX_ENTRIES} entries`);
    }
  });
});
