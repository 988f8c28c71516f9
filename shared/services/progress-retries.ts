import type { ProgressEvent, ProgressSink } from '../progress';
import type { RegistryEnvironment } from '../registry/connect';

/**
 * A task's progress with the registry's retries on it: a retry (a reset, a 5xx, a dropped upload
 * session) is shown beside the latest numbers, so neither the CLI bar nor the app's moves back.
 */
export function progressWithRetries(onProgress: ProgressSink | undefined, phase: ProgressEvent['phase']): { sink: ProgressSink | undefined; onRetry: RegistryEnvironment['onRetry'] } {
  if (!onProgress) return { sink: undefined, onRetry: undefined };
  let latest: ProgressEvent = { phase, bytesDone: 0 };
  return {
    sink: (e) => onProgress((latest = e)),
    onRetry: (i) => onProgress({ ...latest, retry: { attempt: i.attempt, reason: i.reason, delayMs: i.delayMs } }),
  };
}
