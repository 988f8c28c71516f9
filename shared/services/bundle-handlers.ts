import { basename, resolve } from 'node:path';
import pLimit from 'p-limit';
import type { Handler } from '../ipc/dispatch';
import type { BundleEstimate, PluginProbe } from '../ipc/contract';
import { UsageError } from '../errors';
import { encodeError } from '../ipc/envelope';
import { getCatalogPlugin, getRelease } from '../catalog/catalog';
import { OpenBundle } from '../bundle/open-bundle';
import { resolvePlan } from '../bundle/resolve';
import { verifyBundle } from '../bundle/verify';
import { parseSplitSize } from '../model/volume-names';
import { inspectPlugin } from '../plugins/inspect-plugin';
import { formatReference, normaliseRegistry } from '../oci/reference';
import { listedSize } from '../oci/successors';
import { byPin, pinNotOnSource } from '../bundle/pin-policy';
import { isNotFound } from '../registry/errors';
import { RegistryStore } from '../store/registry-store';
import type { BundlePlan } from '../bundle/plan';
import type { PlanPayload } from '../ipc/payloads';
import { rememberBundle, tempDirOf } from './app-settings';
import { buildBundle } from './build-bundle';
import { formConnection, taskProgress } from './deps';
import type { Engine } from './engine';
import { prepareMigration } from '../migrate/prepare';
import { listInventory } from '../migrate/listing';
import { restoreConfig } from '../migrate/crypto';

/** The connected side (probe, estimate, build) and opening/verifying on the offline side. */
export function bundleHandlers(engine: Engine): {
  'catalog:probe': Handler<'catalog:probe'>;
  'bundle:estimate': Handler<'bundle:estimate'>;
  'bundle:build': Handler<'bundle:build'>;
  'bundle:open': Handler<'bundle:open'>;
  'bundle:verify': Handler<'bundle:verify'>;
  'migrate:inventory': Handler<'migrate:inventory'>;
  'migrate:restore': Handler<'migrate:restore'>;
} {
  return {
    'catalog:probe': async (args, hc) => {
      const release = getRelease(args.release);
      const progress = taskProgress(hc, args.taskId);
      const client = await engine.connect(args.source, formConnection(args.connection));
      const limit = pLimit(8);
      let done = 0;
      return Promise.all(
        args.names.map((name) =>
          limit(async (): Promise<PluginProbe> => {
            const entry = getCatalogPlugin(release, name);
            const reference = formatReference({ registry: normaliseRegistry(args.source), repository: entry.repository, tag: entry.tag });
            const store = new RegistryStore(client, entry.repository);
            const inspect = async (ref: string, tagFollowed: boolean, stop?: AbortSignal): Promise<PluginProbe> => {
              // `stop`: the pin answered, so the tag's inspection (a whole module download) is not wanted.
              const p = await inspectPlugin(store, ref, { name, label: reference, signal: stop ? AbortSignal.any([hc.signal, stop]) : hc.signal });
              const size = p.manifest.kind === 'manifest' ? listedSize(p.manifest) : undefined;
              return { name, ok: true, reference, digest: p.digest, pinnedDigest: entry.digest, ...(tagFollowed ? { tagFollowed } : {}), layout: p.layout, size };
            };
            try {
              // The bundle's own pin policy: the release's pinned build first, the tag only when asked.
              const got = await byPin(entry.digest, args.followTags, (via, stop) => inspect(via === 'digest' ? (entry.digest as string) : entry.tag, via === 'followed-tag', stop));
              if (got.via !== 'missing') return got.value;
              // Refused as the bundle would refuse it, with what the tag holds for the operator to judge.
              let tagMissing = false;
              const tagged = await inspect(entry.tag, true).catch((e: unknown) => void (tagMissing = isNotFound(e)));
              const problem = encodeError(pinNotOnSource({ plugin: name, source: args.source, release: release.release, repository: entry.repository, tag: entry.tag, digest: entry.digest as string, tagDigest: tagged?.digest, tagMissing, status: entry.pinStatus }));
              return { ...(tagged ?? { name, reference, pinnedDigest: entry.digest }), ok: false, error: problem.message, problem };
            } catch (e) {
              const problem = encodeError(e);
              return { name, ok: false, reference, pinnedDigest: entry.digest, error: problem.message, problem };
            } finally {
              progress({ phase: 'probe', item: name, itemsDone: ++done, itemsTotal: args.names.length, bytesDone: 0 });
            }
          }),
        ),
      );
    },

    'bundle:estimate': async (args, hc) => {
      // The inventory's modules count too (their configuration is not needed to estimate).
      const migration = args.inventory ? await prepareMigration(args.inventory.paths.map((p) => resolve(p)), { release: getRelease(args.plan.release) }) : undefined;
      const plan: BundlePlan = { ...toPlan(args.plan), ...(migration ? { migration } : {}) };
      const resolved = await resolvePlan(plan, { registry: engine.registry(), flags: formConnection(args.connection) }, hc.signal);
      const images = resolved.images.map((i) => ({
        source: i.source,
        platforms: i.children.map((c) => c.platform).filter((p) => p !== 'unknown/unknown'),
        // As bundle.json will record it (listedSize), so the estimate and the built bundle agree.
        size: i.children.reduce((s, c) => s + listedSize(c.manifest), 0),
      }));
      const plugins = resolved.plugins.map((p) => ({ name: p.name, version: p.version, layout: p.layout.layout, servedVersions: p.servedVersions, size: listedSize(p.manifest) }));
      const estimate: BundleEstimate = {
        ...(resolved.release ? { release: resolved.release.release } : {}),
        platforms: resolved.platforms,
        images,
        plugins,
        // blobs + the Plugin Server tree (≈ the wasm once per served version) + headers
        estimatedBytes: images.reduce((s, i) => s + i.size, 0) + plugins.reduce((s, p) => s + p.size * (1 + p.servedVersions.length), 0) + 1024 * 1024,
      };
      return estimate;
    },

    'bundle:build': async (args, hc) => {
      const volumeSize = args.split === undefined ? undefined : parseSplitSize(args.split);
      if (args.split !== undefined && volumeSize === undefined) throw new UsageError(`Split size "${args.split}": give a size like 700M, 2G or fat32`, { code: 'SPLIT_SIZE_INVALID', details: { split: args.split } });
      const flags = formConnection(args.connection);
      const tempDir = await tempDirOf(engine);
      // WasmPlugins to move: read and planned first (every inventory problem at once), configuration encrypted here.
      const migration = args.inventory
        ? await prepareMigration(args.inventory.paths.map((p) => resolve(p)), { release: getRelease(args.plan.release), withConfig: args.inventory.withConfig, passphrase: args.inventory.withConfig ? passphraseOf(args.inventory.passphrase) : undefined })
        : undefined;
      const plan: BundlePlan = { ...toPlan(args.plan), ...(migration ? { migration } : {}) };
      const result = await buildBundle(engine, plan, { flags, out: resolve(args.out), volumeSize, force: args.force, tempDir, signal: hc.signal, onProgress: taskProgress(hc, args.taskId) });
      await rememberBundle(engine, { path: result.output.files[0]?.path ?? args.out, name: basename(args.out), action: 'built', at: engine.clock().toISOString(), release: result.manifest.higressRelease });
      return result;
    },

    'bundle:open': async (args) => {
      const b = await OpenBundle.open(resolve(args.path));
      try {
        const loc = b.location;
        await rememberBundle(engine, { path: loc.volumes[0]?.path ?? args.path, name: loc.name, action: 'opened', at: engine.clock().toISOString(), release: b.manifest.higressRelease });
        return { path: loc.volumes[0]?.path ?? args.path, kind: loc.kind, name: loc.name, volumes: loc.volumes.map((v) => ({ name: v.name, size: v.size })), totalSize: loc.totalSize, manifest: b.manifest };
      } finally {
        await b.close();
      }
    },

    'bundle:verify': (args, hc) => verifyBundle(resolve(args.path), { signal: hc.signal, onProgress: taskProgress(hc, args.taskId) }),

    'migrate:inventory': (args) => listInventory(args.paths.map((p) => resolve(p)), getRelease(args.release)),

    'migrate:restore': async (args) => {
      const b = await OpenBundle.open(resolve(args.path));
      const enc = b.manifest.inventory?.config;
      await b.close();
      if (!enc) throw new UsageError('This bundle carries no encrypted plugin configuration', { code: 'CONFIG_NOT_IN_BUNDLE', details: {} });
      return { objects: await restoreConfig(enc, args.passphrase) };
    },
  };
}

function passphraseOf(p: string | undefined): string {
  if (p === undefined) throw new UsageError('Taking the plugin configuration along needs a passphrase to encrypt it', { code: 'PASSPHRASE_NEEDED', hint: 'Type a passphrase in the passphrase field.' });
  return p;
}

function toPlan(p: PlanPayload): BundlePlan {
  return { ...p, wasmFiles: p.wasmFiles?.map((w) => ({ ...w, file: resolve(w.file) })) };
}
