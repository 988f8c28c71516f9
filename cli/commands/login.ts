import type { Command } from 'commander';
import { UsageError } from '../../shared/errors';
import { connectRegistry } from '../../shared/registry/connect';
import { describeRegistrySettings, loginConnectionSettings, setRegistrySettings } from '../../shared/settings/registry-settings';
import { normaliseRegistry, isRegistryHost, refuseCredentials } from '../../shared/oci/reference';
import type { CliIo } from '../io';
import { addConnectionOptions, cliRegistryEnvironment, connectionFlags, type ConnectionOptionValues } from '../registry-env';

export function registerLogin(program: Command, io: CliIo): void {
  addConnectionOptions(
    program
      .command('login <host>')
      .description('Check credentials against a registry, then save them (file mode 0600) with any --plain-http, --insecure or --ca-file given'),
  )
    .addHelpText('after', `
The password is read from standard input only, never from the command line.

Examples:
  $ echo "$HARBOR_PASSWORD" | higress-airgap login harbor.example.com --username admin --password-stdin
  $ higress-airgap login 10.0.0.5:5000 --plain-http --username ci --password-stdin < password.txt`)
    .action(async (host: string, opts: ConnectionOptionValues) => {
      refuseCredentials(host, 'Registry host');
      if (!isRegistryHost(host)) throw new UsageError(`"${host}" is not a registry host (host or host:port)`, { code: 'REGISTRY_HOST_INVALID', details: { host } });
      if (!opts.username || !opts.passwordStdin) throw new UsageError('login needs --username and --password-stdin', { code: 'LOGIN_FLAGS_MISSING' });
      const env = cliRegistryEnvironment(io);
      const flags = await connectionFlags(opts, io);
      // --plain-http, --insecure and --ca-file are kept with the login: the next command reaches the
      // registry the way this login was checked. Worked out (and refused) before anything is sent.
      const settings = await loginConnectionSettings(env.settingsDir, host, flags);
      const client = await connectRegistry(env, host, flags);
      await client.checkLogin(io.signal);
      const creds = flags.credentials;
      if (creds?.kind !== 'basic') throw new UsageError('login needs a username and password', { code: 'LOGIN_CREDENTIALS_MISSING' });
      if (settings) await setRegistrySettings(env.settingsDir, settings);
      await env.loginStore?.save(host, creds.username, creds.password);
      io.stdout(
        settings
          ? `Login to ${normaliseRegistry(host)} succeeded; saved the login and how to reach the registry (${describeRegistrySettings(settings)}).\n`
          : `Login to ${normaliseRegistry(host)} succeeded; saved.\n`,
      );
    });

  program
    .command('logout <host>')
    .description('Forget the saved login of a registry')
    .action(async (host: string) => {
      const removed = await cliRegistryEnvironment(io).loginStore?.remove(host);
      io.stdout(removed ? `Removed the login for ${normaliseRegistry(host)}.\n` : `No saved login for ${normaliseRegistry(host)}.\n`);
    });
}
