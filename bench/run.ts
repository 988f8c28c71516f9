/**
 * `npm run bench`: Higress Airgap against its peers, side by side in one run, on loopback
 * registries this script starts. Ratios go to docs/benchmarks.md. Options:
 *   --size-mib N   size of the big image (default 512)
 *   --skip-2g      skip the 2 GiB peak-RSS runs (they need ~9 GiB of disk)
 *   --cli FILE     the CLI bundle to measure (default out/cli/main.mjs, built if missing), e.g.
 *                  a build of another commit for an A/B comparison
 *   --only verify|bundle|push|plugins
 *                  only that scenario (inputs it needs, such as the bundle, are written once,
 *                  unmeasured); bundle and push include their 100 MiB / 2 GiB peak-RSS rows;
 *                  plugins is the 43 plugins behind latency alone (no big image). The rows are
 *                  printed and docs/benchmarks.md is left as it is
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { getRelease } from '../shared/catalog/catalog';
import { startFaultProxy } from '../test/env/fault-proxy';
import { pluginFixture, pushFixtures } from '../test/env/fixtures';
import { startRegistry, type TestRegistry } from '../test/env/registry';
import { runOk, tempDir } from '../test/env/tools';
import { pushBigImage } from './big-image';
import { measure, medianInTurns, succeeded, type Measured } from './measure';

const args = process.argv.slice(2);
const SIZE_MIB = Number(args[args.indexOf('--size-mib') + 1] ?? 512) || 512;
const SCENARIOS = ['verify', 'bundle', 'push', 'plugins'] as const;
type Scenario = (typeof SCENARIOS)[number];
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
if (ONLY !== undefined && !(SCENARIOS as readonly string[]).includes(ONLY)) throw new Error(`--only ${ONLY}: one of ${SCENARIOS.join(', ')}`);
/** Whether this invocation measures `scenario` (every scenario when --only is not given). */
const wants = (scenario: Scenario) => ONLY === undefined || ONLY === scenario;
const RSS_SIZES_MIB = [100, ...(args.includes('--skip-2g') ? [] : [2048])];
const RUNS = 3;
const CLI = args.includes('--cli') ? String(args[args.indexOf('--cli') + 1]) : 'out/cli/main.mjs';

interface Row {
  scenario: string;
  ours: Measured;
  peer?: Measured;
  peerName?: string;
  target?: string;
}

const rows: Row[] = [];
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB`;
const secs = (m: Measured) => `${m.seconds.toFixed(2)} s`;

async function main(): Promise<void> {
  // The default CLI is built when missing; one named with --cli must exist (an A/B build).
  if (!existsSync(CLI)) {
    if (args.includes('--cli')) throw new Error(`--cli ${CLI}: no such file`);
    await runOk('npm', ['run', '--silent', 'build:cli']);
  }
  const work = await tempDir('bench');
  const env = { HIGRESS_AIRGAP_CONFIG: join(work.path, 'cfg'), SOURCE_DATE_EPOCH: '1767225600' };
  const ours = (cliArgs: string[]) => measure(process.execPath, [CLI, ...cliArgs], env);
  const registries: TestRegistry[] = [];
  const registry = async () => {
    const r = await startRegistry('plain');
    registries.push(r);
    return r;
  };
  const bundleArgs = (out: string, image: string, dir: string) => ['bundle', '--out', out, '--no-plugin-server', '--image', image, '--plain-http', '--force', '--temp-dir', dir];
  /** Runs `fn` against a fresh registry that is stopped (and its data removed) right after. */
  const withRegistry = async <T>(fn: (r: TestRegistry) => Promise<T>): Promise<T> => {
    const r = await startRegistry('plain');
    try {
      return await fn(r);
    } finally {
      await r.stop();
    }
  };
  /**
   * 5. Peak RSS flat in the size: bundling, then pushing, a 100 MiB and a 2 GiB image. The push
   * reuses the bundle just written (measured when bundling is, written unmeasured otherwise).
   */
  const rssCases = async () => {
    if (!wants('bundle') && !wants('push')) return;
    for (const size of RSS_SIZES_MIB) {
      console.log(`peak RSS at ${size} MiB…`);
      const dir = join(work.path, `rss-${size}`);
      await mkdir(dir);
      try {
        const rssBundle = join(dir, 'b.tar');
        await withRegistry(async (r) => {
          await pushBigImage(r.host, 'bench/rss', '1', size * 1024 * 1024, dir);
          for (const f of await readdir(dir)) if (f.startsWith('layer-')) await rm(join(dir, f));
          const run = await succeeded(ours(bundleArgs(rssBundle, `${r.host}/bench/rss:1`, dir)));
          if (wants('bundle')) rows.push({ scenario: `peak RSS while bundling a ${size} MiB image`, ours: run, target: '< 200 MB, flat' });
        });
        if (wants('push')) {
          const run = await succeeded(withRegistry((r) => ours(['push', rssBundle, '--registry', `${r.host}/mirror`, '--plain-http'])));
          rows.push({ scenario: `peak RSS while pushing a ${size} MiB bundle (verify included)`, ours: run, target: '< 200 MB, flat' });
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  };
  /** 4. The 43 plugins of release 2.2.3 through 50 ms of added latency vs a one-at-a-time skopeo loop. */
  const pluginsCase = async () => {
    console.log('plugins with latency…');
    const pluginsRegistry = await registry();
    const names = getRelease('2.2.3').plugins;
    await pushFixtures(pluginsRegistry, {
      pluginServer: undefined,
      plugins: await Promise.all(names.map((p) => pluginFixture({ name: p.name, repo: p.repository, tag: p.tag, layout: 'oci-compat', wasmBytes: 200_000 }))),
    });
    const proxy = await startFaultProxy(pluginsRegistry.host);
    proxy.add({ path: /.*/, fault: { kind: 'delay', ms: 50 }, times: Infinity });
    try {
      const pluginsBundle = join(work.path, 'plugins.tar');
      const loopDir = join(work.path, 'loop');
      const script = names.map((p) => `skopeo copy --src-tls-verify=false docker://${proxy.host}/${p.repository}:${p.tag} oci:${loopDir}:${p.name} >/dev/null || exit 1`).join('\n');
      await writeFile(join(work.path, 'loop.sh'), `set -e\nrm -rf ${loopDir}\n${script}\n`);
      const [pluginsRun, loopRun] = await medianInTurns(
        RUNS,
        async () => {
          await removeBundle(pluginsBundle);
          return ours(['bundle', '--out', pluginsBundle, '--release', '2.2.3', '--all-plugins', '--follow-tags', '--no-plugin-server', '--source', proxy.host, '--plain-http', '--force', '--temp-dir', work.path]);
        },
        () => measure('bash', [join(work.path, 'loop.sh')]),
      );
      rows.push({ scenario: `${names.length} plugins from a registry behind 50 ms of added latency`, ours: pluginsRun, peer: loopRun, peerName: 'one-at-a-time skopeo loop', target: '≤ 0.15×' });
    } finally {
      await proxy.stop();
    }
  };
  try {
    if (ONLY === 'plugins') {
      await pluginsCase();
      return await report(false);
    }
    // 1. bundle a big image vs skopeo copy docker:// → oci-archive:
    const source = await registry();
    console.log(`pushing a ${SIZE_MIB} MiB image…`);
    await pushBigImage(source.host, 'bench/big', '1', SIZE_MIB * 1024 * 1024, work.path);
    const ref = `${source.host}/bench/big:1`;
    const bundle = join(work.path, 'big.tar');
    const skopeoArchive = join(work.path, 'big-skopeo.tar');
    const skopeoToArchive = async () => {
      await rm(skopeoArchive, { force: true });
      return measure('skopeo', ['copy', '--src-tls-verify=false', `docker://${ref}`, `oci-archive:${skopeoArchive}`]);
    };
    if (wants('bundle')) {
      console.log('bundle vs skopeo…');
      // Each side starts without its output (replacing a 512 MiB file is a cost of its own).
      const [bundleRun, skopeoRun] = await medianInTurns(
        RUNS,
        async () => {
          await removeBundle(bundle);
          return ours(bundleArgs(bundle, ref, work.path));
        },
        skopeoToArchive,
      );
      rows.push({ scenario: `bundle a ${SIZE_MIB} MiB image from a loopback registry`, ours: bundleRun, peer: skopeoRun, peerName: 'skopeo copy docker:// oci-archive:', target: '≤ 0.5×' });
    } else {
      await succeeded(ours(bundleArgs(bundle, ref, work.path)));
      if (wants('push')) await succeeded(skopeoToArchive());
    }

    // 2. verify (SHA-256 of everything, MD5 of every file but the blobs) vs md5sum alone
    if (wants('verify')) await verifyCase(bundle, ours);

    // 3. push the bundle vs skopeo copy oci-archive: → docker:// (a fresh registry each run, removed after it)
    if (wants('push')) {
      console.log('push vs skopeo…');
      const [pushRun, skopeoPush] = await medianInTurns(
        RUNS,
        () => withRegistry((r) => ours(['push', bundle, '--registry', `${r.host}/mirror`, '--plain-http'])),
        () => withRegistry((r) => measure('skopeo', ['copy', '--dest-tls-verify=false', `oci-archive:${skopeoArchive}`, `docker://${r.host}/mirror/bench/big:1`])),
      );
      rows.push({ scenario: `push a ${SIZE_MIB} MiB bundle to a loopback registry (ours verifies first)`, ours: pushRun, peer: skopeoPush, peerName: 'skopeo copy oci-archive: docker://', target: '≤ 1.0×' });
    }
    if (ONLY !== undefined) {
      await rssCases();
      return await report(false);
    }

    // 4. 43 plugins through 50 ms of added latency vs a one-at-a-time loop
    await pluginsCase();

    await rssCases();
  } finally {
    for (const r of registries) await r.stop().catch(() => undefined);
    await work.remove();
  }
  await report(ONLY === undefined);
}

/** verify (SHA-256 of every file and of the archive, MD5 of every file but the blobs) against md5sum of the same file. */
async function verifyCase(bundle: string, ours: (cliArgs: string[]) => Promise<Measured>): Promise<void> {
  console.log('verify vs md5sum…');
  const [verifyRun, md5Run] = await medianInTurns(
    RUNS,
    () => ours(['verify', bundle]),
    () => measure('md5sum', [bundle]),
  );
  rows.push({ scenario: `verify a ${SIZE_MIB} MiB bundle (SHA-256 of every file, blob digest and the archive; MD5 of every file that has one)`, ours: verifyRun, peer: md5Run, peerName: 'md5sum', target: '≤ 1.1×' });
}

async function report(write: boolean): Promise<void> {
  const table = [
    '| Scenario | Higress Airgap | Peer | Peer time | Ratio | Aim | Peak RSS (ours) | CPU (ours / peer) |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.scenario} | ${secs(r.ours)} | ${r.peerName ?? '—'} | ${r.peer ? secs(r.peer) : '—'} | ${r.peer ? `${(r.ours.seconds / r.peer.seconds).toFixed(2)}×` : '—'} | ${r.target ?? ''} | ${mib(r.ours.peakRss)} | ${r.ours.cpuSeconds.toFixed(2)} s${r.peer ? ` / ${r.peer.cpuSeconds.toFixed(2)} s` : ''} |`),
  ].join('\n');
  const header = [
    '# Benchmarks',
    '',
    `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, Node ${process.versions.node}, loopback registries (Debian docker-registry 2.8), skopeo ${await skopeoVersion()}. Times are the median of ${RUNS} runs; ours and the peer run in turns (ours, peer, ours, …) in the same invocation, each starting without its output and after \`sync\` (no writeback of an earlier run pending). Peak RSS is the process's VmHWM and CPU its user + system time (all threads, and its finished children: the peer loop's skopeo runs), both sampled from /proc every 20 ms. The big image is incompressible random data in 256 MiB layers.`,
    '',
    table,
    '',
  ].join('\n');
  console.log(header);
  if (!write) return;
  const notes = await readFile('bench/notes.md', 'utf8').catch(() => '');
  await writeFile('docs/benchmarks.md', `${header}\n${notes}`);
}

async function skopeoVersion(): Promise<string> {
  const r = await runOk('skopeo', ['--version']);
  return r.stdout.trim().replace(/^skopeo version /, '');
}

await main();

/** A bundle and its sidecars gone, as skopeo's archive is before each of its runs. */
async function removeBundle(file: string): Promise<void> {
  await Promise.all([file, `${file}.md5`, `${file}.sha256`].map((f) => rm(f, { force: true })));
}
