/** The shapes of the message catalog (see catalog.ts). */
export type Locale = 'en' | 'zh-CN';

export interface Localized {
  readonly en: string;
  readonly zh: string;
}

export interface MessageEntry {
  readonly message: Localized;
  readonly hint?: Localized | undefined;
  readonly uiHint?: Localized | undefined;
  /** Variants chosen by `details[by]` (e.g. the cause of a refused module), each with its own texts. */
  readonly variants?: { readonly by: string; readonly cases: Readonly<Record<string, Omit<MessageEntry, 'variants'>>> } | undefined;
}

export const t = (en: string, zh: string): Localized => ({ en, zh });
