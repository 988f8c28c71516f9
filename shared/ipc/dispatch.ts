import { type z } from 'zod';
import { UsageError } from '../errors';
import { argsSchemas, isChannel, type Channel, type EventMap, type EventName, type ParsedArgsOf, type ResultOf } from './contract';
import { errorEnvelope, okEnvelope, type Envelope } from './envelope';

/** What a handler gets besides its validated arguments. */
export interface HandlerContext {
  /** Fires when the caller cancels the task (or closes its window). */
  readonly signal: AbortSignal;
  /** Sends an event to the caller that started this request. */
  readonly emit: <E extends EventName>(event: E, payload: EventMap[E]) => void;
}

/** Channels answered by the engine; `task:cancel` is answered by the session itself. */
export type EngineChannel = Exclude<Channel, 'task:cancel'>;
export type Handler<C extends Channel> = (args: ParsedArgsOf<C>, ctx: HandlerContext) => Promise<ResultOf<C>>;
export type HandlerMap = { readonly [C in EngineChannel]: Handler<C> };

/**
 * The single entry used by every front door (Electron IPC, the `ui` HTTP bridge, tests): refuses
 * unknown channels, validates the payload, runs the handler and wraps the answer in an envelope.
 */
export async function dispatch(
  handlers: HandlerMap,
  channel: unknown,
  rawArgs: unknown,
  ctx: HandlerContext,
): Promise<Envelope<unknown>> {
  try {
    if (!isChannel(channel)) throw new UsageError(`Unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}`, { code: 'IPC_CHANNEL_UNKNOWN', details: { channel: String(channel).slice(0, 80) } });
    const args = parseArgs(channel, rawArgs);
    if (channel === 'task:cancel') throw new UsageError('task:cancel is answered by the session', { code: 'IPC_CHANNEL_SESSION', details: { channel: 'task:cancel' } });
    const handler = handlers[channel] as (a: unknown, c: HandlerContext) => Promise<unknown>;
    return okEnvelope(await handler(args, ctx));
  } catch (e) {
    return errorEnvelope(e);
  }
}

export function parseArgs<C extends Channel>(channel: C, raw: unknown): ParsedArgsOf<C> {
  const result = (argsSchemas[channel] as z.ZodType).safeParse(raw ?? {});
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first && first.path.length > 0 ? ` (${first.path.join('.')})` : '';
    throw new UsageError(`Invalid payload for ${channel}${where}: ${first?.message ?? 'invalid'}`, { code: 'IPC_PAYLOAD_INVALID', details: { channel, ...(where ? { at: 'field', field: first?.path.join('.') } : {}), reason: first?.message ?? 'invalid' } });
  }
  return result.data as ParsedArgsOf<C>;
}
