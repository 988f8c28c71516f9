import type { Command } from 'commander';
import { UsageError } from '../../shared/errors';
import type { Engine } from '../../shared/services/engine';
import { logIn } from '../../shared/services/login';
import { describeRegistrySettings } from '../../shared/settings/registry-settings';
import { normaliseRegistry, refuseCredentials } from '../../shared/oci/reference';
import type { CliIo } from '../io';
import { addConnectionOptions, connectionFlags, type ConnectionOptionValues } from '../registry-env';

export function registerLogin(program: Command, io: CliIo, engine: Engine): void {
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
      if (!opts.username || !opts.passwordStdin) throw new UsageError('login needs --username and --password-stdin', { code: 'LOGIN_FLAGS_MISSING' });
      // The app's login too: checked against the registry, saved with its connection settings once accepted.
      const done = await logIn(engine, host, await connectionFlags(opts, io), io.signal);
      io.stdout(
        done.settings
          ? `Login to ${done.host} succeeded; saved the login and how to reach the registry (${describeRegistrySettings(done.settings)}).\n`
          : `Login to ${done.host} succeeded; saved.\n`,
      );
    });

  program
    .command('logout <host>')
    .description('Forget the saved login of a registry')
    .action(async (host: string) => {
      const removed = await engine.loginStore.remove(host);
      io.stdout(removed ? `Removed the login for ${normaliseRegistry(host)}.\n` : `No saved login for ${normaliseRegistry(host)}.\n`);
    });
}
