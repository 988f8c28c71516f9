import { Fragment, useId, useMemo, useState } from 'react';
import { getRelease } from '../../../../shared/catalog/catalog';
import type { CatalogPlugin, ConsoleBuild, PluginCategory } from '../../../../shared/catalog/types';
import type { PluginProbe } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { formatBytes, shortDigest } from '../../format';
import { useTask } from '../../hooks/useTask';
import { useI18n, type MessageKey } from '../../i18n';
import { renderError } from '../../../../shared/messages/catalog';
import { sourceConnection, sourceHost, type BuildForm } from '../../model/build-plan';

const CATEGORIES: ReadonlyArray<readonly [PluginCategory, MessageKey]> = [
  ['ai', 'category.ai'],
  ['auth', 'category.auth'],
  ['transformation', 'category.transformation'],
  ['traffic', 'category.traffic'],
  ['security', 'category.security'],
  ['o11y', 'category.o11y'],
];

/** The Console writes `transform` for most transformation plugins (and `transformation` for json-converter): one group. */
const groupOf = (category: string) => (category === 'transform' ? 'transformation' : category);

function matches(p: CatalogPlugin, query: string): boolean {
  const q = query.trim().toLowerCase();
  return !q || p.name.includes(q) || p.repository.includes(q);
}

/** The release's official plugins by category: search, select, and probe the source for facts. */
export function CatalogTable({ form, update }: { form: BuildForm; update(p: Partial<BuildForm>): void }) {
  const { t } = useI18n();
  const id = useId();
  const release = getRelease(form.release);
  const [query, setQuery] = useState('');
  const probe = useTask<readonly PluginProbe[]>();
  const probes = useMemo(() => new Map((probe.result ?? []).map((p) => [p.name, p])), [probe.result]);
  const visible = release.plugins.filter((p) => matches(p, query));
  // Known categories first, then any other the Console uses, shown as it writes it.
  const others = [...new Set(release.plugins.map((p) => groupOf(p.category)))].filter((c) => !CATEGORIES.some(([k]) => k === c)).sort();
  const groups: ReadonlyArray<readonly [string, MessageKey | undefined]> = [...CATEGORIES, ...others.map((c) => [c, undefined] as const)];
  const selected = new Set(form.plugins);

  const setSelected = (names: Iterable<string>) => update({ plugins: release.plugins.map((p) => p.name).filter((n) => new Set(names).has(n)) });
  const toggle = (name: string, on: boolean) => setSelected(on ? [...selected, name] : [...selected].filter((n) => n !== name));
  const selectVisible = (on: boolean) => {
    const names = new Set(visible.map((p) => p.name));
    setSelected(on ? [...selected, ...names] : [...selected].filter((n) => !names.has(n)));
  };
  const runProbe = () => {
    const names = form.plugins.length ? form.plugins : visible.map((p) => p.name);
    const connection = sourceConnection(form);
    void probe.run((taskId) => call('catalog:probe', { taskId, release: form.release, source: sourceHost(form), names: [...names], ...(form.followTags ? { followTags: true } : {}), ...(connection ? { connection } : {}) }));
  };

  return (
    <fieldset className="panel">
      <legend>{t('catalog.title', { release: release.release })}</legend>
      <div className="row">
        <label htmlFor={`${id}-search`}>
          {t('catalog.search')}
          <input id={`${id}-search`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()} placeholder={t('catalog.search.placeholder')} data-testid="catalog-search" />
        </label>
        <button type="button" className="secondary" onClick={() => selectVisible(true)} data-testid="catalog-select-all">
          {query ? t('catalog.selectShown') : t('catalog.selectAll')}
        </button>
        <button type="button" className="secondary" onClick={() => selectVisible(false)} data-testid="catalog-select-none">
          {query ? t('catalog.clearShown') : t('catalog.selectNone')}
        </button>
        <button type="button" className="secondary" onClick={runProbe} disabled={!sourceHost(form) || probe.status === 'running' || (!form.plugins.length && !visible.length)} data-testid="catalog-probe">
          {probe.status === 'running' ? t('catalog.probing', { done: probe.progress.itemsDone ?? 0, total: probe.progress.itemsTotal ?? '…' }) : form.plugins.length ? t('catalog.probeSelected') : t('catalog.probeShown')}
        </button>
        <span className="muted" role="status" data-testid="catalog-count">
          {t('catalog.selectedCount', { count: form.plugins.length, total: release.plugins.length })}
        </span>
      </div>
      {probe.error !== undefined && probe.status === 'failed' && <ErrorNote error={probe.error} />}
      <div className="table-wrap">
        <table className="catalog" data-testid="catalog-table">
          <thead>
            <tr>
              <th scope="col">
                <span className="sr-only">{t('catalog.col.select')}</span>
              </th>
              <th scope="col">{t('catalog.col.plugin')}</th>
              <th scope="col">{t('catalog.col.tag')}</th>
              <th scope="col">{t('catalog.col.pinned')}</th>
              <th scope="col">{t('catalog.col.digest')}</th>
              <th scope="col">{t('catalog.col.size')}</th>
              <th scope="col">{t('catalog.col.layout')}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map(([category, label]) => {
              const rows = visible.filter((p) => groupOf(p.category) === category);
              if (!rows.length) return null;
              return (
                <Fragment key={category}>
                  <tr className="group">
                    <th scope="rowgroup" colSpan={7}>
                      {label ? t(label) : category} <span className="muted">({rows.length})</span>
                    </th>
                  </tr>
                  {rows.map((p) => (
                    <PluginRow key={p.name} plugin={p} builds={release.consoleBuilds} checked={selected.has(p.name)} onToggle={(on) => toggle(p.name, on)} probe={probes.get(p.name)} />
                  ))}
                </Fragment>
              );
            })}
            {!visible.length && (
              <tr>
                <td colSpan={7} className="muted">
                  {t('catalog.noMatch')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}

function PluginRow({ plugin, builds, checked, onToggle, probe }: { plugin: CatalogPlugin; builds: readonly ConsoleBuild[]; checked: boolean; onToggle(on: boolean): void; probe: PluginProbe | undefined }) {
  const { t } = useI18n();
  const id = useId();
  const moved = probe?.ok && plugin.digest && probe.digest !== plugin.digest;
  const lacking = builds.filter((b) => !plugin.consoleBuilds.includes(b.id)).map((b) => b.label);
  return (
    <tr data-testid={`plugin-row-${plugin.name}`} className={checked ? 'selected' : undefined}>
      <td>
        <input id={id} type="checkbox" checked={checked} onChange={(e) => onToggle(e.target.checked)} data-testid={`plugin-check-${plugin.name}`} />
      </td>
      <td>
        <label htmlFor={id} className="plain">
          {plugin.name}
        </label>
        {plugin.repository !== `plugins/${plugin.name}` && <div className="muted small">{plugin.repository}</div>}
        {lacking.length > 0 && <div className="warn small" data-testid={`plugin-console-${plugin.name}`}>{t('catalog.notBuiltIn', { builds: lacking.join(', ') })}</div>}
        {!plugin.inPluginServerImage && <div className="warn small" data-testid={`plugin-ps-${plugin.name}`}>{t('catalog.notInPluginServer')}</div>}
      </td>
      <td>{plugin.tag}</td>
      <td title={plugin.digest}>{plugin.digest ? shortDigest(plugin.digest) : <span className="muted">{t('catalog.notPinned')}</span>}</td>
      <td title={probe?.digest} data-testid={`plugin-digest-${plugin.name}`} className={moved ? 'bad' : undefined}>
        {probe ? (probe.ok ? shortDigest(probe.digest) : '') : ''}
        {moved && <div className="small">{t('catalog.moved')}</div>}
      </td>
      <td>{probe?.ok ? formatBytes(probe.size) : ''}</td>
      <td data-testid={`plugin-layout-${plugin.name}`}>{probe ? probe.ok ? <span className="badge ok">{probe.layout}</span> : <ProbeProblem probe={probe} /> : ''}</td>
    </tr>
  );
}

/** Why a plugin cannot be bundled from this source, in the UI's language where its code is known. */
function ProbeProblem({ probe }: { probe: PluginProbe }) {
  const { locale } = useI18n();
  const problem = probe.problem ?? { code: '', message: probe.error ?? '' };
  const shown = locale === 'en' ? { message: problem.message, hint: renderError(problem, 'en', 'ui').hint, localized: true } : renderError(problem, locale, 'ui');
  return (
    <span className="bad small" role="note" lang={shown.localized ? undefined : 'en'} title={shown.hint}>
      {shown.message}
      {shown.hint && <span className="muted"> {shown.hint}</span>}
    </span>
  );
}
