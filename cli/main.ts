#!/usr/bin/env node
import { processIo, type CliIo } from './io';
import { OutputClosedError, runCli } from './program';

// A signal cancels the running operation cleanly (temp files removed): Ctrl-C, `kill` (SIGTERM),
// a closed terminal or SSH session (SIGHUP). A second one exits at once, with 128 + its number.
const interrupted = new AbortController();
// The servers are meant to outlive a terminal (`nohup higress-airgap serve … &`): a listener would
// override nohup's ignored SIGHUP, so they keep the default handling of it.
const command = process.argv.slice(2).find((a) => !a.startsWith('-'));
const keepsSighup = command === 'serve' || command === 'ui';
const SIGNALS = keepsSighup ? ({ SIGINT: 2, SIGTERM: 15 } as const) : ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const);
for (const [name, number] of Object.entries(SIGNALS)) {
  process.on(name, () => {
    if (interrupted.signal.aborted) process.exit(128 + number);
    // A push lets the upload request in flight finish (seconds) so the next run resumes there.
    if (name !== 'SIGHUP') process.stderr.write('\nStopping: finishing the request in flight and cleaning up (send it again to stop at once)…\n', () => undefined);
    interrupted.abort();
  });
}

// `higress-airgap … | head`: once the reader is gone, stop writing and stop the work, then end
// quietly with 0 (what coreutils report for a closed output). A closed stderr is ignored (there is
// nowhere left to report to).
let stdoutOpen = true;
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
  stdoutOpen = false;
  if (!interrupted.signal.aborted) interrupted.abort(new OutputClosedError());
});
process.stderr.on('error', () => undefined);

const base = processIo(interrupted.signal);
const io: CliIo = {
  ...base,
  stdout: (text) => {
    if (stdoutOpen) base.stdout(text);
  },
};
process.exitCode = await runCli(process.argv.slice(2), io);
