import { localeNames, locales, useI18n, type Locale } from '../i18n';

export function LanguageSelect({ testId }: { testId: string }) {
  const { t, locale, setLocale } = useI18n();
  return (
    <label className="lang">
      {t('lang.label')}
      <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)} data-testid={testId}>
        {locales.map((l) => (
          <option key={l} value={l} lang={l}>
            {localeNames[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
