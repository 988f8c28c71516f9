import type { z } from 'zod';
import type { BundleManifest, ConfigPart } from '../model/bundle-manifest';
import type { OutputResult } from '../bundle/bundle-output';
import type { VerifyReport } from '../bundle/verify';
import type { FolderWriteResult } from '../deploy-output/write-folder';
import type { DockerLoadReport } from '../offline/docker-path';
import type { PreflightResult } from '../offline/preflight';
import type { PushOutcome } from '../offline/push-service';
import type { PushReport } from '../offline/push';
import type { PingResult } from '../registry/client';
import type { RegistryHostSettings } from '../settings/registry-settings';
import type { ProgressEvent } from '../progress';
import type { InventoryListing } from '../migrate/listing';
import type { IpcErrorShape } from './envelope';
import { payloads } from './payloads';

/**
 * The one IPC contract shared by Electron main, the preload, the `ui` HTTP bridge and the renderer.
 * Channel names are `'<service>:<method>'`; every payload has a zod schema (payloads.ts) because the
 * renderer is untrusted; results are plain JSON so they cross structured clone and HTTP alike.
 * Type-only imports of engine types keep the renderer bundle free of Node code.
 */
export const argsSchemas = payloads;
export { taskIdSchema } from './payloads';

export interface SystemCheckResult {
  readonly appVersion: string;
  readonly platform: string;
  readonly node: string;
  readonly docker: DockerStatus;
  readonly folder?: FolderStatus | undefined;
  /** What this host can do beyond the handler map (native dialogs in Electron). */
  readonly host?: { readonly dialogs: boolean; readonly secretProtection: 'plain' | 'safeStorage' } | undefined;
}

export interface DockerStatus {
  readonly reachable: boolean;
  /** Where we looked: `unix:///var/run/docker.sock`, the value of DOCKER_HOST… */
  readonly endpoint: string;
  readonly version?: string | undefined;
  readonly apiVersion?: string | undefined;
  readonly error?: string | undefined;
}

export interface FolderStatus {
  readonly path: string;
  readonly exists: boolean;
  readonly writable: boolean;
  readonly freeBytes?: number | undefined;
  readonly totalBytes?: number | undefined;
  /** Best-effort file-system name (ext4, vfat, exfat, ntfs…); FAT32 caps files at 4 GiB. */
  readonly fileSystem?: string | undefined;
  readonly error?: string | undefined;
}

export interface RecentBundle {
  readonly path: string;
  readonly name: string;
  readonly action: 'built' | 'opened';
  readonly at: string;
  readonly release?: string | undefined;
}

export interface AppSettings {
  readonly settingsDir: string;
  readonly tempDir: string;
  readonly tempDirIsDefault: boolean;
  readonly registries: readonly RegistryHostSettings[];
  readonly logins: ReadonlyArray<{ readonly host: string; readonly username: string }>;
  readonly secretProtection: 'plain' | 'safeStorage';
  readonly recentBundles: readonly RecentBundle[];
}

export interface PluginProbe {
  readonly name: string;
  readonly ok: boolean;
  readonly reference: string;
  readonly digest?: string | undefined;
  readonly pinnedDigest?: string | undefined;
  /** The source lacks the release's pinned build; `digest` is what its tag holds (bundled only when following tags). */
  readonly tagFollowed?: boolean | undefined;
  readonly layout?: string | undefined;
  /** Bytes of the plugin's blobs (what it adds to a bundle). */
  readonly size?: number | undefined;
  readonly error?: string | undefined;
  /** Why it failed, coded, so the app renders it in its language (`error` is its English text). */
  readonly problem?: IpcErrorShape | undefined;
}

export interface BundleEstimate {
  readonly release?: string | undefined;
  readonly platforms: readonly string[];
  readonly images: ReadonlyArray<{ readonly source: string; readonly platforms: readonly string[]; readonly size: number }>;
  readonly plugins: ReadonlyArray<{ readonly name: string; readonly version: string; readonly layout: string; readonly size: number; readonly servedVersions: readonly string[] }>;
  readonly estimatedBytes: number;
}

export interface BuildResult {
  readonly manifest: BundleManifest;
  readonly output: OutputResult;
  readonly warnings: readonly string[];
}

export interface OpenedBundle {
  readonly path: string;
  readonly kind: 'single' | 'split';
  readonly name: string;
  readonly volumes: ReadonlyArray<{ readonly name: string; readonly size: number }>;
  readonly totalSize: number;
  readonly manifest: BundleManifest;
}

/** Result type of every invoke channel. Keys must match the payloads (checked below). */
export interface Results {
  'system:check': SystemCheckResult;
  'task:cancel': { readonly cancelled: boolean };
  'settings:get': AppSettings;
  'settings:set-temp-dir': AppSettings;
  'registry:save': RegistryHostSettings;
  'registry:remove': { readonly removed: boolean };
  'registry:login': { readonly host: string; readonly username: string };
  'registry:logout': { readonly removed: boolean };
  'registry:test': PingResult & { readonly login: 'accepted' | 'anonymous' | 'not needed' };
  'catalog:probe': readonly PluginProbe[];
  'bundle:estimate': BundleEstimate;
  'bundle:build': BuildResult;
  'bundle:open': OpenedBundle;
  'bundle:verify': VerifyReport;
  'migrate:inventory': InventoryListing;
  /** The migrated WasmPlugins' configuration by `namespace/name`, decrypted with the passphrase. */
  'migrate:restore': { readonly objects: Readonly<Record<string, ConfigPart>> };
  'push:preflight': PreflightResult;
  'push:preview': PushReport;
  'push:run': PushOutcome;
  'docker:load': DockerLoadReport;
  'deploy:write': FolderWriteResult;
  'dialog:open': { readonly path?: string | undefined };
  'dialog:save': { readonly path?: string | undefined };
  'shell:show': { readonly shown: boolean };
}

export type Channel = keyof typeof argsSchemas;
export type ArgsOf<C extends Channel> = z.input<(typeof argsSchemas)[C]>;
export type ParsedArgsOf<C extends Channel> = z.output<(typeof argsSchemas)[C]>;
export type ResultOf<C extends Channel> = Results[C];

export const channelNames = Object.keys(argsSchemas) as readonly Channel[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(argsSchemas, name);
}

/** Main → renderer events. */
export interface TaskProgressEvent extends ProgressEvent {
  readonly taskId: string;
}

export interface EventMap {
  'task:progress': TaskProgressEvent;
}

export type EventName = keyof EventMap;

// Compile-time check that the two maps list the same channels.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const channelsMatch: Same<Channel, keyof Results> = true;
void channelsMatch;
