import { useCallback, useState } from 'react';
import type { OpenedBundle, ResultOf } from '../../../../shared/ipc/contract';
import { Screen } from '../../components/Screen';
import { useI18n } from '../../i18n';
import { withoutCredentials } from '../../model/connection';
import { useRouter } from '../../router';
import { useWorkspace } from '../../state/workspace';
import { BundleSummary } from './BundleSummary';
import { DockerLoadPanel } from './DockerLoadPanel';
import { OpenBundleForm } from './OpenBundleForm';
import { PushPanel } from './PushPanel';
import { RetagPreview } from './RetagPreview';
import { initialTargetForm, parsedTarget, type TargetForm } from '../../model/target-form';
import { TargetSection } from './TargetSection';
import { targetKey } from '../../model/retag-rows';
import { VerifyPanel } from './VerifyPanel';

/** The steps after opening: verify, choose the target, preview, push (or load into Docker). */
function OfflineSteps({ bundle }: { bundle: OpenedBundle }) {
  const { t } = useI18n();
  const { setPushTarget } = useWorkspace();
  const { navigate } = useRouter();
  const [form, setForm] = useState<TargetForm>(initialTargetForm);
  const [verified, setVerified] = useState<boolean>();
  // The target the last successful push went to: "Continue to Deploy" belongs to that target only.
  const [pushedTo, setPushedTo] = useState<string>();
  const [pushes, setPushes] = useState(0);
  // Registry API or the Docker engine: the preview shows what each way puts in the registry.
  const [via, setVia] = useState<'registry' | 'docker'>('registry');
  const { target } = parsedTarget(form);

  const onPushed = (outcome: ResultOf<'push:run'>) => {
    const server = bundle.manifest.images.find((i) => i.role === 'plugin-server');
    const pushedServer = outcome.report.items.find((i) => i.kind === 'image' && i.bundleRef === server?.source);
    setPushTarget({
      registry: form.registry.trim(),
      targetMode: form.targetMode,
      plainHttp: form.connection.plainHttp,
      insecure: form.connection.insecure,
      caFile: Boolean(form.connection.caFile.trim()),
      pluginServerRef: pushedServer?.targetRef,
    });
    setPushedTo(outcome.report.ok ? targetKey(form) : undefined);
    // What the registry holds has changed: the preview's statuses are stale.
    setPushes((n) => n + 1);
    // The password was for this push; it is not kept.
    setForm((f) => ({ ...f, connection: withoutCredentials(f.connection) }));
  };

  return (
    <>
      <BundleSummary bundle={bundle} />
      <VerifyPanel path={bundle.path} onVerified={setVerified} />
      {verified === false && (
        <p className="error" role="alert" data-testid="import-damaged">
          {t('import.damaged')}
        </p>
      )}
      <TargetSection form={form} onChange={setForm} />
      <RetagPreview bundle={bundle} target={target} form={form} pushes={pushes} via={via} />
      {/* A bundle that failed verification cannot be pushed or loaded: the actions are off, with the reason. */}
      <fieldset className="plain-fieldset" disabled={verified === false} data-testid="push-fieldset">
        {verified === false && (
          <p className="error" data-testid="push-blocked">
            {t('verify.blocked.push')}
          </p>
        )}
        <PushPanel bundle={bundle} form={form} ready={target !== undefined} via={via} onVia={setVia} onPushed={onPushed} />
      </fieldset>
      {pushedTo !== undefined && pushedTo === targetKey(form) && (
        <div className="row">
          <button type="button" onClick={() => navigate('deploy')} data-testid="import-to-deploy">
            {t('import.toDeploy')}
          </button>
        </div>
      )}
      <fieldset className="plain-fieldset" disabled={verified === false} data-testid="load-fieldset">
        {verified === false && (
          <p className="error" data-testid="load-blocked">
            {t('verify.blocked.load')}
          </p>
        )}
        <DockerLoadPanel path={bundle.path} />
      </fieldset>
    </>
  );
}

/** The offline side: open a bundle (or its volumes), verify it, and push it to the private registry. */
export function ImportScreen() {
  const { t } = useI18n();
  const { bundle, setBundle, openRequest } = useWorkspace();
  const [opened, setOpened] = useState(0);
  // The steps of the previous bundle must not stay usable while another one opens.
  const onOpening = useCallback(() => setBundle(undefined), [setBundle]);
  const onOpened = useCallback(
    (b: OpenedBundle) => {
      setBundle(b);
      setOpened((n) => n + 1);
    },
    [setBundle],
  );
  return (
    <Screen route="import" title={t('import.title')} intro={t('import.intro')}>
      <OpenBundleForm key={openRequest?.seq ?? 0} initialPath={openRequest?.path} onOpening={onOpening} onOpened={onOpened} />
      {/* A newly opened bundle starts its steps afresh. */}
      {bundle && <OfflineSteps key={`${bundle.path}#${opened}`} bundle={bundle} />}
    </Screen>
  );
}
