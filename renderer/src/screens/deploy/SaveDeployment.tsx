import { useState, type FormEvent } from 'react';
import type { DeployOutput } from '../../../../shared/deploy';
import type { ResultOf } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { PathField } from '../../components/PathField';
import { useCall } from '../../hooks/useCall';
import { useI18n } from '../../i18n';

/** Writes the generated files (only those: the engine refuses any other path) into a folder. */
export function SaveDeployment({ output }: { output: DeployOutput | undefined }) {
  const { t } = useI18n();
  const [dir, setDir] = useState('');
  const [force, setForce] = useState(false);
  const save = useCall<ResultOf<'deploy:write'>>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!output || !dir.trim()) return;
    void save.run(() => call('deploy:write', { dir: dir.trim(), ...(force ? { force: true } : {}), files: output.files.map((f) => ({ path: f.path, content: f.content })) }));
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="deploy-save-title">
      <h3 id="deploy-save-title">{t('deploy.save')}</h3>
      <PathField label={t('deploy.save.dir')} value={dir} onChange={setDir} browse="folder" placeholder={t('deploy.save.placeholder')} testId="deploy-dir" required />
      <label className="check">
        <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} data-testid="deploy-force" />
        {t('deploy.save.force')}
      </label>
      <div className="row">
        <button type="submit" disabled={!output || !dir.trim() || save.busy} data-testid="deploy-save">
          {save.busy ? t('deploy.saving') : t('deploy.save.button')}
        </button>
      </div>
      {save.error !== undefined && <ErrorNote error={save.error} testId="deploy-save-error" />}
      {save.result && !save.busy && (
        <div className="ok" role="status" data-testid="deploy-saved">
          {t('deploy.saved', { count: save.result.written.length, dir: save.result.dir })}
          <ul className="paths">
            {save.result.written.map((w) => (
              <li key={w}>
                <code>{w}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}
