import { UsageError } from '../errors';

interface RunningTask {
  readonly controller: AbortController;
  /** Removes the listener this task put on its parent signal. */
  readonly detach: () => void;
}

/**
 * Long-running requests carry a task id chosen by the caller; `task:cancel` aborts by that id.
 * One registry per front-door session, so one window cannot cancel another's work. A task's
 * listener on the parent signal is removed when the task ends, so a long session of many tasks
 * keeps none behind (no MaxListenersExceededWarning, nothing retained).
 */
export class TaskRegistry {
  private readonly running = new Map<string, RunningTask>();

  /** Registers a task; the returned signal also follows `parent` (window closed, server stopped). */
  start(taskId: string, parent?: AbortSignal): AbortController {
    if (this.running.has(taskId)) throw new UsageError(`Task ${taskId} is already running`, { code: 'TASK_ALREADY_RUNNING', details: { task: taskId } });
    const controller = new AbortController();
    let detach = () => undefined as void;
    if (parent) {
      if (parent.aborted) controller.abort();
      else {
        const onAbort = () => controller.abort();
        parent.addEventListener('abort', onAbort, { once: true });
        detach = () => parent.removeEventListener('abort', onAbort);
      }
    }
    this.running.set(taskId, { controller, detach });
    return controller;
  }

  finish(taskId: string): void {
    this.running.get(taskId)?.detach();
    this.running.delete(taskId);
  }

  cancel(taskId: string): boolean {
    const task = this.running.get(taskId);
    if (!task) return false;
    task.controller.abort();
    return true;
  }

  cancelAll(): void {
    for (const t of this.running.values()) {
      t.detach();
      t.controller.abort();
    }
    this.running.clear();
  }

  get size(): number {
    return this.running.size;
  }
}
