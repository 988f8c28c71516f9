import { resolve } from 'node:path';
import type { Handler } from '../ipc/dispatch';
import { OpenBundle } from '../bundle/open-bundle';
import { planDockerImages } from '../offline/docker-path';
import { preflight } from '../offline/preflight';
import { pushBundle } from '../offline/push';
import { loadFromBundle, pushDockerImages } from '../offline/push-service';
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
        const policy = args.policy ?? 'skip';
        if ((args.via ?? 'registry') === 'registry') return await pushBundle(bundle, client, target, { policy, dryRun: true, signal: hc.signal });
        // Through Docker: images as the engine will push them (one platform, a new digest), plugins by the registry API.
        const plugins = await pushBundle(bundle, client, target, { policy, dryRun: true, signal: hc.signal, only: 'plugin' });
        const images = await pushDockerImages(bundle, client, await planDockerImages(bundle, target), { policy, dryRun: true, signal: hc.signal, env: engine.env });
        return { ...plugins, ok: plugins.ok && images.every((i) => i.status !== 'conflict'), items: [...images, ...plugins.items] };
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
      const loaded = await loadFromBundle(resolve(args.path), { env: engine.env, signal: hc.signal, onProgress: taskProgress(hc, args.taskId) });
      return loaded.report;
    },

    // Only the file names the generators produce: the renderer cannot write anywhere else. The app
    // confirms replacements path by path (a dialog naming them); it never sends a blanket yes.
    'deploy:write': (args) => writeDeployment({ dir: args.dir, files: args.files, copies: args.copies, bundle: args.bundle, consent: args.confirmReplace ?? [] }),
  };
}
