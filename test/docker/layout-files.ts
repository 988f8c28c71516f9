import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Every file and folder under `dir`, relative and sorted. */
export async function listTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      out.push(relative(dir, p));
      if (e.isDirectory()) await walk(p);
    }
  };
  await walk(dir);
  return out.sort();
}

/** What an OCI layout may hold: anything else (staging folders, `.tmp` files) is a leftover. */
export async function strayFiles(dir: string): Promise<string[]> {
  return (await listTree(dir)).filter((p) => !['oci-layout', 'index.json', 'blobs', 'blobs/sha256'].includes(p) && !/^blobs\/sha256\/[a-f0-9]{64}$/.test(p));
}
