// CommonJS preload for a sandboxed, context-isolated renderer: it forwards typed invokes and events
// and exposes nothing else of Electron or Node.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { CHANNEL_NAME_PATTERN, EVENT_CHANNEL, type HostApi } from '../../shared/ipc/host-api';
import type { Envelope } from '../../shared/ipc/envelope';

const api: HostApi = {
  host: 'electron',
  invoke: (channel, args) => {
    if (typeof channel !== 'string' || !CHANNEL_NAME_PATTERN.test(channel)) {
      return Promise.resolve<Envelope<unknown>>({
        ok: false,
        error: { name: 'UsageError', code: 'BAD_INPUT', message: 'Invalid channel name' },
      });
    }
    return ipcRenderer.invoke(channel, args) as Promise<Envelope<unknown>>;
  },
  onEvent: (listener) => {
    const forward = (_event: unknown, name: string, payload: unknown) => listener(name, payload);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => void ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  },
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('api', api);
