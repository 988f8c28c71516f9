import type { MessageEntry } from '../types';

/** Pushing to a registry: preflight rows, push notes, replaced tags, Docker-path notices. */
export const PUSH_MESSAGES: Readonly<Record<string, MessageEntry>> = {};
