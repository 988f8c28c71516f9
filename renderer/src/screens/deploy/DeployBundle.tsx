import { useState, type FormEvent } from 'react';
import type { OpenedBundle } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { PathField } from '../../components/PathField';
import { useCall } from '../../hooks/useCall';
import { useI18n } from '../../i18n';

/** Which bundle the YAML is for: the one open in Import, or another opened by path here. */
export function DeployBundle({ bundle, onOpened }: { bundle: OpenedBundle | undefined; onOpened(b: OpenedBundle): void }) {
  const { t } = useI18n();
  const [path, setPath] = useState('');
  const open = useCall<OpenedBundle>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const opened = await open.run(() => call('bundle:open', { path: path.trim() }));
    if (opened) onOpened(opened);
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="deploy-bundle-title">
      <h3 id="deploy-bundle-title">{t('deploy.bundle')}</h3>
      {bundle ? (
        <p data-testid="deploy-bundle-name">
          {t('deploy.bundle.using', { name: bundle.name, plugins: bundle.manifest.plugins.length, release: bundle.manifest.higressRelease ?? t('bundle.release.none') })}
        </p>
      ) : (
        <p className="muted">{t('deploy.bundle.none')}</p>
      )}
      <PathField label={t('deploy.bundle.path')} value={path} onChange={setPath} browse="bundle" droppable placeholder={t('import.path.placeholder')} testId="deploy-bundle-path" />
      <div className="row">
        <button type="submit" className="secondary" disabled={open.busy || !path.trim()} data-testid="deploy-bundle-open">
          {t('import.openButton')}
        </button>
      </div>
      {open.error !== undefined && <ErrorNote error={open.error} />}
    </form>
  );
}
