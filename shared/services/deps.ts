import { tmpdir } from 'node:os';
import type { Connection } from '../ipc/payloads';
import type { HandlerContext } from '../ipc/dispatch';
import type { ProgressSink } from '../progress';
import { LoginStore } from '../credentials/login-store';
import { plainCodec, type SecretCodec } from '../credentials/secret-codec';
import type { ConnectionFlags, RegistryEnvironment } from '../registry/connect';
import type { FetchLike } from '../registry/http-client';
import { configDir } from '../settings/config-dir';
import { appVersion as defaultVersion } from '../version';

/** Native dialogs a host may offer (Electron); the `ui` bridge has none. */
export interface HostDialogs {
  openPath(kind: 'bundle' | 'wasm' | 'folder' | 'ca-file' | 'inventory'): Promise<string | undefined>;
  savePath(kind: 'bundle', defaultName?: string): Promise<string | undefined>;
  showInFolder(path: string): Promise<void>;
}

/**
 * Everything the engine needs from its host, injected so the same handler map runs in Electron
 * main (net.fetch, safeStorage, dialogs), the CLI's `ui` bridge and the tests.
 */
export interface ServiceDeps {
  readonly appVersion?: string | undefined;
  readonly env: NodeJS.ProcessEnv;
  /** Default fetch for registries without custom TLS (Electron: net.fetch). */
  readonly fetch?: FetchLike | undefined;
  /** How saved passwords are protected (Electron: safeStorage). */
  readonly secretCodec?: SecretCodec | undefined;
  readonly dialogs?: HostDialogs | undefined;
}

/** Resolved once per handler map. */
export interface ServiceContext {
  readonly appVersion: string;
  readonly env: NodeJS.ProcessEnv;
  readonly settingsDir: string;
  readonly defaultTempDir: string;
  readonly codec: SecretCodec;
  readonly dialogs?: HostDialogs | undefined;
  registry(onRetry?: RegistryEnvironment['onRetry']): RegistryEnvironment;
}

export function serviceContext(deps: ServiceDeps): ServiceContext {
  const settingsDir = configDir(deps.env);
  const codec = deps.secretCodec ?? plainCodec;
  return {
    appVersion: deps.appVersion ?? defaultVersion,
    env: deps.env,
    settingsDir,
    defaultTempDir: tmpdir(),
    codec,
    dialogs: deps.dialogs,
    registry: (onRetry) => ({
      settingsDir,
      env: deps.env,
      loginStore: new LoginStore(settingsDir, codec),
      ...(deps.fetch ? { defaultFetch: deps.fetch } : {}),
      userAgent: `higress-airgap/${deps.appVersion ?? defaultVersion}`,
      ...(onRetry ? { onRetry } : {}),
    }),
  };
}

/** The form's connection options as engine flags (credentials only when both are given). */
export function connectionFlags(c: Connection | undefined): ConnectionFlags {
  if (!c) return {};
  return {
    ...(c.plainHttp ? { plainHttp: true } : {}),
    ...(c.insecure ? { insecure: true } : {}),
    ...(c.caFile ? { caFile: c.caFile } : {}),
    ...(c.username && c.password ? { credentials: { kind: 'basic' as const, username: c.username, password: c.password } } : {}),
  };
}

/** Progress of a task, tagged with its id for the caller that started it. */
export function taskProgress(ctx: HandlerContext, taskId: string): ProgressSink {
  return (event) => ctx.emit('task:progress', { ...event, taskId });
}
