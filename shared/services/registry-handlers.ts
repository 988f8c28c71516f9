import type { Handler } from '../ipc/dispatch';
import { UsageError } from '../errors';
import { LoginStore } from '../credentials/login-store';
import { connectRegistry } from '../registry/connect';
import { normaliseRegistry, refuseCredentials } from '../oci/reference';
import { loginConnectionSettings, removeRegistrySettings, setRegistrySettings } from '../settings/registry-settings';
import { connectionFlags, type ServiceContext } from './deps';

/** Saved registries and logins (the same files the CLI uses) and the connection test. */
export function registryHandlers(ctx: ServiceContext): {
  'registry:save': Handler<'registry:save'>;
  'registry:remove': Handler<'registry:remove'>;
  'registry:login': Handler<'registry:login'>;
  'registry:logout': Handler<'registry:logout'>;
  'registry:test': Handler<'registry:test'>;
} {
  return {
    'registry:save': async (args) => {
      refuseCredentials(args.host, 'Registry host');
      for (const realm of args.allowRealmHosts ?? []) refuseCredentials(realm, 'Allowed token realm host');
      return setRegistrySettings(ctx.settingsDir, args);
    },
    'registry:remove': async (args) => ({ removed: await removeRegistrySettings(ctx.settingsDir, args.host) }),
    'registry:login': async (args, hc) => {
      refuseCredentials(args.host, 'Registry host');
      const flags = { ...connectionFlags(args.connection), credentials: { kind: 'basic' as const, username: args.username, password: args.password } };
      // Plain HTTP, unverified TLS or a CA file given with the login are kept with it (as the CLI does).
      const settings = await loginConnectionSettings(ctx.settingsDir, args.host, flags);
      const client = await connectRegistry(ctx.registry(), args.host, flags);
      // Saved only once the registry accepted them.
      await client.checkLogin(hc.signal);
      if (settings) await setRegistrySettings(ctx.settingsDir, settings);
      await new LoginStore(ctx.settingsDir, ctx.codec).save(args.host, args.username, args.password);
      return { host: normaliseRegistry(args.host), username: args.username };
    },
    'registry:logout': async (args) => ({ removed: await new LoginStore(ctx.settingsDir, ctx.codec).remove(args.host) }),
    'registry:test': async (args, hc) => {
      // Userinfo in the host would be sent as URL credentials and echoed back in errors.
      refuseCredentials(args.host, 'Registry host');
      if (args.connection?.username && !args.connection.password) throw new UsageError('Give the password with the username', { code: 'PASSWORD_MISSING' });
      const client = await connectRegistry(ctx.registry(), args.host, connectionFlags(args.connection));
      const ping = await client.ping(hc.signal);
      if (ping.auth === 'none') return { ...ping, login: 'not needed' as const };
      await client.checkLogin(hc.signal);
      return { ...ping, login: client.hasCredentials ? ('accepted' as const) : ('anonymous' as const) };
    },
  };
}
