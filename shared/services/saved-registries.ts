import { refuseCredentials } from '../oci/reference';
import { connectionProblems, FORM_FIELDS, refuseConnectionProblems, type ConnectionInputNames } from '../model/connection-input';
import { setRegistrySettings, type RegistryHostSettings } from '../settings/registry-settings';
import type { Engine } from './engine';

/**
 * Saves how to reach a registry, for `higress-airgap registry set` and the app's Settings alike:
 * credentials typed into a host are refused (masked), then the TLS options go through the same
 * check as a command's one-off flags, worded for where they were typed.
 */
export function saveRegistry(engine: Engine, settings: RegistryHostSettings, names: ConnectionInputNames = FORM_FIELDS): Promise<RegistryHostSettings> {
  refuseCredentials(settings.host, 'Registry host');
  for (const realm of settings.allowRealmHosts ?? []) refuseCredentials(realm, 'Allowed token realm host');
  refuseConnectionProblems(connectionProblems({ plainHttp: settings.plainHttp, insecure: settings.insecure, caFile: settings.caFile }, names));
  return setRegistrySettings(engine.settingsDir, settings);
}
