/**
 * Progress of long work, reported by the engine and carried over IPC tagged with a task id.
 * Byte counters only grow: a retried blob is reported as a retry, never as going backwards.
 */
export interface ProgressEvent {
  /** Which stage: `resolve`, `pull`, `write`, `verify`, `push`, `load`… */
  readonly phase: string;
  /** The item being worked on (a reference, a file in the bundle), if any. */
  readonly item?: string | undefined;
  readonly itemBytesDone?: number | undefined;
  readonly itemBytesTotal?: number | undefined;
  readonly bytesDone: number;
  readonly bytesTotal?: number | undefined;
  readonly itemsDone?: number | undefined;
  readonly itemsTotal?: number | undefined;
  /** The English text of `notice` (or a free note where no code exists yet). */
  readonly message?: string | undefined;
  /** The stage note as a coded message (see shared/messages): the reader's language renders it. */
  readonly notice?: ProgressNotice | undefined;
  /** Set when a request is being retried, so the UI can show it. */
  readonly retry?: { readonly attempt: number; readonly reason: string; readonly delayMs: number } | undefined;
}

/** A coded note (the shape of a `Notice` from shared/messages/catalog). */
export interface ProgressNotice {
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export type ProgressSink = (event: ProgressEvent) => void;

export const noProgress: ProgressSink = () => {};
