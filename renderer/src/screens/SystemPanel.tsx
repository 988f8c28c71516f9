import { useState, type FormEvent } from 'react';
import type { SystemCheckResult } from '../../../shared/ipc/contract';
import { call } from '../api/client';
import { useI18n } from '../i18n';
import { formatBytes } from '../format';
import { ErrorNote } from './ErrorNote';

/** `system:check` round trip: app version, Docker engine, free space of a folder. */
export function SystemPanel() {
  const { t } = useI18n();
  const [folder, setFolder] = useState('.');
  const [result, setResult] = useState<SystemCheckResult>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function check(e?: FormEvent) {
    e?.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setResult(await call('system:check', { folder }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="system-title">
      <h2 id="system-title">{t('system.title')}</h2>
      <form className="row" onSubmit={check}>
        <label>
          {t('system.folder')}
          <input value={folder} onChange={(e) => setFolder(e.target.value)} data-testid="system-folder" />
        </label>
        <button type="submit" disabled={busy} data-testid="system-check">
          {busy ? t('system.checking') : t('system.check')}
        </button>
      </form>
      {error !== undefined && <ErrorNote error={error} />}
      {result && (
        <dl className="facts" data-testid="system-result">
          <dt>{t('system.version')}</dt>
          <dd data-testid="system-version">{result.appVersion}</dd>
          <dt>{t('system.platform')}</dt>
          <dd>{result.platform}</dd>
          <dt>{t('system.docker')}</dt>
          <dd data-testid="system-docker" className={result.docker.reachable ? 'ok' : 'warn'}>
            {result.docker.reachable
              ? t('system.docker.ok', { version: result.docker.version ?? '?', endpoint: result.docker.endpoint })
              : t('system.docker.down', { endpoint: result.docker.endpoint })}
          </dd>
          {result.folder && (
            <>
              <dt>{t('system.free')}</dt>
              <dd data-testid="system-free">
                {result.folder.error ??
                  t('system.free.value', {
                    free: formatBytes(result.folder.freeBytes),
                    total: formatBytes(result.folder.totalBytes),
                    fs: result.folder.fileSystem ?? '?',
                  })}
                {!result.folder.writable && ` · ${t('system.notWritable')}`}
              </dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}
