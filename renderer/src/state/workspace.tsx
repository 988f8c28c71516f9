import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { OpenedBundle } from '../../../shared/ipc/contract';
import type { RetagMode } from '../../../shared/oci/retag';

/** Where the last push went: the Deploy screen starts from it. No credentials here. */
export interface PushTarget {
  readonly registry: string;
  readonly targetMode: RetagMode;
  readonly plainHttp: boolean;
  readonly insecure: boolean;
  readonly caFile: boolean;
  /** The plugin-server image as pushed, when it was. */
  readonly pluginServerRef?: string | undefined;
}

/** A request to open a bundle on the Import screen (from Home's recent list or a finished build). */
export interface OpenRequest {
  readonly path: string;
  readonly seq: number;
}

interface Workspace {
  readonly bundle?: OpenedBundle | undefined;
  readonly pushTarget?: PushTarget | undefined;
  readonly openRequest?: OpenRequest | undefined;
  setBundle(b: OpenedBundle | undefined): void;
  setPushTarget(t: PushTarget | undefined): void;
  requestOpen(path: string): void;
}

const WorkspaceContext = createContext<Workspace | undefined>(undefined);

/** What the screens share in memory for this window: the open bundle and the last push target. */
export function WorkspaceProvider({ children }: { children: ReactNode }) {
  const [bundle, setBundle] = useState<OpenedBundle>();
  const [pushTarget, setPushTarget] = useState<PushTarget>();
  const [openRequest, setOpenRequest] = useState<OpenRequest>();
  const requestOpen = useCallback((path: string) => setOpenRequest((r) => ({ path, seq: (r?.seq ?? 0) + 1 })), []);
  const value = useMemo(() => ({ bundle, pushTarget, openRequest, setBundle, setPushTarget, requestOpen }), [bundle, pushTarget, openRequest, requestOpen]);
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

export function useWorkspace(): Workspace {
  const ctx = useContext(WorkspaceContext);
  if (!ctx) throw new Error('useWorkspace outside WorkspaceProvider');
  return ctx;
}
