import { lazy, Suspense, useState } from 'react';
import { hasHost } from './api/client';
import { TopBar } from './components/TopBar';
import { useI18n } from './i18n';
import { RouterProvider, useRouter, type Route } from './router';
import { BuildScreen } from './screens/build/BuildScreen';
import { HomeScreen } from './screens/home/HomeScreen';
import { ImportScreen } from './screens/import/ImportScreen';
import { SettingsScreen } from './screens/settings/SettingsScreen';
import { HostInfoProvider } from './state/host-info';
import { WorkspaceProvider } from './state/workspace';

// The deployment generators (kubernetes-models, yaml) are most of the code: load them when Deploy is first opened.
const DeployScreen = lazy(() => import('./screens/deploy/DeployScreen').then((m) => ({ default: m.DeployScreen })));

const SCREENS: Readonly<Record<Route, React.ComponentType>> = {
  home: HomeScreen,
  build: BuildScreen,
  import: ImportScreen,
  deploy: DeployScreen,
  settings: SettingsScreen,
};

/** Mounts a screen on its first visit and keeps it (hidden) afterwards, with its state and tasks. */
function Screens() {
  const { route } = useRouter();
  const [visited, setVisited] = useState<readonly Route[]>([route]);
  if (!visited.includes(route)) setVisited([...visited, route]);
  return (
    <>
      {visited.map((r) => {
        const Component = SCREENS[r];
        return (
          <Suspense key={r} fallback={null}>
            <Component />
          </Suspense>
        );
      })}
    </>
  );
}

export function App() {
  const { t } = useI18n();
  return (
    <RouterProvider>
      <div className="app">
        <TopBar />
        <main id="main" tabIndex={-1}>
          {hasHost() ? (
            <HostInfoProvider>
              <WorkspaceProvider>
                <Screens />
              </WorkspaceProvider>
            </HostInfoProvider>
          ) : (
            <p className="error" role="alert">
              {t('app.noHost')}
            </p>
          )}
        </main>
      </div>
    </RouterProvider>
  );
}
