import type { Connection } from '../ipc/payloads';
import type { HandlerContext } from '../ipc/dispatch';
import type { ProgressSink } from '../progress';
import { connectionFlags, FORM_FIELDS } from '../registry/connection-flags';
import type { ConnectionFlags } from '../registry/connect';

/**
 * The form's connection options as engine flags, through the same check as the CLI's flags:
 * a username without a password (or the reverse) or plain HTTP with a TLS option is refused,
 * every problem at once, naming the form's fields.
 */
export function formConnection(c: Connection | undefined): ConnectionFlags {
  return c ? connectionFlags(c, { names: FORM_FIELDS }) : {};
}

/** Progress of a task, tagged with its id for the caller that started it. */
export function taskProgress(ctx: HandlerContext, taskId: string): ProgressSink {
  return (event) => ctx.emit('task:progress', { ...event, taskId });
}
