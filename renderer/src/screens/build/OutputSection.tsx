import { useEffect, useId, useState } from 'react';
import type { FolderStatus } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { PathField } from '../../components/PathField';
import { formatBytes, parentFolder } from '../../format';
import { useI18n } from '../../i18n';
import { PLATFORMS, type BuildForm, type SplitChoice } from '../../model/build-plan';

/** Free space and file system of the folder a path would be written into (checked as you type). */
export function useFolderStatus(path: string): FolderStatus | undefined {
  const [status, setStatus] = useState<{ path: string; folder: FolderStatus | undefined }>();
  const folder = path.trim() ? parentFolder(path) : '';
  useEffect(() => {
    if (!folder) return;
    let live = true;
    const timer = setTimeout(() => {
      call('system:check', { folder })
        .then((r) => live && setStatus({ path: folder, folder: r.folder }))
        .catch(() => live && setStatus({ path: folder, folder: undefined }));
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [folder]);
  return status?.path === folder ? status.folder : undefined;
}

const SPLITS: readonly SplitChoice[] = ['none', 'fat32', 'custom'];

/** Platforms, where the bundle goes (with that folder's free space and file system), and volumes. */
export function OutputSection({ form, update, folder }: { form: BuildForm; update(p: Partial<BuildForm>): void; folder: FolderStatus | undefined }) {
  const { t } = useI18n();
  const id = useId();
  const isFat = folder?.fileSystem !== undefined && /^(vfat|fat|fat32|msdos)$/i.test(folder.fileSystem);
  const splitLabel = { none: t('output.split.none'), fat32: t('output.split.fat32'), custom: t('output.split.custom') };
  const togglePlatform = (p: string, on: boolean) => update({ platforms: PLATFORMS.filter((x) => (x === p ? on : form.platforms.includes(x))) });
  return (
    <fieldset className="panel">
      <legend>{t('output.title')}</legend>
      <fieldset className="inline">
        <legend>{t('output.platforms')}</legend>
        {PLATFORMS.map((p) => (
          <label className="check" key={p}>
            <input type="checkbox" checked={form.platforms.includes(p)} onChange={(e) => togglePlatform(p, e.target.checked)} data-testid={`platform-${p.replace('/', '-')}`} />
            {p}
          </label>
        ))}
        {form.platforms.length === 0 && <span className="warn">{t('output.platforms.none')}</span>}
      </fieldset>
      <PathField label={t('output.path')} value={form.out} onChange={(out) => update({ out })} browse="save-bundle" defaultName="higress-bundle.tar" placeholder={t('output.path.placeholder')} testId="build-out" required />
      {folder && (
        <p className={folder.exists && folder.writable ? 'muted' : 'warn'} data-testid="build-folder">
          {!folder.exists
            ? t('output.folder.missing', { path: folder.path })
            : !folder.writable
              ? t('output.folder.readOnly', { path: folder.path })
              : t('output.folder.free', { free: formatBytes(folder.freeBytes), total: formatBytes(folder.totalBytes), fs: folder.fileSystem ?? '?' })}
        </p>
      )}
      {isFat && form.split === 'none' && (
        <p className="warn" role="alert" data-testid="build-fat-warning">
          {t('output.fatWarning')}
        </p>
      )}
      <fieldset className="inline">
        <legend>{t('output.split')}</legend>
        {SPLITS.map((s) => (
          <label className="check" key={s}>
            <input type="radio" name={`${id}-split`} value={s} checked={form.split === s} onChange={() => update({ split: s })} data-testid={`split-${s}`} />
            {splitLabel[s]}
          </label>
        ))}
        {form.split === 'custom' && (
          <label htmlFor={`${id}-size`}>
            {t('output.split.size')}
            <input id={`${id}-size`} className="narrow" value={form.splitSize} onChange={(e) => update({ splitSize: e.target.value })} placeholder="700M" data-testid="split-size" />
          </label>
        )}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={form.force} onChange={(e) => update({ force: e.target.checked })} data-testid="build-force" />
        {t('output.force')}
      </label>
    </fieldset>
  );
}
