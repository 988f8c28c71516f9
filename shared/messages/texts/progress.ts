import type { MessageEntry } from '../types';

/** Progress stages shown by the CLI bar and the app. */
export const PROGRESS_MESSAGES: Readonly<Record<string, MessageEntry>> = {};
