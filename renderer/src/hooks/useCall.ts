import { useCallback, useState } from 'react';

export interface CallState<T> {
  readonly busy: boolean;
  readonly result?: T | undefined;
  readonly error?: unknown;
}

/** One short request (no progress): busy while it runs, then its result or its error. */
export function useCall<T>(): CallState<T> & { run(start: () => Promise<T>): Promise<T | undefined>; reset(): void } {
  const [state, setState] = useState<CallState<T>>({ busy: false });
  const run = useCallback(async (start: () => Promise<T>) => {
    setState((s) => ({ busy: true, result: s.result }));
    try {
      const result = await start();
      setState({ busy: false, result });
      return result;
    } catch (error) {
      setState({ busy: false, error });
      return undefined;
    }
  }, []);
  const reset = useCallback(() => setState({ busy: false }), []);
  return { ...state, run, reset };
}
