/**
 * Builds the memory benchmark bundle of the hostile-bundle report: a small consistent bundle
 * plus N empty entries, and prints where it wrote it. Not a test (run by hand):
 *
 *   npx tsx test/bundle/measure-open-memory.ts <out.tar> [N=150000] [files|dirs|blobs]
 *   /usr/bin/time -v npx tsx cli/main.ts push <out.tar> --registry 127.0.0.1:9/x --plain-http
 *
 * `files`: N empty files listed in bundle.json and the SUMS (an older reader accepted them);
 * `dirs`: N empty folders; `blobs`: N empty files named like blobs.
 */
import { writeFile } from 'node:fs/promises';
import { syntheticModel, writeModel } from './bundle-model';

async function main(): Promise<void> {
  const [out, countText = '150000', kind = 'files'] = process.argv.slice(2);
  if (!out) throw new Error('usage: measure-open-memory.ts <out.tar> [N] [files|dirs|blobs]');
  const n = Number(countText);
  const m = syntheticModel({
    images: [{ source: 'registry.example/higress/plugin-server:2.2.4', role: 'plugin-server', platforms: ['linux/amd64', 'linux/arm64'], layers: 2 }],
    plugins: [{ name: 'key-auth', version: '2.0.0', servedVersions: ['1.0.0', '2.0.0'], origin: 'catalog', source: 'registry.example/plugins/key-auth:2.0.0', layout: 'oci-compat' }],
  });
  const empty = Buffer.alloc(0);
  for (let i = 0; i < n; i++) {
    const id = String(i).padStart(8, '0');
    if (kind === 'files') m.files.set(`plugins/filler/${id}`, empty);
    else if (kind === 'blobs') m.files.set(`blobs/sha256/${id.padStart(64, 'f')}`, empty);
  }
  let tar = writeModel(m);
  if (kind === 'dirs') {
    // folders go in before the end-of-archive marker, after everything else
    const { craftedTar } = await import('../env/crafted-tar');
    const dirs = craftedTar(Array.from({ length: n }, (_, i) => ({ name: `plugins/filler-${String(i).padStart(8, '0')}/`, flag: '5' })), { end: false });
    tar = Buffer.concat([tar.subarray(0, tar.length - 1024), dirs, Buffer.alloc(1024)]);
  }
  await writeFile(out, tar);
  console.log(`${out}: ${tar.length} bytes, ${n} ${kind}`);
}

void main();
