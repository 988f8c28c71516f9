import { hasHost } from './api/client';
import { locales, useI18n, type Locale } from './i18n';
import { SystemPanel } from './screens/SystemPanel';

export function App() {
  const { t, locale, setLocale } = useI18n();
  return (
    <div className="app">
      <header className="topbar">
        <h1>{t('app.title')}</h1>
        <label className="lang">
          {t('lang.label')}
          <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)} data-testid="lang">
            {locales.map((l) => (
              <option key={l} value={l}>
                {l === 'en' ? 'English' : '简体中文'}
              </option>
            ))}
          </select>
        </label>
      </header>
      <main>
        <p className="tagline">{t('app.tagline')}</p>
        {hasHost() ? <SystemPanel /> : <p className="error">{t('app.noHost')}</p>}
      </main>
    </div>
  );
}
