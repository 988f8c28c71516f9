import { useCallback, useEffect, useRef, useState } from 'react';
import { call, newTaskId, onEvent } from '../api/client';
import { applyProgress, initialProgress, type ProgressView } from '../../../shared/progress-view';

export type TaskStatus = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

export interface TaskState<T> {
  readonly status: TaskStatus;
  readonly progress: ProgressView;
  readonly result?: T | undefined;
  readonly error?: unknown;
}

export interface Task<T> extends TaskState<T> {
  /** Starts the work under a fresh task id; resolves with the result, or undefined on failure/cancel. */
  run(start: (taskId: string) => Promise<T>): Promise<T | undefined>;
  cancel(): void;
  reset(): void;
}

export function isCancelled(e: unknown): boolean {
  return (e as { code?: string } | undefined)?.code === 'CANCELLED';
}

/**
 * Long work tagged with a task id: follows its `task:progress` events (folded by applyProgress),
 * cancels it with `task:cancel`, and cancels it too when the component goes away.
 */
export function useTask<T>(): Task<T> {
  const [state, setState] = useState<TaskState<T>>({ status: 'idle', progress: initialProgress });
  const running = useRef<string | undefined>(undefined);

  const run = useCallback(async (start: (taskId: string) => Promise<T>) => {
    const taskId = newTaskId();
    running.current = taskId;
    setState({ status: 'running', progress: initialProgress });
    const off = onEvent('task:progress', (event) => {
      if (event.taskId === taskId) setState((s) => ({ ...s, progress: applyProgress(s.progress, event, performance.now()) }));
    });
    try {
      const result = await start(taskId);
      setState((s) => ({ ...s, status: 'done', result }));
      return result;
    } catch (error) {
      setState((s) => ({ ...s, status: isCancelled(error) ? 'cancelled' : 'failed', error }));
      return undefined;
    } finally {
      off();
      if (running.current === taskId) running.current = undefined;
    }
  }, []);

  const cancel = useCallback(() => {
    const taskId = running.current;
    if (taskId) void call('task:cancel', { taskId }).catch(() => undefined);
  }, []);

  const reset = useCallback(() => setState({ status: 'idle', progress: initialProgress }), []);

  useEffect(() => () => {
    const taskId = running.current;
    if (taskId) void call('task:cancel', { taskId }).catch(() => undefined);
  }, []);

  return { ...state, run, cancel, reset };
}
