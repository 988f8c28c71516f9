import { useEffect } from 'react';
import type { OpenedBundle, ResultOf } from '../../../../shared/ipc/contract';
import type { RetagTarget } from '../../../../shared/oci/retag';
import { call } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { StatusBadge } from '../../components/StatusBadge';
import { shortDigest } from '../../format';
import { useCall } from '../../hooks/useCall';
import { retagRows } from '../../model/retag-rows';
import { useI18n } from '../../i18n';
import { targetArgs, type TargetForm } from '../../model/target-form';

type Preview = ResultOf<'push:preview'>;

/**
 * The retag preview: instant from the bundle, and "Check registry" adds what the target already has.
 * After a push (`pushes` grows) a checked preview checks again, so it stays checked and shows what
 * the registry holds now instead of going back to "not checked".
 */
export function RetagPreview({ bundle, target, form, pushes = 0, via = 'registry' }: { bundle: OpenedBundle; target: RetagTarget | undefined; form: TargetForm; pushes?: number; via?: 'registry' | 'docker' }) {
  const { t } = useI18n();
  // The check keeps the way it was made: through Docker an image lands as one platform under a new digest.
  const preview = useCall<{ via: 'registry' | 'docker'; report: Preview }>();
  const check = () => void preview.run(async () => ({ via, report: await call('push:preview', { path: bundle.path, ...targetArgs(form), via }) }));
  const hadResult = preview.result !== undefined;
  useEffect(() => {
    if (pushes > 0 && hadResult) check();
    // Only a new push re-checks (with this render's form); a result arriving must not start another check.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pushes]);
  if (!target) return null;
  const rows = retagRows(bundle.manifest, target);
  // A status only counts for the target it was checked against.
  const result = preview.result?.via === via ? preview.result.report : undefined;
  const checked = result && result.target === (target.prefix ? `${target.registry}/${target.prefix}` : target.registry) ? result : undefined;
  const statusOf = new Map((checked?.items ?? []).map((i) => [i.targetRef, i]));
  return (
    <section className="panel" aria-labelledby="preview-title">
      <h3 id="preview-title">{t('preview.title')}</h3>
      <div className="row">
        <button type="button" className="secondary" onClick={check} disabled={preview.busy} data-testid="preview-check">
          {preview.busy ? t('preview.checking') : t('preview.check')}
        </button>
      </div>
      {preview.error !== undefined && <ErrorNote error={preview.error} testId="preview-error" />}
      <div className="table-wrap">
        <table data-testid="preview-table">
          <thead>
            <tr>
              <th scope="col">{t('preview.col.source')}</th>
              <th scope="col">{t('preview.col.target')}</th>
              <th scope="col">{t('preview.col.digest')}</th>
              <th scope="col">{t('preview.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => {
              const item = statusOf.get(r.target);
              return (
                <tr key={`${r.kind}-${i}`} data-testid="preview-row">
                  <td>
                    <code>{r.source}</code>
                  </td>
                  <td>
                    <code data-testid="preview-target">{r.target}</code>
                  </td>
                  <td title={r.digest}>
                    {via === 'docker' && r.kind === 'image' ? (
                      <span className="warn" data-testid="preview-docker-digest">
                        {item?.platform ? t('preview.byDocker', { platform: item.platform, digest: shortDigest(r.digest) }) : t('preview.byDockerUnchecked', { digest: shortDigest(r.digest) })}
                      </span>
                    ) : (
                      shortDigest(r.digest)
                    )}
                  </td>
                  <td data-testid="preview-status">
                    {item ? <StatusBadge status={item.status} /> : <span className="muted">{t('preview.unchecked')}</span>}
                    {item?.existing && <div className="small muted">{t('preview.existing', { digest: shortDigest(item.existing) })}</div>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
