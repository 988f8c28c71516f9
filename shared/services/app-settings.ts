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

function file(ctx: Engine): string {
  return join(ctx.settingsDir, 'app.json');
}

async function load(ctx: Engine): Promise<Stored> {
  return readJsonFile(file(ctx), schema, { version: 1, recentBundles: [] });
}

export async function tempDirOf(ctx: Engine): Promise<string> {
  return (await load(ctx)).tempDir ?? ctx.defaultTempDir;
}

export async function appSettings(ctx: Engine): Promise<AppSettings> {
  const stored = await load(ctx);
  return {
    settingsDir: ctx.settingsDir,
    tempDir: stored.tempDir ?? ctx.defaultTempDir,
    tempDirIsDefault: stored.tempDir === undefined,
    registries: await listRegistrySettings(ctx.settingsDir),
    logins: await ctx.loginStore.hosts(),
    secretProtection: ctx.codec.kind,
    recentBundles: stored.recentBundles,
  };
}

export async function setTempDir(ctx: Engine, tempDir: string | null): Promise<AppSettings> {
  const stored = await load(ctx);
  const { tempDir: _old, ...rest } = stored;
  await writeJsonFile(file(ctx), tempDir ? { ...rest, tempDir } : rest);
  return appSettings(ctx);
}

export async function rememberBundle(ctx: Engine, entry: RecentBundle): Promise<void> {
  const stored = await load(ctx);
  const recent = [entry, ...stored.recentBundles.filter((r) => r.path !== entry.path)].slice(0, MAX_RECENT);
  await writeJsonFile(file(ctx), { ...stored, recentBundles: recent });
}
