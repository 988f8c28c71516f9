import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { channelNames, type EventMap, type EventName } from '../../shared/ipc/contract';
import type { HandlerMap } from '../../shared/ipc/dispatch';
import { errorEnvelope } from '../../shared/ipc/envelope';
import { EVENT_CHANNEL } from '../../shared/ipc/host-api';
import { IpcSession } from '../../shared/ipc/session';
import { AppError } from '../../shared/errors';

/** Decides whether an invoke comes from one of our own windows showing our own page. */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/**
 * Binds every contract channel to `ipcMain.handle`. Each window gets its own IpcSession (its
 * tasks, its events); untrusted senders get an error envelope and reach no handler.
 */
export function bindIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, handlers: HandlerMap, isTrusted: SenderCheck): () => void {
  const sessions = new Map<number, IpcSession>();

  const sessionFor = (sender: WebContents): IpcSession => {
    let session = sessions.get(sender.id);
    if (!session) {
      const emit = <E extends EventName>(event: E, payload: EventMap[E]) => {
        if (!sender.isDestroyed()) sender.send(EVENT_CHANNEL, event, payload);
      };
      const created = new IpcSession(handlers, emit);
      sessions.set(sender.id, created);
      sender.once('destroyed', () => {
        created.close();
        sessions.delete(sender.id);
      });
      session = created;
    }
    return session;
  };

  for (const channel of channelNames) {
    ipcMain.handle(channel, async (event, args: unknown) => {
      if (!isTrusted(event)) return errorEnvelope(new AppError('FORBIDDEN', 'IPC from an untrusted sender was refused'));
      return sessionFor(event.sender).invoke(channel, args);
    });
  }
  return () => {
    for (const channel of channelNames) ipcMain.removeHandler(channel);
    for (const s of sessions.values()) s.close();
    sessions.clear();
  };
}

/** Trusts only the main frame of our windows, showing the app's own URL. */
export function trustedSenderCheck(windowIds: () => ReadonlySet<number>, isAppUrl: (url: string) => boolean): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    if (!windowIds().has(event.sender.id)) return false;
    return isAppUrl(frame.url);
  };
}

/**
 * Is `url` one of the app's pages? For the packaged app: inside the renderer folder (a prefix
 * ending in `/`, so `…/renderer-evil/` does not match). For the dev server: the same origin
 * (`http://localhost:5173.evil.com` does not match `http://localhost:5173`).
 */
export function appUrlMatcher(base: string): (url: string) => boolean {
  const root = new URL(base);
  if (root.protocol === 'file:') {
    const folder = root.href.endsWith('/') ? root.href : `${root.href}/`;
    return (url) => url.startsWith(folder);
  }
  return (url) => {
    try {
      return new URL(url).origin === root.origin;
    } catch {
      return false;
    }
  };
}
