import { join } from 'node:path';
import { z } from 'zod';
import type { AppSettings, RecentBundle } from '../ipc/contract';
import { listRegistrySettings } from '../settings/registry-settings';
import { readJsonFile, writeJsonFile } from '../settings/json-file';
import type { Engine } from './engine';

/** The app's own settings (temp folder, recent bundles) beside the shared registry settings. */
const schema = z
  .object({
    version: z.literal(1),
    tempDir: z.string().max(4096).optional(),
    recentBundles: z
      .array(z.object({ path: z.string().max(4096), name: z.string().max(255), action: z.enum(['built', 'opened']), at: z.string().max(64), release: z.string().max(32).optional() }).strict())
      .max(20),
  })
  .strict();

type Stored = z.infer<typeof schema>;
const MAX_RECENT = 10;

function file(engine: Engine): string {
  return join(engine.settingsDir, 'app.json');
}

async function load(engine: Engine): Promise<Stored> {
  return readJsonFile(file(engine), schema, { version: 1, recentBundles: [] });
}

export async function tempDirOf(engine: Engine): Promise<string> {
  return (await load(engine)).tempDir ?? engine.defaultTempDir;
}

export async function appSettings(engine: Engine): Promise<AppSettings> {
  const stored = await load(engine);
  return {
    settingsDir: engine.settingsDir,
    tempDir: stored.tempDir ?? engine.defaultTempDir,
    tempDirIsDefault: stored.tempDir === undefined,
    registries: await listRegistrySettings(engine.settingsDir),
    logins: await engine.loginStore.hosts(),
    secretProtection: engine.codec.kind,
    recentBundles: stored.recentBundles,
  };
}

export async function setTempDir(engine: Engine, tempDir: string | null): Promise<AppSettings> {
  const stored = await load(engine);
  const { tempDir: _old, ...rest } = stored;
  await writeJsonFile(file(engine), tempDir ? { ...rest, tempDir } : rest);
  return appSettings(engine);
}

export async function rememberBundle(engine: Engine, entry: RecentBundle): Promise<void> {
  const stored = await load(engine);
  const recent = [entry, ...stored.recentBundles.filter((r) => r.path !== entry.path)].slice(0, MAX_RECENT);
  await writeJsonFile(file(engine), { ...stored, recentBundles: recent });
}
