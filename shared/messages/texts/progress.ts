import { t, type MessageEntry } from '../types';

/** Progress stages shown by the CLI bar and the app. */
export const PROGRESS_MESSAGES: Readonly<Record<string, MessageEntry>> = {
  /** The stage of a long task, by `phase` (an unknown phase shows as it is). */
  PROGRESS_PHASE: {
    message: t('{phase}', '阶段：{phase}'),
    variants: {
      by: 'phase',
      cases: {
        bundle: { message: t('bundling', '制作离线包') },
        verify: { message: t('verifying', '校验') },
        push: { message: t('pushing', '推送') },
        probe: { message: t('checking', '检查') },
        copy: { message: t('copying', '复制') },
        'docker-load': { message: t('loading into Docker', '导入 Docker') },
        'docker-push': { message: t('pushing through Docker', '通过 Docker 推送') },
        'docker-save': { message: t('saving from Docker', '从 Docker 导出') },
      },
    },
  },
  PROGRESS_BLOBS: {
    message: t('{done}/{total} blobs', '{done}/{total} 个数据块'),
    variants: { by: 'form', cases: { one: { message: t('{done}/{total} blob', '{done}/{total} 个数据块') } } },
  },
  PROGRESS_ITEMS: {
    message: t('{done}/{total} items', '{done}/{total} 项'),
    variants: { by: 'form', cases: { one: { message: t('{done}/{total} item', '{done}/{total} 项') } } },
  },
  PROGRESS_ETA: {
    message: t('{seconds}s left', '剩余 {seconds} 秒'),
  },
  PROGRESS_RETRIES: {
    message: t('({count} retries)', '（重试 {count} 次）'),
    variants: { by: 'form', cases: { one: { message: t('({count} retry)', '（重试 {count} 次）') } } },
  },
  PROGRESS_DOCKER_LOADING: {
    message: t('sending the bundle to the Docker engine', '正在把离线包发送给 Docker 引擎'),
  },
  PROGRESS_DOCKER_PUSHED: {
    message: t('pushed {target}', '已推送 {target}'),
  },
  PROGRESS_DOCKER_PUSH_FAILED: {
    message: t('push of {target} failed', '推送 {target} 失败'),
  },
  // Stage notes of long tasks, for the modules that still send them as English text.
  PROGRESS_RESOLVING: {
    message: t('resolving references', '正在解析引用'),
  },
  PROGRESS_DOWNLOADING: {
    message: t('downloading', '正在下载'),
  },
  PROGRESS_WRITING: {
    message: t('writing', '正在写入'),
  },
  PROGRESS_SAVING_IMAGE: {
    message: t('writing {image} into {layout}', '正在把 {image} 写入 {layout}'),
  },
  PROGRESS_CHECKING_REGISTRY: {
    message: t('asking {host} what it holds now', '正在向 {host} 查询其当前内容'),
  },
};

/** `one` for exactly one, else `other`: the `form` parameter of counted messages. */
export function countForm(n: number): 'one' | 'other' {
  return n === 1 ? 'one' : 'other';
}
