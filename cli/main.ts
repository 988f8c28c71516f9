#!/usr/bin/env node
import { processIo } from './io';
import { runCli } from './program';

// Ctrl-C cancels the running operation cleanly (temp files removed); a second one exits at once.
const interrupted = new AbortController();
process.once('SIGINT', () => {
  interrupted.abort();
  process.once('SIGINT', () => process.exit(130));
});

const code = await runCli(process.argv.slice(2), processIo(interrupted.signal));
process.exitCode = code;
