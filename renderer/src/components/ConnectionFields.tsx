import { useId } from 'react';
import { renderError } from '../../../shared/messages/catalog';
import type { ConnectionForm } from '../model/connection';
import { useI18n } from '../i18n';
import { connectionFieldProblems, type ConnectionField } from './connection-problems';
import { PathField } from './PathField';

/** TLS options and credentials for one registry; the password is never kept beyond the form. */
export function ConnectionFields({ value, onChange, testIdPrefix, credentials = true }: { value: ConnectionForm; onChange(v: ConnectionForm): void; testIdPrefix: string; credentials?: boolean }) {
  const { t, locale } = useI18n();
  const id = useId();
  const set = (patch: Partial<ConnectionForm>) => onChange({ ...value, ...patch });
  // The engine's refusals, said at the field while it is typed (the same texts a request would get back).
  const problems = connectionFieldProblems(value, credentials);
  const problemId = `${id}-problem`;
  const invalid = (field: ConnectionField) => (problems.some((p) => p.field === field) ? { 'aria-invalid': true, 'aria-describedby': problemId } : {});
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
            <input id={`${id}-user`} {...invalid('username')} value={value.username} onChange={(e) => set({ username: e.target.value })} autoComplete="off" spellCheck={false} data-testid={`${testIdPrefix}-username`} />
          </label>
          <label htmlFor={`${id}-pass`}>
            {t('conn.password')}
            <input id={`${id}-pass`} {...invalid('password')} type="password" value={value.password} onChange={(e) => set({ password: e.target.value })} autoComplete="new-password" data-testid={`${testIdPrefix}-password`} />
          </label>
        </div>
      )}
      {problems.length > 0 && (
        <div id={problemId} role="status" data-testid={`${testIdPrefix}-connection-problems`}>
          {problems.map(({ field, problem }) => {
            const shown = renderError(problem, locale, 'ui');
            return (
              <small key={problem.code} className="muted" data-code={problem.code} data-field={field}>
                {shown.message}
                {shown.hint && (
                  <>
                    {' '}
                    <span className="hint-label">{t('error.next')}</span> {shown.hint}
                  </>
                )}
              </small>
            );
          })}
        </div>
      )}
      {credentials && <small className="muted">{t('conn.credentialsNote')}</small>}
    </fieldset>
  );
}
