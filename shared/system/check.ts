import type Docker from 'dockerode';
import type { DockerStatus, SystemCheckResult } from '../ipc/contract';
import { engineVersion, type DockerEndpoint } from '../docker/engine';
import { folderStatus } from './folder-status';
import { messageOf } from '../errors';

export interface SystemCheckDeps {
  readonly appVersion: string;
  /** Connects lazily so a bad DOCKER_HOST is reported, not thrown. */
  readonly docker: () => Promise<{ docker: Docker; endpoint: DockerEndpoint }>;
}

/** The `system:check` answer: app version, Docker engine reachability, and a folder's free space. */
export async function systemCheck(deps: SystemCheckDeps, folder?: string): Promise<SystemCheckResult> {
  const [docker, folderResult] = await Promise.all([dockerStatus(deps), folder ? folderStatus(folder) : undefined]);
  return {
    appVersion: deps.appVersion,
    platform: `${process.platform}/${process.arch}`,
    node: process.versions.node,
    docker,
    ...(folderResult ? { folder: folderResult } : {}),
  };
}

async function dockerStatus(deps: SystemCheckDeps): Promise<DockerStatus> {
  let endpoint: DockerEndpoint | undefined;
  try {
    const conn = await deps.docker();
    endpoint = conn.endpoint;
    const v = await engineVersion(conn.docker, conn.endpoint);
    return { reachable: true, endpoint: conn.endpoint.display, version: v.version, apiVersion: v.apiVersion };
  } catch (e) {
    return { reachable: false, endpoint: endpoint?.display ?? process.env.DOCKER_HOST ?? '(default)', error: messageOf(e) };
  }
}
