import { z } from 'zod';

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
      .max(10000),
  })
  .strict();

export type VolumeList = z.infer<typeof volumeListSchema>;
