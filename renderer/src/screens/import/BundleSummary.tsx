import type { OpenedBundle } from '../../../../shared/ipc/contract';
import { formatBytes, formatDate, shortDigest } from '../../format';
import { useI18n } from '../../i18n';

/** What the bundle holds, from its bundle.json: release, images, plugins, volumes. */
export function BundleSummary({ bundle }: { bundle: OpenedBundle }) {
  const { t, locale } = useI18n();
  const m = bundle.manifest;
  // What the images really hold; bundle.json's own `platforms` is what was asked for when it was built.
  const held = [...new Set(m.images.flatMap((i) => i.platforms))].sort();
  const missing = m.images.length ? m.platforms.filter((p) => !held.includes(p)) : [];
  return (
    <section className="panel" aria-labelledby="bundle-title" data-testid="bundle-summary">
      <h3 id="bundle-title">{bundle.name}</h3>
      <dl className="facts">
        <dt>{t('bundle.path')}</dt>
        <dd className="path" data-testid="bundle-path">
          {bundle.path}
        </dd>
        <dt>{t('bundle.release')}</dt>
        <dd data-testid="bundle-release">{m.higressRelease ?? t('bundle.release.none')}</dd>
        <dt>{t('bundle.created')}</dt>
        <dd>
          {formatDate(m.createdAt, locale)} · {m.tool.name} {m.tool.version}
        </dd>
        <dt>{t('bundle.kind')}</dt>
        <dd data-testid="bundle-kind">{bundle.kind === 'split' ? t('bundle.kind.split', { count: bundle.volumes.length }) : t('bundle.kind.single')}</dd>
        <dt>{t('bundle.size')}</dt>
        <dd>{formatBytes(bundle.totalSize)}</dd>
        <dt>{t('bundle.platforms')}</dt>
        <dd data-testid="bundle-platforms">
          {held.length ? held.join(', ') : t('bundle.platforms.pluginsOnly')}
          {missing.length > 0 && (
            <div className="warn small" data-testid="bundle-platforms-missing">
              {t('bundle.platforms.missing', { platforms: missing.join(', ') })}
            </div>
          )}
        </dd>
      </dl>
      {bundle.kind === 'split' && (
        <ul className="paths">
          {bundle.volumes.map((v) => (
            <li key={v.name}>
              <code>{v.name}</code> {formatBytes(v.size)}
            </li>
          ))}
        </ul>
      )}
      <div className="table-wrap">
        <table data-testid="bundle-contents">
          <caption>{t('bundle.contents', { images: m.images.length, plugins: m.plugins.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('bundle.col.item')}</th>
              <th scope="col">{t('bundle.col.kind')}</th>
              <th scope="col">{t('bundle.col.digest')}</th>
              <th scope="col" className="num">
                {t('bundle.col.size')}
              </th>
            </tr>
          </thead>
          <tbody>
            {m.images.map((i) => (
              <tr key={i.source}>
                <td>
                  <code>{i.source}</code>
                </td>
                <td>
                  {i.role === 'plugin-server' ? t('bundle.image.pluginServer') : t('bundle.image.extra')} · <span data-testid="bundle-image-platforms">{i.platforms.join(', ')}</span>
                </td>
                <td title={i.digest}>{shortDigest(i.digest)}</td>
                <td className="num">{formatBytes(i.size)}</td>
              </tr>
            ))}
            {m.plugins.map((p) => (
              <tr key={p.name} data-testid={`bundle-plugin-${p.name}`}>
                <td>
                  {p.name} <span className="muted">{p.version}</span>
                </td>
                <td>
                  {t('bundle.plugin')} · {p.layout}
                  {p.abiVersion && <span data-testid={`bundle-plugin-abi-${p.name}`}> · {t('bundle.plugin.abi', { version: p.abiVersion })}</span>}
                  {p.servedVersions.length > 1 && <div className="muted small">{t('bundle.plugin.served', { versions: p.servedVersions.join(', ') })}</div>}
                  {p.pin?.kind === 'followed-tag' && <div className="warn small">{t('bundle.plugin.followed', { pinned: p.pin.pinnedDigest ?? '?' })}</div>}
                </td>
                <td title={p.digest}>{shortDigest(p.digest)}</td>
                <td className="num">{formatBytes(p.wasm.size)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
