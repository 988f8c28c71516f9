import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import { localeFromEnv, renderError, renderNotice, type Locale } from '../../shared/messages/catalog';
import { countForm } from '../../shared/messages/texts/progress';
import type { PreflightStep } from '../../shared/offline/preflight';
import { COLLISION_POLICIES, type CollisionPolicy } from '../../shared/offline/push-plan';
import type { PushedItem, PushReport } from '../../shared/offline/push';
import { loadFromBundle, type PushOutcome } from '../../shared/offline/push-service';
import type { Engine } from '../../shared/services/engine';
import { pushBundleFile } from '../../shared/services/push';
import type { CliIo } from '../io';
import { report, table } from '../output';
import { progressBar } from '../progress-bar';
import { addConnectionOptions, connectionFlags, type ConnectionOptionValues } from '../registry-env';

interface PushOpts extends ConnectionOptionValues {
  registry: string;
  via: 'registry' | 'docker';
  targetMode: 'keep' | 'flatten';
  onCollision: CollisionPolicy;
  pluginServerImage?: string;
  createProject?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

/** The summary line: what happened overall — never "Pushed" when nothing was. */
function pushHeadline(r: PushReport, bundle: string, verifiedFiles: number, locale: Locale): string {
  const failed = r.items.filter((i) => i.status === 'failed' || i.status === 'conflict').length;
  const outcome = r.dryRun ? 'dry-run' : failed === 0 ? 'done' : failed === r.items.length ? 'none' : 'incomplete';
  return say(locale, 'PUSH_HEADLINE', { outcome, bundle, files: verifiedFiles, target: r.target, failed, total: r.items.length });
}

/** A catalog text in the reader's language (its variant chosen by the parameters). */
function say(locale: Locale, code: string, details: Readonly<Record<string, unknown>>): string {
  return renderError({ code, message: code, details }, locale, 'cli').message;
}

/** One coded message (a note, a problem) as lines: the message, then its hint. */
function coded(locale: Locale, m: { code: string; message: string; hint?: string | undefined; details?: Readonly<Record<string, unknown>> | undefined }, indent: string): string {
  const shown = locale === 'en' ? { message: m.message, hint: m.hint ?? renderError(m, 'en', 'cli').hint } : renderError(m, locale, 'cli');
  return `${indent}${shown.message}${shown.hint ? `\n${indent}  ${shown.hint}` : ''}`;
}

function itemNote(i: PushedItem, locale: Locale): string {
  if (i.problem) return locale === 'en' ? i.problem.message : renderError(i.problem, locale, 'cli').message;
  if (i.error) return i.error;
  if (i.blobs) return say(locale, 'PUSH_BLOBS', { ...i.blobs, form: countForm(i.blobs.uploaded) });
  if (i.via === 'docker' && i.platform) return say(locale, 'PUSH_VIA_DOCKER', { platform: i.platform });
  return '';
}

/** The report for people: headline, the connection test, one row per item, then notes and problems with their next steps. */
export function pushText(outcome: PushOutcome, locale: Locale, alreadySaid: ReadonlySet<string> = new Set()): string {
  const r = outcome.report;
  const col = (column: string) => say(locale, 'PUSH_COLUMN', { column });
  const stepLine = (s: PreflightStep) => `  ${say(locale, 'PREFLIGHT_STEP', { step: s.step })}: ${s.code && s.details ? renderError({ code: s.code, message: s.message, details: s.details }, locale, 'cli').message : s.message}`;
  const problems = r.items.filter((i) => i.problem && (i.status === 'failed' || i.status === 'conflict'));
  return [
    pushHeadline(r, outcome.verification.bundle, outcome.verification.summary.ok, locale),
    ...outcome.preflight.steps.map(stepLine),
    table([
      [`  ${col('status')}`, col('target'), col('digest'), col('note')],
      ...r.items.map((i) => [`  ${say(locale, 'PUSH_STATUS', { status: i.status })}`, i.targetRef, i.digest || say(locale, 'PUSH_DIGEST_BY_DOCKER', {}), itemNote(i, locale)]),
    ]),
    // Notes said before the push (on stderr) are not repeated.
    ...r.items.flatMap((i) => (i.notes ?? []).filter((n) => !alreadySaid.has(n.message)).map((n) => `  note: ${locale === 'en' ? n.message : renderNotice(n, locale, 'cli').message}`)),
    ...problems.map((i) => coded(locale, i.problem as NonNullable<PushedItem['problem']>, '  ')),
    ...(r.warnings ?? []).map((w) => `  warning: ${coded(locale, { ...w, details: w.details ?? {} }, '').replace(/\n {2}/, '\n    ')}`),
  ].join('\n');
}

export function registerPush(program: Command, io: CliIo, engine: Engine): void {
  addConnectionOptions(
    program
      .command('push <bundle>')
      .description('Offline side: verify a bundle, then push its images and plugins to the private registry byte for byte')
      .requiredOption('--registry <host[:port]/project>', 'target registry and project/namespace path')
      .addOption(new Option('--via <path>', 'registry: straight from the bundle (no Docker); docker: images through the local engine').choices(['registry', 'docker']).default('registry'))
      .addOption(new Option('--target-mode <mode>', 'keep: project + the source path; flatten: project + the last segment').choices(['keep', 'flatten']).default('keep'))
      .addOption(new Option('--on-collision <policy>', 'when the tag exists: skip (if identical, else refuse), overwrite, or fail').choices([...COLLISION_POLICIES]).default('skip'))
      .option('--plugin-server-image <ref>', "also build and push, as <ref>, a Plugin Server image (the bundled one plus a layer) serving every bundled plugin under every version its Console asks for")
      .option('--create-project', 'create the Harbor project if it is missing')
      .option('--dry-run', 'show every source → target reference and what would happen; push nothing')
      .option('--json', 'print the report as JSON'),
  )
    .addHelpText('after', `
The bundle is verified first; nothing is pushed from a bundle that fails. A rerun after an
interruption sends nothing that was finished (a journal in the settings folder remembers).

Examples:
  $ higress-airgap push higress-2.2.4.tar --registry harbor.example.com/higress --dry-run
  $ echo "$PW" | higress-airgap push /media/usb/higress-2.2.4.tar.000 --registry harbor.example.com/higress --username admin --password-stdin
  $ higress-airgap push b.tar --registry 10.0.0.5:5000/higress --plain-http --plugin-server-image 10.0.0.5:5000/higress/higress/plugin-server:2.2.4-custom`)
    .action(async (bundle: string, opts: PushOpts) => {
      const locale = localeFromEnv(io.env);
      const bar = progressBar(io, io.isTTY && !opts.json);
      const said = new Set<string>();
      const flags = await connectionFlags(opts, io);
      try {
        // The app's Import screen pushes through the same function (retries shown on the progress).
        const outcome = await pushBundleFile(
          engine,
          {
            bundle: resolve(io.cwd, bundle),
            registry: opts.registry,
            via: opts.via,
            targetMode: opts.targetMode,
            policy: opts.onCollision,
            pluginServerImage: opts.pluginServerImage,
            createProject: opts.createProject,
            dryRun: opts.dryRun,
          },
          flags,
          {
            signal: io.signal,
            onProgress: bar.sink,
            // Before anything goes through Docker: which platform, and that the digest changes.
            onNotice: (n) => {
              bar.done();
              said.add(n.message);
              if (!opts.json) io.stderr(`note: ${locale === 'en' ? n.message : renderNotice(n, locale, 'cli').message}\n`);
            },
          },
        );
        bar.done();
        const r = outcome.report;
        report(io, opts.json, outcome, () => pushText(outcome, locale, said));
        if (!r.ok) {
          const bad = r.items.filter((i) => i.status === 'failed' || i.status === 'conflict');
          throw new AppError('PUSH_FAILED', `${bad.length} of ${r.items.length} items were not pushed`, {
            hint: 'Fix the cause shown for each, then run the same command again: finished items are not sent again.',
            details: { count: bad.length, total: r.items.length },
          });
        }
      } finally {
        bar.done();
      }
    });

  program
    .command('load <bundle>')
    .description("Offline side: verify a bundle, then load its images into the local Docker engine (DOCKER_HOST or the default socket)")
    .option('--json', 'print the result as JSON')
    .addHelpText('after', `
Docker loads one platform per image (the bundle's manifest.json). Plugins are not loaded: push them
with higress-airgap push (docker push would rewrite their media types).

Examples:
  $ higress-airgap load higress-2.2.4.tar
  $ DOCKER_HOST=tcp://10.0.0.9:2375 higress-airgap load /media/usb/higress-2.2.4.tar.000`)
    .action(async (input: string, opts: { json?: boolean }) => {
      const path = resolve(io.cwd, input);
      const bar = progressBar(io, io.isTTY && !opts.json);
      try {
        const loaded = await loadFromBundle(path, { docker: engine.docker, signal: io.signal, onProgress: bar.sink });
        bar.done();
        const locale = localeFromEnv(io.env);
        const text = (n: { code: string; message: string; details: Readonly<Record<string, unknown>> }) => (locale === 'en' ? n.message : renderNotice(n, locale, 'cli').message);
        report(io, opts.json, { bundle: loaded.bundle, ...loaded.report }, (v) =>
          [say(locale, 'DOCKER_LOADED_TITLE', {}), ...v.images.map((i) => `  ${text(i.notice)}`), ...v.notices.map((n) => text(n))].join('\n'),
        );
      } finally {
        bar.done();
      }
    });
}
