import type { ResultOf } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { TaskProgress } from '../../components/TaskProgress';
import { useTask } from '../../hooks/useTask';
import { useI18n } from '../../i18n';
import { useHostInfo } from '../../state/host-info';
import { CodedText } from './PushResults';

/** The other way in: load the bundle's images into the local Docker engine (verified first); says which platform each got and that plugins stay out. */
export function DockerLoadPanel({ path }: { path: string }) {
  const { t } = useI18n();
  const { docker } = useHostInfo();
  const load = useTask<ResultOf<'docker:load'>>();
  const running = load.status === 'running';
  return (
    <section className="panel" aria-labelledby="docker-title">
      <h3 id="docker-title">{t('docker.title')}</h3>
      <p className="muted">{docker ? (docker.reachable ? t('docker.ready', { version: docker.version ?? '?', endpoint: docker.endpoint }) : t('docker.down', { endpoint: docker.endpoint })) : t('docker.intro')}</p>
      <div className="row">
        <button type="button" className="secondary" onClick={() => void load.run((taskId) => call('docker:load', { taskId, path }))} disabled={running || docker?.reachable === false} data-testid="docker-load">
          {running ? t('docker.loading') : t('docker.load')}
        </button>
      </div>
      {(running || load.status === 'cancelled') && <TaskProgress progress={load.progress} onCancel={running ? load.cancel : undefined} testId="docker-progress" />}
      {load.status === 'failed' && <ErrorNote error={load.error} testId="docker-error" />}
      {load.status === 'done' && load.result && (
        <div data-testid="docker-result">
          <p>{t('docker.loadedTitle')}</p>
          <ul className="paths ok" data-testid="docker-loaded">
            {load.result.images.map((i) => (
              <li key={i.source} data-testid="docker-loaded-image" data-platform={i.platform}>
                <CodedText m={i.notice} />
              </li>
            ))}
          </ul>
          {load.result.notices.map((n) => (
            <p key={n.code} className="muted" data-testid="docker-plugins-note">
              <CodedText m={n} />
            </p>
          ))}
        </div>
      )}
    </section>
  );
}
