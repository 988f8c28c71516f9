import { useEffect, useState, type FormEvent } from 'react';
import type { TargetDeployment } from '../../../../shared/deploy';
import type { FolderChange } from '../../../../shared/deploy-output/write-folder';
import type { ResultOf } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNote } from '../../components/ErrorNote';
import { PathField } from '../../components/PathField';
import { useCall } from '../../hooks/useCall';
import { useI18n } from '../../i18n';

interface PendingReplace {
  readonly replace: readonly FolderChange[];
  readonly remove: readonly FolderChange[];
}

/** The files an earlier run wrote that this save would replace or remove (from the engine's refusal). */
function pendingOf(error: unknown): PendingReplace | undefined {
  const e = error as { code?: unknown; details?: Readonly<Record<string, unknown>> } | undefined;
  if (e?.code !== 'DEPLOY_REPLACE_UNCONFIRMED') return undefined;
  const changes = (v: unknown): FolderChange[] =>
    Array.isArray(v) ? v.filter((c): c is FolderChange => typeof c === 'object' && c !== null && typeof (c as FolderChange).path === 'string').map((c) => ({ path: c.path, edited: c.edited === true })) : [];
  return { replace: changes(e.details?.replace), remove: changes(e.details?.remove) };
}

/**
 * Writes the generated files (only those: the engine refuses any other path) into a folder. Files
 * of an earlier run are replaced only after a dialog that names each one (and says which were
 * edited by hand); files no run wrote are never touched. A result belongs to one output and one
 * folder: it goes away when either changes.
 */
export function SaveDeployment({ output, bundlePath }: { output: TargetDeployment | undefined; bundlePath: string | undefined }) {
  const { t } = useI18n();
  const [dir, setDir] = useState('');
  const save = useCall<ResultOf<'deploy:write'>>();
  const { reset } = save;
  useEffect(() => reset(), [output, dir, reset]);
  // A refusal that only asks for consent is shown as the dialog, not as an error.
  const pending = pendingOf(save.error);

  const write = (confirmReplace?: readonly string[]) => {
    if (!output) return;
    const files = output.files.map((f) => ({ path: f.path, content: f.content }));
    // Plugin modules and chart packages: the engine copies them out of the bundle.
    const copies = output.copies.map((c) => ({ from: c.from, path: c.path }));
    const fromBundle = copies.length && bundlePath ? { bundle: bundlePath, copies } : {};
    void save.run(() => call('deploy:write', { dir: dir.trim(), files, ...fromBundle, ...(confirmReplace ? { confirmReplace: [...confirmReplace] } : {}) }));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!output || !dir.trim()) return;
    write();
  };
  const listed = pending ? [...pending.replace.map((c) => ({ ...c, action: 'replace' as const })), ...pending.remove.map((c) => ({ ...c, action: 'remove' as const }))] : [];
  const result = save.result && !save.busy ? save.result : undefined;
  return (
    <>
      <form className="panel" onSubmit={submit} aria-labelledby="deploy-save-title">
        <h3 id="deploy-save-title">{t('deploy.save')}</h3>
        <PathField label={t('deploy.save.dir')} value={dir} onChange={setDir} browse="folder" placeholder={t('deploy.save.placeholder')} testId="deploy-dir" required />
        <p className="muted">{t('deploy.save.rule')}</p>
        <div className="row">
          <button type="submit" disabled={!output || !dir.trim() || save.busy} data-testid="deploy-save">
            {save.busy ? t('deploy.saving') : t('deploy.save.button')}
          </button>
        </div>
        {save.error !== undefined && !pending && <ErrorNote error={save.error} testId="deploy-save-error" />}
        {result && (
          <div className="ok" role="status" data-testid="deploy-saved">
            {t('deploy.saved', { count: result.written.length, dir: result.dir })}
            <ul className="paths">
              {result.written.map((w) => (
                <li key={w}>
                  <code>{w}</code>
                  {result.replace.some((c) => c.path === w) && <span className="muted"> — {t('deploy.saved.replaced')}</span>}
                </li>
              ))}
              {result.remove.map((c) => (
                <li key={c.path}>
                  <code>{c.path}</code> <span className="muted">— {t('deploy.saved.removed')}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </form>
      {/* Outside the form: a dialog's own form must not nest in another. */}
        <ConfirmDialog
          open={pending !== undefined}
          title={t('deploy.replace.title')}
          message={t('deploy.replace.message', { dir: dir.trim() })}
          confirmLabel={t('deploy.replace.confirm', { count: listed.length })}
          onConfirm={() => write(listed.map((c) => c.path))}
          onCancel={reset}
          testId="deploy-replace-dialog"
        >
          <ul className="paths" data-testid="deploy-replace-list">
            {listed.map((c) => (
              <li key={c.path}>
                <code>{c.path}</code> — {t(c.action === 'replace' ? 'deploy.replace.replaced' : 'deploy.replace.removed')}
                {c.edited && <strong className="warn"> {t('deploy.replace.edited')}</strong>}
              </li>
            ))}
          </ul>
        </ConfirmDialog>
    </>
  );
}
