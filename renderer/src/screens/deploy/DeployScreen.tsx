import { useMemo, useState } from 'react';
import { ErrorNote } from '../../components/ErrorNote';
import { Screen } from '../../components/Screen';
import { useI18n } from '../../i18n';
import { generate, initialDeployForm, type DeployForm } from '../../model/deploy-form';
import { useWorkspace, type PushTarget } from '../../state/workspace';
import { DeployBundle } from './DeployBundle';
import { DeployFormFields } from './DeployFormFields';
import { SaveDeployment } from './SaveDeployment';
import { YamlPreview } from './YamlPreview';

function fromPush(form: DeployForm, target: PushTarget): DeployForm {
  return { ...form, registry: target.registry, targetMode: target.targetMode, plainHttp: target.plainHttp, insecure: target.insecure, caFile: target.caFile };
}

/** Kubernetes YAML and Helm values for the pushed bundle, previewed live from the shared generators. */
export function DeployScreen() {
  const { t } = useI18n();
  const { bundle, setBundle, pushTarget } = useWorkspace();
  const [form, setForm] = useState<DeployForm>(() => (pushTarget ? fromPush(initialDeployForm, pushTarget) : initialDeployForm));
  // A later push elsewhere becomes the new starting point.
  const [seenTarget, setSeenTarget] = useState(pushTarget);
  if (pushTarget !== seenTarget) {
    setSeenTarget(pushTarget);
    if (pushTarget) setForm((f) => fromPush(f, pushTarget));
  }
  const update = (patch: Partial<DeployForm>) => setForm((f) => ({ ...f, ...patch }));
  const generated = useMemo(() => (bundle && form.registry.trim() ? generate(bundle.manifest, form) : undefined), [bundle, form]);

  return (
    <Screen route="deploy" title={t('deploy.title')} intro={t('deploy.intro')}>
      <DeployBundle bundle={bundle} onOpened={setBundle} />
      <div className="split">
        <section className="panel" aria-labelledby="deploy-form-title">
          <h3 id="deploy-form-title">{t('deploy.settings')}</h3>
          <DeployFormFields form={form} update={update} bundleRelease={bundle?.manifest.higressRelease} />
          {generated?.error !== undefined && <ErrorNote error={generated.error} testId="deploy-error" />}
          {generated?.output && generated.output.warnings.length > 0 && (
            <div className="warn-box" data-testid="deploy-warnings">
              <strong>{t('deploy.warnings')}</strong>
              <ul lang="en">
                {generated.output.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </div>
          )}
        </section>
        <section className="panel" aria-labelledby="deploy-preview-title">
          <h3 id="deploy-preview-title">{t('deploy.preview')}</h3>
          {!bundle && <p className="muted">{t('deploy.preview.noBundle')}</p>}
          {bundle && !form.registry.trim() && <p className="muted">{t('deploy.preview.noRegistry')}</p>}
          {generated?.error !== undefined && <p className="muted">{t('deploy.preview.fix')}</p>}
          {generated?.output && <YamlPreview output={generated.output} />}
        </section>
      </div>
      <SaveDeployment output={generated?.output} />
    </Screen>
  );
}
