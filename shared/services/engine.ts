import { tmpdir } from 'node:os';
import { LoginStore } from '../credentials/login-store';
import { plainCodec, type SecretCodec } from '../credentials/secret-codec';
import { connectDocker, type DockerConnector } from '../docker/engine';
import type { RegistryClient } from '../registry/client';
import { connectRegistry, type ConnectionFlags, type RegistryEnvironment } from '../registry/connect';
import type { FetchLike } from '../registry/http-client';
import { configDir } from '../settings/config-dir';
import { appVersion as defaultVersion } from '../version';

/** Native dialogs a host may offer (Electron); the CLI and the `ui` bridge have none. */
export interface HostDialogs {
  openPath(kind: 'bundle' | 'wasm' | 'folder' | 'ca-file' | 'inventory'): Promise<string | undefined>;
  savePath(kind: 'bundle', defaultName?: string): Promise<string | undefined>;
  showInFolder(path: string): Promise<void>;
}

/**
 * What a host gives the engine: Electron main (net.fetch, safeStorage, dialogs), the CLI (its
 * environment) and the tests. Everything else the engine works out once, in `createEngine`.
 */
export interface EngineDeps {
  readonly appVersion?: string | undefined;
  readonly env: NodeJS.ProcessEnv;
  /** Default fetch for registries without custom TLS (Electron: net.fetch). */
  readonly fetch?: FetchLike | undefined;
  /** How saved passwords are protected (Electron: safeStorage; else stored as they are, mode 0600). */
  readonly secretCodec?: SecretCodec | undefined;
  readonly dialogs?: HostDialogs | undefined;
}

type RetryReport = RegistryEnvironment['onRetry'];

/**
 * The one engine object both front doors use: the CLI builds it once per run and hands it to every
 * command; the handler map (Electron main, `higress-airgap ui`, the tests) takes the same object.
 */
export interface Engine {
  readonly appVersion: string;
  readonly env: NodeJS.ProcessEnv;
  /** The shared settings folder (`$HIGRESS_AIRGAP_CONFIG` or the platform's): registries, logins, journals. */
  readonly settingsDir: string;
  readonly defaultTempDir: string;
  readonly codec: SecretCodec;
  readonly loginStore: LoginStore;
  readonly dialogs: HostDialogs | undefined;
  /** The time recorded in the app's history (recent bundles). */
  readonly clock: () => Date;
  /** The Docker engine (DOCKER_HOST or the default socket); dockerode is loaded on first use only. */
  docker: DockerConnector;
  /** How registries are reached; `onRetry` reports retries and dropped upload sessions to the caller. */
  registry(onRetry?: RetryReport): RegistryEnvironment;
  /** A client for `host`: its saved settings, these one-off flags, the resolved credentials. */
  connect(host: string, flags?: ConnectionFlags): Promise<RegistryClient>;
}

export function createEngine(deps: EngineDeps): Engine {
  const appVersion = deps.appVersion ?? defaultVersion;
  const userAgent = `higress-airgap/${appVersion}`;
  const settingsDir = configDir(deps.env);
  const codec = deps.secretCodec ?? plainCodec;
  const loginStore = new LoginStore(settingsDir, codec);
  let docker: ReturnType<typeof connectDocker> | undefined;
  const registry = (onRetry?: RetryReport): RegistryEnvironment => ({
    settingsDir,
    env: deps.env,
    loginStore,
    ...(deps.fetch ? { defaultFetch: deps.fetch } : {}),
    userAgent,
    ...(onRetry ? { onRetry } : {}),
  });
  return {
    appVersion,
    env: deps.env,
    settingsDir,
    defaultTempDir: tmpdir(),
    codec,
    loginStore,
    dialogs: deps.dialogs,
    clock: () => new Date(),
    docker: () => {
      // Kept once connected; a refused DOCKER_HOST is said again on the next use, not remembered.
      docker ??= connectDocker(deps.env).catch((e: unknown) => {
        docker = undefined;
        throw e;
      });
      return docker;
    },
    registry,
    connect: (host, flags = {}) => connectRegistry(registry(), host, flags),
  };
}
