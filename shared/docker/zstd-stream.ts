import { Decompress } from 'fzstd';
import { AppError } from '../errors';

/** Input is fed in small slices so one chunk of a highly compressed frame cannot inflate without bound. */
const SLICE = 4096;

/** Decompresses a zstd stream (as a pipeline step), with the consumer's backpressure. */
export async function* zstdDecompress(source: AsyncIterable<Buffer>, label: string): AsyncGenerator<Buffer> {
  const out: Buffer[] = [];
  // fzstd may hand out views of its window buffer: copy before it is reused.
  const z = new Decompress((data) => void out.push(Buffer.from(data)));
  const feed = (bytes: Uint8Array, final: boolean) => {
    try {
      z.push(bytes, final);
    } catch (e) {
      throw new AppError('DOCKER_SAVE_INVALID', `${label} is not a valid zstd stream: ${(e as Error).message}`, { details: { kind: 'bad-zstd', path: label, reason: (e as Error).message } });
    }
  };
  for await (const chunk of source) {
    for (let i = 0; i < chunk.length; i += SLICE) {
      feed(chunk.subarray(i, i + SLICE), false);
      yield* out.splice(0);
    }
  }
  feed(new Uint8Array(0), true);
  yield* out.splice(0);
}
