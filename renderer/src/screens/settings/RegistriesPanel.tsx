import { useId, useState, type FormEvent } from 'react';
import type { AppSettings } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNote } from '../../components/ErrorNote';
import { PathField } from '../../components/PathField';
import { useCall } from '../../hooks/useCall';
import { useI18n } from '../../i18n';

type Saved = AppSettings['registries'][number];

interface Draft {
  readonly host: string;
  readonly plainHttp: boolean;
  readonly insecure: boolean;
  readonly caFile: string;
  readonly realms: string;
}

const emptyDraft: Draft = { host: '', plainHttp: false, insecure: false, caFile: '', realms: '' };

function draftOf(r: Saved): Draft {
  return { host: r.host, plainHttp: Boolean(r.plainHttp), insecure: Boolean(r.insecure), caFile: r.caFile ?? '', realms: (r.allowRealmHosts ?? []).join(', ') };
}

/** Per-registry connection settings (registries.json, shared with `higress-airgap registry set`). */
export function RegistriesPanel({ registries, onChanged }: { registries: readonly Saved[]; onChanged(): void }) {
  const { t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [removing, setRemoving] = useState<string>();
  const save = useCall<unknown>();
  const remove = useCall<unknown>();
  const set = (p: Partial<Draft>) => setDraft((d) => ({ ...d, ...p }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const realms = draft.realms.split(/[\s,]+/).filter(Boolean);
    const ok = await save.run(() =>
      call('registry:save', {
        host: draft.host.trim(),
        ...(draft.plainHttp ? { plainHttp: true } : {}),
        ...(draft.insecure && !draft.plainHttp ? { insecure: true } : {}),
        ...(draft.caFile.trim() && !draft.plainHttp ? { caFile: draft.caFile.trim() } : {}),
        ...(realms.length ? { allowRealmHosts: realms } : {}),
      }),
    );
    if (ok) {
      setDraft(emptyDraft);
      onChanged();
    }
  };
  const confirmRemove = async () => {
    const host = removing;
    setRemoving(undefined);
    if (host && (await remove.run(() => call('registry:remove', { host })))) onChanged();
  };

  return (
    <section className="panel" aria-labelledby="registries-title">
      <h3 id="registries-title">{t('registries.title')}</h3>
      <p className="muted">{t('registries.intro')}</p>
      {registries.length === 0 ? (
        <p className="muted" data-testid="registries-empty">
          {t('registries.empty')}
        </p>
      ) : (
        <div className="table-wrap">
          <table data-testid="registries-table">
            <thead>
              <tr>
                <th scope="col">{t('registries.col.host')}</th>
                <th scope="col">{t('registries.col.tls')}</th>
                <th scope="col">{t('registries.col.realms')}</th>
                <th scope="col">
                  <span className="sr-only">{t('registries.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {registries.map((r) => (
                <tr key={r.host} data-testid="registry-row">
                  <td>
                    <code>{r.host}</code>
                  </td>
                  <td>{r.plainHttp ? t('conn.plainHttp') : r.insecure ? t('conn.insecure') : r.caFile ? t('registries.ca', { file: r.caFile }) : t('registries.tls.default')}</td>
                  <td>{(r.allowRealmHosts ?? []).join(', ') || '–'}</td>
                  <td className="actions">
                    <button type="button" className="small secondary" onClick={() => setDraft(draftOf(r))} aria-label={t('registries.edit', { host: r.host })}>
                      {t('common.edit')}
                    </button>
                    <button type="button" className="small secondary" onClick={() => setRemoving(r.host)} aria-label={t('registries.remove', { host: r.host })} data-testid="registry-remove">
                      {t('common.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {remove.error !== undefined && <ErrorNote error={remove.error} />}
      <form onSubmit={(e) => void submit(e)} className="stack" aria-labelledby={`${id}-form`}>
        <h4 id={`${id}-form`}>{t('registries.form')}</h4>
        <div className="row">
          <label htmlFor={`${id}-host`}>
            {t('registries.host')}
            <input id={`${id}-host`} value={draft.host} onChange={(e) => set({ host: e.target.value })} placeholder="harbor.example.com" required spellCheck={false} autoComplete="off" data-testid="registry-host" />
          </label>
          <label className="check">
            <input type="checkbox" checked={draft.plainHttp} onChange={(e) => set({ plainHttp: e.target.checked })} data-testid="registry-plain-http" />
            {t('conn.plainHttp')}
          </label>
          <label className="check">
            <input type="checkbox" checked={draft.insecure} disabled={draft.plainHttp} onChange={(e) => set({ insecure: e.target.checked })} />
            {t('conn.insecure')}
          </label>
        </div>
        {!draft.plainHttp && <PathField label={t('conn.caFile')} value={draft.caFile} onChange={(caFile) => set({ caFile })} browse="ca-file" testId="registry-ca-file" />}
        <label htmlFor={`${id}-realms`}>
          {t('registries.realms')}
          <input id={`${id}-realms`} className="wide" value={draft.realms} onChange={(e) => set({ realms: e.target.value })} placeholder="auth.example.com" spellCheck={false} />
        </label>
        <div className="row">
          <button type="submit" disabled={!draft.host.trim() || save.busy} data-testid="registry-save">
            {t('registries.save')}
          </button>
        </div>
        {save.error !== undefined && <ErrorNote error={save.error} testId="registry-save-error" />}
      </form>
      <ConfirmDialog open={removing !== undefined} title={t('registries.removeTitle')} message={t('registries.removeText', { host: removing ?? '' })} confirmLabel={t('common.remove')} onConfirm={() => void confirmRemove()} onCancel={() => setRemoving(undefined)} testId="registry-remove-dialog" />
    </section>
  );
}
