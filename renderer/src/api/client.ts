import type { ArgsOf, Channel, EventMap, EventName, ResultOf } from '../../../shared/ipc/contract';
import { unwrap } from '../../../shared/ipc/envelope';
import type { HostApi } from '../../../shared/ipc/host-api';
import { createHttpBridge, tokenFromLocation } from './http-bridge';

declare global {
  interface Window {
    api?: HostApi;
  }
}

/** Picks the host: Electron's preload, else the `ui` bridge when the page was opened with a token. */
function resolveHost(): HostApi | undefined {
  if (window.api) return window.api;
  const token = tokenFromLocation();
  return token ? createHttpBridge(token) : undefined;
}

const host = resolveHost();

export function hasHost(): boolean {
  return host !== undefined;
}

export function hostKind(): HostApi['host'] | undefined {
  return host?.host;
}

/** Typed call: resolves with the result or throws the engine's AppError (code, hint kept). */
export async function call<C extends Channel>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
  if (!host) throw new Error('No host: open the app through Electron or the URL printed by `higress-airgap ui`.');
  return unwrap(await host.invoke(channel, args)) as ResultOf<C>;
}

export function onEvent<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
  if (!host) return () => {};
  return host.onEvent((name, payload) => {
    if (name === event) listener(payload as EventMap[E]);
  });
}

export function pathForFile(file: File): string | undefined {
  return host?.pathForFile?.(file);
}

/** A fresh task id for long work, so it can be followed and cancelled. */
export function newTaskId(): string {
  return crypto.randomUUID().replace(/-/g, '');
}
