import { call } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { TaskProgress } from '../../components/TaskProgress';
import { useTask } from '../../hooks/useTask';
import { useI18n } from '../../i18n';
import { useHostInfo } from '../../state/host-info';

/** The other way in: load the bundle's images into the local Docker engine (verified first). */
export function DockerLoadPanel({ path }: { path: string }) {
  const { t } = useI18n();
  const { docker } = useHostInfo();
  const load = useTask<{ readonly loaded: readonly string[] }>();
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
        <ul className="paths ok" data-testid="docker-loaded">
          {load.result.loaded.map((l) => (
            <li key={l}>
              <code>{l}</code>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
