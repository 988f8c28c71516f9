import { useId, useState } from 'react';
import { FILES, TARGET_FILES, type OutputCopy, type OutputFile } from '../../../../shared/deploy';
import { CopyButton } from '../../components/CopyButton';
import { useI18n, type MessageKey, type Translate } from '../../i18n';

const DESCRIPTIONS: Readonly<Record<string, MessageKey>> = {
  [FILES.all]: 'deployFile.all',
  [FILES.secret]: 'deployFile.secret',
  [FILES.pluginServer]: 'deployFile.pluginServer',
  [FILES.wasmPlugins]: 'deployFile.wasmPlugins',
  [FILES.setEnv]: 'deployFile.setEnv',
  [FILES.helmValues]: 'deployFile.helmValues',
  [FILES.helmUpgrade]: 'deployFile.helmUpgrade',
  [FILES.readme]: 'deployFile.readme',
  [TARGET_FILES.helmInstall]: 'deployFile.helmInstall',
  [TARGET_FILES.composeEnv]: 'deployFile.composeEnv',
  [TARGET_FILES.composeOverride]: 'deployFile.composeOverride',
  [TARGET_FILES.dockerScript]: 'deployFile.dockerScript',
};

/** What a generated file is for, in the UI's language (the generator's own words as a fallback). */
function describe(t: Translate, file: OutputFile): string {
  const key = DESCRIPTIONS[file.path];
  if (key) return t(key);
  const patch = /^patches\/(.+)\.yaml$/.exec(file.path);
  return patch ? t('deployFile.patch', { deployment: patch[1] as string }) : file.description;
}

/**
 * One generated file at a time (all.yaml first, else the target's first file), with copy; the text
 * is exactly what Save writes. Files Save copies out of the bundle (plugin modules, the chart) are listed.
 */
export function YamlPreview({ files, copies }: { files: readonly OutputFile[]; copies: readonly OutputCopy[] }) {
  const { t } = useI18n();
  const id = useId();
  const [chosen, setChosen] = useState('all.yaml');
  const file = files.find((f) => f.path === chosen) ?? files[0];
  if (!file) return null;
  return (
    <div className="preview" data-testid="deploy-preview">
      <div className="row spread">
        <label htmlFor={`${id}-file`}>
          {t('deploy.preview.file')}
          <select id={`${id}-file`} value={file.path} onChange={(e) => setChosen(e.target.value)} data-testid="deploy-file">
            {files.map((f) => (
              <option key={f.path} value={f.path}>
                {f.path}
              </option>
            ))}
          </select>
        </label>
        <CopyButton text={file.content} label={t('deploy.copy', { file: file.path })} testId="deploy-copy" />
      </div>
      <p className="muted small">{describe(t, file)}</p>
      <pre lang="en" tabIndex={0} aria-label={t('deploy.preview.label', { file: file.path })} data-testid="deploy-yaml">
        {file.content}
      </pre>
      {copies.length > 0 && (
        <div data-testid="deploy-copies">
          <p className="muted small">{t('deploy.copies', { count: copies.length })}</p>
          <ul className="paths">
            {copies.map((c) => (
              <li key={c.path}>
                <code>{c.path}</code> ← <code>{c.from}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
