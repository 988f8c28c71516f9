import type { ResultOf } from '../../../../shared/ipc/contract';
import { CopyButton } from '../../components/CopyButton';
import { StatusBadge } from '../../components/StatusBadge';
import { formatBytes } from '../../format';
import { useI18n } from '../../i18n';

/** What was pushed where, with the digests (unchanged from the bundle) to check against. */
export function PushResults({ outcome }: { outcome: ResultOf<'push:run'> }) {
  const { t } = useI18n();
  const report = outcome.report;
  return (
    <div data-testid="push-results">
      <p className={report.ok ? 'verdict ok' : 'verdict bad'} role="status" data-testid="push-verdict" data-ok={String(report.ok)}>
        {report.ok ? t('push.ok', { count: report.items.length, target: report.target }) : t('push.bad', { count: report.items.filter((i) => i.status === 'failed' || i.status === 'conflict').length, total: report.items.length })}
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('push.col.item')}</th>
              <th scope="col">{t('push.col.target')}</th>
              <th scope="col">{t('push.col.digest')}</th>
              <th scope="col">{t('push.col.status')}</th>
              <th scope="col" className="num">
                {t('push.col.sent')}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.items.map((i, n) => (
              <tr key={`${i.targetRef}-${n}`} data-testid="push-item" data-kind={i.kind} data-bundle-ref={i.bundleRef}>
                <td>
                  <span className="muted">{i.kind === 'image' ? t('bundle.image.extra') : t('bundle.plugin')}</span> <code>{i.bundleRef}</code>
                </td>
                <td>
                  <code data-testid="push-item-target">{i.targetRef}</code> <CopyButton text={i.targetRef} label={t('push.copyRef')} />
                </td>
                <td>
                  <code className="digest" data-testid="push-item-digest">
                    {i.digest}
                  </code>{' '}
                  <CopyButton text={i.digest} label={t('push.copyDigest')} />
                </td>
                <td>
                  <StatusBadge status={i.status} />
                  {i.error && (
                    <div className="bad small" lang="en">
                      {i.error}
                    </div>
                  )}
                </td>
                <td className="num">{i.blobs ? t('push.blobs', { sent: formatBytes(i.blobs.bytesSent), uploaded: i.blobs.uploaded, mounted: i.blobs.mounted, skipped: i.blobs.skipped }) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
