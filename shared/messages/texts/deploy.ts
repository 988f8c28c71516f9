import { t, type MessageEntry } from '../types';

/** Deployment output: warnings and notes of `yaml` and the Deploy screen, output-folder rules. */
export const DEPLOY_MESSAGES: Readonly<Record<string, MessageEntry>> = {
  // ── where Higress runs (yaml --target, the Deploy screen's choice) ──
  DEPLOY_TARGET_INVALID: {
    message: t('Unknown deployment target "{target}"', '未知的部署目标“{target}”'),
    hint: t('Use one of {targets} (--target).', '请使用 {targets} 之一（--target）。'),
    uiHint: t('Choose one under “Where Higress runs”.', '请在“Higress 运行在哪里”中选择一项。'),
  },
  DEPLOY_MODE_REQUIRED: {
    message: t('The {target} target needs a delivery mode: http (Plugin Server) or oci (the gateway pulls from the registry)', '{target} 目标需要指定插件分发方式：http（Plugin Server）或 oci（网关从镜像仓库拉取）'),
    hint: t('Add --mode http or --mode oci.', '请加上 --mode http 或 --mode oci。'),
    uiHint: t('Choose the delivery mode.', '请选择插件分发方式。'),
  },
  TARGET_CHART_IMAGE_NOT_IN_BUNDLE: {
    message: t('The chart runs {component} from {ref}, but the bundle does not carry {image}: push it there before installing.', 'Chart 会从 {ref} 运行 {component}，但捆绑包中没有 {image}：安装前请先把它推送到该位置。'),
    hint: t('Bundle it with bundle --with-higress (and the matching group flag), then push.', '请用 bundle --with-higress（及相应的分组选项）打包后再推送。'),
    uiHint: t('Bundle it on the Build screen with “Higress release images” (and the matching group), then push.', '请在“构建”页面勾选“Higress 版本镜像”（及相应分组）打包后再推送。'),
  },
  TARGET_CHART_NOT_IN_BUNDLE: {
    message: t('The bundle does not carry the chart {chart}: helm/install.sh asks for it (HIGRESS_CHART); fetch it from {url} on the connected side.', '捆绑包中没有 Chart {chart}：helm/install.sh 需要它（HIGRESS_CHART）；请在联网侧从 {url} 下载。'),
    hint: t('Bundle the charts (bundle --with-higress without --no-charts).', '请打包 Chart（bundle --with-higress，不加 --no-charts）。'),
    uiHint: t('Bundle the charts on the Build screen (“Charts”).', '请在“构建”页面勾选“Charts”打包。'),
  },
  TARGET_CHART_IMAGE_UNRESOLVED: {
    message: t('With these values the chart would run {component} from {image}, which push does not write: the cluster could not pull it.', '按这些 values，Chart 会从 {image} 运行 {component}，而 push 不会写入该位置：集群将无法拉取。'),
    hint: t('Use the registry and --target-mode given to push.', '请使用与 push 相同的镜像仓库和 --target-mode。'),
    uiHint: t('Use the registry and retag mode the push used.', '请使用推送时的镜像仓库和重新打标签方式。'),
  },
  // ── warnings of the generated output (shared/deploy/*) ──
  DEPLOY_RELEASE_ASSUMED: {
    message: t('No Higress release given and the bundle names none: assuming {release}.', '未指定 Higress 版本，捆绑包中也没有记录：按 {release} 处理。'),
    hint: t('Pass the release your cluster runs (--release).', '请用 --release 指定集群实际运行的版本。'),
    uiHint: t('Choose the release your cluster runs under “Higress release”.', '请在“Higress 版本”中选择集群实际运行的版本。'),
  },
  DEPLOY_OCI_REFERENCES_OTHER_RELEASE: {
    message: t(
      '{build} asks the registry for every built-in plugin as <namespace>/<name>:<spec version>; push adds those references only for a Higress {release} bundle, and this one is {bundleRelease}.',
      '{build} 会按 <命名空间>/<名称>:<规格版本> 向镜像仓库请求每个内置插件；push 只为 Higress {release} 的捆绑包写入这些引用，而本捆绑包是 {bundleRelease}。',
    ),
    hint: t('Bundle for {release}, or rely on the generated WasmPlugins, which name the pushed references.', '请为 {release} 制作捆绑包，或只使用生成的 WasmPlugin（它们引用的是已推送的地址）。'),
  },
  DEPLOY_CONSOLE_BUILD_CHOSEN: {
    message: t("Higress {release} has {count} Console builds; the output follows {build} (the release's console image).", 'Higress {release} 有 {count} 个控制台构建；输出按 {build}（该版本的 console 镜像）生成。'),
    hint: t('Choose another ({others}) with --console-build if your cluster runs it.', '如集群运行的是其他构建（{others}），请用 --console-build 指定。'),
    uiHint: t('Choose another ({others}) under “Console build” if your cluster runs it.', '如集群运行的是其他构建（{others}），请在“控制台构建”中选择。'),
  },
  DEPLOY_CREDENTIALS_UNUSED: {
    message: t('Credentials were given without asking for a filled Secret: they were not used; the Secret is a template.', '提供了凭据，但没有要求生成已填写的 Secret：凭据未被使用，Secret 仍是模板。'),
  },
  DEPLOY_MCP_NO_PULL_SECRET: {
    message: t('The WasmPlugin the controller creates for mcp-server from {env} has no image pull secret: the gateway pulls it anonymously.', '控制器根据 {env} 为 mcp-server 创建的 WasmPlugin 没有镜像拉取凭据：网关会匿名拉取。'),
    hint: t('Allow anonymous pulls of {image}, or use HTTP mode for it.', '请允许匿名拉取 {image}，或改用 HTTP 模式。'),
  },
  DEPLOY_CONSOLE_NO_PULL_SECRET: {
    message: t('{build} cannot be given a pull secret for its plugins: WasmPlugins it creates pull anonymously.', '{build} 无法为插件设置拉取凭据：它创建的 WasmPlugin 会匿名拉取。'),
  },
  DEPLOY_FLATTEN_NO_PROJECT: {
    message: t('The plugins sit at the registry root (flattened, no project), which the Console cannot be pointed at.', '插件位于镜像仓库根路径（扁平化且没有项目），控制台无法指向这里。'),
    hint: t('Push them under a project (host/project) for the Console to use them.', '请推送到某个项目下（主机/项目），控制台才能使用它们。'),
  },
  DEPLOY_CHART_CANNOT_NAME_PLUGIN_SERVER: {
    message: t(
      'The Plugin Server image was pushed as {image}, which the Higress {release} chart cannot name ({pattern}): the Helm values leave the Plugin Server off.',
      'Plugin Server 镜像被推送为 {image}，Higress {release} 的 chart 无法表示该地址（{pattern}）：Helm values 中未启用 Plugin Server。',
    ),
    hint: t('Apply {file} instead, or push with --target-mode keep.', '请改为应用 {file}，或推送时使用 --target-mode keep。'),
    uiHint: t('Apply {file} instead, or push again keeping the source paths.', '请改为应用 {file}，或推送时保留源路径后重新推送。'),
  },
  DEPLOY_SEVERAL_PLUGIN_SERVERS: {
    message: t('The bundle has {count} Plugin Server images; using {image}.', '捆绑包中有 {count} 个 Plugin Server 镜像；使用 {image}。'),
  },
  DEPLOY_PLUGIN_SERVER_LATEST: {
    message: t('The Plugin Server image is tagged "latest", which can change under you.', 'Plugin Server 镜像的标签是“latest”，其内容可能随时变化。'),
    hint: t('Pin it by digest (--pin-digest).', '请按摘要固定（--pin-digest）。'),
    uiHint: t('Tick “Pin the image by digest”.', '请勾选“按摘要锁定镜像”。'),
  },
  DEPLOY_PLUGIN_SERVER_NO_DIGEST: {
    message: t('The Plugin Server digest is not known yet (no bundle): the image is named by tag only.', '尚不知道 Plugin Server 的摘要（没有捆绑包）：镜像只按标签引用。'),
  },
  DEPLOY_NO_CHECKSUM: {
    message: t('No checksum known for {plugins} (not bundled yet): their WasmPlugins have no sha256.', '{plugins} 的校验和未知（尚未打包）：它们的 WasmPlugin 没有 sha256。'),
  },
  DEPLOY_NOT_BUILT_IN: {
    message: t('{plugin} is not a built-in plugin of {build}: the Console lists it as a custom plugin; its WasmPlugin is named {name}.', '{plugin} 不是 {build} 的内置插件：控制台会把它列为自定义插件；其 WasmPlugin 名为 {name}。'),
  },
  DEPLOY_VERSION_NOT_SERVED: {
    message: t('{build} asks for {plugin} {version}, which the bundle does not serve (it serves {served}).', '{build} 请求 {plugin} {version}，但捆绑包不提供该版本（提供的是 {served}）。'),
  },
  DEPLOY_NOT_IN_OFFICIAL_IMAGE: {
    message: t('Not in the official Plugin Server image: {plugins}.', '以下插件不在官方 Plugin Server 镜像中：{plugins}。'),
    hint: t('Serve them from a custom Plugin Server image (base image + a plugins layer), or use OCI mode.', '请用自定义 Plugin Server 镜像（基础镜像 + 插件层）提供它们，或改用 OCI 模式。'),
  },
  DEPLOY_OFFICIAL_IMAGE_LACKS: {
    message: t('The official Higress {release} Plugin Server image does not serve {plugins} where the Console asks.', 'Higress {release} 官方 Plugin Server 镜像在控制台请求的路径上不提供 {plugins}。'),
    hint: t('Deploy the custom Plugin Server image push builds from this bundle instead (--plugin-server-image).', '请改为部署 push 根据本捆绑包构建的自定义 Plugin Server 镜像（--plugin-server-image）。'),
    uiHint: t('Deploy the custom Plugin Server image push builds from this bundle instead (the “Custom Plugin Server image” field).', '请改为部署推送时根据本捆绑包构建的自定义 Plugin Server 镜像（“自定义 Plugin Server 镜像”字段）。'),
  },
  DEPLOY_RUNTIME_MUST_TRUST: {
    message: t("The cluster's container runtime pulls the Plugin Server image from {registry}: it must trust that registry.", '集群的容器运行时会从 {registry} 拉取 Plugin Server 镜像：它必须信任该镜像仓库。'),
    hint: t('Set containerd/Docker insecure-registry or CA settings on every node.', '请在每个节点上配置 containerd/Docker 的 insecure-registry 或 CA 设置。'),
  },
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
