import { BUILD_MESSAGES } from './texts/build';
import { CORE_MESSAGES } from './texts/core';
import { VERIFY_MESSAGES } from './texts/verify';
import { PUSH_MESSAGES } from './texts/push';
import { DEPLOY_MESSAGES } from './texts/deploy';
import { MIGRATE_MESSAGES } from './texts/migrate';
import { RELEASE_MESSAGES } from './texts/release';
import { PROGRESS_MESSAGES } from './texts/progress';
import type { Locale, Localized, MessageEntry } from './types';

export type { Locale, Localized, MessageEntry } from './types';

/**
 * Engine messages by code, in English and Simplified Chinese. An AppError keeps its English
 * message (logs, tests, codes not listed here yet); a front door that knows the reader's language
 * renders the code with the error's `details` as parameters. `{name}` is replaced by
 * `details.name`; a template whose parameters the error lacks is not used (the English message
 * stands), so a message is never rendered with holes.
 *
 * `hint` may name command-line flags (the CLI's); `uiHint`, when present, is what the desktop app
 * shows instead and names fields and buttons, never flags.
 */

const TABLES: ReadonlyArray<Readonly<Record<string, MessageEntry>>> = [CORE_MESSAGES, BUILD_MESSAGES, VERIFY_MESSAGES, PUSH_MESSAGES, DEPLOY_MESSAGES, MIGRATE_MESSAGES, RELEASE_MESSAGES, PROGRESS_MESSAGES];

/** Codes listed in more than one table (a test keeps this empty: one code, one text). */
export const DUPLICATE_CODES: readonly string[] = (() => {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const table of TABLES) {
    for (const code of Object.keys(table)) {
      if (seen.has(code)) duplicates.push(code);
      seen.add(code);
    }
  }
  return duplicates;
})();

export const MESSAGES: Readonly<Record<string, MessageEntry>> = Object.assign({}, ...TABLES) as Record<string, MessageEntry>;

const PARAM = /\{([A-Za-z]\w*)\}/g;

/** The parameters a template names. */
export function templateParams(text: string): string[] {
  return [...text.matchAll(PARAM)].map((m) => m[1] as string);
}

function fill(text: string, params: Readonly<Record<string, unknown>>): string | undefined {
  let missing = false;
  const out = text.replace(PARAM, (_, name: string) => {
    const v = params[name];
    if (v === undefined || v === null || typeof v === 'object') {
      missing = true;
      return '';
    }
    return String(v);
  });
  return missing ? undefined : out;
}

/** Parameters derived from details that templates use (counts of lists). */
function paramsOf(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const p: Record<string, unknown> = { ...details };
  for (const key of ['problems', 'issues']) if (Array.isArray(details[key]) && p.count === undefined) p.count = (details[key] as unknown[]).length;
  return p;
}

export interface RenderedMessage {
  readonly message: string;
  readonly hint?: string | undefined;
  /** False when the code has no template (or lacks a parameter): `message` is the English original. */
  readonly localized: boolean;
}

/**
 * Renders an error for a reader: the catalog's text in `locale` when the code is listed and every
 * parameter is there; else the error's own (English) message and hint.
 */
export function renderError(
  error: { readonly code: string; readonly message: string; readonly hint?: string | undefined; readonly details?: Readonly<Record<string, unknown>> | undefined },
  locale: Locale,
  surface: 'cli' | 'ui' = 'cli',
): RenderedMessage {
  const entry = MESSAGES[error.code];
  const params = paramsOf(error.details ?? {});
  const variant = entry?.variants?.cases[String(params[entry.variants.by] ?? '')];
  const chosen = variant ?? entry;
  const lang = (l: Localized | undefined) => (l ? (locale === 'zh-CN' ? l.zh : l.en) : undefined);
  const message = chosen ? fill(lang(chosen.message) as string, params) : undefined;
  if (!chosen || message === undefined) return { message: error.message, hint: error.hint, localized: false };
  const hintTemplate = (surface === 'ui' ? (chosen.uiHint ?? chosen.hint) : chosen.hint) ?? (entry && chosen !== entry ? (surface === 'ui' ? (entry.uiHint ?? entry.hint) : entry.hint) : undefined);
  const hint = hintTemplate ? fill(lang(hintTemplate) as string, params) : undefined;
  return { message, hint: hint ?? (locale === 'en' ? error.hint : undefined), localized: true };
}

/** The CLI follows LC_ALL, then LC_MESSAGES, then LANG: `zh_CN*` (or `zh_Hans*`) → Chinese, else English. */
export function localeFromEnv(env: NodeJS.ProcessEnv): Locale {
  const value = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh[_-](CN|SG|Hans)/i.test(value) ? 'zh-CN' : 'en';
}

/**
 * A coded message that is not an error — a warning, a note, a verify detail, a progress stage —
 * in the shape a BundleIssue already has: the English text for logs and tests, the code and its
 * parameters for whoever renders it in the reader's language (renderError takes it as it is).
 */
export interface Notice {
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * Builds a notice from a listed code: the English text is the catalog's (the variant `details`
 * choose, when the code has variants), filled from `details`.
 */
export function notice(code: string, details: Readonly<Record<string, unknown>> = {}): Notice {
  const entry = MESSAGES[code];
  if (!entry) throw new Error(`notice(): ${code} is not in the message catalog`);
  const params = paramsOf(details);
  const chosen = entry.variants?.cases[String(params[entry.variants.by] ?? '')] ?? entry;
  const message = fill(chosen.message.en, params);
  if (message === undefined) throw new Error(`notice(): ${code} lacks a parameter its text names`);
  return { code, message, details };
}

/** One notice's text for a reader (the catalog's in `locale`, else its English message). */
export function renderNotice(n: Notice, locale: Locale, surface: 'cli' | 'ui' = 'cli'): RenderedMessage {
  return renderError(n, locale, surface);
}
