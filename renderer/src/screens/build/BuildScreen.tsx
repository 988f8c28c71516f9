import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { DEFAULT_RELEASE } from '../../../../shared/catalog/catalog';
import { OFFICIAL_REGISTRY } from '../../../../shared/catalog/registries';
import type { AppSettings, BuildResult as Result, BundleEstimate } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { Screen } from '../../components/Screen';
import { TaskProgress } from '../../components/TaskProgress';
import { useCall } from '../../hooks/useCall';
import { useTask } from '../../hooks/useTask';
import { useI18n, type MessageKey } from '../../i18n';
import { buildProblems, initialBuildForm, inventoryOf, inventoryPathsOf, planOf, restoreBuildForm, savedFormText, sourceConnection, sourceHost, splitOf, type BuildForm } from '../../model/build-plan';
import { withoutCredentials } from '../../model/connection';
import { parseSplitSize } from '../../model/output-files';
import { useRouter } from '../../router';
import { useHostInfo } from '../../state/host-info';
import { BuildResult } from './BuildResult';
import { BuildSummary } from './BuildSummary';
import { CatalogTable } from './CatalogTable';
import { CustomPlugins } from './CustomPlugins';
import { InventorySection } from './InventorySection';
import { ExtraImages } from './ExtraImages';
import { HigressSection } from './HigressSection';
import { OutputSection, useFolderStatus } from './OutputSection';
import { SourceSection } from './SourceSection';

const FORM_KEY = 'airgap-build-form';

/** The connected side: choose, estimate, build, and see what was written. */
export function BuildScreen() {
  const { t } = useI18n();
  const host = useHostInfo();
  // The form survives a page reload (not its password, passphrase or consent to replace).
  const [form, setForm] = useState<BuildForm>(() => restoreBuildForm(sessionStorage.getItem(FORM_KEY), initialBuildForm(DEFAULT_RELEASE, OFFICIAL_REGISTRY)));
  useEffect(() => sessionStorage.setItem(FORM_KEY, savedFormText(form)), [form]);
  const [shown, setShown] = useState<readonly MessageKey[]>([]);
  const update = (patch: Partial<BuildForm>) => setForm((f) => ({ ...f, ...patch }));
  const settings = useCall<AppSettings>();
  const estimate = useCall<BundleEstimate>();
  const build = useTask<Result>();
  const folder = useFolderStatus(form.out);
  const [inventoryProblems, setInventoryProblems] = useState(0);
  const onListing = useCallback((n: number) => setInventoryProblems(n), []);
  const { run: loadSettings } = settings;

  const { route } = useRouter();
  // Saved registries may change in Settings: read them whenever Build is shown.
  useEffect(() => {
    if (route === 'build') void loadSettings(() => call('settings:get', {}));
  }, [route, loadSettings]);

  // The estimate describes the plan it was made for; a changed form makes it out of date.
  const [estimatedPlan, setEstimatedPlan] = useState('');
  const currentPlan = JSON.stringify([planOf(form), inventoryPathsOf(form)]);
  const runEstimate = () => {
    const connection = sourceConnection(form);
    const paths = inventoryPathsOf(form);
    setEstimatedPlan(currentPlan);
    void estimate.run(() => call('bundle:estimate', { plan: planOf(form), ...(connection ? { connection } : {}), ...(paths.length ? { inventory: { paths } } : {}) }));
  };

  const start = async (e: FormEvent) => {
    e.preventDefault();
    const problems = buildProblems(form, inventoryProblems);
    setShown(problems);
    if (problems.length) return;
    const connection = sourceConnection(form);
    const split = splitOf(form);
    const inventory = inventoryOf(form);
    await build.run((taskId) => call('bundle:build', { taskId, plan: planOf(form), out: form.out.trim(), ...(split ? { split } : {}), ...(form.force ? { force: true } : {}), ...(connection ? { connection } : {}), ...(inventory ? { inventory } : {}) }));
    // The password and the passphrase were needed for this build only.
    setForm((f) => ({ ...f, connection: withoutCredentials(f.connection), passphrase: '', passphraseAgain: '' }));
  };

  const running = build.status === 'running';
  // The result comes into view when it arrives (the action bar keeps the running task in view).
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (build.status === 'done') resultRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [build.status]);
  const volumeSize = splitOf(form) ? parseSplitSize(splitOf(form) as string) : undefined;
  return (
    <Screen route="build" title={t('build.title')} intro={t('build.intro')}>
      <form onSubmit={(e) => void start(e)} noValidate aria-describedby={shown.length ? 'build-problems' : undefined}>
        <fieldset disabled={running} className="plain-fieldset">
          <SourceSection form={form} update={update} savedHosts={(settings.result?.registries ?? []).map((r) => r.host)} />
          {/* Probe results belong to one release at one source. */}
          <CatalogTable key={`${form.release}|${sourceHost(form)}`} form={form} update={update} />
          <HigressSection form={form} update={update} estimate={estimate.result} host={sourceHost(form)} />
          <ExtraImages form={form} update={update} dockerReachable={host.docker?.reachable ?? false} />
          <CustomPlugins form={form} update={update} />
          <InventorySection form={form} update={update} onListing={onListing} />
          <OutputSection form={form} update={update} folder={folder} />
        </fieldset>
        <section className="panel" aria-labelledby="build-summary-title">
          <h3 id="build-summary-title">{t('summary.title')}</h3>
          {estimate.error !== undefined && <ErrorNote error={estimate.error} testId="build-estimate-error" />}
          {estimate.result && <BuildSummary estimate={estimate.result} out={form.out} volumeSize={volumeSize} folder={folder} />}
          {estimate.result && estimatedPlan !== currentPlan && (
            <p className="warn" data-testid="build-estimate-stale">
              {t('summary.stale')}
            </p>
          )}
        </section>
        {/* Sticky within the whole form: the action, the problems that stop it and the running task stay in view. */}
        <div className="action-bar" data-testid="build-action-bar">
          {shown.length > 0 && (
            <ul id="build-problems" className="error" role="alert" data-testid="build-problems">
              {shown.map((k) => (
                <li key={k}>{t(k)}</li>
              ))}
            </ul>
          )}
          <div className="row">
            <button type="button" className="secondary" onClick={runEstimate} disabled={estimate.busy || running || !sourceHost(form)} data-testid="build-estimate">
              {estimate.busy ? t('summary.estimating') : t('summary.estimate')}
            </button>
            <button type="submit" disabled={running} data-testid="build-start">
              {running ? t('build.running') : t('build.start')}
            </button>
          </div>
          {build.status !== 'idle' && build.status !== 'done' && <TaskProgress progress={build.progress} onCancel={running ? build.cancel : undefined} testId="build-progress" />}
          {build.status === 'cancelled' && (
            <p className="warn" role="status" data-testid="build-cancelled">
              {t('build.cancelled')}
            </p>
          )}
          {build.status === 'failed' && <ErrorNote error={build.error} testId="build-error" />}
        </div>
      </form>
      <div ref={resultRef}>{build.status === 'done' && build.result && <BuildResult result={build.result} onAgain={build.reset} />}</div>
    </Screen>
  );
}
