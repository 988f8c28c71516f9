import { Screen } from '../../components/Screen';
import { useI18n, type MessageKey } from '../../i18n';
import { hrefOf, type Route } from '../../router';
import { RecentBundles } from './RecentBundles';
import { SystemPanel } from './SystemPanel';

const ENTRIES: ReadonlyArray<{ route: Route; title: MessageKey; text: MessageKey; side: MessageKey }> = [
  { route: 'build', title: 'home.build', text: 'home.build.text', side: 'home.side.connected' },
  { route: 'import', title: 'home.import', text: 'home.import.text', side: 'home.side.offline' },
  { route: 'deploy', title: 'home.deploy', text: 'home.deploy.text', side: 'home.side.offline' },
];

/** Where an operator starts: the three jobs, recent bundles, and this machine's state. */
export function HomeScreen() {
  const { t } = useI18n();
  return (
    <Screen route="home" title={t('home.title')} intro={t('app.tagline')}>
      <ul className="entries">
        {ENTRIES.map((e) => (
          <li key={e.route}>
            <a className="entry" href={hrefOf(e.route)} data-testid={`home-${e.route}`}>
              <span className="entry-side">{t(e.side)}</span>
              <span className="entry-title">{t(e.title)}</span>
              <span className="entry-text">{t(e.text)}</span>
            </a>
          </li>
        ))}
      </ul>
      <RecentBundles />
      <SystemPanel />
    </Screen>
  );
}
