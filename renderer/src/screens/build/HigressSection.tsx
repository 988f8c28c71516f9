import { useId } from 'react';
import { defaultChartRepository, partsReleases, releaseCharts, releaseImages, type ImageGroup } from '../../../../shared/catalog/release-parts';
import type { BundleEstimate } from '../../../../shared/ipc/contract';
import { normaliseRegistry } from '../../../../shared/oci/reference';
import { formatBytes } from '../../format';
import { useI18n, type MessageKey } from '../../i18n';
import type { BuildForm, HigressForm } from '../../model/build-plan';

const OPTIONS: ReadonlyArray<{ key: 'observability' | 'allInOne' | 'redis' | 'compose'; group: ImageGroup; label: MessageKey }> = [
  { key: 'observability', group: 'observability', label: 'release.build.observability' },
  { key: 'allInOne', group: 'all-in-one', label: 'release.build.allInOne' },
  { key: 'redis', group: 'redis', label: 'release.build.redis' },
  { key: 'compose', group: 'compose', label: 'release.build.compose' },
];

/**
 * “Higress itself” (`bundle --with-higress`): the release's core images, its charts with their
 * repository, and the optional image groups — each image with its size once an estimate knows it.
 */
export function HigressSection({ form, update, estimate, host }: { form: BuildForm; update(p: Partial<BuildForm>): void; estimate: BundleEstimate | undefined; host: string }) {
  const { t } = useI18n();
  const id = useId();
  const h = form.higress;
  const set = (patch: Partial<HigressForm>) => update({ higress: { ...h, ...patch } });
  const known = partsReleases().includes(form.release);
  const groups: ImageGroup[] = ['core', ...OPTIONS.filter((o) => h[o.key]).map((o) => o.group)];
  const images = known ? releaseImages(form.release, groups) : [];
  const registry = host ? safeRegistry(host) : '';
  const sizeOf = (repository: string, tag: string) => estimate?.images.find((i) => i.source === `${registry}/${repository}:${tag}`)?.size;
  const available = (g: ImageGroup) => known && releaseImages(form.release, [g]).length > 0;
  const chartVersion = known ? (releaseCharts(form.release)[0]?.version ?? form.release) : form.release;
  return (
    <fieldset className="panel" data-testid="build-higress">
      <legend>{t('release.build.title')}</legend>
      <p className="muted">{t('release.build.intro')}</p>
      {!known && <p className="warn" data-testid="build-higress-unknown">{t('release.build.noParts', { release: form.release })}</p>}
      <label className="check">
        <input type="checkbox" checked={h.enabled} disabled={!known} onChange={(e) => set({ enabled: e.target.checked })} data-testid="build-higress-enable" />
        {t('release.build.enable')}
      </label>
      {h.enabled && known && (
        <>
          <h4>{t('release.build.components', { release: form.release })}</h4>
          <ul className="plain" data-testid="build-higress-images">
            {[...new Map(images.map((i) => [`${i.repository}:${i.tag}`, i])).values()].map((i) => {
              const size = sizeOf(i.repository, i.tag);
              return (
                <li key={`${i.repository}:${i.tag}`} data-testid="build-higress-image" data-component={i.component}>
                  <code>{`${i.repository}:${i.tag}`}</code> · {i.component}
                  {i.digest ? ` · ${t('release.build.pinned')}` : ''} · <span data-testid="build-higress-image-size">{size !== undefined ? formatBytes(size) : t('release.build.sizeUnknown')}</span>
                </li>
              );
            })}
          </ul>
          {OPTIONS.map((o) => (
            <label className="check" key={o.key}>
              <input type="checkbox" checked={h[o.key]} disabled={!available(o.group)} onChange={(e) => set({ [o.key]: e.target.checked })} data-testid={`build-higress-${o.key}`} />
              {t(o.label)}
            </label>
          ))}
          {h.compose && <p className="muted">{t('release.build.composeNote')}</p>}
          <label className="check">
            <input type="checkbox" checked={h.charts} onChange={(e) => set({ charts: e.target.checked })} data-testid="build-higress-charts" />
            {t('release.build.charts')}
          </label>
          {h.charts && (
            <>
              <p className="muted">{t('release.build.chartsNote', { version: chartVersion })}</p>
              <label htmlFor={`${id}-repo`}>
                {t('release.build.chartRepo')}
                <input
                  id={`${id}-repo`}
                  className="wide"
                  value={h.chartRepo}
                  onChange={(e) => set({ chartRepo: e.target.value })}
                  placeholder={defaultChartRepository(form.release)}
                  spellCheck={false}
                  aria-describedby={`${id}-repo-hint`}
                  data-testid="build-higress-chart-repo"
                />
              </label>
              <p id={`${id}-repo-hint`} className="muted">
                {t('release.build.chartRepoHint', { url: defaultChartRepository(form.release) })}
              </p>
            </>
          )}
        </>
      )}
    </fieldset>
  );
}

function safeRegistry(host: string): string {
  try {
    return normaliseRegistry(host);
  } catch {
    return host;
  }
}
