import { useEffect } from 'react';
import type { AppSettings } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { formatDate } from '../../format';
import { useCall } from '../../hooks/useCall';
import { useI18n } from '../../i18n';
import { useRouter } from '../../router';
import { useWorkspace } from '../../state/workspace';

/** Bundles built or opened here before (from the shared settings); one click opens it in Import. */
export function RecentBundles() {
  const { t, locale } = useI18n();
  const { route, navigate } = useRouter();
  const { requestOpen } = useWorkspace();
  const settings = useCall<AppSettings>();
  const { run } = settings;
  // Refreshed whenever Home is shown: builds and imports elsewhere add to the list.
  useEffect(() => {
    if (route === 'home') void run(() => call('settings:get', {}));
  }, [route, run]);
  const recent = settings.result?.recentBundles ?? [];
  const open = (path: string) => {
    requestOpen(path);
    navigate('import');
  };
  return (
    <section className="panel" aria-labelledby="recent-title">
      <h3 id="recent-title">{t('home.recent')}</h3>
      {settings.error !== undefined && <ErrorNote error={settings.error} />}
      {recent.length === 0 ? (
        <p className="muted" data-testid="recent-empty">
          {t('home.recent.empty')}
        </p>
      ) : (
        <ul className="recent" data-testid="recent-list">
          {recent.map((r) => (
            <li key={r.path}>
              <button type="button" className="link" onClick={() => open(r.path)} data-testid="recent-open">
                {r.name}
              </button>
              <span className="muted">
                {' '}
                {r.action === 'built' ? t('home.recent.built') : t('home.recent.opened')} · {formatDate(r.at, locale)}
                {r.release ? ` · Higress ${r.release}` : ''}
              </span>
              <div className="path">{r.path}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
