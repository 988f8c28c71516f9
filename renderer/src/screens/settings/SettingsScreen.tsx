import { useCallback, useEffect } from 'react';
import type { AppSettings } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { LanguageSelect } from '../../components/LanguageSelect';
import { Screen } from '../../components/Screen';
import { useCall } from '../../hooks/useCall';
import { useI18n } from '../../i18n';
import { LoginsPanel } from './LoginsPanel';
import { RegistriesPanel } from './RegistriesPanel';
import { TempDirPanel } from './TempDirPanel';

/** The settings the CLI shares (registries, logins) and the app's own (temp folder, language). */
export function SettingsScreen() {
  const { t } = useI18n();
  const settings = useCall<AppSettings>();
  const { run } = settings;
  const reload = useCallback(() => void run(() => call('settings:get', {})), [run]);
  useEffect(reload, [reload]);
  const s = settings.result;
  return (
    <Screen route="settings" title={t('settings.title')} intro={s ? t('settings.intro', { dir: s.settingsDir }) : undefined}>
      {settings.error !== undefined && <ErrorNote error={settings.error} />}
      {s && (
        <>
          <RegistriesPanel registries={s.registries} onChanged={reload} />
          <LoginsPanel logins={s.logins} protection={s.secretProtection} onChanged={reload} />
          <TempDirPanel settings={s} onChanged={reload} />
        </>
      )}
      <section className="panel" aria-labelledby="appearance-title">
        <h3 id="appearance-title">{t('settings.appearance')}</h3>
        <LanguageSelect testId="settings-lang" />
        <p className="muted">{t('settings.theme')}</p>
      </section>
    </Screen>
  );
}
