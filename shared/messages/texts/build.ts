import { t, type MessageEntry } from '../types';

/** Building a bundle on the connected side: warnings about what the bundle holds. */
export const BUILD_MESSAGES: Readonly<Record<string, MessageEntry>> = {
  BUNDLE_PLATFORMS_MISSING: {
    message: t('No bundled image holds {missing}: the bundle has {held} only.', '捆绑包中没有镜像包含 {missing}：捆绑包只有 {held}。'),
  },
  BUNDLE_TAG_FOLLOWED: {
    message: t("{source}: the source lacks the release's pinned {pinned}; followed the tag to {digest} as asked.", '{source}：来源没有该版本固定的 {pinned}；已按要求跟随标签取得 {digest}。'),
  },
  BUNDLE_NOT_BUILT_IN: {
    message: t('{build} does not list {plugins} as built-in: there the Console shows them as custom plugins, applied only through the generated WasmPlugins.', '{build} 没有把 {plugins} 列为内置插件：在该控制台中它们显示为自定义插件，只能通过生成的 WasmPlugin 启用。'),
  },
  BUNDLE_OFFICIAL_IMAGE_LACKS: {
    message: t('The official Higress {release} Plugin Server image does not serve {plugins} where the Console asks.', 'Higress {release} 官方 Plugin Server 镜像在控制台请求的路径上不提供 {plugins}。'),
    hint: t('In HTTP mode, let push build a custom Plugin Server image from this bundle (push --plugin-server-image <ref>).', 'HTTP 模式下，请让 push 根据本捆绑包构建自定义 Plugin Server 镜像（push --plugin-server-image <ref>）。'),
    uiHint: t('In HTTP mode, let push build a custom Plugin Server image from this bundle (the custom Plugin Server image option on Import).', 'HTTP 模式下，请让推送根据本捆绑包构建自定义 Plugin Server 镜像（“导入”页的自定义 Plugin Server 镜像选项）。'),
  },
  SERVE_TAG_TAKEN: {
    message: t('{reference}: {name} already names {digest} (from another registry); served by digest only.', '{reference}：{name} 已指向 {digest}（来自另一个镜像仓库）；只能按摘要访问。'),
  },
  SERVE_NOT_SERVED: {
    message: t('{reference} is not served: {reason}', '{reference} 未提供服务：{reason}'),
  },
};
