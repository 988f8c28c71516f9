/** A push failure as a coded message (`DOCKER_PUSH_FAILED`, by cause) with the engine's own words kept. */
export interface DockerPushProblem {
  readonly code: 'DOCKER_PUSH_FAILED';
  readonly message: string;
  readonly hint?: string | undefined;
  readonly details: { readonly target: string; readonly registry: string; readonly reason: string; readonly cause: string };
}

/**
 * Explains an engine's push failure in the operator's terms. The engine's own words are kept;
 * the next step is added when we recognise the failure. `details.cause` picks the catalog's text.
 */
export function explainPushFailure(raw: string, target: string, registry: string, withCredentials: boolean): DockerPushProblem {
  const [cause, hint] = pushHint(raw, registry, withCredentials) ?? ['other', undefined];
  return {
    code: 'DOCKER_PUSH_FAILED',
    message: `Push of ${target} failed: ${raw}${hint ? `. ${hint}` : ''}`,
    ...(hint ? { hint } : {}),
    details: { target, registry, reason: raw, cause },
  };
}

function pushHint(raw: string, registry: string, withCredentials: boolean): [string, string] | undefined {
  if (/unauthorized|authentication required|no basic auth credentials|(invalid|incorrect) username or password/i.test(raw)) {
    return withCredentials
      ? ['unauthorized', `The registry ${registry} refused the user name or password: check them and retry`]
      : ['needs-login', `The registry ${registry} needs credentials: give a user name and password and retry`];
  }
  if (/denied|forbidden|insufficient.scope/i.test(raw)) {
    return ['denied', 'The account may not push to this repository: on Harbor, check that the project exists and that the account may push to it'];
  }
  if (/x509|certificate/i.test(raw)) {
    return ['x509', `The Docker engine does not trust the certificate of ${registry}: put its CA in /etc/docker/certs.d/${registry}/ca.crt, or list the registry in insecure-registries in daemon.json`];
  }
  if (/server gave HTTP response to HTTPS client/i.test(raw)) {
    return ['plain-http', `${registry} speaks plain HTTP: list it in insecure-registries in the Docker engine's daemon.json`];
  }
  if (/connection refused|no such host|i\/o timeout|network is unreachable/i.test(raw)) {
    return ['unreachable', `The Docker engine cannot reach ${registry}: check the address, and that the registry is reachable from the engine's host`];
  }
  return undefined;
}
