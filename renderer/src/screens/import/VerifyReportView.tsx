import { useId, useState } from 'react';
import { StatusBadge } from '../../components/StatusBadge';
import { formatBytes } from '../../format';
import { useI18n } from '../../i18n';
import { filterFiles, problemCount, reportFileName, reportJson, type FileFilter, type VerifyReport } from '../../model/verify-report';

/** Saves the report as JSON through a Blob URL: no IPC, nothing leaves the machine. */
function exportReport(report: VerifyReport, appName: string): void {
  const url = URL.createObjectURL(new Blob([reportJson(report, new Date(), appName)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = reportFileName(report.bundle);
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const FILTERS: readonly FileFilter[] = ['problems-first', 'problems-only', 'bundle-order'];

/** The verdict, problems that are not about one file, volumes, and the per-file table. */
export function VerifyReportView({ report }: { report: VerifyReport }) {
  const { t } = useI18n();
  const id = useId();
  const [filter, setFilter] = useState<FileFilter>('problems-first');
  const files = filterFiles(report.files, filter);
  const filterLabel = { 'problems-first': t('verify.filter.problemsFirst'), 'problems-only': t('verify.filter.problemsOnly'), 'bundle-order': t('verify.filter.bundleOrder') };
  return (
    <div data-testid="verify-report">
      <p className={report.ok ? 'verdict ok' : 'verdict bad'} role="status" data-testid="verify-verdict" data-ok={String(report.ok)}>
        {report.ok ? t('verify.ok', { files: report.summary.files, size: formatBytes(report.summary.bytes) }) : t('verify.bad', { count: problemCount(report), files: report.summary.files })}
      </p>
      {report.problems.length > 0 && (
        <ul className="error" data-testid="verify-problems" lang="en">
          {report.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {report.volumes.length > 0 && (
        <div className="table-wrap">
          <table data-testid="verify-volumes">
            <caption>{t('verify.volumes')}</caption>
            <ResultHead />
            <tbody>
              {report.volumes.map((v) => (
                <tr key={v.name}>
                  <td>
                    <code>{v.name}</code>
                  </td>
                  <td>
                    <StatusBadge status={v.status} />
                  </td>
                  <td className="num">{formatBytes(v.size)}</td>
                  <td lang="en">{v.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="row">
        <label htmlFor={`${id}-filter`}>
          {t('verify.filter')}
          <select id={`${id}-filter`} value={filter} onChange={(e) => setFilter(e.target.value as FileFilter)} data-testid="verify-filter">
            {FILTERS.map((f) => (
              <option key={f} value={f}>
                {filterLabel[f]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="secondary" onClick={() => exportReport(report, t('app.title'))} data-testid="verify-export">
          {t('verify.export')}
        </button>
      </div>
      <div className="table-wrap tall">
        <table data-testid="verify-files">
          <caption>{t('verify.files', { shown: files.length, total: report.files.length })}</caption>
          <ResultHead />
          <tbody>
            {files.map((f) => (
              <tr key={f.path} data-testid="verify-file" data-status={f.status} className={f.status === 'ok' ? undefined : 'problem'}>
                <td>
                  <code data-testid="verify-file-path">{f.path}</code>
                </td>
                <td>
                  <StatusBadge status={f.status} />
                </td>
                <td className="num">{formatBytes(f.size)}</td>
                <td className="small" lang="en">
                  {f.detail}
                </td>
              </tr>
            ))}
            {files.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  {t('verify.noProblems')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The columns both result tables share (volumes and files). */
function ResultHead() {
  const { t } = useI18n();
  return (
    <thead>
      <tr>
        <th scope="col">{t('verify.col.file')}</th>
        <th scope="col">{t('verify.col.status')}</th>
        <th scope="col" className="num">
          {t('verify.col.size')}
        </th>
        <th scope="col">{t('verify.col.detail')}</th>
      </tr>
    </thead>
  );
}
