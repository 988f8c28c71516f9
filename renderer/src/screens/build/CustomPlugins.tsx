import { useId, useState, type DragEvent } from 'react';
import { pathForFile } from '../../api/client';
import { PathField } from '../../components/PathField';
import { useI18n } from '../../i18n';
import type { BuildForm, OciPluginRow, WasmFileRow } from '../../model/build-plan';
import { baseName } from '../../format';

/** Plugins outside the catalog: any OCI reference, or a local .wasm file packaged on the way. */
export function CustomPlugins({ form, update }: { form: BuildForm; update(p: Partial<BuildForm>): void }) {
  const { t } = useI18n();
  return (
    <fieldset className="panel">
      <legend>{t('custom.title')}</legend>
      <OciPlugins rows={form.ociPlugins} onChange={(ociPlugins) => update({ ociPlugins })} />
      <WasmFiles rows={form.wasmFiles} onChange={(wasmFiles) => update({ wasmFiles })} />
      <small className="muted">{t('custom.httpNote')}</small>
    </fieldset>
  );
}

function replaceAt<T>(rows: readonly T[], i: number, row: T): T[] {
  return rows.map((r, j) => (j === i ? row : r));
}

function OciPlugins({ rows, onChange }: { rows: readonly OciPluginRow[]; onChange(rows: OciPluginRow[]): void }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="stack">
      <h4>{t('custom.oci')}</h4>
      {rows.map((row, i) => (
        <div className="row" key={i} data-testid="oci-plugin-row">
          <label htmlFor={`${id}-${i}-ref`}>
            {t('custom.oci.reference')}
            <input id={`${id}-${i}-ref`} className="wide" value={row.reference} onChange={(e) => onChange(replaceAt(rows, i, { ...row, reference: e.target.value }))} placeholder="registry.example.com/plugins/my-plugin:1.0.0" spellCheck={false} data-testid="oci-plugin-ref" />
          </label>
          <label htmlFor={`${id}-${i}-name`}>
            {t('custom.name.optional')}
            <input id={`${id}-${i}-name`} className="narrow" value={row.name} onChange={(e) => onChange(replaceAt(rows, i, { ...row, name: e.target.value }))} spellCheck={false} />
          </label>
          <label htmlFor={`${id}-${i}-version`}>
            {t('custom.version.optional')}
            <input id={`${id}-${i}-version`} className="narrow" value={row.version} onChange={(e) => onChange(replaceAt(rows, i, { ...row, version: e.target.value }))} spellCheck={false} />
          </label>
          <button type="button" className="secondary" onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={t('common.removeRow', { n: i + 1 })}>
            {t('common.remove')}
          </button>
        </div>
      ))}
      <div>
        <button type="button" className="secondary" onClick={() => onChange([...rows, { reference: '', name: '', version: '' }])} data-testid="oci-plugin-add">
          {t('custom.oci.add')}
        </button>
      </div>
    </div>
  );
}

/** `my-plugin.wasm` → `my-plugin`: a name the engine accepts, as a starting point. */
function nameFromFile(path: string): string {
  return baseName(path).replace(/\.wasm$/i, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

function WasmFiles({ rows, onChange }: { rows: readonly WasmFileRow[]; onChange(rows: WasmFileRow[]): void }) {
  const { t } = useI18n();
  const id = useId();
  const [dropped, setDropped] = useState<'none' | 'ok' | 'no-path'>('none');
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    const added: WasmFileRow[] = [];
    for (const file of Array.from(e.dataTransfer.files)) {
      const path = pathForFile(file);
      if (path) added.push({ name: nameFromFile(path), version: '1.0.0', file: path });
    }
    setDropped(added.length ? 'ok' : 'no-path');
    if (added.length) onChange([...rows, ...added]);
  };
  return (
    <div className="stack">
      <h4>{t('custom.wasm')}</h4>
      <div className="dropzone" onDragOver={(e) => e.preventDefault()} onDrop={onDrop} data-testid="wasm-drop">
        {t('custom.wasm.drop')}
        {dropped === 'no-path' && (
          <div className="warn" role="status">
            {t('drop.needsDesktop')}
          </div>
        )}
      </div>
      {rows.map((row, i) => (
        <div className="row" key={i} data-testid="wasm-row">
          <label htmlFor={`${id}-${i}-name`}>
            {t('custom.name')}
            <input id={`${id}-${i}-name`} className="narrow" value={row.name} onChange={(e) => onChange(replaceAt(rows, i, { ...row, name: e.target.value }))} spellCheck={false} data-testid="wasm-name" />
          </label>
          <label htmlFor={`${id}-${i}-version`}>
            {t('custom.version')}
            <input id={`${id}-${i}-version`} className="narrow" value={row.version} onChange={(e) => onChange(replaceAt(rows, i, { ...row, version: e.target.value }))} spellCheck={false} data-testid="wasm-version" />
          </label>
          <PathField
            label={t('custom.wasm.file')}
            value={row.file}
            onChange={(file) => onChange(replaceAt(rows, i, { ...row, file, name: row.name || nameFromFile(file) }))}
            browse="wasm"
            placeholder="/path/to/plugin.wasm"
            testId="wasm-file"
          />
          <button type="button" className="secondary" onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={t('common.removeRow', { n: i + 1 })}>
            {t('common.remove')}
          </button>
        </div>
      ))}
      <div>
        <button type="button" className="secondary" onClick={() => onChange([...rows, { name: '', version: '1.0.0', file: '' }])} data-testid="wasm-add">
          {t('custom.wasm.add')}
        </button>
      </div>
    </div>
  );
}
