import type { HandlerMap } from '../ipc/dispatch';
import { AppError } from '../errors';
import { systemCheck } from '../system/check';
import { appSettings, setTempDir } from './app-settings';
import { bundleHandlers } from './bundle-handlers';
import type { Engine } from './engine';
import { offlineHandlers } from './offline-handlers';
import { registryHandlers } from './registry-handlers';

/**
 * The Electron-free handler map: one entry per contract channel (task:cancel is the session's).
 * It runs on the engine its host built (`createEngine`: Electron main, the CLI's `ui`, the tests).
 */
export function createHandlers(engine: Engine): HandlerMap {
  const noDialogs = () => new AppError('UNSUPPORTED', 'Native dialogs are only available in the desktop app', { hint: 'Type the path instead.', details: { kind: 'dialogs' } });
  const dialogs = engine.dialogs;
  return {
    'system:check': async (args) => ({
      ...(await systemCheck({ appVersion: engine.appVersion, docker: engine.docker }, args.folder)),
      host: { dialogs: dialogs !== undefined, secretProtection: engine.codec.kind },
    }),
    'settings:get': () => appSettings(engine),
    'settings:set-temp-dir': (args) => setTempDir(engine, args.tempDir),
    ...registryHandlers(engine),
    ...bundleHandlers(engine),
    ...offlineHandlers(engine),
    'dialog:open': async (args) => {
      if (!dialogs) throw noDialogs();
      return { path: await dialogs.openPath(args.kind) };
    },
    'dialog:save': async (args) => {
      if (!dialogs) throw noDialogs();
      return { path: await dialogs.savePath(args.kind, args.defaultName) };
    },
    'shell:show': async (args) => {
      if (!dialogs) throw noDialogs();
      await dialogs.showInFolder(args.path);
      return { shown: true };
    },
  };
}
