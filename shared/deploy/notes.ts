import { notice, renderNotice, type Locale, type Notice } from '../messages/catalog';

/** Where generators collect their warnings: coded notices, in the order raised. */
export interface NoteSink {
  readonly notices: Notice[];
}

/**
 * A warning of the generated output: a coded notice (codes in shared/messages/texts/deploy.ts) that
 * the CLI and the app render in the reader's language; its English text is the output's `warnings`.
 */
export function warn(sink: NoteSink, code: string, details: Readonly<Record<string, unknown>> = {}): void {
  sink.notices.push(notice(code, details));
}

/** A notice as one line with what to do about it: the output's `warnings`, the README's notes, the CLI's list. */
export function noticeLine(n: Notice, locale: Locale = 'en'): string {
  const r = renderNotice(n, locale);
  return r.hint ? `${r.message} ${r.hint}` : r.message;
}
