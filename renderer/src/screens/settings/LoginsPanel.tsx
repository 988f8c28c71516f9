import { useId, useState, type FormEvent } from 'react';
import type { AppSettings } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ConnectionFields } from '../../components/ConnectionFields';
import { ErrorNote } from '../../components/ErrorNote';
import { useCall } from '../../hooks/useCall';
import { useI18n } from '../../i18n';
import { emptyConnection, toConnection, type ConnectionForm } from '../../model/connection';

/** Saved logins: checked against the registry first, then stored (encrypted by the OS where it can). */
export function LoginsPanel({ logins, protection, onChanged }: { logins: AppSettings['logins']; protection: AppSettings['secretProtection']; onChanged(): void }) {
  const { t } = useI18n();
  const id = useId();
  const [host, setHost] = useState('');
  const [connection, setConnection] = useState<ConnectionForm>(emptyConnection);
  const [loggingOut, setLoggingOut] = useState<string>();
  const login = useCall<{ host: string; username: string }>();
  // The connection settings sent with the last login: the engine keeps them with the registry.
  const [sentSettings, setSentSettings] = useState<string[]>([]);
  const logout = useCall<unknown>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { username, password, ...tls } = connection;
    const options = toConnection({ ...tls, username: '', password: '' });
    setSentSettings([
      ...(options?.plainHttp ? [t('logins.setting.plainHttp')] : []),
      ...(options?.insecure ? [t('logins.setting.insecure')] : []),
      ...(options?.caFile ? [t('logins.setting.caFile', { path: options.caFile })] : []),
    ]);
    const ok = await login.run(() => call('registry:login', { host: host.trim(), username: username.trim(), password, ...(options ? { connection: options } : {}) }));
    // Whatever the answer, the typed password is not kept.
    setConnection((c) => ({ ...c, password: '' }));
    if (ok) {
      setHost('');
      setConnection(emptyConnection);
      onChanged();
    }
  };
  const confirmLogout = async () => {
    const h = loggingOut;
    setLoggingOut(undefined);
    if (h && (await logout.run(() => call('registry:logout', { host: h })))) onChanged();
  };

  return (
    <section className="panel" aria-labelledby="logins-title">
      <h3 id="logins-title">{t('logins.title')}</h3>
      <p className={protection === 'safeStorage' ? 'ok' : 'warn'} data-testid="logins-protection">
        {protection === 'safeStorage' ? t('logins.protected') : t('logins.plain')}
      </p>
      {logins.length === 0 ? (
        <p className="muted">{t('logins.empty')}</p>
      ) : (
        <ul className="recent" data-testid="logins-list">
          {logins.map((l) => (
            <li key={l.host}>
              <code>{l.host}</code> · {l.username}{' '}
              <button type="button" className="small secondary" onClick={() => setLoggingOut(l.host)} aria-label={t('logins.logoutOf', { host: l.host })}>
                {t('logins.logout')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {logout.error !== undefined && <ErrorNote error={logout.error} />}
      <form onSubmit={(e) => void submit(e)} className="stack" aria-labelledby={`${id}-form`}>
        <h4 id={`${id}-form`}>{t('logins.form')}</h4>
        <label htmlFor={`${id}-host`}>
          {t('registries.host')}
          <input id={`${id}-host`} value={host} onChange={(e) => setHost(e.target.value)} placeholder="harbor.example.com" required spellCheck={false} autoComplete="off" data-testid="login-host" />
        </label>
        <ConnectionFields value={connection} onChange={setConnection} testIdPrefix="login" />
        <div className="row">
          <button type="submit" disabled={!host.trim() || !connection.username.trim() || !connection.password || login.busy} data-testid="login-save">
            {login.busy ? t('common.testing') : t('logins.save')}
          </button>
        </div>
        {login.error !== undefined && <ErrorNote error={login.error} testId="login-error" />}
        {login.result && !login.busy && (
          <p className="ok" role="status">
            {t('logins.saved', { host: login.result.host, username: login.result.username })}
            {sentSettings.length > 0 && <span data-testid="login-saved-settings"> {t('logins.savedSettings', { settings: sentSettings.join(', ') })}</span>}
          </p>
        )}
      </form>
      <ConfirmDialog open={loggingOut !== undefined} title={t('logins.logoutTitle')} message={t('logins.logoutText', { host: loggingOut ?? '' })} confirmLabel={t('logins.logout')} onConfirm={() => void confirmLogout()} onCancel={() => setLoggingOut(undefined)} testId="logout-dialog" />
    </section>
  );
}
