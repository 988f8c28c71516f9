/** UI strings — Verify reports and the state of an opened bundle. English is the key contract; Chinese must fill every key. */
export const VERIFY_EN = {
  'verify.problemsTitle': 'Problems ({count})',
  'verify.next': 'Next step:',
  'verify.blocked.push': 'Push is turned off: this bundle failed verification (see the report above). Nothing can be pushed from this copy.',
  'verify.blocked.load': 'Loading into Docker is turned off: this bundle failed verification (see the report above).',
} as const;

export const VERIFY_ZH: Record<keyof typeof VERIFY_EN, string> = {
  'verify.problemsTitle': '问题（{count} 处）',
  'verify.next': '下一步：',
  'verify.blocked.push': '推送已停用：该离线包未通过校验（见上方报告），此副本中的内容无法推送。',
  'verify.blocked.load': '导入 Docker 已停用：该离线包未通过校验（见上方报告）。',
};
