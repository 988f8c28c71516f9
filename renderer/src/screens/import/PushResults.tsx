import { renderError } from '../../../../shared/messages/catalog';
import type { ResultOf } from '../../../../shared/ipc/contract';
import { CopyButton } from '../../components/CopyButton';
import { StatusBadge } from '../../components/StatusBadge';
import { formatBytes } from '../../format';
import { useI18n } from '../../i18n';

interface Coded {
  readonly code: string;
  readonly message: string;
  readonly hint?: string | undefined;
  readonly details?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * One coded engine message (a note, a preflight row, an item's problem) in the UI's language, with
 * its next step when `withHint` (hints name fields and buttons, never flags). A code the catalog
 * does not know keeps the engine's English, marked as English.
 */
export function CodedText({ m, withHint = false, testId }: { m: Coded; withHint?: boolean; testId?: string }) {
  const { t, locale } = useI18n();
  const rendered = renderError(m, locale, 'ui');
  const shown = locale === 'en' ? { message: m.message, hint: rendered.localized ? rendered.hint : m.hint, localized: true } : rendered;
  const lang = shown.localized ? undefined : 'en';
  return (
    <span data-testid={testId} data-code={m.code}>
      <span lang={lang}>{shown.message}</span>
      {withHint && shown.hint && (
        <span className="hint">
          {' '}
          <span className="hint-label">{t('push.result.hint')}</span> <span lang={lang}>{shown.hint}</span>
        </span>
      )}
    </span>
  );
}

/** What was pushed where, with the digest the registry holds now (the bundle's, unless Docker pushed it). */
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
              <tr key={`${i.targetRef}-${n}`} data-testid="push-item" data-kind={i.kind} data-bundle-ref={i.bundleRef} data-via={i.via ?? 'registry'} data-platform={i.platform ?? ''}>
                <td>
                  <span className="muted">{i.kind === 'image' ? t('bundle.image.extra') : t('bundle.plugin')}</span> <code>{i.bundleRef}</code>
                </td>
                <td>
                  <code data-testid="push-item-target">{i.targetRef}</code> <CopyButton text={i.targetRef} label={t('push.copyRef')} />
                </td>
                <td>
                  {i.digest && (
                    <>
                      <code className="digest" data-testid="push-item-digest">
                        {i.digest}
                      </code>{' '}
                      <CopyButton text={i.digest} label={t('push.copyDigest')} />
                      {i.via === 'docker' && i.status === 'pushed' && <div className="small muted">{t('push.result.registryDigest')}</div>}
                    </>
                  )}
                </td>
                <td>
                  <StatusBadge status={i.status} />
                  {i.problem && (i.status === 'failed' || i.status === 'conflict') && (
                    <div className="bad small">
                      <CodedText m={i.problem} withHint testId="push-item-problem" />
                    </div>
                  )}
                  {!i.problem && i.error && (
                    <div className="bad small" lang="en">
                      {i.error}
                    </div>
                  )}
                  {(i.notes ?? []).map((note, k) => (
                    <div key={k} className="small" data-testid="push-item-note">
                      <CodedText m={note} />
                    </div>
                  ))}
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
