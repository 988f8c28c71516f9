import { UsageError } from '../errors';
import { baseName, formatReference, isRegistryHost, normaliseRegistry, parseReference, refuseCredentials, type ImageReference } from './reference';

/**
 * Where references go in the private registry. One function used by the push step, the deployment
 * generators and the UI preview, so a pushed image and the YAML that names it cannot disagree.
 */
export type RetagMode = 'keep' | 'flatten';

export interface RetagTarget {
  /** `harbor.example.com`, `10.0.0.5:5000` */
  readonly registry: string;
  /** Project / namespace path under the registry; may be empty. `higress`, `infra/higress`. */
  readonly prefix: string;
  /** keep: prefix + the source repository path; flatten: prefix + the last path segment. */
  readonly mode: RetagMode;
}

const PREFIX_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/** Parses `host[:port][/project[/path]]`, as the operator types it in `--registry`. */
export function parseTarget(input: string, mode: RetagMode = 'keep'): RetagTarget {
  refuseCredentials(input, 'Target registry');
  const raw = input.trim().replace(/\/+$/, '');
  const fail = (why: string, kind: string, part?: string): never => {
    throw new UsageError(`Invalid target registry ${JSON.stringify(input)}: ${why}`, {
      code: 'INVALID_TARGET_REGISTRY',
      details: { value: input, kind, ...(part !== undefined ? { part } : {}) },
      hint: 'Write it as host[:port]/project, e.g. harbor.example.com/higress or 10.0.0.5:5000/higress',
    });
  };
  if (!raw) fail('it is empty', 'empty');
  if (raw.includes('://')) fail('leave out the scheme (http://, https://); use --plain-http for HTTP registries', 'scheme');
  const [host, ...path] = raw.split('/');
  if (!host || !isRegistryHost(host)) fail(`"${host}" is not a registry host`, 'host', host ?? '');
  for (const c of path) if (!PREFIX_COMPONENT.test(c)) fail(`"${c}" is not a valid project or path component (lowercase letters, digits, . _ -)`, 'component', c);
  return { registry: normaliseRegistry(host as string), prefix: path.join('/'), mode };
}

/** Maps a source reference to its place in the target; tag and digest are kept as they are. */
export function retag(source: ImageReference, target: RetagTarget): ImageReference {
  const path = target.mode === 'flatten' ? baseName(source.repository) : source.repository;
  const repository = target.prefix ? `${target.prefix}/${path}` : path;
  return { registry: target.registry, repository, ...(source.tag !== undefined ? { tag: source.tag } : {}), ...(source.digest !== undefined ? { digest: source.digest } : {}) };
}

/** Convenience for strings: `retagString('docker.io/library/nginx:1', 'harbor/x')`. */
export function retagString(source: string, target: RetagTarget): string {
  return formatReference(retag(parseReference(source), target));
}

export function formatTarget(target: RetagTarget): string {
  return target.prefix ? `${target.registry}/${target.prefix}` : target.registry;
}
