import { t, type MessageEntry } from '../types';

/** The whole Higress release: core images, charts, deployment targets. */
export const RELEASE_MESSAGES: Readonly<Record<string, MessageEntry>> = {
  // ── chart repository (shared/release/chart-repo.ts) ──
  CHART_REPO_URL_INVALID: {
    message: t('{url} is not an http(s) address of a Helm chart repository.', '{url} 不是 Helm chart 仓库的 http(s) 地址。'),
    hint: t('Give the repository URL, the folder that holds index.yaml (--chart-repo https://host/charts/).', '请填写仓库地址，即 index.yaml 所在的目录（--chart-repo https://主机/charts/）。'),
    uiHint: t('Enter the repository URL, the folder that holds index.yaml.', '请在“Chart 仓库”中填写 index.yaml 所在目录的地址。'),
  },
  CHART_REPO_UNREACHABLE: {
    message: t('Cannot read {url}: {reason}.', '无法读取 {url}：{reason}。'),
    hint: t('Check that the chart repository is reachable from this machine, or give another with --chart-repo.', '请确认本机能访问该 chart 仓库，或用 --chart-repo 指定其他仓库。'),
    uiHint: t('Check that the chart repository is reachable from this machine, or enter another under “Chart repository”.', '请确认本机能访问该 chart 仓库，或在“Chart 仓库”中填写其他仓库。'),
  },
  CHART_REPO_TOO_MANY_REDIRECTS: {
    message: t('{url} redirects more than {limit} times.', '{url} 重定向超过 {limit} 次。'),
    hint: t('Give the address the repository finally serves from.', '请直接填写仓库最终提供服务的地址。'),
  },
  CHART_REPO_BAD_REDIRECT: {
    message: t('{url} redirects to {location}, which is not an http(s) address.', '{url} 重定向到 {location}，这不是 http(s) 地址。'),
  },
  CHART_INDEX_TOO_LARGE: {
    message: t('The index {url} is larger than {limit} bytes: refused.', '索引 {url} 超过 {limit} 字节，已拒绝。'),
    hint: t('Is this really a Helm repository index? Give the repository that publishes the Higress charts.', '这确实是 Helm 仓库索引吗？请指定发布 Higress chart 的仓库。'),
  },
  CHART_INDEX_INVALID: {
    message: t('{url} is not a Helm repository index: {reason}.', '{url} 不是 Helm 仓库索引：{reason}。'),
    hint: t('Give the folder that holds index.yaml (helm repo index writes it).', '请指定 index.yaml 所在的目录（由 helm repo index 生成）。'),
  },
  CHART_NOT_IN_INDEX: {
    message: t('The repository {repo} has no chart {chart} version {version}.', '仓库 {repo} 中没有 chart {chart} 的 {version} 版本。'),
    hint: t('Give a repository that publishes this release (the official one is {official}), or leave the charts out with --no-charts.', '请指定发布了该版本的仓库（官方仓库为 {official}），或用 --no-charts 不带 chart。'),
    uiHint: t('Enter a repository that publishes this release (the official one is {official}), or untick “Charts”.', '请填写发布了该版本的仓库（官方仓库为 {official}），或取消勾选“Chart”。'),
  },
  CHART_DIGEST_MISSING: {
    message: t('The index gives no SHA-256 digest for {chart} {version}: it cannot be checked, so it is not taken.', '索引没有给出 {chart} {version} 的 SHA-256 摘要，无法校验，因此不予采用。'),
    hint: t('Use a repository whose index.yaml lists a digest for each chart (helm repo index writes one).', '请使用 index.yaml 为每个 chart 列出摘要的仓库（helm repo index 会写入）。'),
  },
  CHART_TOO_LARGE: {
    message: t('{url} is larger than {limit} bytes: refused.', '{url} 超过 {limit} 字节，已拒绝。'),
  },
  CHART_NOT_A_PACKAGE: {
    message: t('{url} is not a gzip-compressed chart package.', '{url} 不是 gzip 压缩的 chart 包。'),
  },
  CHART_DIGEST_MISMATCH: {
    message: t('{chart} {version} from {url} has SHA-256 {actual}, but the index says {expected}: nothing was kept.', '从 {url} 下载的 {chart} {version} 的 SHA-256 为 {actual}，而索引记录的是 {expected}：未保留任何文件。'),
    hint: t('The package is not the one the repository lists (changed in transit or on the server); try again or use another repository.', '该包与仓库索引所列的不一致（传输中或服务器上被改动）；请重试或改用其他仓库。'),
  },

  CHART_CONTENT_MISMATCH: {
    message: t('{url} is listed as {chart} {version}, but the package holds {found}: nothing was kept.', '{url} 在索引中登记为 {chart} {version}，但包内是 {found}：未保留任何文件。'),
    hint: t('The repository index is wrong; use another repository.', '该仓库索引有误，请改用其他仓库。'),
  },
  CHART_CANNOT_NAME_IMAGE: {
    message: t('The {component} image was pushed as {image}, which the chart template {template} cannot name: the values leave it at its default.', '{component} 镜像被推送为 {image}，chart 模板 {template} 无法表示该地址：values 中保留其默认值。'),
    hint: t('Push with --target-mode keep (the source path under your project), so every image keeps the path the chart adds.', '请用 --target-mode keep 推送（在项目下保留源路径），使每个镜像保留 chart 会添加的路径。'),
    uiHint: t('Push keeping the source paths (not flattened), so every image keeps the path the chart adds.', '推送时请保留源路径（不要扁平化），使每个镜像保留 chart 会添加的路径。'),
  },
  CHART_IMAGE_NO_PULL_SECRET: {
    message: t('The chart sets no imagePullSecrets for {component}: its pods pull with the node\'s or the service account\'s credentials.', 'chart 没有为 {component} 设置 imagePullSecrets：其 Pod 使用节点或服务账号的凭据拉取镜像。'),
  },

  // ── deployment targets (shared/deploy/targets/*) ──
  TARGET_NO_COMPOSE_DATA: {
    message: t('Higress {release} has no docker-compose deployment in higress-standalone with a Plugin Server service.', 'Higress {release} 在 higress-standalone 中没有带 Plugin Server 服务的 docker-compose 部署。'),
    hint: t('Use --target helm or docker, or a release from 2.2.0 on.', '请使用 --target helm 或 docker，或选择 2.2.0 及以后的版本。'),
    uiHint: t('Choose the Helm or Docker target, or a release from 2.2.0 on.', '请选择 Helm 或 Docker 目标，或 2.2.0 及以后的版本。'),
  },
  TARGET_NO_ALL_IN_ONE_DATA: {
    message: t('Higress {release} has no all-in-one image with a built-in Plugin Server.', 'Higress {release} 没有内置 Plugin Server 的 all-in-one 镜像。'),
    hint: t('Use --target helm or compose, or a release from 2.2.0 on.', '请使用 --target helm 或 compose，或选择 2.2.0 及以后的版本。'),
    uiHint: t('Choose the Helm or Compose target, or a release from 2.2.0 on.', '请选择 Helm 或 Compose 目标，或 2.2.0 及以后的版本。'),
  },
  TARGET_IMAGE_NOT_IN_BUNDLE: {
    message: t('The {service} service runs {image}, which the bundle does not carry: it stays at the public registry.', '{service} 服务使用的 {image} 不在离线包中：它仍指向公共镜像仓库。'),
    hint: t('Bundle it (bundle --with-higress, plus --with-observability for grafana, prometheus, loki and promtail), or push it to the private registry yourself.', '请把它加入离线包（bundle --with-higress，grafana、prometheus、loki、promtail 还需 --with-observability），或自行推送到私有镜像仓库。'),
    uiHint: t('Bundle it (tick “Higress release”, and “Observability” for grafana, prometheus, loki and promtail), or push it to the private registry yourself.', '请把它加入离线包（勾选“Higress 版本”，grafana、prometheus、loki、promtail 还需勾选“可观测性”），或自行推送到私有镜像仓库。'),
  },
  TARGET_COMPOSE_PROFILES: {
    message: t('COMPOSE_PROFILES is set to {profiles} (the release default with the Plugin Server); keep your own profiles if you chose others (e.g. file storage without nacos).', 'COMPOSE_PROFILES 设为 {profiles}（该版本的默认值，并启用 Plugin Server）；如果你选择了其他配置（例如不用 nacos 的文件存储），请保留你自己的 profile。'),
  },
  TARGET_CUSTOM_PLUGIN_SERVER: {
    message: t('The bundle has {count} custom plugins: the Plugin Server runs the custom image {image}.', '离线包含有 {count} 个自定义插件：Plugin Server 使用自定义镜像 {image}。'),
  },
  TARGET_CUSTOM_PLUGINS_NEED_IMAGE: {
    message: t('The bundle has {count} custom plugins, but no custom Plugin Server image was given: the compose Plugin Server (the official image) does not serve them.', '离线包含有 {count} 个自定义插件，但未指定自定义 Plugin Server 镜像：compose 中的 Plugin Server（官方镜像）不提供它们。'),
    hint: t('Let push build the custom image and pass it with --plugin-server-image.', '请让 push 构建自定义镜像，并用 --plugin-server-image 指定。'),
    uiHint: t('Let push build the custom image and enter it under “Plugin Server image”.', '请让 push 构建自定义镜像，并在“Plugin Server 镜像”中填写。'),
  },
  TARGET_PLUGIN_NOT_MOUNTABLE: {
    message: t('{name} {version} has no plugin.wasm file to mount: the built-in Plugin Server will not serve it.', '{name} {version} 没有可挂载的 plugin.wasm 文件：内置 Plugin Server 不会提供它。'),
  },
  TARGET_ALL_IN_ONE_NOT_IN_BUNDLE: {
    message: t('The bundle does not carry the all-in-one image {image}: the script names its private copy, which push has not made.', '离线包中没有 all-in-one 镜像 {image}：脚本引用的私有副本尚未由 push 推送。'),
    hint: t('Bundle it with --with-all-in-one.', '请用 --with-all-in-one 把它加入离线包。'),
    uiHint: t('Tick “All-in-one image” when bundling.', '制作离线包时请勾选“All-in-one 镜像”。'),
  },
  // ── bundle --with-higress (cli/commands/bundle.ts, shared/bundle/resolve.ts) ──
  HIGRESS_FLAGS_WITHOUT_RELEASE: {
    message: t('{flags} only apply with --with-higress.', '{flags} 只能与 --with-higress 一起使用。'),
    hint: t('Add --with-higress to bundle the release itself.', '请加上 --with-higress 以打包 Higress 本身。'),
    uiHint: t('Tick “Higress release” to bundle the release itself.', '请勾选“Higress 版本”以打包 Higress 本身。'),
  },
  CHART_REPO_WITHOUT_CHARTS: {
    message: t('--chart-repo and --no-charts exclude each other.', '--chart-repo 与 --no-charts 不能同时使用。'),
    hint: t('Give the chart repository to take the charts, or --no-charts to leave them out.', '要带上 chart 请指定 chart 仓库；不带 chart 请使用 --no-charts。'),
    uiHint: t('Tick “Charts” to use the chart repository.', '请勾选“Chart”以使用 chart 仓库。'),
  },
  RELEASE_NO_REDIS: {
    message: t('Higress {release} uses no redis image.', 'Higress {release} 不使用 redis 镜像。'),
    hint: t('Leave out --with-redis for this release.', '该版本请不要使用 --with-redis。'),
    uiHint: t('Untick “Redis” for this release.', '该版本请取消勾选“Redis”。'),
  },
  PROGRESS_CHARTS_DOWNLOADING: {
    message: t('downloading the charts from {repo}', '正在从 {repo} 下载 chart'),
  },
  // ── bundle.json charts against the bundle (shared/release/chart-check.ts, run by every open and verify) ──
  BUNDLE_CHART_MISSING: {
    message: t('bundle.json lists chart {chart} {version} at {path}, which is not in the bundle.', 'bundle.json 列出了位于 {path} 的 chart {chart} {version}，但离线包中没有该文件。'),
  },
  BUNDLE_CHART_MISMATCH: {
    message: t('{path} does not match bundle.json chart {chart} {version}: {field} is {actual}, bundle.json says {expected}.', '{path} 与 bundle.json 中的 chart {chart} {version} 不符：{field} 为 {actual}，bundle.json 记录为 {expected}。'),
  },
  BUNDLE_CHART_UNDECLARED: {
    message: t('{path} is under charts/, but bundle.json lists no chart there.', '{path} 位于 charts/ 下，但 bundle.json 未列出该 chart。'),
  },
  BUNDLE_CHART_DUPLICATE: {
    message: t('bundle.json lists {path} twice among its charts.', 'bundle.json 的 chart 列表中 {path} 出现了两次。'),
  },
};
