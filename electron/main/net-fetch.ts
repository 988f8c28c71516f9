import type { FetchLike } from '../../shared/registry/http-client';

/**
 * Electron's net.fetch (Chromium's network stack: system proxy, PAC, OS certificates) as the
 * engine's default fetch. The engine streams upload bodies as async iterables, which net.fetch
 * does not take: they are wrapped in a ReadableStream.
 */
export function netFetch(fetchImpl: (url: string, init?: RequestInit) => Promise<Response>): FetchLike {
  return (url, init) => {
    const body = init.body as unknown;
    if (body && typeof body === 'object' && Symbol.asyncIterator in body && !(body instanceof ReadableStream)) {
      const iterator = (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { value, done } = await iterator.next();
          if (done) controller.close();
          else controller.enqueue(value);
        },
        async cancel() {
          await iterator.return?.();
        },
      });
      return fetchImpl(url, { ...init, body: stream, duplex: 'half' } as RequestInit);
    }
    return fetchImpl(url, init);
  };
}
