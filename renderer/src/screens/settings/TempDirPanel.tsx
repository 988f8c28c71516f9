import { useState, type FormEvent } from 'react';
import type { AppSettings } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { PathField } from '../../components/PathField';
import { useCall } from '../../hooks/useCall';
import { useI18n } from '../../i18n';

/** Where builds spool small blobs and Docker exports; the default is the system's temp folder. */
export function TempDirPanel({ settings, onChanged }: { settings: AppSettings; onChanged(): void }) {
  const { t } = useI18n();
  const [dir, setDir] = useState('');
  const save = useCall<AppSettings>();
  const apply = async (tempDir: string | null) => {
    if (await save.run(() => call('settings:set-temp-dir', { tempDir }))) {
      setDir('');
      onChanged();
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (dir.trim()) void apply(dir.trim());
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="temp-title">
      <h3 id="temp-title">{t('temp.title')}</h3>
      <p data-testid="temp-current">
        {settings.tempDirIsDefault ? t('temp.default', { dir: settings.tempDir }) : t('temp.custom', { dir: settings.tempDir })}
      </p>
      <PathField label={t('temp.new')} value={dir} onChange={setDir} browse="folder" testId="temp-dir" />
      <div className="row">
        <button type="submit" disabled={!dir.trim() || save.busy} data-testid="temp-save">
          {t('temp.save')}
        </button>
        {!settings.tempDirIsDefault && (
          <button type="button" className="secondary" onClick={() => void apply(null)} disabled={save.busy} data-testid="temp-reset">
            {t('temp.reset')}
          </button>
        )}
      </div>
      {save.error !== undefined && <ErrorNote error={save.error} />}
    </form>
  );
}
