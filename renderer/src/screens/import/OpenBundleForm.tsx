import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { OpenedBundle } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { PathField } from '../../components/PathField';
import { useCall } from '../../hooks/useCall';
import { useI18n } from '../../i18n';

/**
 * Opens a bundle by path (typed, picked, dropped): one file or its volumes. Given `initialPath`
 * (a recent bundle from Home, a finished build), it opens that at once.
 */
export function OpenBundleForm({ initialPath, onOpening, onOpened }: { initialPath?: string | undefined; onOpening(): void; onOpened(b: OpenedBundle): void }) {
  const { t } = useI18n();
  const [path, setPath] = useState(initialPath ?? '');
  const open = useCall<OpenedBundle>();
  const { run } = open;

  const openPath = useCallback(
    async (p: string) => {
      onOpening();
      const opened = await run(() => call('bundle:open', { path: p.trim() }));
      if (opened) onOpened(opened);
    },
    [run, onOpening, onOpened],
  );
  useEffect(() => {
    if (initialPath) void openPath(initialPath);
  }, [initialPath, openPath]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim()) void openPath(path);
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="open-title">
      <h3 id="open-title">{t('import.open')}</h3>
      <PathField label={t('import.path')} value={path} onChange={setPath} browse="bundle" droppable placeholder={t('import.path.placeholder')} hint={t('import.path.hint')} testId="import-path" required />
      <div className="row">
        <button type="submit" disabled={open.busy || !path.trim()} data-testid="import-open">
          {open.busy ? t('import.opening') : t('import.openButton')}
        </button>
      </div>
      {open.error !== undefined && <ErrorNote error={open.error} testId="import-open-error" />}
    </form>
  );
}
