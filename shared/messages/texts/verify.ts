import type { MessageEntry } from '../types';

/** Verify reports: what a damaged or foreign file is and what to do next. */
export const VERIFY_MESSAGES: Readonly<Record<string, MessageEntry>> = {};
