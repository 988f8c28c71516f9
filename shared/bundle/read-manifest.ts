import { createReadStream } from 'node:fs';
import { extract } from 'tar-stream';
import { AppError } from '../errors';
import { bundleManifestSchema, type BundleManifest } from '../model/bundle-manifest';

const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/**
 * Reads and validates `bundle.json` from a single-file bundle without verifying anything else.
 * For showing what a bundle holds and generating YAML; `verify` is what proves it intact.
 */
export async function readBundleManifest(file: string): Promise<BundleManifest> {
  const ex = extract();
  const input = createReadStream(file);
  input.on('error', (e) => ex.destroy(e));
  input.pipe(ex);
  let found: Buffer | undefined;
  try {
    for await (const entry of ex) {
      if (entry.header.name === 'bundle.json' && entry.header.type === 'file') {
        if ((entry.header.size ?? 0) > MAX_MANIFEST_BYTES) throw new AppError('BAD_BUNDLE', `bundle.json in ${file} is too large`);
        const chunks: Buffer[] = [];
        for await (const c of entry as AsyncIterable<Buffer>) chunks.push(c);
        found = Buffer.concat(chunks);
      } else {
        entry.resume();
      }
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') throw new AppError('NOT_FOUND', `Bundle ${file} does not exist`);
    throw new AppError('BAD_BUNDLE', `${file} is not a readable bundle: ${(e as Error).message}`);
  } finally {
    input.destroy();
  }
  if (!found) throw new AppError('BAD_BUNDLE', `${file} has no bundle.json: it is not a Higress Airgap bundle`);
  let json: unknown;
  try {
    json = JSON.parse(found.toString('utf8'));
  } catch {
    throw new AppError('BAD_BUNDLE', `bundle.json in ${file} is not valid JSON`);
  }
  const parsed = bundleManifestSchema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new AppError('BAD_BUNDLE', `bundle.json in ${file} is invalid at ${i?.path.join('.') || '(root)'}: ${i?.message}`);
  }
  return parsed.data;
}
