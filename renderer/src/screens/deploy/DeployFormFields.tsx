import { useId } from 'react';
import { RELEASES } from '../../../../shared/catalog/catalog';
import { DEPLOY_TARGETS, type DeployTarget } from '../../../../shared/deploy';
import { useI18n, type MessageKey } from '../../i18n';
import type { DeployForm } from '../../model/deploy-form';

/** Each target's label and what it means (a key map, so every key is named in code). */
const TARGET_TEXT: Readonly<Record<DeployTarget, { readonly label: MessageKey; readonly hint: MessageKey }>> = {
  helm: { label: 'deploy.target.helm', hint: 'deploy.target.helm.hint' },
  compose: { label: 'deploy.target.compose', hint: 'deploy.target.compose.hint' },
  docker: { label: 'deploy.target.docker', hint: 'deploy.target.docker.hint' },
};

/** Delivery mode, target registry, cluster and Plugin Server settings; every change regenerates. */
export function DeployFormFields({ form, update, bundleRelease }: { form: DeployForm; update(p: Partial<DeployForm>): void; bundleRelease: string | undefined }) {
  const { t } = useI18n();
  const id = useId();
  // 2.2.4 ships two Console builds; names and URLs follow the one the cluster runs.
  const builds = RELEASES.find((r) => r.release === (form.release || bundleRelease))?.consoleBuilds ?? [];
  const text = (key: keyof DeployForm, label: string, testId: string, extra: { placeholder?: string; className?: string; inputMode?: 'numeric' } = {}) => (
    <label htmlFor={`${id}-${key}`}>
      {label}
      <input id={`${id}-${key}`} value={form[key] as string} onChange={(e) => update({ [key]: e.target.value })} spellCheck={false} autoComplete="off" data-testid={testId} {...extra} />
    </label>
  );
  return (
    <div className="stack">
      <fieldset className="inline" data-testid="deploy-target">
        <legend>{t('deploy.target')}</legend>
        {DEPLOY_TARGETS.map((target) => (
          <label className="check" key={target} title={t(TARGET_TEXT[target].hint)}>
            <input type="radio" name={`${id}-target`} checked={form.target === target} onChange={() => update({ target })} data-testid={`deploy-target-${target}`} />
            {t(TARGET_TEXT[target].label)}
          </label>
        ))}
      </fieldset>
      {form.target !== 'helm' && <p className="muted small">{t(TARGET_TEXT[form.target].hint)}</p>}
      {form.target === 'helm' && (
        <fieldset className="inline">
          <legend>{t('deploy.mode')}</legend>
          <label className="check">
            <input type="radio" name={`${id}-mode`} checked={form.mode === 'http'} onChange={() => update({ mode: 'http' })} data-testid="deploy-mode-http" />
            {t('deploy.mode.http')}
          </label>
          <label className="check">
            <input type="radio" name={`${id}-mode`} checked={form.mode === 'oci'} onChange={() => update({ mode: 'oci' })} data-testid="deploy-mode-oci" />
            {t('deploy.mode.oci')}
          </label>
        </fieldset>
      )}
      <fieldset>
        <legend>{t('deploy.registry')}</legend>
        {text('registry', t('target.registry'), 'deploy-registry', { placeholder: 'harbor.example.com/higress', className: 'wide' })}
        <label htmlFor={`${id}-targetMode`}>
          {t('target.mode')}
          <select id={`${id}-targetMode`} value={form.targetMode} onChange={(e) => update({ targetMode: e.target.value as DeployForm['targetMode'] })}>
            <option value="keep">{t('target.mode.keep')}</option>
            <option value="flatten">{t('target.mode.flatten')}</option>
          </select>
        </label>
        <div className="row">
          <label className="check">
            <input type="checkbox" checked={form.plainHttp} onChange={(e) => update({ plainHttp: e.target.checked })} />
            {t('conn.plainHttp')}
          </label>
          <label className="check">
            <input type="checkbox" checked={form.insecure} onChange={(e) => update({ insecure: e.target.checked })} />
            {t('conn.insecure')}
          </label>
          <label className="check">
            <input type="checkbox" checked={form.caFile} onChange={(e) => update({ caFile: e.target.checked })} data-testid="deploy-private-ca" />
            {t('deploy.privateCa')} {t('deploy.privateCa.skipsChecks')}
          </label>
        </div>
        {form.target === 'helm' && form.mode === 'oci' && (form.plainHttp || form.insecure || form.caFile) && (
          <p className="warn small" data-testid="deploy-tls-note">
            {t('deploy.tls.gatewayNote')}
          </p>
        )}
      </fieldset>
      <fieldset>
        <legend>{t('deploy.cluster')}</legend>
        <div className="row">
          {form.target === 'helm' && text('namespace', t('deploy.namespace'), 'deploy-namespace')}
          <label htmlFor={`${id}-release`}>
            {t('deploy.release')}
            <select id={`${id}-release`} value={form.release} onChange={(e) => update({ release: e.target.value, consoleBuild: '' })} data-testid="deploy-release">
              <option value="">{t('deploy.release.bundle', { release: bundleRelease ?? t('bundle.release.none') })}</option>
              {RELEASES.map((r) => (
                <option key={r.release} value={r.release}>
                  {r.release}
                </option>
              ))}
            </select>
          </label>
          {form.target === 'helm' && builds.length > 1 && (
            <label htmlFor={`${id}-console`}>
              {t('deploy.consoleBuild')}
              <select id={`${id}-console`} value={form.consoleBuild} onChange={(e) => update({ consoleBuild: e.target.value })} data-testid="deploy-console-build">
                {builds.map((b, i) => (
                  <option key={b.id} value={i === 0 ? '' : b.id}>
                    {b.label}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        {form.target === 'helm' && (
          <div className="row">
            {text('pullSecret', t('deploy.pullSecret'), 'deploy-pull-secret', { placeholder: 'private-registry' })}
            <label htmlFor={`${id}-policy`}>
              {t('deploy.pullPolicy')}
              <select id={`${id}-policy`} value={form.imagePullPolicy} onChange={(e) => update({ imagePullPolicy: e.target.value as DeployForm['imagePullPolicy'] })}>
                <option value="IfNotPresent">IfNotPresent</option>
                <option value="Always">Always</option>
              </select>
            </label>
          </div>
        )}
      </fieldset>
      {form.target === 'compose' && (
        <fieldset>
          <legend>{t('deploy.server')}</legend>
          <div className="row">
            {text('pluginServerImage', t('deploy.customImage'), 'deploy-custom-image', { placeholder: 'harbor.example.com/higress/higress/plugin-server:2.2.4-custom', className: 'wide' })}
          </div>
          <p className="muted small">{t('deploy.customImage.help')}</p>
        </fieldset>
      )}
      {form.target === 'helm' && form.mode === 'http' && (
        <fieldset>
          <legend>{t('deploy.server')}</legend>
          <div className="row">
            {text('replicas', t('deploy.replicas'), 'deploy-replicas', { className: 'narrow', inputMode: 'numeric' })}
            <label className="check">
              <input type="checkbox" checked={form.pinDigest} onChange={(e) => update({ pinDigest: e.target.checked })} data-testid="deploy-pin-digest" />
              {t('deploy.pinDigest')}
            </label>
          </div>
          <div className="row">
            {text('pluginServerImage', t('deploy.customImage'), 'deploy-custom-image', { placeholder: 'harbor.example.com/higress/higress/plugin-server:2.2.4-custom', className: 'wide' })}
          </div>
          <p className="muted small">{t('deploy.customImage.help')}</p>
          <div className="row">
            {text('cpuRequest', t('deploy.cpuRequest'), 'deploy-cpu-request', { className: 'narrow' })}
            {text('cpuLimit', t('deploy.cpuLimit'), 'deploy-cpu-limit', { className: 'narrow' })}
            {text('memoryRequest', t('deploy.memoryRequest'), 'deploy-memory-request', { className: 'narrow' })}
            {text('memoryLimit', t('deploy.memoryLimit'), 'deploy-memory-limit', { className: 'narrow' })}
          </div>
        </fieldset>
      )}
    </div>
  );
}
