import { describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { appUrlMatcher, bindIpc, trustedSenderCheck } from '../../electron/main/ipc-bind';
import type { HandlerMap } from '../../shared/ipc/dispatch';
import { EVENT_CHANNEL } from '../../shared/ipc/host-api';
import { channelNames } from '../../shared/ipc/contract';

// Electron cannot run here; the glue is tested against a mocked `electron` module and fake
// WebContents/frames shaped like Electron's.
vi.mock('electron', () => ({}));

type Listener = (event: IpcMainInvokeEvent, args: unknown) => Promise<unknown>;

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle: vi.fn((channel: string, l: Listener) => void handlers.set(channel, l)),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
  };
}

function fakeSender(id: number) {
  const destroyed: Array<() => void> = [];
  return {
    id,
    sent: [] as unknown[][],
    isDestroyed: () => false,
    send(...args: unknown[]) {
      this.sent.push(args);
    },
    once: (event: string, cb: () => void) => event === 'destroyed' && destroyed.push(cb),
    destroy: () => destroyed.forEach((cb) => cb()),
  };
}

function event(sender: ReturnType<typeof fakeSender>, url: string, parent: unknown = null): IpcMainInvokeEvent {
  return { sender, senderFrame: { url, parent } } as unknown as IpcMainInvokeEvent;
}

const APP = 'file:///opt/higress-airgap/resources/app.asar/out/renderer';

describe('bindIpc (Electron main glue)', () => {
  const calls: unknown[] = [];
  const handlers = {
    'system:check': vi.fn(async (args: unknown, ctx: { emit: (e: string, p: unknown) => void }) => {
      calls.push(args);
      ctx.emit('task:progress', { taskId: 't1', phase: 'check', bytesDone: 1 });
      return { appVersion: '1.0.0' };
    }),
  } as unknown as HandlerMap;

  function setup() {
    const ipcMain = fakeIpcMain();
    const windows = new Set([7]);
    const unbind = bindIpc(ipcMain, handlers, trustedSenderCheck(() => windows, appUrlMatcher(APP)));
    return { ipcMain, unbind };
  }

  it('registers every contract channel with ipcMain.handle', () => {
    const { ipcMain } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...channelNames].sort());
    expect(ipcMain.handlers.has('task:cancel')).toBe(true);
  });

  it('answers trusted senders with an ok envelope and forwards events to that window', async () => {
    const { ipcMain } = setup();
    const sender = fakeSender(7);
    const env = await ipcMain.handlers.get('system:check')!(event(sender, `${APP}/index.html`), { folder: '/data' });
    expect(env).toEqual({ ok: true, value: { appVersion: '1.0.0' } });
    expect(calls.at(-1)).toEqual({ folder: '/data' });
    expect(sender.sent).toEqual([[EVENT_CHANNEL, 'task:progress', { taskId: 't1', phase: 'check', bytesDone: 1 }]]);
  });

  it('refuses untrusted senders before any handler runs', async () => {
    const { ipcMain } = setup();
    const invoke = ipcMain.handlers.get('system:check')!;
    const before = calls.length;
    const cases = [
      event(fakeSender(99), `${APP}/index.html`), // not one of our windows
      event(fakeSender(7), 'https://evil.example/'), // our window, navigated away
      event(fakeSender(7), `${APP}-evil/index.html`), // a look-alike folder beside ours
      event(fakeSender(7), `${APP}/index.html`, { url: APP }), // a sub-frame
      { sender: fakeSender(7), senderFrame: null } as unknown as IpcMainInvokeEvent,
    ];
    for (const e of cases) {
      const env = (await invoke(e, {})) as { ok: boolean; error: { code: string } };
      expect(env.ok).toBe(false);
      expect(env.error.code).toBe('FORBIDDEN');
    }
    expect(calls.length).toBe(before);
  });

  it('validates payloads and keeps the error code in the envelope', async () => {
    const { ipcMain } = setup();
    const env = (await ipcMain.handlers.get('system:check')!(event(fakeSender(7), `${APP}/index.html`), { folder: 5 })) as {
      ok: boolean;
      error: { code: string; message: string };
    };
    expect(env.ok).toBe(false);
    expect(env.error.code).toBe('IPC_PAYLOAD_INVALID');
    expect(env.error.message).toContain('folder');
  });

  it('matches the dev server by origin, not by prefix', () => {
    const dev = appUrlMatcher('http://localhost:5173');
    expect(dev('http://localhost:5173/index.html')).toBe(true);
    expect(dev('http://localhost:5173.evil.com/')).toBe(false);
    expect(dev('not a url')).toBe(false);
  });

  it('unbinding removes every handler', () => {
    const { ipcMain, unbind } = setup();
    unbind();
    expect(ipcMain.handlers.size).toBe(0);
  });
});
