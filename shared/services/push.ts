import type { Notice } from '../messages/catalog';
import { pushFromBundle, type PushOutcome, type PushRequest } from '../offline/push-service';
import type { ProgressSink } from '../progress';
import type { ConnectionFlags } from '../registry/connect';
import type { Engine } from './engine';
import { progressWithRetries } from './progress-retries';

/**
 * The offline push, for `higress-airgap push` and the app's Import screen alike: verify, connection
 * test, push (journal in the engine's settings folder), with retries on the progress.
 */
export function pushBundleFile(
  engine: Engine,
  request: PushRequest,
  flags: ConnectionFlags,
  options: { signal?: AbortSignal | undefined; onProgress?: ProgressSink | undefined; onNotice?: ((n: Notice) => void) | undefined } = {},
): Promise<PushOutcome> {
  const progress = progressWithRetries(options.onProgress, 'push');
  return pushFromBundle(request, { registry: engine.registry(progress.onRetry), flags, docker: engine.docker }, { signal: options.signal, onProgress: progress.sink, onNotice: options.onNotice });
}

