import type { HandlerMap } from '../ipc/dispatch';
import { AppError } from '../errors';
import { connectDocker } from '../docker/engine';
import { systemCheck } from '../system/check';
import { appSettings, setTempDir } from './app-settings';
import { bundleHandlers } from './bundle-handlers';
import { serviceContext, type ServiceDeps } from './deps';
import { offlineHandlers } from './offline-handlers';
import { registryHandlers } from './registry-handlers';

export type { ServiceDeps } from './deps';

/** The Electron-free handler map: one entry per contract channel (task:cancel is the session's). */
export function createHandlers(deps: ServiceDeps): HandlerMap {
  const ctx = serviceContext(deps);
  const noDialogs = () => new AppError('UNSUPPORTED', 'Native dialogs are only available in the desktop app', { hint: 'Type the path instead.', details: { kind: 'dialogs' } });
  return {
    'system:check': async (args) => ({
      ...(await systemCheck({ appVersion: ctx.appVersion, docker: () => connectDocker(ctx.env) }, args.folder)),
      host: { dialogs: ctx.dialogs !== undefined, secretProtection: ctx.codec.kind },
    }),
    'settings:get': () => appSettings(ctx),
    'settings:set-temp-dir': (args) => setTempDir(ctx, args.tempDir),
    ...registryHandlers(ctx),
    ...bundleHandlers(ctx),
    ...offlineHandlers(ctx),
    'dialog:open': async (args) => {
      if (!ctx.dialogs) throw noDialogs();
      return { path: await ctx.dialogs.openPath(args.kind) };
    },
    'dialog:save': async (args) => {
      if (!ctx.dialogs) throw noDialogs();
      return { path: await ctx.dialogs.savePath(args.kind, args.defaultName) };
    },
    'shell:show': async (args) => {
      if (!ctx.dialogs) throw noDialogs();
      await ctx.dialogs.showInFolder(args.path);
      return { shown: true };
    },
  };
}
