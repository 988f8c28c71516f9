import type { MessageEntry } from '../types';

/** Deployment output: warnings and notes of `yaml` and the Deploy screen, output-folder rules. */
export const DEPLOY_MESSAGES: Readonly<Record<string, MessageEntry>> = {};
