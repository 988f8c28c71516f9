import { renderError } from '../../../shared/messages/catalog';
import { useI18n } from '../i18n';

/**
 * Shows an engine error where it happened: its message and, when known, the next step — in the
 * UI's language where the error's code has a translation (with hints that name fields, not flags);
 * else the engine's English text, marked as English.
 */
export function ErrorNote({ error, testId = 'error' }: { error: unknown; testId?: string }) {
  const { t, locale } = useI18n();
  const raw = {
    code: String((error as { code?: unknown } | undefined)?.code ?? ''),
    message: error instanceof Error ? error.message : String(error),
    hint: (error as { hint?: string } | undefined)?.hint,
    details: (error as { details?: Readonly<Record<string, unknown>> } | undefined)?.details,
  };
  const rendered = renderError(raw, locale, 'ui');
  // In English the engine's own message carries the most context (URLs, what was asked); the hint
  // still comes from the catalog, which names fields and buttons instead of command-line flags.
  const shown = locale === 'en' ? { message: raw.message, hint: rendered.localized ? rendered.hint : raw.hint, localized: true } : rendered;
  const lang = shown.localized ? undefined : 'en';
  return (
    <div className="error" role="alert" data-testid={testId} data-code={raw.code || undefined}>
      <strong>{t('error.title')}</strong> <span lang={lang}>{shown.message}</span>
      {shown.hint && (
        <div className="hint">
          <span className="hint-label">{t('error.next')}</span> <span lang={lang}>{shown.hint}</span>
        </div>
      )}
    </div>
  );
}
