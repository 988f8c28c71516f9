import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { AppError } from '../errors';

/** Reads a JSON settings file; a missing file is `fallback`, a damaged one an explained error. */
export async function readJsonFile<T>(file: string, schema: z.ZodType<T>, fallback: T): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return fallback;
    throw new AppError('SETTINGS_UNREADABLE', `Cannot read ${file}: ${(e as Error).message}`, { details: { file, reason: (e as Error).message } });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('SETTINGS_DAMAGED', `${file} is not valid JSON`, { hint: 'Fix or delete the file; it will be recreated.', details: { kind: 'json', file } });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new AppError('SETTINGS_DAMAGED', `${file} has unexpected content: ${parsed.error.issues[0]?.message ?? ''}`, { hint: 'Fix or delete the file; it will be recreated.', details: { kind: 'content', file, reason: parsed.error.issues[0]?.message ?? '' } });
  return parsed.data;
}

/** Writes under a temporary name and renames, so a crash never leaves half a file; `mode` before rename. */
export async function writeJsonFile(file: string, value: unknown, mode = 0o644): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode });
    await chmod(tmp, mode);
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
