/**
 * Explains an engine's push failure in the operator's terms. The engine's own words are kept;
 * the next step is added when we recognise the failure.
 */
export function explainPushFailure(raw: string, target: string, registry: string, withCredentials: boolean): string {
  const hint = pushHint(raw, registry, withCredentials);
  return `Push of ${target} failed: ${raw}${hint ? `. ${hint}` : ''}`;
}

function pushHint(raw: string, registry: string, withCredentials: boolean): string | undefined {
  if (/unauthorized|authentication required|no basic auth credentials|(invalid|incorrect) username or password/i.test(raw)) {
    return withCredentials
      ? `The registry ${registry} refused the user name or password: check them and retry`
      : `The registry ${registry} needs credentials: give a user name and password and retry`;
  }
  if (/denied|forbidden|insufficient.scope/i.test(raw)) {
    return 'The account may not push to this repository: on Harbor, check that the project exists and that the account may push to it';
  }
  if (/x509|certificate/i.test(raw)) {
    return `The Docker engine does not trust the certificate of ${registry}: put its CA in /etc/docker/certs.d/${registry}/ca.crt, or list the registry in insecure-registries in daemon.json`;
  }
  if (/server gave HTTP response to HTTPS client/i.test(raw)) {
    return `${registry} speaks plain HTTP: list it in insecure-registries in the Docker engine's daemon.json`;
  }
  if (/connection refused|no such host|i\/o timeout|network is unreachable/i.test(raw)) {
    return `The Docker engine cannot reach ${registry}: check the address, and that the registry is reachable from the engine's host`;
  }
  return undefined;
}
