import type { Handler } from '../ipc/dispatch';
import { refuseCredentials } from '../oci/reference';
import { removeRegistrySettings } from '../settings/registry-settings';
import { formConnection } from './deps';
import type { Engine } from './engine';
import { logIn } from './login';
import { saveRegistry } from './saved-registries';

/** Saved registries and logins (the same files the CLI uses) and the connection test. */
export function registryHandlers(engine: Engine): {
  'registry:save': Handler<'registry:save'>;
  'registry:remove': Handler<'registry:remove'>;
  'registry:login': Handler<'registry:login'>;
  'registry:logout': Handler<'registry:logout'>;
  'registry:test': Handler<'registry:test'>;
} {
  return {
    'registry:save': (args) => saveRegistry(engine, args),
    'registry:remove': async (args) => ({ removed: await removeRegistrySettings(engine.settingsDir, args.host) }),
    // The same login as the CLI's: checked first, saved with its connection settings once accepted.
    'registry:login': async (args, hc) => {
      const flags = formConnection({ ...args.connection, username: args.username, password: args.password });
      const done = await logIn(engine, args.host, flags, hc.signal);
      return { host: done.host, username: done.username };
    },
    'registry:logout': async (args) => ({ removed: await engine.loginStore.remove(args.host) }),
    'registry:test': async (args, hc) => {
      // Userinfo in the host would be sent as URL credentials and echoed back in errors.
      refuseCredentials(args.host, 'Registry host');
      const client = await engine.connect(args.host, formConnection(args.connection));
      const ping = await client.ping(hc.signal);
      if (ping.auth === 'none') return { ...ping, login: 'not needed' as const };
      await client.checkLogin(hc.signal);
      return { ...ping, login: client.hasCredentials ? ('accepted' as const) : ('anonymous' as const) };
    },
  };
}
