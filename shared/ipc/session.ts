import type { Channel, EventMap, EventName } from './contract';
import { dispatch, parseArgs, type HandlerMap } from './dispatch';
import { errorEnvelope, okEnvelope, type Envelope } from './envelope';
import { TaskRegistry } from './task-registry';

export type EventSink = <E extends EventName>(event: E, payload: EventMap[E]) => void;

/**
 * One caller's view of the handler map (an Electron window, a browser tab of `ui`): it owns the
 * caller's running tasks so `task:cancel` works by id, and it cancels everything when closed.
 */
export class IpcSession {
  private readonly tasks = new TaskRegistry();
  private readonly closed = new AbortController();

  constructor(
    private readonly handlers: HandlerMap,
    private readonly emit: EventSink,
  ) {}

  async invoke(channel: unknown, raw: unknown): Promise<Envelope<unknown>> {
    if (channel === 'task:cancel') {
      try {
        const { taskId } = parseArgs('task:cancel', raw);
        return okEnvelope({ cancelled: this.tasks.cancel(taskId) });
      } catch (e) {
        return errorEnvelope(e);
      }
    }
    const taskId = taskIdOf(raw);
    if (taskId === undefined) {
      return dispatch(this.handlers, channel, raw, { signal: this.closed.signal, emit: this.emit });
    }
    let controller: AbortController;
    try {
      controller = this.tasks.start(taskId, this.closed.signal);
    } catch (e) {
      return errorEnvelope(e);
    }
    try {
      return await dispatch(this.handlers, channel, raw, { signal: controller.signal, emit: this.emit });
    } finally {
      this.tasks.finish(taskId);
    }
  }

  /** Cancels all running work of this caller (window closed, server stopping). */
  close(): void {
    this.closed.abort();
    this.tasks.cancelAll();
  }

  get runningTasks(): number {
    return this.tasks.size;
  }
}

// The schema validates taskId properly in dispatch; here we only need it to register the task.
function taskIdOf(raw: unknown): string | undefined {
  if (raw && typeof raw === 'object' && 'taskId' in raw) {
    const id = raw.taskId;
    if (typeof id === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(id)) return id;
  }
  return undefined;
}

export type { Channel };
