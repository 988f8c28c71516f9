import { z } from 'zod';
import { AppError } from '../errors';
import { volumeName } from '../model/volume-names';

/** `<bundle>.volumes.json`: the order, sizes and hashes of split volumes, and of the whole stream. */
export const volumeListSchema = z
  .object({
    format: z.literal('higress-airgap-volumes'),
    formatVersion: z.literal(1),
    bundle: z.string().min(1).max(255),
    size: z.number().int().nonnegative(),
    md5: z.string().regex(/^[a-f0-9]{32}$/),
    sha256: z.string().regex(/^[a-f0-9]{64}$/),
    volumeSize: z.number().int().positive(),
    volumes: z
      .array(
        z
          .object({
            name: z.string().regex(/^[^/\\]+\.\d{3}$/),
            size: z.number().int().nonnegative(),
            md5: z.string().regex(/^[a-f0-9]{32}$/),
            sha256: z.string().regex(/^[a-f0-9]{64}$/),
          })
          .strict(),
      )
      .min(1)
      .max(1000),
  })
  .strict();

export type VolumeList = z.infer<typeof volumeListSchema>;

/** A volume list is a few hundred bytes per volume; anything near this is not one. */
export const MAX_VOLUME_LIST = 1024 * 1024;

/**
 * Parses a volume list (untrusted) and checks that it describes one set: volumes named
 * `<bundle>.000`, `.001`, … in order, every one but the last exactly `volumeSize` bytes, the last
 * not empty and not larger, and the sizes adding up to the whole. `file` is the list's own name
 * (`<bundle>.volumes.json`), which must name the same bundle.
 */
export function parseVolumeList(text: string, file: string): VolumeList {
  const bad = (reason: string, details: Record<string, unknown> = {}) =>
    new AppError('BAD_VOLUME_LIST', `${file} is damaged: ${reason}`, { hint: 'Copy the volume list again from the source (it is written last, beside the volumes).', details: { file, reason, ...details } });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('BAD_VOLUME_LIST', `${file} is not valid JSON`, { hint: 'Copy the volume list again from the source.', details: { file, reason: 'not valid JSON' } });
  }
  const parsed = volumeListSchema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    const at = i?.path.map(String).join('.') || '(root)';
    throw bad(`${at}: ${i?.message}`, { at });
  }
  const list = parsed.data;
  if (file.endsWith('.volumes.json') && file.slice(0, -'.volumes.json'.length) !== list.bundle) {
    throw new AppError('VOLUME_LIST_RENAMED', `${file} describes the volumes of ${list.bundle}, not of ${file.slice(0, -'.volumes.json'.length)}`, {
      hint: `Give the volumes and the list their original names (${list.bundle}.000, …, ${list.bundle}.volumes.json).`,
      details: { file, bundle: list.bundle },
    });
  }
  let total = 0;
  for (const [i, v] of list.volumes.entries()) {
    const expected = volumeName(list.bundle, i);
    if (v.name !== expected) throw bad(`volume ${i + 1} is named ${v.name}, expected ${expected}`, { volume: v.name, expected });
    const last = i === list.volumes.length - 1;
    if (!last && v.size !== list.volumeSize) throw bad(`${v.name} is listed with ${v.size} bytes; every volume but the last has ${list.volumeSize}`, { volume: v.name, size: v.size, expected: list.volumeSize });
    if (last && (v.size === 0 || v.size > list.volumeSize)) throw bad(`the last volume ${v.name} is listed with ${v.size} bytes (1 to ${list.volumeSize} expected)`, { volume: v.name, size: v.size });
    total += v.size;
  }
  if (total !== list.size) throw bad(`the volumes add up to ${total} bytes, but the list says ${list.size}`, { size: list.size, total });
  return list;
}
