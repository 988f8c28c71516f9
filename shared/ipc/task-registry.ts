import { UsageError } from '../errors';

/**
 * Long-running requests carry a task id chosen by the caller; `task:cancel` aborts by that id.
 * One registry per transport session, so one window cannot cancel another's work.
 */
export class TaskRegistry {
  private readonly running = new Map<string, AbortController>();

  /** Registers a task; the returned signal also follows `parent` (window closed, server stopped). */
  start(taskId: string, parent?: AbortSignal): AbortController {
    if (this.running.has(taskId)) throw new UsageError(`Task ${taskId} is already running`);
    const controller = new AbortController();
    if (parent) {
      if (parent.aborted) controller.abort();
      else parent.addEventListener('abort', () => controller.abort(), { once: true });
    }
    this.running.set(taskId, controller);
    return controller;
  }

  finish(taskId: string): void {
    this.running.delete(taskId);
  }

  cancel(taskId: string): boolean {
    const controller = this.running.get(taskId);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  cancelAll(): void {
    for (const c of this.running.values()) c.abort();
    this.running.clear();
  }

  get size(): number {
    return this.running.size;
  }
}
