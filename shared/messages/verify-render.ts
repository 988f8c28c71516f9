import { renderError, type Locale, type Notice } from './catalog';

/**
 * The words of a verify report for a reader, shared by the CLI and the app (no Node imports:
 * the renderer bundles it). English keeps the engine's own text (it names the most); Chinese
 * comes from the catalog by code and parameters. A finding about a file is led by what the file
 * belongs to ("plugin ai-proxy 2.0.1, plugin.wasm: …").
 */
export interface RenderedVerifyText {
  readonly message: string;
  readonly hint?: string | undefined;
}

type Coded = Notice & { readonly hint?: string | undefined; readonly owner?: Notice | undefined };

export function renderVerifyText(n: Coded, locale: Locale, surface: 'cli' | 'ui' = 'cli'): RenderedVerifyText {
  const r = renderError(n, locale, surface);
  const message = locale === 'en' ? n.message : r.message;
  const hint = r.localized ? r.hint : locale === 'en' ? n.hint : undefined;
  if (!n.owner) return { message, hint };
  const owner = locale === 'en' ? n.owner.message : renderError(n.owner, locale, surface).message;
  return { message: `${owner}${locale === 'en' ? ': ' : '：'}${message}`, hint };
}

/** Only what a damaged file belongs to ("plugin ai-proxy 2.0.1, plugin.wasm"), in the reader's language. */
export function renderOwner(owner: Notice, locale: Locale): string {
  return locale === 'en' ? owner.message : renderError(owner, locale, 'ui').message;
}
