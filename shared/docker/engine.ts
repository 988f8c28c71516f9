import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { AppError, UsageError } from '../errors';

/** Where the Docker engine is, as the operator would write it, and how dockerode reaches it. */
export interface DockerEndpoint {
  readonly display: string;
  readonly options: Docker.DockerOptions;
}

/**
 * Reads `DOCKER_HOST` (unix://, tcp://, npipe://) like the docker CLI does; without it, the
 * platform's default socket. TLS for tcp:// follows DOCKER_TLS_VERIFY and DOCKER_CERT_PATH.
 */
export function dockerEndpoint(env: NodeJS.ProcessEnv = process.env, platform = process.platform): DockerEndpoint {
  const host = env.DOCKER_HOST?.trim();
  if (!host) {
    return platform === 'win32'
      ? { display: 'npipe:////./pipe/docker_engine', options: { socketPath: '//./pipe/docker_engine' } }
      : { display: 'unix:///var/run/docker.sock', options: { socketPath: '/var/run/docker.sock' } };
  }
  if (host.startsWith('unix://')) {
    return { display: host, options: { socketPath: host.slice('unix://'.length) } };
  }
  if (host.startsWith('npipe://')) {
    return { display: host, options: { socketPath: host.slice('npipe://'.length).replace(/\//g, '\\') } };
  }
  if (host.startsWith('tcp://')) {
    let url: URL;
    try {
      url = new URL(host);
    } catch {
      throw new UsageError(`DOCKER_HOST ${host} is not a valid tcp:// address`, { code: 'DOCKER_HOST_INVALID', details: { host } });
    }
    const tls = env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0';
    const options: Docker.DockerOptions = {
      host: url.hostname,
      port: url.port || (tls ? 2376 : 2375),
      protocol: tls ? 'https' : 'http',
    };
    if (tls) {
      const certPath = env.DOCKER_CERT_PATH || join(env.HOME ?? '', '.docker');
      options.ca = readFileSync(join(certPath, 'ca.pem'));
      options.cert = readFileSync(join(certPath, 'cert.pem'));
      options.key = readFileSync(join(certPath, 'key.pem'));
    }
    return { display: host, options };
  }
  throw new UsageError(`DOCKER_HOST ${host} is not supported`, {
    code: 'DOCKER_HOST_UNSUPPORTED',
    details: { host },
    hint: 'Use unix://, npipe:// or tcp:// (for ssh://, forward the socket with ssh -L first).',
  });
}

/** How the engine is reached when needed: connected on first use, then kept. */
export type DockerConnector = () => ReturnType<typeof connectDocker>;

export async function connectDocker(env: NodeJS.ProcessEnv = process.env): Promise<{ docker: Docker; endpoint: DockerEndpoint }> {
  const endpoint = dockerEndpoint(env);
  // Loaded on first use: dockerode (with ssh2, grpc-js, protobufjs) adds about 0.25 s to the start
  // of every command, and most commands never talk to Docker.
  const { default: DockerClient } = await import('dockerode');
  return { docker: new DockerClient(endpoint.options), endpoint };
}

export interface EngineVersion {
  readonly version: string;
  readonly apiVersion: string;
}

/** Asks the engine for its version, failing after `timeoutMs` with an explanation. */
export async function engineVersion(docker: Docker, endpoint: DockerEndpoint, timeoutMs = 3000): Promise<EngineVersion> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AppError('DOCKER_UNREACHABLE', `The Docker engine at ${endpoint.display} did not answer within ${timeoutMs} ms`, { details: { endpoint: endpoint.display, cause: 'timeout', ms: timeoutMs } })),
      timeoutMs,
    );
  });
  try {
    const v = await Promise.race([docker.version(), timeout]);
    return { version: v.Version, apiVersion: v.ApiVersion };
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw explainDockerError(e, endpoint);
  } finally {
    clearTimeout(timer);
  }
}

export function explainDockerError(e: unknown, endpoint: DockerEndpoint): AppError {
  const code = (e as { code?: string }).code;
  const base = `No Docker engine answers at ${endpoint.display}`;
  const details = (cause: string) => ({ endpoint: endpoint.display, cause });
  if (code === 'ENOENT') return new AppError('DOCKER_UNREACHABLE', `${base}: the socket does not exist`, { hint: 'Start Docker, or set DOCKER_HOST to the engine you want.', details: details('no-socket') });
  if (code === 'EACCES') return new AppError('DOCKER_UNREACHABLE', `${base}: permission denied on the socket`, { hint: 'Add your user to the docker group, or run with the rights to use the socket.', details: details('permission') });
  if (code === 'ECONNREFUSED') return new AppError('DOCKER_UNREACHABLE', `${base}: connection refused`, { hint: 'Start Docker, or set DOCKER_HOST to the engine you want.', details: details('refused') });
  const msg = e instanceof Error ? e.message : String(e);
  return new AppError('DOCKER_ERROR', `${base}: ${msg}`, { details: { kind: 'unreachable', endpoint: endpoint.display, reason: msg }, cause: e });
}
