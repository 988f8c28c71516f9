import { resolve } from 'node:path';
import { OpenBundle } from '../bundle/open-bundle';
import { isDeployPath } from '../deploy';
import { writeDeployFolder, type FolderFile } from '../deploy-output/write-folder';
import { UsageError } from '../errors';

/** The largest file copied out of a bundle (a plugin module or a chart package). */
const MAX_COPY = 256 * 1024 * 1024;

/** Only what the deployment targets copy: a bundled plugin's module, a bundled chart package. */
const COPYABLE = /^(plugins\/[^/]+\/[^/]+\/plugin\.wasm|charts\/[^/]+\.tgz)$/;

/**
 * Writes a deployment folder, for `higress-airgap yaml` and the app's Deploy screen alike: only
 * the file names the generators produce, binary files copied out of the bundle through its index
 * (checked by verify, read here), replacements only with consent (the CLI's `--force`, the app's
 * confirmed paths — it never sends a blanket yes).
 */
export async function writeDeployment(request: {
  readonly dir: string;
  readonly files: readonly FolderFile[];
  readonly copies?: ReadonlyArray<{ readonly from: string; readonly path: string }> | undefined;
  readonly bundle?: string | OpenBundle | undefined;
  readonly consent: boolean | readonly string[];
}): Promise<Awaited<ReturnType<typeof writeDeployFolder>>> {
  const copies = request.copies ?? [];
  for (const f of [...request.files, ...copies]) if (!isDeployPath(f.path)) throw new UsageError(`Not a deployment file: ${f.path}`, { code: 'NOT_A_DEPLOY_FILE', details: { path: f.path } });
  if (copies.length && !request.bundle) throw new UsageError('Files to copy out of a bundle need the bundle', { code: 'COPY_NEEDS_BUNDLE' });
  const copied: FolderFile[] = [];
  if (copies.length && request.bundle) {
    const given = request.bundle;
    const bundle = typeof given === 'string' ? await OpenBundle.open(resolve(given)) : given;
    try {
      for (const c of copies) {
        if (!COPYABLE.test(c.from)) throw new UsageError(`Not a file to copy: ${c.from}`, { code: 'NOT_A_FILE_TO_COPY', details: { path: c.from } });
        copied.push({ path: c.path, content: await bundle.readSmall(c.from, MAX_COPY) });
      }
    } finally {
      // A bundle the caller opened stays open for it.
      if (typeof given === 'string') await bundle.close();
    }
  }
  return writeDeployFolder(resolve(request.dir), [...request.files, ...copied], request.consent);
}
