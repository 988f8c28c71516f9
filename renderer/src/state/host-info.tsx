import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { SystemCheckResult } from '../../../shared/ipc/contract';
import { call } from '../api/client';

/** What the host can do (native dialogs in Electron, how passwords are kept), asked once. */
export interface HostInfo {
  readonly dialogs: boolean;
  readonly secretProtection: 'plain' | 'safeStorage';
  readonly docker?: SystemCheckResult['docker'] | undefined;
}

const fallback: HostInfo = { dialogs: false, secretProtection: 'plain' };
const HostInfoContext = createContext<HostInfo>(fallback);

export function HostInfoProvider({ children }: { children: ReactNode }) {
  const [info, setInfo] = useState<HostInfo>(fallback);
  useEffect(() => {
    let live = true;
    call('system:check', {})
      .then((r) => live && setInfo({ dialogs: r.host?.dialogs ?? false, secretProtection: r.host?.secretProtection ?? 'plain', docker: r.docker }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return <HostInfoContext.Provider value={info}>{children}</HostInfoContext.Provider>;
}

export function useHostInfo(): HostInfo {
  return useContext(HostInfoContext);
}
