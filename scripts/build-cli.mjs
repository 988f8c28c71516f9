// Bundles the CLI into out/cli/main.mjs (or the file given as the first argument).
//
// Start-up is part of every command's time (`verify` is compared with md5sum), so:
// - the small pure-JS packages every command loads are bundled in: Node then reads and compiles
//   one file instead of resolving, reading and (for CommonJS) lexing a hundred-odd;
// - every other npm package stays external (resolved from node_modules at run time): those with
//   native parts (dockerode: ssh2, cpu-features), and the big ones loaded on first use (undici,
//   kubernetes-models through shared/deploy/kube-models.node.ts).
import { build } from 'esbuild';

/** Packages bundled into the CLI; their own dependencies come with them. */
const BUNDLED = new Set(['commander', 'zod', 'yaml', 'tar-stream', 'p-limit', 'fzstd']);

const packageOf = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/** Bare imports from our own code stay external unless their package is in BUNDLED. */
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || /[\\/]node_modules[\\/]/.test(args.importer)) return undefined;
      return BUNDLED.has(packageOf(args.path)) ? undefined : { path: args.path, external: true };
    });
  },
};

/**
 * The CLI validates Kubernetes objects (kubernetes-models) only in the commands that write them:
 * the validator's kube-models.ts is replaced by kube-models.node.ts, which loads the package on
 * first use instead of at start. The app (renderer, Electron main) keeps the static import.
 */
const lazyKubeModels = {
  name: 'lazy-kube-models',
  setup(b) {
    b.onResolve({ filter: /\/kube-models$/ }, async (args) => {
      if (!/shared[\\/]deploy[\\/]validate\.ts$/.test(args.importer)) return undefined;
      const r = await b.resolve('./kube-models.node', { resolveDir: args.resolveDir, kind: args.kind });
      return { path: r.path };
    });
  },
};

// Another output file for an A/B build: `node scripts/build-cli.mjs /tmp/ab/cli/main.mjs` (its folder
// needs node_modules in reach, e.g. a symlink), measured with `npx tsx bench/run.ts --cli …`.
const outfile = process.argv[2] ?? 'out/cli/main.mjs';

await build({
  entryPoints: ['cli/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  plugins: [externalPackages, lazyKubeModels],
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
