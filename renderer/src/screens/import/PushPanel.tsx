import { useId, useState } from 'react';
import type { OpenedBundle, ResultOf } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNote } from '../../components/ErrorNote';
import { TaskProgress } from '../../components/TaskProgress';
import { useTask } from '../../hooks/useTask';
import { useI18n, type MessageKey } from '../../i18n';
import { useHostInfo } from '../../state/host-info';
import { CodedText, PushResults } from './PushResults';
import { targetArgs, type TargetForm } from '../../model/target-form';
import { pushChanges, targetKey, type PushChanges } from '../../model/retag-rows';

type Outcome = ResultOf<'push:run'>;
type Policy = 'skip' | 'overwrite' | 'fail';
type Via = 'registry' | 'docker';

const POLICY_EXPLAINED: Readonly<Record<Policy, MessageKey>> = {
  skip: 'push.policy.explain.skip',
  overwrite: 'push.policy.explain.overwrite',
  fail: 'push.policy.explain.fail',
};

/**
 * Push options (collision policy, registry API or Docker engine, custom Plugin Server image) and
 * the run. Before a push that replaces tags or goes through Docker, the registry is asked what it
 * holds and the operator confirms each change: tag, its digest now, and what it will be.
 */
export function PushPanel({ bundle, form, ready, via, onVia, onPushed }: { bundle: OpenedBundle; form: TargetForm; ready: boolean; via: Via; onVia(via: Via): void; onPushed(outcome: Outcome): void }) {
  const { t } = useI18n();
  const id = useId();
  const { docker } = useHostInfo();
  const [policy, setPolicy] = useState<Policy>('skip');
  const [customImage, setCustomImage] = useState('');
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<unknown>();
  const [confirm, setConfirm] = useState<PushChanges>();
  // The target the shown result was pushed to: another target hides it (it says nothing about that one).
  const [resultFor, setResultFor] = useState<string>();
  const push = useTask<Outcome>();
  // Any bundled plugin may be missing from the official image (or under another version folder).
  const hasCustom = bundle.manifest.plugins.length > 0 && bundle.manifest.images.some((i) => i.role === 'plugin-server');
  const running = push.status === 'running';
  const key = targetKey(form);
  const current = resultFor === key;

  const run = async () => {
    setConfirm(undefined);
    setResultFor(key);
    const outcome = await push.run((taskId) =>
      call('push:run', { taskId, path: bundle.path, ...targetArgs(form), policy, via, ...(hasCustom && customImage.trim() ? { pluginServerImage: customImage.trim() } : {}) }),
    );
    if (outcome) onPushed(outcome);
  };

  // Ask the registry first when the push may replace tags or goes through Docker.
  const start = async () => {
    setCheckError(undefined);
    if (policy !== 'overwrite' && via !== 'docker') return run();
    setChecking(true);
    try {
      const preview = await call('push:preview', { path: bundle.path, ...targetArgs(form), via, policy });
      const changes = pushChanges(preview);
      if (changes.replaced.length === 0 && changes.docker.length === 0) return await run();
      setConfirm(changes);
    } catch (e) {
      setCheckError(e);
    } finally {
      setChecking(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="push-title">
      <h3 id="push-title">{t('push.title')}</h3>
      <div className="row">
        <label htmlFor={`${id}-policy`}>
          {t('push.policy')}
          <select id={`${id}-policy`} value={policy} onChange={(e) => setPolicy(e.target.value as Policy)} aria-describedby={`${id}-policy-explained`} data-testid="push-policy">
            <option value="skip">{t('push.policy.skip')}</option>
            <option value="overwrite">{t('push.policy.overwrite')}</option>
            <option value="fail">{t('push.policy.fail')}</option>
          </select>
        </label>
        <label htmlFor={`${id}-via`}>
          {t('push.via')}
          <select id={`${id}-via`} value={via} onChange={(e) => onVia(e.target.value as Via)} data-testid="push-via">
            <option value="registry">{t('push.via.registry')}</option>
            <option value="docker">{t('push.via.docker')}</option>
          </select>
        </label>
      </div>
      <p className="muted small" id={`${id}-policy-explained`} data-testid="push-policy-explained">
        {t(POLICY_EXPLAINED[policy])}
      </p>
      {via === 'docker' && (
        <p className="warn" data-testid="push-docker-note">
          {t('push.via.dockerNote')}
        </p>
      )}
      {via === 'docker' && docker && !docker.reachable && <p className="warn">{t('push.dockerDown', { endpoint: docker.endpoint })}</p>}
      {hasCustom && (
        <label htmlFor={`${id}-custom`}>
          {t('push.customImage')}
          <input id={`${id}-custom`} className="wide" value={customImage} onChange={(e) => setCustomImage(e.target.value)} placeholder={t('push.customImage.placeholder')} spellCheck={false} data-testid="push-custom-image" />
        </label>
      )}
      <p className="muted">{t('push.verifyFirst')}</p>
      <div className="row">
        <button type="button" onClick={() => void start()} disabled={!ready || running || checking} data-testid="push-start">
          {running ? t('push.running') : checking ? t('push.checking') : t('push.start')}
        </button>
      </div>
      {checkError !== undefined && <ErrorNote error={checkError} testId="push-check-error" />}
      <ConfirmDialog
        open={confirm !== undefined}
        title={t('push.confirm.title')}
        message={t('push.confirm.message', { target: form.registry.trim() })}
        confirmLabel={confirm && confirm.replaced.length > 0 ? t('push.confirm.okReplace') : t('push.confirm.ok')}
        onConfirm={() => void run()}
        onCancel={() => setConfirm(undefined)}
        testId="push-confirm"
      >
        {confirm && confirm.replaced.length > 0 && (
          <>
            <h4>{t('push.confirm.replaceTitle')}</h4>
            <div className="table-wrap">
              <table data-testid="push-confirm-replaced">
                <thead>
                  <tr>
                    <th scope="col">{t('push.confirm.col.tag')}</th>
                    <th scope="col">{t('push.confirm.col.now')}</th>
                    <th scope="col">{t('push.confirm.col.after')}</th>
                  </tr>
                </thead>
                <tbody>
                  {confirm.replaced.map((r) => (
                    <tr key={r.target} data-testid="push-confirm-row">
                      <td>
                        <code data-testid="push-confirm-tag">{r.target}</code>
                      </td>
                      <td>
                        <code className="digest" data-testid="push-confirm-old">
                          {r.old}
                        </code>
                      </td>
                      <td>
                        {r.platform ? (
                          <span data-testid="push-confirm-new">{t('push.confirm.byDocker', { platform: r.platform })}</span>
                        ) : (
                          <code className="digest" data-testid="push-confirm-new">
                            {r.new}
                          </code>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        {confirm && confirm.docker.length > 0 && (
          <>
            <h4>{t('push.confirm.dockerTitle')}</h4>
            <ul data-testid="push-confirm-docker">
              {confirm.docker.map((n, k) => (
                <li key={k}>
                  <CodedText m={n} />
                </li>
              ))}
            </ul>
          </>
        )}
      </ConfirmDialog>
      {(running || push.status === 'cancelled') && <TaskProgress progress={push.progress} onCancel={running ? push.cancel : undefined} testId="push-progress" />}
      {current && push.status === 'cancelled' && <p className="warn">{t('push.cancelled')}</p>}
      {current && push.status === 'failed' && <ErrorNote error={push.error} testId="push-error" />}
      {current && push.status === 'done' && push.result && <PushResults outcome={push.result} />}
    </section>
  );
}
