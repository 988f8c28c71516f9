// Bundles the CLI into out/cli/main.mjs (or the file given as the first argument).
//
// npm packages stay external (resolved from node_modules at run time); kubernetes-models is
// loaded on first use (shared/deploy/kube-models.node.ts).
import { build } from 'esbuild';

/**
 * The CLI validates Kubernetes objects (kubernetes-models) only in the commands that write them:
 * the validator's kube-models.ts is replaced by kube-models.node.ts, which loads the package on
 * first use instead of at start. The app (renderer, Electron main) keeps the static import.
 */
const lazyKubeModels = {
  name: 'lazy-kube-models',
  setup(b) {
    b.onResolve({ filter: /\/kube-models$/ }, async (args) => {
      if (!args.importer.endsWith('shared/deploy/validate.ts')) return undefined;
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
  packages: 'external',
  plugins: [lazyKubeModels],
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
