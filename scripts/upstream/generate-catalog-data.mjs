#!/usr/bin/env node
// Regenerates shared/catalog/data/upstream.json from bare git mirrors of the upstream Higress
// repositories. Not run in CI and not by any test (users' clones have no mirrors); see
// docs/upstream-data.md for how to run it and what each field means.
//
//   node scripts/upstream/generate-catalog-data.mjs [--check] [--out FILE]
//        [--higress DIR] [--console DIR] [--plugin-server DIR] [--standalone DIR] [--alibaba-higress DIR]
//
// Each DIR is a git directory (bare mirror); env vars HIGRESS_MIRROR, CONSOLE_MIRROR,
// PLUGIN_SERVER_MIRROR, STANDALONE_MIRROR and ALIBABA_HIGRESS_MIRROR do the same.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Mirror, UpstreamFactError, stable, uniqSorted } from './lib.mjs';
import { buildRelease, observedDigests } from './releases.mjs';

export const RELEASES = ['2.1.9', '2.2.0', '2.2.1', '2.2.2', '2.2.3', '2.2.4'];

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const MIRRORS = '/work/.mirror';

function parseArgs(argv) {
  const opts = { check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') opts.check = true;
    else if (a === '--help' || a === '-h') opts.help = true;
    else if (a.startsWith('--')) {
      const [k, inline] = a.slice(2).split('=', 2);
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`BAD_ARGUMENT: ${a} needs a value`);
      opts[k] = v;
    } else throw new Error(`BAD_ARGUMENT: unexpected ${a}`);
  }
  return opts;
}

function pick(flag, env, ...defaults) {
  if (flag) return flag;
  if (process.env[env]) return process.env[env];
  return defaults.find((d) => existsSync(d)) ?? defaults[0];
}

export function generate(opts = {}) {
  const higressDir = pick(opts.higress, 'HIGRESS_MIRROR', `${MIRRORS}/higress-group+higress/repo`, `${MIRRORS}/alibaba+higress/repo`);
  const ctx = {
    higress: new Mirror(higressDir.includes('alibaba+higress') ? 'alibaba/higress' : 'higress-group/higress', higressDir),
    console: new Mirror('higress-group/higress-console', pick(opts.console, 'CONSOLE_MIRROR', `${MIRRORS}/higress-group+higress-console/repo`)),
    pluginServer: new Mirror('higress-group/plugin-server', pick(opts['plugin-server'], 'PLUGIN_SERVER_MIRROR', `${MIRRORS}/higress-group+plugin-server/repo`)),
    standalone: new Mirror('higress-group/higress-standalone', pick(opts.standalone, 'STANDALONE_MIRROR', `${MIRRORS}/higress-group+higress-standalone/repo`)),
    indexFacts: JSON.parse(readFileSync(join(HERE, 'inputs', 'index-facts.json'), 'utf8')),
  };
  for (const m of [ctx.higress, ctx.console, ctx.pluginServer, ctx.standalone]) {
    if (!existsSync(m.dir)) throw new UpstreamFactError('MIRROR_MISSING', `no mirror of ${m.repo} at ${m.dir}`, { repo: m.repo, dir: m.dir });
  }
  ctx.standaloneCommit = (release) => ctx.standalone.commit(`v${release}`);
  ctx.observed = observedDigests(ctx);
  ctx.observedTagsByRepo = new Map();
  for (const o of ctx.observed) {
    if (!ctx.observedTagsByRepo.has(o.repository)) ctx.observedTagsByRepo.set(o.repository, []);
    ctx.observedTagsByRepo.get(o.repository).push(o.tag);
  }

  const sources = [ctx.higress, ctx.console, ctx.pluginServer, ctx.standalone].map((m) => {
    const head = m.mustCommit('HEAD');
    return { repo: m.repo, head, headDate: m.date(head).slice(0, 10) };
  });
  // alibaba/higress is the old name of higress-group/higress; where both mirrors have a tag, they must agree.
  const aliDir = pick(opts['alibaba-higress'], 'ALIBABA_HIGRESS_MIRROR', `${MIRRORS}/alibaba+higress/repo`);
  if (ctx.higress.repo !== 'alibaba/higress' && existsSync(aliDir)) {
    const ali = new Mirror('alibaba/higress', aliDir);
    const agreed = [];
    const missing = [];
    for (const r of RELEASES) {
      const a = ali.commit(`v${r}`);
      if (!a) missing.push(`v${r}`);
      else if (a !== ctx.higress.mustCommit(`v${r}`)) throw new UpstreamFactError('MIRRORS_DISAGREE', `v${r} differs between alibaba/higress and higress-group/higress`, { release: r });
      else agreed.push(`v${r}`);
    }
    const head = ali.mustCommit('HEAD');
    sources.push({ repo: 'alibaba/higress', head, headDate: ali.date(head).slice(0, 10), tagsEqualToHigressGroup: agreed, tagsMissing: missing });
  }

  const releases = RELEASES.map((r) => buildRelease(ctx, r));
  // Plugin Server contents are shared by several images/releases: keep one copy of each, by id.
  const pluginServerContents = {};
  for (const r of releases) {
    for (const [id, c] of Object.entries(r.pluginServer.contents)) {
      if (id in pluginServerContents && JSON.stringify(pluginServerContents[id]) !== JSON.stringify(c)) {
        throw new UpstreamFactError('CONTENTS_ID_CLASH', `two different Plugin Server contents are both called ${id}`, { id });
      }
      pluginServerContents[id] = c;
    }
    delete r.pluginServer.contents;
  }
  const doc = {
    pluginServerContents,
    schemaVersion: 1,
    generatedBy: 'scripts/upstream/generate-catalog-data.mjs',
    docs: 'docs/upstream-data.md',
    provenanceFormat: 'owner/repo@<12-hex commit>:<path>[#symbol]',
    sources: sources.sort((a, b) => (a.repo < b.repo ? -1 : 1)),
    indexOnlySources: uniqSorted(Object.values(ctx.indexFacts).flatMap((f) => (typeof f === 'object' ? f.provenance : []))),
    releases,
  };
  return `${JSON.stringify(stable(doc), null, 2)}\n`;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 10).join('\n'));
    return;
  }
  const out = resolve(opts.out ?? join(ROOT, 'shared', 'catalog', 'data', 'upstream.json'));
  const text = generate(opts);
  if (opts.check) {
    const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
    if (current !== text) {
      console.error(`${out} is out of date: run node scripts/upstream/generate-catalog-data.mjs`);
      process.exitCode = 1;
      return;
    }
    console.log(`${out} is up to date`);
    return;
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  console.log(`wrote ${out} (${text.length} bytes)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (err) {
    if (err instanceof UpstreamFactError) {
      console.error(err.message);
      if (err.details && Object.keys(err.details).length) console.error(JSON.stringify(err.details));
      process.exitCode = 1;
    } else throw err;
  }
}
