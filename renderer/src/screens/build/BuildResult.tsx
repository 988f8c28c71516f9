import { useEffect, useRef } from 'react';
import type { BuildResult as Result } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { CopyButton } from '../../components/CopyButton';
import { Hash } from '../../components/Hash';
import { formatBytes } from '../../format';
import { useI18n } from '../../i18n';
import { useRouter } from '../../router';
import { useHostInfo } from '../../state/host-info';
import { useWorkspace } from '../../state/workspace';

/** The written bundle: each file with its size and checksums, the sidecars, and where to go next. */
export function BuildResult({ result, onAgain }: { result: Result; onAgain(): void }) {
  const { t } = useI18n();
  const { dialogs } = useHostInfo();
  const { navigate } = useRouter();
  const { requestOpen } = useWorkspace();
  const heading = useRef<HTMLHeadingElement>(null);
  // Shown when a build ends: bring it into view and put the keyboard there.
  useEffect(() => heading.current?.focus(), []);
  const first = result.output.files[0]?.path;
  const split = result.output.files.length > 1 || result.output.volumeList !== undefined;
  return (
    <section className="panel result" aria-labelledby="build-result-title" data-testid="build-result">
      <h3 id="build-result-title" className="ok" tabIndex={-1} ref={heading}>
        {t('result.title')}
      </h3>
      <p>{t('result.summary', { plugins: result.manifest.plugins.length, images: result.manifest.images.length, size: formatBytes(result.output.whole.size) })}</p>
      {result.manifest.charts && result.manifest.charts.length > 0 && (
        <p data-testid="result-charts">
          {t('release.build.resultCharts', { charts: result.manifest.charts.map((c) => `${c.name} ${c.version}`).join(', ') })}
        </p>
      )}
      {result.manifest.inventory && <p data-testid="result-inventory">{t('migrate.result.objects', { count: result.manifest.inventory.objects.length })}</p>}
      <div className="table-wrap">
        <table className="files">
          <thead>
            <tr>
              <th scope="col">{t('result.col.file')}</th>
              <th scope="col" className="num">
                {t('result.col.size')}
              </th>
              <th scope="col">MD5</th>
              <th scope="col">SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {result.output.files.map((f) => (
              <tr key={f.path} data-testid="result-file">
                <td>
                  <span className="path" data-testid="result-path">
                    {f.path}
                  </span>{' '}
                  <CopyButton text={f.path} label={t('result.copyPath')} />
                </td>
                <td className="num">{formatBytes(f.size)}</td>
                <td>
                  <Hash value={f.md5} label={t('result.copyMd5')} testId="result-md5" />
                </td>
                <td>
                  <Hash value={f.sha256} label={t('result.copySha256')} testId="result-sha256" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {split && (
        <dl className="facts">
          <dt>{t('result.whole')}</dt>
          <dd>
            {formatBytes(result.output.whole.size)} · MD5 <Hash value={result.output.whole.md5} label={t('result.copyMd5')} /> · SHA-256 <Hash value={result.output.whole.sha256} label={t('result.copySha256')} />
          </dd>
          {result.output.volumeList && (
            <>
              <dt>{t('result.volumeList')}</dt>
              <dd className="path">{result.output.volumeList}</dd>
            </>
          )}
        </dl>
      )}
      <h4>{t('result.sidecars')}</h4>
      <ul className="paths" data-testid="result-sidecars">
        {result.output.sidecars.map((s) => (
          <li key={s}>
            <code>{s}</code>
          </li>
        ))}
      </ul>
      {result.warnings.length > 0 && (
        <ul className="warn" data-testid="result-warnings" lang="en">
          {result.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <div className="row">
        {dialogs && first && (
          <button type="button" className="secondary" onClick={() => void call('shell:show', { path: first }).catch(() => undefined)} data-testid="result-open-folder">
            {t('result.openFolder')}
          </button>
        )}
        {first && (
          <button
            type="button"
            onClick={() => {
              requestOpen(first);
              navigate('import');
            }}
            data-testid="result-import"
          >
            {t('result.import')}
          </button>
        )}
        <button type="button" className="secondary" onClick={onAgain} data-testid="result-again">
          {t('result.again')}
        </button>
      </div>
    </section>
  );
}
