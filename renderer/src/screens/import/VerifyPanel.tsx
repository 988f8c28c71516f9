import { call } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { TaskProgress } from '../../components/TaskProgress';
import { useTask } from '../../hooks/useTask';
import { useI18n } from '../../i18n';
import type { VerifyReport } from '../../model/verify-report';
import { VerifyReportView } from './VerifyReportView';

/** Verification of every file (SHA-256, and MD5 but for image blobs), every blob digest and every volume, with progress. */
export function VerifyPanel({ path, onVerified }: { path: string; onVerified(ok: boolean): void }) {
  const { t } = useI18n();
  const verify = useTask<VerifyReport>();
  const start = async () => {
    const report = await verify.run((taskId) => call('bundle:verify', { taskId, path }));
    if (report) onVerified(report.ok);
  };
  const running = verify.status === 'running';
  return (
    <section className="panel" aria-labelledby="verify-title">
      <h3 id="verify-title">{t('verify.title')}</h3>
      <p className="muted">{t('verify.intro')}</p>
      <div className="row">
        <button type="button" onClick={() => void start()} disabled={running} data-testid="verify-start">
          {running ? t('verify.running') : verify.result ? t('verify.again') : t('verify.start')}
        </button>
      </div>
      {(running || verify.status === 'cancelled') && <TaskProgress progress={verify.progress} onCancel={running ? verify.cancel : undefined} testId="verify-progress" />}
      {verify.status === 'failed' && <ErrorNote error={verify.error} testId="verify-error" />}
      {verify.status === 'done' && verify.result && <VerifyReportView report={verify.result} />}
    </section>
  );
}
