import type { Command } from 'commander';
import { AppError } from '../../shared/errors';
import { createHandlers } from '../../shared/services/handlers';
import type { Engine } from '../../shared/services/engine';
import type { CliIo } from '../io';
import { findRendererDir, startUiServer } from '../ui-server';
import { parsePort } from '../parsers';

export function registerUi(program: Command, io: CliIo, engine: Engine): void {
  program
    .command('ui')
    .description('Serve the app to a browser on this machine (for hosts without a desktop)')
    .option('--port <n>', 'port on 127.0.0.1 (default: a free one)', parsePort)
    .addHelpText(
      'after',
      `
The server listens on 127.0.0.1 only and prints a URL with a one-time token; only a browser that
opens that URL can use it. Reach it from another machine with an SSH tunnel:
  ssh -L 8080:127.0.0.1:8080 airgap-host   then open the printed URL locally.

Examples:
  $ higress-airgap ui
  $ higress-airgap ui --port 8080`,
    )
    .action(async (opts: { port?: number }) => {
      const rendererDir = findRendererDir();
      if (!rendererDir) {
        throw new AppError('UI_NOT_BUILT', 'The UI is not built', { hint: 'Run `npm run build` in the checkout first.' });
      }
      const server = await startUiServer({
        // The app's handler map on this run's engine, the one the other commands use.
        handlers: createHandlers(engine),
        rendererDir,
        ...(opts.port !== undefined ? { port: opts.port } : {}),
      });
      io.stdout(`Higress Airgap UI: ${server.url}\nOpen this URL in a browser on this machine. Press Ctrl-C to stop.\n`);
      await new Promise<void>((ok) => {
        if (io.signal.aborted) ok();
        else io.signal.addEventListener('abort', () => ok(), { once: true });
      });
      await server.close();
    });
}
