import { StringDecoder } from 'node:string_decoder';
import { z } from 'zod';
import { AppError } from '../errors';

/** One line of the engine's JSON progress stream (load, push); fields of a wrong type are dropped. */
const messageSchema = z.object({
  status: z.string().optional().catch(undefined),
  stream: z.string().optional().catch(undefined),
  id: z.string().optional().catch(undefined),
  progressDetail: z
    .object({ current: z.number().optional().catch(undefined), total: z.number().optional().catch(undefined) })
    .optional()
    .catch(undefined),
  aux: z.record(z.string(), z.unknown()).optional().catch(undefined),
  error: z.string().optional().catch(undefined),
  errorDetail: z.object({ message: z.string().optional().catch(undefined) }).optional().catch(undefined),
});

export type EngineMessage = z.infer<typeof messageSchema>;

/** A line longer than this is not progress JSON: refuse rather than buffer it. */
const MAX_LINE = 1024 * 1024;

/** Parses the engine's newline-delimited JSON as it streams (lines may split across chunks). */
export async function* engineMessages(stream: AsyncIterable<Buffer | string>): AsyncGenerator<EngineMessage> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of stream) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl).trim();
      pending = pending.slice(nl + 1);
      if (line) yield parseLine(line);
    }
    if (pending.length > MAX_LINE) throw new AppError('DOCKER_ERROR', 'The Docker engine sent a progress line longer than 1 MiB', { details: { kind: 'line-too-long' } });
  }
  pending += decoder.end();
  if (pending.trim()) yield parseLine(pending.trim());
}

function parseLine(line: string): EngineMessage {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new AppError('DOCKER_ERROR', `The Docker engine sent an unreadable progress line: ${line.slice(0, 200)}`, { details: { kind: 'line-unreadable', line: line.slice(0, 200) } });
  }
  const parsed = messageSchema.safeParse(value);
  if (!parsed.success) throw new AppError('DOCKER_ERROR', `The Docker engine sent an unexpected progress line: ${line.slice(0, 200)}`, { details: { kind: 'line-unexpected', line: line.slice(0, 200) } });
  return parsed.data;
}

/** The failure a message reports, if it reports one. */
export function messageError(m: EngineMessage): string | undefined {
  return m.errorDetail?.message || m.error || undefined;
}
