import { useId, useState } from 'react';
import { RELEASES } from '../../../../shared/catalog/catalog';
import { SOURCE_REGISTRIES } from '../../../../shared/catalog/registries';
import type { ResultOf } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { ConnectionFields } from '../../components/ConnectionFields';
import { ErrorNote } from '../../components/ErrorNote';
import { useCall } from '../../hooks/useCall';
import { useI18n, type MessageKey } from '../../i18n';
import { CUSTOM_SOURCE, sourceConnection, sourceHost, type BuildForm } from '../../model/build-plan';

const PRESET_LABELS: readonly MessageKey[] = ['source.official', 'source.mirrorUs', 'source.mirrorSea'];

/** Which Higress release, and where its images and plugins come from. */
export function SourceSection({ form, update, savedHosts }: { form: BuildForm; update(p: Partial<BuildForm>): void; savedHosts: readonly string[] }) {
  const { t } = useI18n();
  const id = useId();
  const test = useCall<ResultOf<'registry:test'>>();
  const host = sourceHost(form);
  const presets = new Set(SOURCE_REGISTRIES.map((r) => r.host));
  const saved = savedHosts.filter((h) => !presets.has(h));

  // A result only speaks for the host it was made for.
  const [tested, setTested] = useState('');
  const runTest = () => {
    const connection = sourceConnection(form);
    setTested(host);
    void test.run(() => call('registry:test', { host, ...(connection ? { connection } : {}) }));
  };

  return (
    <fieldset className="panel">
      <legend>{t('build.source')}</legend>
      <div className="row">
        <label htmlFor={`${id}-release`}>
          {t('build.release')}
          <select id={`${id}-release`} value={form.release} onChange={(e) => update({ release: e.target.value, plugins: [] })} data-testid="build-release">
            {RELEASES.map((r, i) => (
              <option key={r.release} value={r.release}>
                {i === 0 ? t('build.release.latest', { release: r.release }) : r.release}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={`${id}-source`}>
          {t('build.registry')}
          <select id={`${id}-source`} value={form.source} onChange={(e) => update({ source: e.target.value })} data-testid="build-source">
            <optgroup label={t('build.registry.official')}>
              {SOURCE_REGISTRIES.map((r, i) => (
                <option key={r.host} value={r.host}>
                  {PRESET_LABELS[i] ? t(PRESET_LABELS[i]) : r.label} — {r.host}
                </option>
              ))}
            </optgroup>
            {saved.length > 0 && (
              <optgroup label={t('build.registry.saved')}>
                {saved.map((h) => (
                  <option key={h} value={h}>
                    {h}
                  </option>
                ))}
              </optgroup>
            )}
            <option value={CUSTOM_SOURCE}>{t('build.registry.custom')}</option>
          </select>
        </label>
        <button type="button" className="secondary" onClick={runTest} disabled={!host || test.busy} data-testid="build-source-test">
          {test.busy ? t('common.testing') : t('common.testConnection')}
        </button>
      </div>
      {form.source === CUSTOM_SOURCE && (
        <div className="stack">
          <label htmlFor={`${id}-host`}>
            {t('build.registry.host')}
            <input id={`${id}-host`} value={form.customHost} onChange={(e) => update({ customHost: e.target.value })} placeholder="registry.example.com:5000" spellCheck={false} autoComplete="off" data-testid="build-source-host" />
          </label>
          <ConnectionFields value={form.connection} onChange={(connection) => update({ connection })} testIdPrefix="build-source" />
        </div>
      )}
      <label className="check">
        <input type="checkbox" checked={form.followTags} onChange={(e) => update({ followTags: e.target.checked })} data-testid="build-follow-tags" />
        {t('build.followTags')}
      </label>
      <p className="muted small">{t('build.followTags.help')}</p>
      {tested === host && test.error !== undefined && <ErrorNote error={test.error} testId="build-source-error" />}
      {tested === host && test.result && !test.busy && (
        <p className="ok" role="status" data-testid="build-source-ok">
          {t('conn.ok', { host: test.result.host, auth: test.result.auth, login: loginText(t, test.result.login) })}
        </p>
      )}
    </fieldset>
  );
}

export function loginText(t: (k: MessageKey) => string, login: 'accepted' | 'anonymous' | 'not needed'): string {
  return login === 'accepted' ? t('conn.login.accepted') : login === 'anonymous' ? t('conn.login.anonymous') : t('conn.login.notNeeded');
}
