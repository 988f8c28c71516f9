import { useId, useState } from 'react';
import { renderVerifyText } from '../../../../shared/messages/verify-render';
import { StatusBadge } from '../../components/StatusBadge';
import { formatBytes } from '../../format';
import { useI18n } from '../../i18n';
import { filterFiles, problemCount, reportFileName, reportJson, type FileFilter, type VerifyReport } from '../../model/verify-report';

type VerifyFinding = NonNullable<VerifyReport['findings']>[number];

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

/**
 * The verdict in one sentence with the next step, every problem once (what the count counts),
 * volumes, and the per-file table — in the UI's language: the engine's codes and parameters are
 * rendered here, and a damaged file is named by what it belongs to.
 */
export function VerifyReportView({ report }: { report: VerifyReport }) {
  const { t, locale } = useI18n();
  const id = useId();
  const [filter, setFilter] = useState<FileFilter>('problems-first');
  const files = filterFiles(report.files, filter);
  const filterLabel = { 'problems-first': t('verify.filter.problemsFirst'), 'problems-only': t('verify.filter.problemsOnly'), 'bundle-order': t('verify.filter.bundleOrder') };
  const findings = report.findings ?? [];
  const count = report.findings ? findings.length : problemCount(report);
  const verdict = !report.ok && report.verdict ? renderVerifyText(report.verdict, locale, 'ui') : undefined;
  const say = (code: string | undefined, english: string | undefined, details: Readonly<Record<string, unknown>> | undefined, owner?: VerifyFinding['owner']) =>
    code ? renderVerifyText({ code, message: english ?? code, details: details ?? {}, owner }, locale, 'ui').message : english;
  return (
    <div data-testid="verify-report">
      <p className={report.ok ? 'verdict ok' : 'verdict bad'} role="status" data-testid="verify-verdict" data-ok={String(report.ok)} data-code={report.verdict?.code}>
        {report.ok ? t('verify.ok', { files: report.summary.files, size: formatBytes(report.summary.bytes) }) : (verdict?.message ?? t('verify.bad', { count, files: report.summary.files }))}
      </p>
      {verdict?.hint && (
        <p className="hint" data-testid="verify-hint">
          <span className="hint-label">{t('verify.next')}</span> {verdict.hint}
        </p>
      )}
      {findings.length > 0 && (
        <div data-testid="verify-problems-panel">
          <h4 data-testid="verify-problems-title" data-count={findings.length}>
            {t('verify.problemsTitle', { count: findings.length })}
          </h4>
          <ul className="error" data-testid="verify-problems">
            {findings.map((f, i) => (
              <li key={`${f.code}-${i}`} data-testid="verify-problem" data-code={f.code}>
                {renderVerifyText(f, locale, 'ui').message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {!report.findings && report.problems.length > 0 && (
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
                  <td>{say(v.code, v.detail, v.details)}</td>
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
                <td className="small">{f.status === 'ok' ? f.detail : say(f.code, f.detail, f.details, f.owner)}</td>
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
