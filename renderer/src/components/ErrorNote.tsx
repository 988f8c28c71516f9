import { useI18n } from '../i18n';

/** Shows an engine error where it happened: its message and, when known, the next step (the engine speaks English). */
export function ErrorNote({ error, testId = 'error' }: { error: unknown; testId?: string }) {
  const { t } = useI18n();
  const message = error instanceof Error ? error.message : String(error);
  const hint = (error as { hint?: string } | undefined)?.hint;
  return (
    <div className="error" role="alert" data-testid={testId}>
      <strong>{t('error.title')}</strong> <span lang="en">{message}</span>
      {hint && (
        <div className="hint">
          <span className="hint-label">{t('error.next')}</span> <span lang="en">{hint}</span>
        </div>
      )}
    </div>
  );
}
