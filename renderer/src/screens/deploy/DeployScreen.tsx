import { useMemo, useState, type FormEvent } from 'react';
import type { ConfigPart } from '../../../../shared/model/bundle-manifest';
import type { DeployOutput } from '../../../../shared/deploy';
import { renderNotice } from '../../../../shared/messages/catalog';
import { call } from '../../api/client';
import { useCall } from '../../hooks/useCall';
import { ErrorNote } from '../../components/ErrorNote';
import { Screen } from '../../components/Screen';
import { useI18n } from '../../i18n';
import { generateTarget, initialDeployForm, type DeployForm } from '../../model/deploy-form';
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
  // The migrated WasmPlugins' configuration, once decrypted for this bundle.
  const [restored, setRestored] = useState<{ path: string; objects: Readonly<Record<string, ConfigPart>> }>();
  const restoredConfig = restored && bundle && restored.path === bundle.path ? restored.objects : undefined;
  const generated = useMemo(() => (bundle && form.registry.trim() ? generateTarget(bundle.manifest, form, restoredConfig) : undefined), [bundle, form, restoredConfig]);
  const deployment = generated?.deployment;
  const { locale } = useI18n();
  // Every warning is coded: shown in the UI's language.
  const notes = deployment ? deployment.notices.map((n) => renderNotice(n, locale, 'ui').message) : [];

  return (
    <Screen route="deploy" title={t('deploy.title')} intro={t('deploy.intro')}>
      <DeployBundle bundle={bundle} onOpened={setBundle} />
      <div className="split">
        <section className="panel" aria-labelledby="deploy-form-title">
          <h3 id="deploy-form-title">{t('deploy.settings')}</h3>
          <DeployFormFields form={form} update={update} bundleRelease={bundle?.manifest.higressRelease} />
          {generated?.error !== undefined && <ErrorNote error={generated.error} testId="deploy-error" />}
          {notes.length > 0 && (
            <div className="warn-box" data-testid="deploy-warnings">
              <strong>{t('deploy.warnings')}</strong>
              <ul>
                {notes.map((w) => (
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
          {deployment && <YamlPreview files={deployment.files} copies={deployment.copies} />}
        </section>
      </div>
      {bundle?.manifest.inventory && (
        <MigratedWasmPlugins
          path={bundle.path}
          encrypted={bundle.manifest.inventory.config !== undefined}
          restored={restoredConfig !== undefined}
          output={deployment?.helm}
          count={bundle.manifest.inventory.objects.length}
          onRestored={(objects) => setRestored({ path: bundle.path, objects })}
        />
      )}
      <SaveDeployment output={deployment} bundlePath={bundle?.path} />
    </Screen>
  );
}

/** The WasmPlugins moved from the source environment: which are written, what stayed behind, and the passphrase that restores their configuration. */
function MigratedWasmPlugins(props: { path: string; encrypted: boolean; restored: boolean; output: DeployOutput | undefined; count: number; onRestored(objects: Readonly<Record<string, ConfigPart>>): void }) {
  const { t, locale } = useI18n();
  const [passphrase, setPassphrase] = useState('');
  const restore = useCall<{ readonly objects: Readonly<Record<string, ConfigPart>> }>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await restore.run(() => call('migrate:restore', { path: props.path, passphrase }));
    setPassphrase('');
    if (r) props.onRestored(r.objects);
  };
  const notices = (props.output?.notices ?? []).filter((n) => n.code.startsWith('MIGRATE_'));
  return (
    <section className="panel" aria-labelledby="deploy-migrated-title" data-testid="deploy-migrated">
      <h3 id="deploy-migrated-title">{t('migrate.deploy.title')}</h3>
      <p className="muted small">{t('migrate.deploy.intro')}</p>
      <ul data-testid="deploy-migrated-list">
        {(props.output?.migrated ?? []).map((k) => (
          <li key={k} data-testid="deploy-migrated-object">
            <code>{k}</code>
          </li>
        ))}
      </ul>
      {notices.length > 0 && (
        <ul className="warn" data-testid="deploy-migrated-notices">
          {notices.map((n) => (
            <li key={n.code + n.message}>{renderNotice(n, locale, 'ui').message}</li>
          ))}
        </ul>
      )}
      {props.restored && (
        <p className="ok" role="status" data-testid="deploy-migrated-restored">
          {t('migrate.deploy.restored')}
        </p>
      )}
      {props.encrypted && !props.restored && (
        <form onSubmit={(e) => void submit(e)} className="stack">
          <p className="muted small">{t('migrate.deploy.encrypted')}</p>
          <div className="row">
            <label>
              {t('migrate.deploy.passphrase')}
              <input type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} data-testid="deploy-passphrase" />
            </label>
            <button type="submit" className="secondary" disabled={!passphrase || restore.busy} data-testid="deploy-restore">
              {t('migrate.deploy.restore')}
            </button>
          </div>
          {restore.error !== undefined && <ErrorNote error={restore.error} testId="deploy-restore-error" />}
        </form>
      )}
    </section>
  );
}
