import { useEffect, useState, type FormEvent } from 'react';
import type { FolderStatus, SystemCheckResult } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { formatBytes } from '../../format';
import { useCall } from '../../hooks/useCall';
import { useI18n } from '../../i18n';

/** `system:check`: app version, Docker engine, and the free space of a folder when one is given. */
export function SystemPanel() {
  const { t } = useI18n();
  const [folder, setFolder] = useState('');
  const check = useCall<SystemCheckResult>();
  const { run } = check;
  useEffect(() => {
    void run(() => call('system:check', {}));
  }, [run]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => call('system:check', folder.trim() ? { folder: folder.trim() } : {}));
  };
  const result = check.result;
  return (
    <section className="panel" aria-labelledby="system-title">
      <h3 id="system-title">{t('system.title')}</h3>
      {result && (
        <dl className="facts" data-testid="system-result">
          <dt>{t('system.version')}</dt>
          <dd data-testid="system-version">{result.appVersion}</dd>
          <dt>{t('system.platform')}</dt>
          <dd>
            {result.platform} · Node {result.node}
          </dd>
          <dt>{t('system.docker')}</dt>
          <dd data-testid="system-docker" className={result.docker.reachable ? 'ok' : 'warn'}>
            {result.docker.reachable ? t('system.docker.ok', { version: result.docker.version ?? '?', endpoint: result.docker.endpoint }) : t('system.docker.down', { endpoint: result.docker.endpoint })}
            {!result.docker.reachable && result.docker.error && <div className="muted small" lang="en">
                {result.docker.error}
              </div>}
          </dd>
          {result.folder && (
            <>
              <dt>{t('system.free')}</dt>
              <dd data-testid="system-free" className={result.folder.exists && result.folder.writable ? undefined : 'warn'}>
                <FolderFacts folder={result.folder} />
              </dd>
            </>
          )}
        </dl>
      )}
      <form className="row" onSubmit={submit}>
        <label>
          {t('system.folder')}
          <input value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="/media/usb" spellCheck={false} data-testid="system-folder" />
        </label>
        <button type="submit" className="secondary" disabled={check.busy} data-testid="system-check">
          {check.busy ? t('system.checking') : t('system.check')}
        </button>
      </form>
      {check.error !== undefined && <ErrorNote error={check.error} />}
    </section>
  );
}

/** A folder's free space — or that it is missing (never a parent's free space). */
function FolderFacts({ folder }: { folder: FolderStatus }) {
  const { t } = useI18n();
  if (!folder.exists) return <>{t('system.folder.missing', { path: folder.path })}</>;
  if (folder.error) {
    return /is not a folder$/.test(folder.error) ? <>{t('system.folder.notFolder', { path: folder.path })}</> : <span lang="en">{folder.error}</span>;
  }
  return (
    <>
      {t('system.free.value', { free: formatBytes(folder.freeBytes), total: formatBytes(folder.totalBytes), fs: folder.fileSystem ?? '?' })}
      {!folder.writable && ` · ${t('system.notWritable')}`}
    </>
  );
}
