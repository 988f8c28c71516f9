import { useEffect, useId, useState, type DragEvent } from 'react';
import type { InventoryListing } from '../../../../shared/migrate/listing';
import { call, pathForFile } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { PathField } from '../../components/PathField';
import { useCall } from '../../hooks/useCall';
import { useI18n } from '../../i18n';
import { inventoryPathsOf, type BuildForm } from '../../model/build-plan';

/**
 * WasmPlugins of a running Higress to move: files or folders (picked, typed or dropped), listed as
 * soon as they are named — object, plugin, version, source URL, whether configuration is there and
 * which keys look like secrets — with each problem inline. Nothing is fetched until Build.
 */
export function InventorySection({ form, update, onListing }: { form: BuildForm; update(p: Partial<BuildForm>): void; onListing(problems: number): void }) {
  const { t } = useI18n();
  const id = useId();
  const listing = useCall<InventoryListing>();
  const [dropNote, setDropNote] = useState(false);
  const paths = inventoryPathsOf(form);
  const key = JSON.stringify([paths, form.release]);
  const { run, reset } = listing;

  useEffect(() => {
    if (!paths.length) {
      reset();
      return;
    }
    // Typed paths settle before they are read.
    const timer = setTimeout(() => void run(() => call('migrate:inventory', { paths, release: form.release })), 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, run, reset]);

  const result = paths.length ? listing.result : undefined;
  const problemCount = result ? result.problems.length + result.objects.reduce((s, o) => s + o.problems.length, 0) : 0;
  useEffect(() => onListing(listing.error !== undefined && paths.length ? 1 : problemCount), [problemCount, listing.error, paths.length, onListing]);

  const setPath = (i: number, path: string) => update({ inventoryPaths: form.inventoryPaths.map((p, j) => (j === i ? path : p)) });
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    const dropped = Array.from(e.dataTransfer.files)
      .map((f) => pathForFile(f))
      .filter((p): p is string => Boolean(p));
    setDropNote(dropped.length === 0);
    if (dropped.length) update({ inventoryPaths: [...form.inventoryPaths.filter((p) => p.trim()), ...dropped] });
  };
  const skipped = Object.entries(result?.skipped ?? {});

  return (
    <fieldset className="panel" data-testid="inventory">
      <legend>{t('migrate.title')}</legend>
      <p className="muted small">{t('migrate.intro')}</p>
      <div className="dropzone" onDragOver={(e) => e.preventDefault()} onDrop={onDrop} data-testid="inventory-drop">
        {t('migrate.drop')}
        {dropNote && (
          <div className="warn" role="status">
            {t('drop.needsDesktop')}
          </div>
        )}
      </div>
      {form.inventoryPaths.map((p, i) => (
        <div className="row" key={i}>
          <PathField label={t('migrate.path')} value={p} onChange={(v) => setPath(i, v)} browse="inventory" droppable placeholder="/path/to/wasmplugins.yaml" testId="inventory-path" />
          {form.inventoryPaths.length > 1 && (
            <button type="button" className="secondary" onClick={() => update({ inventoryPaths: form.inventoryPaths.filter((_, j) => j !== i) })} aria-label={t('common.removeRow', { n: i + 1 })}>
              {t('common.remove')}
            </button>
          )}
        </div>
      ))}
      <div>
        <button type="button" className="secondary" onClick={() => update({ inventoryPaths: [...form.inventoryPaths, ''] })} data-testid="inventory-add">
          {t('migrate.add')}
        </button>
      </div>
      {listing.busy && (
        <p className="muted" role="status">
          {t('migrate.reading')}
        </p>
      )}
      {paths.length > 0 && listing.error !== undefined && <ErrorNote error={listing.error} testId="inventory-error" />}
      {result && (
        <div data-testid="inventory-list">
          <p role="status" data-testid="inventory-count">
            {t('migrate.found', { count: result.objects.length })}
          </p>
          {skipped.length > 0 && (
            <p className="muted small" data-testid="inventory-skipped">
              {t('migrate.skipped', { kinds: skipped.map(([k, n]) => `${k} ×${n}`).join(', ') })}
            </p>
          )}
          {result.objects.length > 0 && (
            <div className="table-wrap">
            <table data-testid="inventory-table">
              <thead>
                <tr>
                  <th scope="col">{t('migrate.col.object')}</th>
                  <th scope="col">{t('migrate.col.plugin')}</th>
                  <th scope="col">{t('migrate.col.version')}</th>
                  <th scope="col">{t('migrate.col.source')}</th>
                  <th scope="col">{t('migrate.col.config')}</th>
                </tr>
              </thead>
              <tbody>
                {result.objects.map((o) => (
                  <tr key={o.key} data-testid="inventory-row" data-key={o.key} data-problems={o.problems.length}>
                    <td>
                      <code>{o.key}</code>
                      {o.problems.map((p) => (
                        <div key={p} className="error small" lang="en" data-testid="inventory-row-problem">
                          {p}
                        </div>
                      ))}
                    </td>
                    <td data-testid="inventory-plugin">
                      {o.plugin ?? '—'}
                      {o.builtIn && <span className="muted small"> ({t('migrate.builtIn')})</span>}
                    </td>
                    <td>{o.version ?? '—'}</td>
                    <td>
                      <code className="digest">{o.url}</code>
                    </td>
                    <td data-testid="inventory-config">
                      {o.config.present ? t('migrate.config.present', { count: o.config.keys.length }) : t('migrate.config.none')}
                      {o.config.secretKeys.length > 0 && (
                        <div className="warn small" data-testid="inventory-secrets">
                          {t('migrate.config.secrets', { keys: o.config.secretKeys.join(', ') })}
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
          )}
          {result.problems.length > 0 && (
            <div className="error" role="alert" data-testid="inventory-problems">
              <strong>{t('migrate.problems')}</strong>
              <ul lang="en">
                {result.problems.map((p) => (
                  <li key={`${p.where}:${p.reason}`}>
                    {p.where}: {p.reason}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
      {paths.length > 0 && (
        <div className="stack">
          <label className="check">
            <input type="checkbox" checked={form.withConfig} onChange={(e) => update({ withConfig: e.target.checked })} data-testid="inventory-with-config" />
            {t('migrate.withConfig')}
          </label>
          <small className="muted">{t('migrate.withConfig.note')}</small>
          {form.withConfig && (
            <div className="row">
              <label htmlFor={`${id}-pass`}>
                {t('migrate.passphrase')}
                <input id={`${id}-pass`} type="password" autoComplete="new-password" value={form.passphrase} onChange={(e) => update({ passphrase: e.target.value })} data-testid="inventory-passphrase" />
              </label>
              <label htmlFor={`${id}-again`}>
                {t('migrate.passphrase.again')}
                <input id={`${id}-again`} type="password" autoComplete="new-password" value={form.passphraseAgain} onChange={(e) => update({ passphraseAgain: e.target.value })} data-testid="inventory-passphrase-again" />
              </label>
              <small className="muted">{t('migrate.passphrase.note')}</small>
            </div>
          )}
        </div>
      )}
    </fieldset>
  );
}
