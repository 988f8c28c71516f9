/** UI strings — Deploy screen: output folder, targets, previews. English is the key contract; Chinese must fill every key. */
export const DEPLOY_EN = {
  'deploy.save.rule': 'Files this app wrote here before are replaced only after you confirm; other files are never touched.',
  'deploy.replace.title': 'Replace the files of an earlier run?',
  'deploy.replace.message': 'An earlier run wrote these files into {dir}. Saving replaces or removes them:',
  'deploy.replace.confirm': 'Replace {count} files',
  'deploy.replace.replaced': 'will be replaced',
  'deploy.replace.removed': 'will be removed (this output no longer has it)',
  'deploy.saved.replaced': 'replaced',
  'deploy.saved.removed': 'removed',
  'deploy.replace.edited': 'edited since it was written — your changes will be lost',
} as const;

export const DEPLOY_ZH: Record<keyof typeof DEPLOY_EN, string> = {
  'deploy.save.rule': '本应用之前在此写入的文件，只有在您确认后才会被替换；其他文件绝不会被改动。',
  'deploy.replace.title': '替换之前生成的文件？',
  'deploy.replace.message': '之前的一次运行在 {dir} 中写入了以下文件。保存会替换或删除它们：',
  'deploy.replace.confirm': '替换 {count} 个文件',
  'deploy.replace.replaced': '将被替换',
  'deploy.replace.removed': '将被删除（本次输出已不包含它）',
  'deploy.saved.replaced': '已替换',
  'deploy.saved.removed': '已删除',
  'deploy.replace.edited': '写入后被手动修改过——您的修改将会丢失',
};
