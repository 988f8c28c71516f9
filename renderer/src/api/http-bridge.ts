import type { Envelope } from '../../../shared/ipc/envelope';
import type { HostApi } from '../../../shared/ipc/host-api';

/**
 * The browser side of `higress-airgap ui`: the same HostApi as Electron's preload, over
 * same-origin HTTP. The token comes from the URL fragment (never sent to servers or logs) and
 * is then kept in sessionStorage only.
 */
export function tokenFromLocation(): string | undefined {
  const fromHash = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token');
  if (fromHash) {
    sessionStorage.setItem('airgap-token', fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromHash;
  }
  return sessionStorage.getItem('airgap-token') ?? undefined;
}

export function createHttpBridge(token: string): HostApi {
  const listeners = new Set<(event: string, payload: unknown) => void>();
  let sessionId: Promise<string> | undefined;

  // One NDJSON stream per tab; its first line names our session.
  const connect = (): Promise<string> =>
    new Promise((resolve, reject) => {
      let resolved = false;
      void (async () => {
        try {
          const res = await fetch('/api/events', { headers: { 'x-airgap-token': token } });
          if (!res.ok || !res.body) throw new Error(`Event stream refused: HTTP ${res.status}`);
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value;
            let nl: number;
            while ((nl = buffer.indexOf('\n')) >= 0) {
              const line = buffer.slice(0, nl);
              buffer = buffer.slice(nl + 1);
              if (!line) continue;
              const msg = JSON.parse(line) as { type: string; session?: string; event?: string; payload?: unknown };
              if (msg.type === 'hello' && msg.session) {
                resolved = true;
                resolve(msg.session);
              } else if (msg.type === 'event' && msg.event) {
                for (const l of listeners) l(msg.event, msg.payload);
              }
            }
          }
          throw new Error('Event stream closed');
        } catch (e) {
          sessionId = undefined;
          if (!resolved) reject(e instanceof Error ? e : new Error(String(e)));
        }
      })();
    });

  const session = () => (sessionId ??= connect());

  return {
    host: 'browser',
    async invoke(channel, args) {
      try {
        const id = await session();
        const res = await fetch('/api/invoke', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-airgap-token': token, 'x-airgap-session': id },
          body: JSON.stringify({ channel, args }),
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
        return (await res.json()) as Envelope<unknown>;
      } catch (e) {
        return { ok: false, error: { name: 'Error', code: 'BRIDGE', message: e instanceof Error ? e.message : String(e) } };
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      void session().catch(() => undefined);
      return () => void listeners.delete(listener);
    },
  };
}
