import type { BundlePlan } from '../bundle/plan';
import { writeBundle, type WriteBundleResult } from '../bundle/write-bundle';
import type { ProgressSink } from '../progress';
import type { ConnectionFlags } from '../registry/connect';
import { dockerImageSaver } from './docker-images';
import type { Engine } from './engine';
import { progressWithRetries } from './progress-retries';

export interface BuildBundleOptions {
  readonly flags: ConnectionFlags;
  /** The bundle to write (absolute). */
  readonly out: string;
  readonly volumeSize?: number | undefined;
  readonly force?: boolean | undefined;
  /** Where small blobs and saved Docker images are staged. */
  readonly tempDir: string;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ProgressSink | undefined;
}

/**
 * Bundling, for `higress-airgap bundle` and the app's Build screen alike: local Docker images saved
 * into the temp folder first (removed afterwards, whatever happens), registry retries shown on the
 * progress, then the one bundle writer.
 */
export async function buildBundle(engine: Engine, plan: BundlePlan, options: BuildBundleOptions): Promise<WriteBundleResult> {
  const progress = progressWithRetries(options.onProgress, 'bundle');
  const saver = plan.dockerImages?.length ? dockerImageSaver(engine.docker, options.tempDir) : undefined;
  try {
    return await writeBundle(
      plan,
      { registry: engine.registry(progress.onRetry), flags: options.flags, dockerImage: saver?.save },
      { out: options.out, volumeSize: options.volumeSize, force: options.force, tempDir: options.tempDir, env: engine.env, signal: options.signal, onProgress: progress.sink },
    );
  } finally {
    await saver?.cleanup();
  }
}
