import type { Envelope } from './envelope';

/** Channel on which main sends events to a window: (eventName, payload). */
export const EVENT_CHANNEL = 'airgap:event';

/**
 * The raw surface a host gives the renderer: Electron's preload exposes it as `window.api`, the
 * `ui` HTTP bridge builds the same object in the browser. The renderer wraps it with types.
 */
export interface HostApi {
  readonly host: 'electron' | 'browser';
  invoke(channel: string, args: unknown): Promise<Envelope<unknown>>;
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
  /** Electron only: the file-system path of a dropped File. */
  pathForFile?: (file: File) => string;
}

/** Channel names look like `service:method`; anything else is refused before it leaves the preload. */
export const CHANNEL_NAME_PATTERN = /^[a-z]+:[a-zA-Z-]+$/;
