import { resolve } from 'node:path';
import type { Handler } from '../ipc/dispatch';
import { UsageError } from '../errors';
import { OpenBundle } from '../bundle/open-bundle';
import { isDeployPath } from '../deploy';
import { writeDeployFolder } from '../deploy-output/write-folder';
import { planDockerImages } from '../offline/docker-path';
import { preflight } from '../offline/preflight';
import { pushBundle } from '../offline/push';
import { loadFromBundle, pushDockerImages, pushFromBundle } from '../offline/push-service';
import { parseTarget } from '../oci/retag';
import { connectRegistry } from '../registry/connect';
import { connectionFlags, taskProgress, type ServiceContext } from './deps';

/** The offline side: connection test, preview, push, Docker load, and writing the YAML folder. */
export function offlineHandlers(ctx: ServiceContext): {
  'push:preflight': Handler<'push:preflight'>;
  'push:preview': Handler<'push:preview'>;
  'push:run': Handler<'push:run'>;
  'docker:load': Handler<'docker:load'>;
  'deploy:write': Handler<'deploy:write'>;
} {
  return {
    'push:preflight': async (args, hc) => {
      const target = parseTarget(args.registry, args.targetMode ?? 'keep');
      const client = await connectRegistry(ctx.registry(), target.registry, connectionFlags(args.connection));
      return preflight(client, target, { createProject: args.createProject, signal: hc.signal });
    },

    // What would be pushed where, and what the target already has; writes nothing.
    'push:preview': async (args, hc) => {
      const target = parseTarget(args.registry, args.targetMode ?? 'keep');
      const bundle = await OpenBundle.open(resolve(args.path));
      try {
        const client = await connectRegistry(ctx.registry(), target.registry, connectionFlags(args.connection));
        const policy = args.policy ?? 'skip';
        if ((args.via ?? 'registry') === 'registry') return await pushBundle(bundle, client, target, { policy, dryRun: true, signal: hc.signal });
        // Through Docker: images as the engine will push them (one platform, a new digest), plugins by the registry API.
        const plugins = await pushBundle(bundle, client, target, { policy, dryRun: true, signal: hc.signal, only: 'plugin' });
        const images = await pushDockerImages(bundle, client, await planDockerImages(bundle, target), { policy, dryRun: true, signal: hc.signal, env: ctx.env });
        return { ...plugins, ok: plugins.ok && images.every((i) => i.status !== 'conflict'), items: [...images, ...plugins.items] };
      } finally {
        await bundle.close();
      }
    },

    'push:run': (args, hc) => {
      const progress = taskProgress(hc, args.taskId);
      return pushFromBundle(
        { bundle: resolve(args.path), registry: args.registry, targetMode: args.targetMode, via: args.via, policy: args.policy, pluginServerImage: args.pluginServerImage, createProject: args.createProject },
        // Retries and dropped upload sessions show on the task's progress.
        { registry: ctx.registry((i) => progress({ phase: 'push', bytesDone: 0, retry: i })), flags: connectionFlags(args.connection), env: ctx.env },
        { signal: hc.signal, onProgress: progress },
      );
    },

    'docker:load': async (args, hc) => {
      const loaded = await loadFromBundle(resolve(args.path), { env: ctx.env, signal: hc.signal, onProgress: taskProgress(hc, args.taskId) });
      return loaded.report;
    },

    // Only the file names the generators produce: the renderer cannot write anywhere else.
    'deploy:write': async (args) => {
      const copies = args.copies ?? [];
      for (const f of [...args.files, ...copies]) if (!isDeployPath(f.path)) throw new UsageError(`Not a deployment file: ${f.path}`, { code: 'NOT_A_DEPLOY_FILE', details: { path: f.path } });
      if (copies.length && !args.bundle) throw new UsageError('Files to copy out of a bundle need the bundle', { code: 'COPY_NEEDS_BUNDLE' });
      const dir = resolve(args.dir);
      // Copies come only from the bundle's plugin tree and charts (the targets' sources), read through its index.
      const copied: Array<{ path: string; content: Buffer }> = [];
      if (copies.length) {
        const bundle = await OpenBundle.open(resolve(args.bundle as string));
        try {
          for (const c of copies) {
            if (!/^(plugins\/[^/]+\/[^/]+\/plugin\.wasm|charts\/[^/]+\.tgz)$/.test(c.from)) throw new UsageError(`Not a file to copy: ${c.from}`, { code: 'NOT_A_FILE_TO_COPY', details: { path: c.from } });
            copied.push({ path: c.path, content: await bundle.readSmall(c.from, 256 * 1024 * 1024) });
          }
        } finally {
          await bundle.close();
        }
      }
      // The app confirms replacements path by path (a dialog naming them); it never sends a blanket yes.
      return writeDeployFolder(dir, [...args.files, ...copied], args.confirmReplace ?? []);
    },
  };
}
