import { useI18n } from '../i18n';

/** Shows an engine error where it happened: its message and, when known, the next step. */
export function ErrorNote({ error }: { error: unknown }) {
  const { t } = useI18n();
  const message = error instanceof Error ? error.message : String(error);
  const hint = (error as { hint?: string } | undefined)?.hint;
  return (
    <div className="error" role="alert" data-testid="error">
      <strong>{t('error.title')}:</strong> {message}
      {hint && <div className="hint">{hint}</div>}
    </div>
  );
}
