import { t, type MessageEntry } from '../types';

/** Deployment output: warnings and notes of `yaml` and the Deploy screen, output-folder rules. */
export const DEPLOY_MESSAGES: Readonly<Record<string, MessageEntry>> = {
  // ── the output folder (shared/deploy-output/write-folder.ts) ──
  DEPLOY_OUT_NOT_FOLDER: {
    message: t('{path} exists and is not a folder', '{path} 已存在，但不是文件夹'),
    hint: t('Give --out a folder path.', '请为 --out 指定一个文件夹路径。'),
    uiHint: t('Choose a folder, not a file.', '请选择一个文件夹，而不是文件。'),
  },
  DEPLOY_FOLDER_NOT_OURS: {
    message: t('{path} is not empty, and no earlier run of this tool wrote it', '{path} 不是空文件夹，且不是本工具之前生成的'),
    hint: t('Choose an empty or new folder: files this tool did not write are never replaced.', '请选择一个空的或新的文件夹：本工具不会替换不是它写入的文件。'),
  },
  DEPLOY_FILES_NOT_OURS: {
    message: t('{path} holds files this tool did not write: {list}', '{path} 中有不是本工具写入的文件：{list}'),
    hint: t('Move them away, or choose an empty or new folder.', '请先移走这些文件，或选择一个空的或新的文件夹。'),
  },
  DEPLOY_REPLACE_UNCONFIRMED: {
    message: t('Writing to {path} would replace or remove files of an earlier run: {list}', '写入 {path} 会替换或删除之前生成的文件：{list}'),
    hint: t('Pass --force to replace the files of the earlier run (files it did not write are never touched).', '如需替换之前生成的文件，请加 --force（不是本工具写入的文件不会被改动）。'),
    uiHint: t('Confirm the replacement in the dialog, or choose another folder.', '请在确认对话框中确认替换，或选择其他文件夹。'),
  },
  DEPLOY_RECORD_INVALID: {
    message: t('{path} is not a record this tool wrote', '{path} 不是本工具写入的记录文件'),
    hint: t('Choose an empty or new folder.', '请选择一个空的或新的文件夹。'),
  },
};
