import { useId } from 'react';
import type { ResultOf } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { ConnectionFields } from '../../components/ConnectionFields';
import { ErrorNote } from '../../components/ErrorNote';
import { useCall } from '../../hooks/useCall';
import { useI18n, type MessageKey } from '../../i18n';
import { parsedTarget, targetArgs, type TargetForm } from '../../model/target-form';
import { CodedText } from './PushResults';

type Preflight = ResultOf<'push:preflight'>;

const STEP_LABELS: Readonly<Record<Preflight['steps'][number]['step'], MessageKey>> = {
  reach: 'preflight.reach',
  login: 'preflight.login',
  project: 'preflight.project',
  push: 'preflight.push',
};

/** The target registry (`host[:port]/project`), how to reach it, and the connection test. */
export function TargetSection({ form, onChange }: { form: TargetForm; onChange(f: TargetForm): void }) {
  const { t } = useI18n();
  const id = useId();
  const preflight = useCall<Preflight>();
  const parsed = parsedTarget(form);
  const test = (createProject: boolean) => void preflight.run(() => call('push:preflight', { ...targetArgs(form), ...(createProject ? { createProject: true } : {}) }));
  const result = preflight.result;
  const projectMissing = result?.harbor && !result.harbor.exists;
  return (
    <fieldset className="panel">
      <legend>{t('target.title')}</legend>
      <div className="row">
        <label htmlFor={`${id}-registry`}>
          {t('target.registry')}
          <input id={`${id}-registry`} className="wide" value={form.registry} onChange={(e) => onChange({ ...form, registry: e.target.value })} placeholder="harbor.example.com/higress" spellCheck={false} autoComplete="off" aria-invalid={parsed.error !== undefined} data-testid="target-registry" />
        </label>
        <label htmlFor={`${id}-mode`}>
          {t('target.mode')}
          <select id={`${id}-mode`} value={form.targetMode} onChange={(e) => onChange({ ...form, targetMode: e.target.value as TargetForm['targetMode'] })} data-testid="target-mode">
            <option value="keep">{t('target.mode.keep')}</option>
            <option value="flatten">{t('target.mode.flatten')}</option>
          </select>
        </label>
      </div>
      <small className="muted">{t('target.hint')}</small>
      {parsed.error !== undefined && <ErrorNote error={parsed.error} testId="target-invalid" />}
      <ConnectionFields value={form.connection} onChange={(connection) => onChange({ ...form, connection })} testIdPrefix="target" />
      <div className="row">
        <button type="button" className="secondary" onClick={() => test(false)} disabled={!parsed.target || preflight.busy} data-testid="target-test">
          {preflight.busy ? t('common.testing') : t('common.testConnection')}
        </button>
        {projectMissing && (
          <button type="button" onClick={() => test(true)} disabled={preflight.busy} data-testid="target-create-project">
            {t('target.createProject', { project: result?.harbor?.project ?? '' })}
          </button>
        )}
      </div>
      {preflight.error !== undefined && <ErrorNote error={preflight.error} testId="target-error" />}
      {result && (
        <ol className="steps" data-testid="preflight-steps" aria-label={t('preflight.title')}>
          {result.steps.map((s) => (
            <li key={s.step} className={s.ok ? 'ok' : 'bad'} data-testid={`preflight-${s.step}`} data-ok={String(s.ok)}>
              <strong>{t(STEP_LABELS[s.step])}</strong> {s.ok ? '✓' : '✗'} {s.code ? <CodedText m={{ code: s.code, message: s.message, hint: s.hint, details: s.details }} withHint={!s.ok} /> : <span lang="en">{s.message}</span>}
            </li>
          ))}
          {result.harbor && (
            <li className="muted">
              {t('preflight.harbor', { version: result.harbor.version })}
            </li>
          )}
        </ol>
      )}
    </fieldset>
  );
}
