import type { MessageKey } from './en';

/** 简体中文 */
export const zhCN: Record<MessageKey, string> = {
  'app.title': 'Higress 离线传输',
  'app.tagline': '将 Higress Plugin Server 与 Wasm 插件搬进离线(内网)环境。',
  'app.noHost': '请通过桌面应用或 `higress-airgap ui` 打印的地址打开本页面。',
  'lang.label': '语言',
  'system.title': '本机状态',
  'system.folder': '检查的目录',
  'system.check': '检查',
  'system.checking': '正在检查…',
  'system.version': '应用版本',
  'system.platform': '平台',
  'system.docker': 'Docker 引擎',
  'system.docker.ok': 'Docker {version},地址 {endpoint}',
  'system.docker.down': '无法连接 {endpoint}',
  'system.free': '可用空间',
  'system.free.value': '可用 {free},共 {total}({fs})',
  'system.notWritable': '不可写',
  'error.title': '出错了',
};
