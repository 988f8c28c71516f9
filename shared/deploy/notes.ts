import { notice } from '../messages/catalog';
import type { DeployNotice } from './types';

/** Where generators collect their notes: the English text (kept in `warnings`) and the coded notice. */
export interface NoteSink {
  readonly warnings: string[];
  readonly notices: DeployNotice[];
}

/**
 * A warning of the generated output: its English text as before (`warnings`, read by scripts and
 * `--json`), and the coded notice (`notices`, codes in shared/messages/texts/deploy.ts) that the
 * CLI and the app render in the reader's language.
 */
export function warn(sink: NoteSink, english: string, code: string, details: Readonly<Record<string, unknown>> = {}): void {
  sink.warnings.push(english);
  sink.notices.push(notice(code, details));
}
