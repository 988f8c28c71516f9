import { z } from 'zod';
import type { ProgressEvent } from '../progress';

/**
 * The one IPC contract shared by Electron main, the preload, the `ui` HTTP bridge and the renderer.
 * Channel names are `'<service>:<method>'`; every payload has a zod schema because the renderer is
 * untrusted; results are plain JSON so they cross structured clone and HTTP alike.
 */

/** Task ids come from the renderer: short, opaque, no path characters. */
export const taskIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'task id must be 1-64 letters, digits, _ or -');

const pathSchema = z.string().min(1).max(4096);

export const argsSchemas = {
  'system:check': z.object({ folder: pathSchema.optional() }).strict(),
  'task:cancel': z.object({ taskId: taskIdSchema }).strict(),
} as const;

export interface SystemCheckResult {
  readonly appVersion: string;
  readonly platform: string;
  readonly node: string;
  readonly docker: DockerStatus;
  readonly folder?: FolderStatus | undefined;
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

/** Result type of every invoke channel. Keys must match argsSchemas (checked below). */
export interface Results {
  'system:check': SystemCheckResult;
  'task:cancel': { readonly cancelled: boolean };
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
export const eventNames: readonly EventName[] = ['task:progress'];

// Compile-time check that the two maps list the same channels.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const channelsMatch: Same<Channel, keyof Results> = true;
void channelsMatch;
