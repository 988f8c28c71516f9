import type { MessageEntry } from '../types';

/** The whole Higress release: core images, charts, deployment targets. */
export const RELEASE_MESSAGES: Readonly<Record<string, MessageEntry>> = {};
