import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostApi } from '../../shared/ipc/host-api';

// The preload runs in Electron's sandbox; here `electron` is mocked and we capture what it exposes.
const exposed: Record<string, unknown> = {};
const invoke = vi.fn(async (channel: string, args: unknown) => ({ ok: true, value: { channel, args } }));
const on = vi.fn();
const removeListener = vi.fn();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => void (exposed[key] = value) },
  ipcRenderer: { invoke, on, removeListener },
  webUtils: { getPathForFile: () => '/dropped/file.wasm' },
}));

describe('preload', () => {
  beforeEach(async () => {
    vi.resetModules();
    await import('../../electron/preload/index');
  });

  it('exposes only the typed api object', () => {
    expect(Object.keys(exposed)).toEqual(['api']);
    const api = exposed.api as HostApi;
    expect(api.host).toBe('electron');
    expect(Object.keys(api).sort()).toEqual(['host', 'invoke', 'onEvent', 'pathForFile']);
  });

  it('forwards well-formed channels and refuses others without touching ipcRenderer', async () => {
    const api = exposed.api as HostApi;
    await expect(api.invoke('system:check', { folder: '/x' })).resolves.toEqual({ ok: true, value: { channel: 'system:check', args: { folder: '/x' } } });
    invoke.mockClear();
    const refused = await api.invoke('ELECTRON_BROWSER_REQUIRE', {});
    expect(refused.ok).toBe(false);
    expect(invoke).not.toHaveBeenCalled();
  });

  it('subscribes to the event channel and unsubscribes', () => {
    const api = exposed.api as HostApi;
    const seen: unknown[] = [];
    const off = api.onEvent((name, payload) => seen.push([name, payload]));
    const forward = on.mock.calls.at(-1)?.[1] as (e: unknown, n: string, p: unknown) => void;
    forward({}, 'task:progress', { taskId: 'a' });
    expect(seen).toEqual([['task:progress', { taskId: 'a' }]]);
    off();
    expect(removeListener).toHaveBeenCalledWith('airgap:event', forward);
  });
});
