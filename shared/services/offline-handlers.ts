import { resolve } from 'node:path';
import type { Handler } from '../ipc/dispatch';
import { OpenBundle } from '../bundle/open-bundle';
import { preflight } from '../offline/preflight';
import { loadFromBundle, pushOpenedBundle } from '../offline/push-service';
import { parseTarget } from '../oci/retag';
import { formConnection, taskProgress } from './deps';
import { writeDeployment } from './deploy-folder';
import type { Engine } from './engine';
import { pushBundleFile } from './push';

/** The offline side: connection test, preview, push, Docker load, and writing the YAML folder. */
export function offlineHandlers(engine: Engine): {
  'push:preflight': Handler<'push:preflight'>;
  'push:preview': Handler<'push:preview'>;
  'push:run': Handler<'push:run'>;
  'docker:load': Handler<'docker:load'>;
  'deploy:write': Handler<'deploy:write'>;
} {
  return {
    'push:preflight': async (args, hc) => {
      const target = parseTarget(args.registry, args.targetMode ?? 'keep');
      const client = await engine.connect(target.registry, formConnection(args.connection));
      return preflight(client, target, { createProject: args.createProject, signal: hc.signal });
    },

    // What would be pushed where, and what the target already has; writes nothing.
    'push:preview': async (args, hc) => {
      const target = parseTarget(args.registry, args.targetMode ?? 'keep');
      const bundle = await OpenBundle.open(resolve(args.path));
      try {
        const client = await engine.connect(target.registry, formConnection(args.connection));
        return await pushOpenedBundle(bundle, client, target, { via: args.via, policy: args.policy, dryRun: true }, engine.docker, { signal: hc.signal });
      } finally {
        await bundle.close();
      }
    },

    'push:run': (args, hc) =>
      pushBundleFile(
        engine,
        { bundle: resolve(args.path), registry: args.registry, targetMode: args.targetMode, via: args.via, policy: args.policy, pluginServerImage: args.pluginServerImage, createProject: args.createProject },
        formConnection(args.connection),
        { signal: hc.signal, onProgress: taskProgress(hc, args.taskId) },
      ),

    'docker:load': async (args, hc) => {
      const loaded = await loadFromBundle(resolve(args.path), { docker: engine.docker, signal: hc.signal, onProgress: taskProgress(hc, args.taskId) });
      return loaded.report;
    },

    // Only the file names the generators produce: the renderer cannot write anywhere else. The app
    // confirms replacements path by path (a dialog naming them); it never sends a blanket yes.
    'deploy:write': (args) => writeDeployment({ dir: args.dir, files: args.files, copies: args.copies, bundle: args.bundle, consent: args.confirmReplace ?? [] }),
  };
}
