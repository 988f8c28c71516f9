import { hrefOf, useRouter, type Route } from '../router';
import { useI18n, type MessageKey } from '../i18n';
import { LanguageSelect } from './LanguageSelect';

const LINKS: ReadonlyArray<readonly [Route, MessageKey]> = [
  ['home', 'nav.home'],
  ['build', 'nav.build'],
  ['import', 'nav.import'],
  ['deploy', 'nav.deploy'],
  ['settings', 'nav.settings'],
];

/** App name, the screens, and the language switch; first in the tab order after "skip". */
export function TopBar() {
  const { t } = useI18n();
  const { route } = useRouter();
  return (
    <header className="topbar">
      <a className="skip" href="#main" onClick={(e) => {
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        {t('nav.skip')}
      </a>
      <h1>{t('app.title')}</h1>
      <nav aria-label={t('nav.label')}>
        <ul>
          {LINKS.map(([r, key]) => (
            <li key={r}>
              <a href={hrefOf(r)} aria-current={route === r ? 'page' : undefined} data-testid={`nav-${r}`}>
                {t(key)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <LanguageSelect testId="lang" />
    </header>
  );
}
