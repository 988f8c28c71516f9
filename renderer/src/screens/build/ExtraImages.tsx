import { useId } from 'react';
import { useI18n } from '../../i18n';
import type { BuildForm } from '../../model/build-plan';

/** The plugin-server image on/off, extra images by reference, and images from the local Docker engine. */
export function ExtraImages({ form, update, dockerReachable }: { form: BuildForm; update(p: Partial<BuildForm>): void; dockerReachable: boolean }) {
  const { t } = useI18n();
  return (
    <fieldset className="panel">
      <legend>{t('images.title')}</legend>
      <label className="check">
        <input type="checkbox" checked={form.pluginServer} onChange={(e) => update({ pluginServer: e.target.checked })} data-testid="build-plugin-server" />
        {t('images.pluginServer')}
      </label>
      <RefList label={t('images.extra')} placeholder="docker.io/library/nginx:1.27" rows={form.images} onChange={(images) => update({ images })} testId="extra-image" />
      <RefList label={t('images.docker')} placeholder="my-team/tool:1.0" rows={form.dockerImages} onChange={(dockerImages) => update({ dockerImages })} testId="docker-image" />
      {form.dockerImages.length > 0 && !dockerReachable && <p className="warn">{t('images.dockerDown')}</p>}
    </fieldset>
  );
}

function RefList({ label, placeholder, rows, onChange, testId }: { label: string; placeholder: string; rows: readonly string[]; onChange(rows: string[]): void; testId: string }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="stack">
      <h4>{label}</h4>
      {rows.map((row, i) => (
        <div className="row" key={i}>
          <label htmlFor={`${id}-${i}`}>
            {t('images.reference', { n: i + 1 })}
            <input id={`${id}-${i}`} className="wide" value={row} onChange={(e) => onChange(rows.map((r, j) => (j === i ? e.target.value : r)))} placeholder={placeholder} spellCheck={false} data-testid={`${testId}-ref`} />
          </label>
          <button type="button" className="secondary" onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={t('common.removeRow', { n: i + 1 })}>
            {t('common.remove')}
          </button>
        </div>
      ))}
      <div>
        <button type="button" className="secondary" onClick={() => onChange([...rows, ''])} data-testid={`${testId}-add`}>
          {t('common.add')}
        </button>
      </div>
    </div>
  );
}
