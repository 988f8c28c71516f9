import type { BundleEstimate, FolderStatus } from '../../../../shared/ipc/contract';
import { formatBytes } from '../../format';
import { useI18n } from '../../i18n';
import { plannedFiles } from '../../model/output-files';

/** What the build will write and how big it will be, against the folder's free space. */
export function BuildSummary({ estimate, out, volumeSize, folder }: { estimate: BundleEstimate; out: string; volumeSize: number | undefined; folder: FolderStatus | undefined }) {
  const { t } = useI18n();
  const files = out.trim() ? plannedFiles(out.trim(), estimate.estimatedBytes, volumeSize) : undefined;
  const short = folder?.freeBytes !== undefined && folder.freeBytes < estimate.estimatedBytes;
  return (
    <div className="summary" data-testid="build-summary">
      <p>
        <strong data-testid="build-estimate-total">{t('summary.total', { size: formatBytes(estimate.estimatedBytes) })}</strong>{' '}
        {t('summary.counts', { images: estimate.images.length, plugins: estimate.plugins.length, platforms: estimate.platforms.join(', ') || '–' })}
      </p>
      {short && (
        <p className="warn" role="alert">
          {t('summary.noSpace', { free: formatBytes(folder.freeBytes) })}
        </p>
      )}
      <div className="table-wrap">
        <table>
          <caption>{t('summary.contents')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('summary.col.item')}</th>
              <th scope="col">{t('summary.col.detail')}</th>
              <th scope="col" className="num">
                {t('summary.col.size')}
              </th>
            </tr>
          </thead>
          <tbody>
            {estimate.images.map((i) => (
              <tr key={i.source}>
                <td>
                  <code>{i.source}</code>
                </td>
                <td>{i.platforms.join(', ')}</td>
                <td className="num">{formatBytes(i.size)}</td>
              </tr>
            ))}
            {estimate.plugins.map((p) => (
              <tr key={p.name} data-testid={`summary-plugin-${p.name}`}>
                <td>
                  {p.name} <span className="muted">{p.version}</span>
                </td>
                <td>
                  {p.layout} · {t('summary.served', { versions: p.servedVersions.join(', ') })}
                </td>
                <td className="num">{formatBytes(p.size)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {files && (
        <div>
          <h4>{t('summary.files')}</h4>
          <ul className="paths">
            {[...files.archives, ...files.sidecars, ...(files.volumeList ? [files.volumeList] : [])].map((f) => (
              <li key={f}>
                <code>{f}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
