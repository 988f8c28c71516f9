import type { HandlerMap } from '../ipc/dispatch';
import { connectDocker } from '../docker/engine';
import { systemCheck } from '../system/check';

/**
 * Everything the engine needs from its host, injected so the same handler map runs in Electron
 * main (net.fetch, safeStorage), the CLI's `ui` bridge and the tests (Node fetch, files).
 */
export interface ServiceDeps {
  readonly appVersion: string;
  readonly fetch: typeof globalThis.fetch;
  readonly env: NodeJS.ProcessEnv;
}

/** The Electron-free handler map: one entry per contract channel. */
export function createHandlers(deps: ServiceDeps): HandlerMap {
  return {
    'system:check': (args) => systemCheck({ appVersion: deps.appVersion, docker: () => connectDocker(deps.env) }, args.folder),
  };
}
