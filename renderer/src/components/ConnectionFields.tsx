import { useId } from 'react';
import type { ConnectionForm } from '../model/connection';
import { useI18n } from '../i18n';
import { PathField } from './PathField';

/** TLS options and credentials for one registry; the password is never kept beyond the form. */
export function ConnectionFields({ value, onChange, testIdPrefix, credentials = true }: { value: ConnectionForm; onChange(v: ConnectionForm): void; testIdPrefix: string; credentials?: boolean }) {
  const { t } = useI18n();
  const id = useId();
  const set = (patch: Partial<ConnectionForm>) => onChange({ ...value, ...patch });
  return (
    <fieldset className="connection">
      <legend>{t('conn.legend')}</legend>
      <div className="row">
        <label className="check">
          <input type="checkbox" checked={value.plainHttp} onChange={(e) => set({ plainHttp: e.target.checked })} data-testid={`${testIdPrefix}-plain-http`} />
          {t('conn.plainHttp')}
        </label>
        <label className="check">
          <input type="checkbox" checked={value.insecure} disabled={value.plainHttp} onChange={(e) => set({ insecure: e.target.checked })} data-testid={`${testIdPrefix}-insecure`} />
          {t('conn.insecure')}
        </label>
      </div>
      {!value.plainHttp && (
        <PathField label={t('conn.caFile')} value={value.caFile} onChange={(caFile) => set({ caFile })} browse="ca-file" placeholder={t('conn.caFile.placeholder')} testId={`${testIdPrefix}-ca-file`} />
      )}
      {credentials && (
        <div className="row">
          <label htmlFor={`${id}-user`}>
            {t('conn.username')}
            <input id={`${id}-user`} value={value.username} onChange={(e) => set({ username: e.target.value })} autoComplete="off" spellCheck={false} data-testid={`${testIdPrefix}-username`} />
          </label>
          <label htmlFor={`${id}-pass`}>
            {t('conn.password')}
            <input id={`${id}-pass`} type="password" value={value.password} onChange={(e) => set({ password: e.target.value })} autoComplete="new-password" data-testid={`${testIdPrefix}-password`} />
          </label>
        </div>
      )}
      {credentials && <small className="muted">{t('conn.credentialsNote')}</small>}
    </fieldset>
  );
}
