import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n';

/** A native modal dialog: focus is trapped by the browser, Escape cancels. `children` lists what the action touches. */
export function ConfirmDialog({ open, title, message, confirmLabel, onConfirm, onCancel, testId, children }: { open: boolean; title: string; message: string; confirmLabel: string; onConfirm: () => void; onCancel: () => void; testId: string; children?: ReactNode }) {
  const { t } = useI18n();
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      data-testid={testId}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm();
        }}
      >
        <h3 id={`${id}-title`}>{title}</h3>
        <p>{message}</p>
        {children}
        <div className="row end">
          <button type="button" className="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="danger" data-testid={`${testId}-ok`}>
            {confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
