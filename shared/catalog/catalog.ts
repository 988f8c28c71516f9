import { z } from 'zod';
import { UsageError } from '../errors';
import { releases21to223 } from './release-2.1-2.2.3';
import { release224 } from './release-2.2.4';
import { PLUGIN_PHASES, type CatalogPlugin, type CatalogRelease } from './types';

/** All catalog releases, newest first. Pure data: the renderer shows it directly. */
export const RELEASES: readonly CatalogRelease[] = [release224, ...releases21to223];
export const DEFAULT_RELEASE = release224.release;

export function releaseNames(): string[] {
  return RELEASES.map((r) => r.release);
}

export function getRelease(release: string = DEFAULT_RELEASE): CatalogRelease {
  const r = RELEASES.find((x) => x.release === release.replace(/^v/, ''));
  if (!r) throw new UsageError(`Unknown Higress release "${release}"`, { hint: `Known releases: ${releaseNames().join(', ')}` });
  return r;
}

export function getCatalogPlugin(release: CatalogRelease, name: string): CatalogPlugin {
  const p = release.plugins.find((x) => x.name === name);
  if (!p) {
    const close = release.plugins.filter((x) => x.name.includes(name) || name.includes(x.name)).map((x) => x.name);
    throw new UsageError(`Plugin "${name}" is not in the Higress ${release.release} catalog`, {
      hint: close.length ? `Did you mean ${close.join(', ')}? (list them with: higress-airgap catalog)` : 'List the plugins with: higress-airgap catalog --release ' + release.release,
    });
  }
  return p;
}

const name = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
const semver = z.string().regex(/^\d+\.\d+\.\d+$/);
const digest = z.string().regex(/^sha256:[a-f0-9]{64}$/);
const repository = z.string().regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)+$/);

/** The catalog's own schema (checked by the tests, and on any catalog loaded from elsewhere). */
export const catalogPluginSchema = z
  .object({
    name,
    repository,
    tag: semver,
    digest: digest.optional(),
    category: z.enum(['ai', 'auth', 'transformation', 'traffic', 'security', 'o11y']),
    phase: z.enum(PLUGIN_PHASES as [string, ...string[]]).optional(),
    priority: z.number().int().min(0).max(10000).optional(),
    servedVersions: z.array(semver).min(1),
  })
  .strict()
  .refine((p) => p.servedVersions.includes(p.tag) || p.servedVersions.includes('1.0.0'), 'served versions must include the tag or the Console version');

export const catalogReleaseSchema = z
  .object({
    release: semver,
    pluginServer: z.object({ repository, tag: z.string().regex(/^[\w][\w.-]{0,127}$/), digest: digest.optional() }).strict(),
    helmHubIncludesHigress: z.boolean(),
    consoleVersion: z.enum(['spec-1.0.0', 'tag']),
    plugins: z.array(catalogPluginSchema).min(1),
    source: z.string().min(1),
  })
  .strict()
  .refine((r) => new Set(r.plugins.map((p) => p.name)).size === r.plugins.length, 'plugin names must be unique');
