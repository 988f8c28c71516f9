import { useId, useState } from 'react';
import type { OpenedBundle, ResultOf } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { TaskProgress } from '../../components/TaskProgress';
import { useTask } from '../../hooks/useTask';
import { useI18n } from '../../i18n';
import { useHostInfo } from '../../state/host-info';
import { PushResults } from './PushResults';
import { targetArgs, type TargetForm } from '../../model/target-form';

type Outcome = ResultOf<'push:run'>;
type Policy = 'skip' | 'overwrite' | 'fail';
type Via = 'registry' | 'docker';

/** Push options (collision policy, registry API or Docker engine, custom Plugin Server image) and the run. */
export function PushPanel({ bundle, form, ready, onPushed }: { bundle: OpenedBundle; form: TargetForm; ready: boolean; onPushed(outcome: Outcome): void }) {
  const { t } = useI18n();
  const id = useId();
  const { docker } = useHostInfo();
  const [policy, setPolicy] = useState<Policy>('skip');
  const [via, setVia] = useState<Via>('registry');
  const [customImage, setCustomImage] = useState('');
  const push = useTask<Outcome>();
  // Any bundled plugin may be missing from the official image (or under another version folder).
  const hasCustom = bundle.manifest.plugins.length > 0 && bundle.manifest.images.some((i) => i.role === 'plugin-server');
  const running = push.status === 'running';

  const start = async () => {
    const outcome = await push.run((taskId) =>
      call('push:run', { taskId, path: bundle.path, ...targetArgs(form), policy, via, ...(hasCustom && customImage.trim() ? { pluginServerImage: customImage.trim() } : {}) }),
    );
    if (outcome) onPushed(outcome);
  };

  return (
    <section className="panel" aria-labelledby="push-title">
      <h3 id="push-title">{t('push.title')}</h3>
      <div className="row">
        <label htmlFor={`${id}-policy`}>
          {t('push.policy')}
          <select id={`${id}-policy`} value={policy} onChange={(e) => setPolicy(e.target.value as Policy)} data-testid="push-policy">
            <option value="skip">{t('push.policy.skip')}</option>
            <option value="overwrite">{t('push.policy.overwrite')}</option>
            <option value="fail">{t('push.policy.fail')}</option>
          </select>
        </label>
        <label htmlFor={`${id}-via`}>
          {t('push.via')}
          <select id={`${id}-via`} value={via} onChange={(e) => setVia(e.target.value as Via)} data-testid="push-via">
            <option value="registry">{t('push.via.registry')}</option>
            <option value="docker">{t('push.via.docker')}</option>
          </select>
        </label>
      </div>
      {via === 'docker' && docker && !docker.reachable && <p className="warn">{t('push.dockerDown', { endpoint: docker.endpoint })}</p>}
      {hasCustom && (
        <label htmlFor={`${id}-custom`}>
          {t('push.customImage')}
          <input id={`${id}-custom`} className="wide" value={customImage} onChange={(e) => setCustomImage(e.target.value)} placeholder={t('push.customImage.placeholder')} spellCheck={false} data-testid="push-custom-image" />
        </label>
      )}
      <p className="muted">{t('push.verifyFirst')}</p>
      <div className="row">
        <button type="button" onClick={() => void start()} disabled={!ready || running} data-testid="push-start">
          {running ? t('push.running') : t('push.start')}
        </button>
      </div>
      {(running || push.status === 'cancelled') && <TaskProgress progress={push.progress} onCancel={running ? push.cancel : undefined} testId="push-progress" />}
      {push.status === 'cancelled' && <p className="warn">{t('push.cancelled')}</p>}
      {push.status === 'failed' && <ErrorNote error={push.error} testId="push-error" />}
      {push.status === 'done' && push.result && <PushResults outcome={push.result} />}
    </section>
  );
}
