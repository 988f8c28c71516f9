#!/usr/bin/env node
// Installed entry point: the CLI bundle built by `npm run build`.
import('../out/cli/main.mjs').catch((e) => {
  if (e && e.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('higress-airgap is not built: run `npm run build` (or use `npm run cli -- <args>` in a checkout).\n');
    process.exit(1);
  }
  throw e;
});
