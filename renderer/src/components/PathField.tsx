import { useId, useState, type DragEvent } from 'react';
import { call, pathForFile } from '../api/client';
import { useI18n } from '../i18n';
import { useHostInfo } from '../state/host-info';

export type BrowseKind = 'bundle' | 'wasm' | 'folder' | 'ca-file' | 'inventory' | 'save-bundle';

interface Props {
  readonly label: string;
  readonly value: string;
  onChange(path: string): void;
  /** Which native dialog "Browse…" opens (desktop app only). */
  readonly browse?: BrowseKind | undefined;
  /** Accept a dropped file (desktop app: its real path; a browser cannot know it). */
  readonly droppable?: boolean | undefined;
  readonly placeholder?: string | undefined;
  readonly hint?: string | undefined;
  readonly testId?: string | undefined;
  readonly required?: boolean | undefined;
  readonly defaultName?: string | undefined;
}

/** A path typed by hand, picked with the native dialog in the desktop app, or dropped on it. */
export function PathField({ label, value, onChange, browse, droppable, placeholder, hint, testId, required, defaultName }: Props) {
  const { t } = useI18n();
  const { dialogs } = useHostInfo();
  const id = useId();
  const [dropNote, setDropNote] = useState(false);

  const pick = async () => {
    const result = browse === 'save-bundle' ? await call('dialog:save', { kind: 'bundle', ...(defaultName ? { defaultName } : {}) }) : await call('dialog:open', { kind: browse as Exclude<BrowseKind, 'save-bundle'> });
    if (result.path) onChange(result.path);
  };
  const onDrop = (e: DragEvent) => {
    if (!droppable) return;
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    const path = file ? pathForFile(file) : undefined;
    setDropNote(!path);
    if (path) onChange(path);
  };

  return (
    <div className="path-field" onDragOver={droppable ? (e) => e.preventDefault() : undefined} onDrop={onDrop}>
      <label htmlFor={id}>{label}</label>
      <div className="row tight">
        <input id={id} className="wide" value={value} onChange={(e) => onChange(e.target.value)} placeholder={placeholder} required={required} spellCheck={false} autoComplete="off" data-testid={testId} aria-describedby={hint ? `${id}-hint` : undefined} />
        {browse && dialogs && (
          <button type="button" className="secondary" onClick={() => void pick().catch(() => undefined)} data-testid={testId ? `${testId}-browse` : undefined}>
            {t('common.browse')}
          </button>
        )}
      </div>
      {hint && (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      )}
      {dropNote && (
        <small className="warn" role="status">
          {t('drop.needsDesktop')}
        </small>
      )}
    </div>
  );
}
