import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

/** Hash routes (`#/build`): no server routing needed, works from file:// in Electron too. */
export const ROUTES = ['home', 'build', 'import', 'deploy', 'settings'] as const;
export type Route = (typeof ROUTES)[number];

export function routeFromHash(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[?/]/)[0] ?? '';
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'home';
}

export function hrefOf(route: Route): string {
  return `#/${route}`;
}

interface Router {
  readonly route: Route;
  /** Counts navigations, so a screen moves focus to its heading only after a real navigation. */
  readonly navigations: number;
  navigate(route: Route): void;
}

const RouterContext = createContext<Router | undefined>(undefined);

export function RouterProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState(() => ({ route: routeFromHash(window.location.hash), navigations: 0 }));
  useEffect(() => {
    const onHash = () => setState((s) => ({ route: routeFromHash(window.location.hash), navigations: s.navigations + 1 }));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const navigate = useCallback((route: Route) => {
    if (window.location.hash === hrefOf(route)) setState((s) => ({ route, navigations: s.navigations + 1 }));
    else window.location.hash = hrefOf(route);
  }, []);
  const value = useMemo(() => ({ ...state, navigate }), [state, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function useRouter(): Router {
  const ctx = useContext(RouterContext);
  if (!ctx) throw new Error('useRouter outside RouterProvider');
  return ctx;
}
