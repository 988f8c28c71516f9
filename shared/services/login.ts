import { UsageError } from '../errors';
import { normaliseRegistry, refuseRegistryHost } from '../oci/reference';
import type { ConnectionFlags } from '../registry/connect';
import { loginConnectionSettings, setRegistrySettings, type RegistryHostSettings } from '../settings/registry-settings';
import type { Engine } from './engine';

/**
 * A login, for `higress-airgap login` and the app's Settings alike: the credentials are checked
 * against the registry first and saved only once it accepted them; plain HTTP, unverified TLS or a
 * CA file given with them are kept with the login (worked out, and refused, before anything is sent).
 */
export async function logIn(engine: Engine, host: string, flags: ConnectionFlags, signal?: AbortSignal): Promise<{ host: string; username: string; settings: RegistryHostSettings | undefined }> {
  refuseRegistryHost(host);
  const creds = flags.credentials;
  if (creds?.kind !== 'basic') throw new UsageError('login needs a username and password', { code: 'LOGIN_CREDENTIALS_MISSING' });
  const settings = await loginConnectionSettings(engine.settingsDir, host, flags);
  const client = await engine.connect(host, flags);
  await client.checkLogin(signal);
  if (settings) await setRegistrySettings(engine.settingsDir, settings);
  await engine.loginStore.save(host, creds.username, creds.password);
  return { host: normaliseRegistry(host), username: creds.username, settings };
}
