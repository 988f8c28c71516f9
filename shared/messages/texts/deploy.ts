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
    message: t('The chart runs {component} from {ref}, but the bundle does not carry {image}: push it there before installing.', 'Chart 会从 {ref} 运行 {component}，但离线包中没有 {image}：安装前请先把它推送到该位置。'),
    hint: t('Bundle it with bundle --with-higress (and the matching group flag), then push.', '请用 bundle --with-higress（及相应的分组选项）打包后再推送。'),
    uiHint: t('Bundle it on the Build screen with “Higress release images” (and the matching group), then push.', '请在“构建”页面勾选“Higress 版本镜像”（及相应分组）打包后再推送。'),
  },
  TARGET_CHART_NOT_IN_BUNDLE: {
    message: t('The bundle does not carry the chart {chart}: helm/install.sh asks for it (HIGRESS_CHART); fetch it from {url} on the connected side.', '离线包中没有 Chart {chart}：helm/install.sh 需要它（HIGRESS_CHART）；请在联网侧从 {url} 下载。'),
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
    message: t('No Higress release given and the bundle names none: assuming {release}.', '未指定 Higress 版本，离线包中也没有记录：按 {release} 处理。'),
    hint: t('Pass the release your cluster runs (--release).', '请用 --release 指定集群实际运行的版本。'),
    uiHint: t('Choose the release your cluster runs under “Higress release”.', '请在“Higress 版本”中选择集群实际运行的版本。'),
  },
  DEPLOY_OCI_REFERENCES_OTHER_RELEASE: {
    message: t(
      '{build} asks the registry for every built-in plugin as <namespace>/<name>:<spec version>; push adds those references only for a Higress {release} bundle, and this one is {bundleRelease}.',
      '{build} 会按 <命名空间>/<名称>:<规格版本> 向镜像仓库请求每个内置插件；push 只为 Higress {release} 的离线包写入这些引用，而本离线包是 {bundleRelease}。',
    ),
    hint: t('Bundle for {release}, or rely on the generated WasmPlugins, which name the pushed references.', '请为 {release} 制作离线包，或只使用生成的 WasmPlugin（它们引用的是已推送的地址）。'),
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
    message: t('The bundle has {count} Plugin Server images; using {image}.', '离线包中有 {count} 个 Plugin Server 镜像；使用 {image}。'),
  },
  DEPLOY_PLUGIN_SERVER_LATEST: {
    message: t('The Plugin Server image is tagged "latest", which can change under you.', 'Plugin Server 镜像的标签是“latest”，其内容可能随时变化。'),
    hint: t('Pin it by digest (--pin-digest).', '请按摘要固定（--pin-digest）。'),
    uiHint: t('Tick “Pin the image by digest”.', '请勾选“按摘要锁定镜像”。'),
  },
  DEPLOY_PLUGIN_SERVER_NO_DIGEST: {
    message: t('The Plugin Server digest is not known yet (no bundle): the image is named by tag only.', '尚不知道 Plugin Server 的摘要（没有离线包）：镜像只按标签引用。'),
  },
  DEPLOY_NO_CHECKSUM: {
    message: t('No checksum known for {plugins} (not bundled yet): their WasmPlugins have no sha256.', '{plugins} 的校验和未知（尚未打包）：它们的 WasmPlugin 没有 sha256。'),
  },
  DEPLOY_NOT_BUILT_IN: {
    message: t('{plugin} is not a built-in plugin of {build}: the Console lists it as a custom plugin; its WasmPlugin is named {name}.', '{plugin} 不是 {build} 的内置插件：控制台会把它列为自定义插件；其 WasmPlugin 名为 {name}。'),
  },
  DEPLOY_VERSION_NOT_SERVED: {
    message: t('{build} asks for {plugin} {version}, which the bundle does not serve (it serves {served}).', '{build} 请求 {plugin} {version}，但离线包不提供该版本（提供的是 {served}）。'),
  },
  DEPLOY_NOT_IN_OFFICIAL_IMAGE: {
    message: t('Not in the official Plugin Server image: {plugins}.', '以下插件不在官方 Plugin Server 镜像中：{plugins}。'),
    hint: t('Serve them from a custom Plugin Server image (base image + a plugins layer), or use OCI mode.', '请用自定义 Plugin Server 镜像（基础镜像 + 插件层）提供它们，或改用 OCI 模式。'),
  },
  DEPLOY_OFFICIAL_IMAGE_LACKS: {
    message: t('The official Higress {release} Plugin Server image does not serve {plugins} where the Console asks.', 'Higress {release} 官方 Plugin Server 镜像在控制台请求的路径上不提供 {plugins}。'),
    hint: t('Deploy the custom Plugin Server image push builds from this bundle instead (--plugin-server-image).', '请改为部署 push 根据本离线包构建的自定义 Plugin Server 镜像（--plugin-server-image）。'),
    uiHint: t('Deploy the custom Plugin Server image push builds from this bundle instead (the “Custom Plugin Server image” field).', '请改为部署推送时根据本离线包构建的自定义 Plugin Server 镜像（“自定义 Plugin Server 镜像”字段）。'),
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
  INVALID_OUTPUT: {
    message: t('Generated {kind} "{name}" is not valid: {problems}', '生成的 {kind}“{name}”无效：{problems}'),
    hint: t('This is a bug in Higress Airgap or input it should have refused; please report it with the command line used.', '这是 Higress Airgap 的缺陷，或是本应拒绝的输入；请连同所用的命令行一并反馈。'),
    uiHint: t('This is a bug in Higress Airgap or input it should have refused; please report it with the choices you made.', '这是 Higress Airgap 的缺陷，或是本应拒绝的输入；请连同您所做的选择一并反馈。'),
  },
  // ── deployment settings refused ──
  DEPLOY_MODE_INVALID: {
    message: t('Invalid delivery mode "{mode}"', '无效的插件获取方式“{mode}”'),
    hint: t('Use http (Plugin Server) or oci (gateway pulls from the private registry).', '请使用 http（Plugin Server）或 oci（网关从私有镜像仓库拉取）。'),
  },
  DEPLOY_TARGET_MODE_INVALID: {
    message: t('Invalid target mode "{targetMode}"', '无效的目标路径模式“{targetMode}”'),
    hint: t('Use keep or flatten, as for the push.', '请使用 keep 或 flatten，与推送时一致。'),
  },
  DEPLOY_NAMESPACE_INVALID: {
    message: t('Invalid namespace "{namespace}": a namespace is a DNS-1123 label', '无效的命名空间“{namespace}”：命名空间须为 DNS-1123 标签'),
    hint: t('Use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit, e.g. higress-system.', '请使用不超过 63 个小写字母、数字和“-”，并以字母或数字开头和结尾，例如 higress-system。'),
  },
  DEPLOY_REPLICAS_INVALID: {
    message: t('Invalid replicas {replicas}: the Plugin Server needs a whole number of at least 1', '无效的副本数 {replicas}：Plugin Server 的副本数须为不小于 1 的整数'),
    hint: t('Use 2 or more for high availability (the chart default is 2).', '高可用部署请使用 2 个或更多副本（Chart 默认为 2）。'),
  },
  DEPLOY_PULL_SECRET_INVALID: {
    message: t('Invalid pull Secret name "{name}": a Secret name is a DNS-1123 subdomain', '无效的镜像拉取 Secret 名称“{name}”：Secret 名称须为 DNS-1123 子域名'),
    hint: t('Use lowercase letters, digits, "-" and ".", e.g. private-registry.', '请使用小写字母、数字、“-”和“.”，例如 private-registry。'),
  },
  DEPLOY_PULL_POLICY_INVALID: {
    message: t('Invalid image pull policy "{policy}"', '无效的镜像拉取策略“{policy}”'),
    hint: t('Use IfNotPresent or Always.', '请使用 IfNotPresent 或 Always。'),
  },
  DEPLOY_PLUGIN_SERVER_IMAGE_INVALID: {
    message: t('Invalid Plugin Server image "{reference}": {reason}', '无效的 Plugin Server 镜像“{reference}”：{reason}'),
    hint: t('Give the image push built, e.g. harbor.example.com/higress/higress/plugin-server:2.2.4-custom.', '请填写推送时构建的镜像，例如 harbor.example.com/higress/higress/plugin-server:2.2.4-custom。'),
  },
  DEPLOY_PLUGIN_SERVER_IMAGE_ELSEWHERE: {
    message: t('The Plugin Server image {reference} is not on the target registry {registry}', 'Plugin Server 镜像 {reference} 不在目标镜像仓库 {registry} 上'),
    hint: t('Give the custom image as push built it on the private registry.', '请按推送时在私有镜像仓库上构建的名称填写自定义镜像。'),
  },
  DEPLOY_CONSOLE_BUILD_UNKNOWN: {
    message: t('Unknown Console build "{build}" for Higress {release}', 'Higress {release} 没有名为“{build}”的控制台构建'),
    hint: t('Known builds: {known}.', '已知的构建：{known}。'),
  },
  DEPLOY_PLUGIN_UNKNOWN: {
    message: t('Unknown plugin "{plugin}": it is not in the bundle', '未知插件“{plugin}”：离线包中没有该插件'),
    hint: t('The bundle holds: {known}.', '离线包中的插件：{known}。'),
    variants: {
      by: 'held',
      cases: {
        none: { message: t('Unknown plugin "{plugin}": it is not in the bundle', '未知插件“{plugin}”：离线包中没有该插件'), hint: t('The bundle holds no plugins.', '离线包中没有插件。') },
      },
    },
  },
  DEPLOY_PLUGIN_SETTING_UNKNOWN: {
    message: t('Unknown plugin "{plugin}" in the phase/priority settings: it is not in the bundle', '阶段/优先级设置中的插件“{plugin}”未知：离线包中没有该插件'),
    hint: t('The bundle holds: {known}.', '离线包中的插件：{known}。'),
    variants: {
      by: 'held',
      cases: {
        none: { message: t('Unknown plugin "{plugin}" in the phase/priority settings: it is not in the bundle', '阶段/优先级设置中的插件“{plugin}”未知：离线包中没有该插件'), hint: t('The bundle holds no plugins.', '离线包中没有插件。') },
      },
    },
  },
  PLUGIN_PHASE_INVALID: {
    message: t('Invalid phase "{phase}" for plugin {plugin}', '插件 {plugin} 的阶段“{phase}”无效'),
    hint: t('Use one of {phases}.', '请使用以下之一：{phases}。'),
  },
  DEPLOY_PRIORITY_INVALID: {
    message: t('Invalid priority {priority} for plugin {plugin}', '插件 {plugin} 的优先级 {priority} 无效'),
    hint: t('Use a whole number; plugins in the same phase run from the highest priority down.', '请使用整数；同一阶段的插件按优先级从高到低执行。'),
  },
  PLUGIN_PRIORITY_FLAG_INVALID: {
    message: t('Invalid priority "{priority}" for plugin {plugin}', '插件 {plugin} 的优先级“{priority}”无效'),
    hint: t('Use a whole number, e.g. --plugin-priority my-filter=500.', '请使用整数，例如 --plugin-priority my-filter=500。'),
    uiHint: t('Use a whole number, e.g. 500.', '请使用整数，例如 500。'),
  },
  PLUGIN_SETTING_FLAG_INVALID: {
    message: t('{option} expects <plugin>=<value>, got "{value}"', '{option} 的格式应为 <插件>=<值>，实际为“{value}”'),
    hint: t('e.g. {option} my-filter={example}', '例如 {option} my-filter={example}'),
    uiHint: t('Give the plugin and its value, e.g. my-filter={example}.', '请同时给出插件及其取值，例如 my-filter={example}。'),
  },
  DEPLOY_SECRET_NAME_MISSING: {
    message: t('A filled Secret needs a Secret name', '填入凭据的 Secret 需要一个 Secret 名称'),
    hint: t('Pass the pull Secret name as well (--pull-secret).', '请同时给出镜像拉取 Secret 的名称（--pull-secret）。'),
    uiHint: t('Fill in the image pull Secret as well.', '请同时填写镜像拉取 Secret。'),
  },
  DEPLOY_SECRET_CREDENTIALS_MISSING: {
    message: t('A filled Secret needs a username and a password', '填入凭据的 Secret 需要用户名和密码'),
    hint: t('Give the username and pass the password on standard input (--username U --password-stdin).', '请给出用户名，并通过标准输入传入密码（--username U --password-stdin）。'),
    uiHint: t('Fill in the username and the password.', '请填写用户名和密码。'),
  },
  SECRET_PASSWORD_WITHOUT_FILL: {
    message: t('--password-stdin is only used with --fill-secret', '--password-stdin 只与 --fill-secret 一起使用'),
    hint: t('Without --fill-secret the Secret is a template with placeholders.', '不使用 --fill-secret 时，Secret 是带占位符的模板。'),
    uiHint: t('Without filled credentials the Secret is a template with placeholders.', '不填入凭据时，Secret 是带占位符的模板。'),
  },
  SECRET_FILL_NEEDS_PASSWORD: {
    message: t('--fill-secret reads the password from standard input', '--fill-secret 从标准输入读取密码'),
    hint: t('Add --password-stdin and pipe the password in; it is never taken from the command line.', '请加上 --password-stdin 并通过管道传入密码；密码从不通过命令行参数传递。'),
    uiHint: t('Fill in the password.', '请填写密码。'),
  },
  DEPLOY_RESOURCE_INVALID: {
    message: t('Invalid {resource} {kind} "{value}"', '无效的资源值“{value}”（{resource} {kind}）'),
    variants: {
      by: 'field',
      cases: {
        'cpu-request': { message: t('Invalid cpu request "{value}"', '无效的 CPU 请求值“{value}”'), hint: t('Write CPU as cores or millicores, e.g. 0.5 or 500m.', '请以核数或毫核表示 CPU，例如 0.5 或 500m。') },
        'cpu-limit': { message: t('Invalid cpu limit "{value}"', '无效的 CPU 上限“{value}”'), hint: t('Write CPU as cores or millicores, e.g. 0.5 or 500m.', '请以核数或毫核表示 CPU，例如 0.5 或 500m。') },
        'memory-request': { message: t('Invalid memory request "{value}"', '无效的内存请求值“{value}”'), hint: t('Write memory with a unit, e.g. 128Mi or 1Gi.', '请为内存带上单位，例如 128Mi 或 1Gi。') },
        'memory-limit': { message: t('Invalid memory limit "{value}"', '无效的内存上限“{value}”'), hint: t('Write memory with a unit, e.g. 128Mi or 1Gi.', '请为内存带上单位，例如 128Mi 或 1Gi。') },
      },
    },
  },
  DEPLOY_REQUEST_ABOVE_LIMIT: {
    message: t('The {resource} request {request} is above the {resource} limit {limit}', '{resource} 请求值 {request} 高于 {resource} 上限 {limit}'),
    hint: t('Kubernetes refuses a request above its limit: raise the limit or lower the request.', 'Kubernetes 不接受高于上限的请求值：请提高上限或降低请求值。'),
    variants: {
      by: 'resource',
      cases: {
        cpu: { message: t('The cpu request {request} is above the cpu limit {limit}', 'CPU 请求值 {request} 高于 CPU 上限 {limit}') },
        memory: { message: t('The memory request {request} is above the memory limit {limit}', '内存请求值 {request} 高于内存上限 {limit}') },
      },
    },
  },
  DEPLOY_NO_PLUGIN_SERVER_IMAGE: {
    message: t('HTTP mode needs the Plugin Server image, and the bundle has none', 'HTTP 模式需要 Plugin Server 镜像，但离线包中没有'),
    hint: t('Bundle the plugin-server image, or use --mode oci so the gateway pulls the plugins from the registry.', '请把 plugin-server 镜像打进离线包，或使用 --mode oci，让网关从镜像仓库拉取插件。'),
    uiHint: t('Bundle the plugin-server image, or choose “OCI from the private registry” so the gateway pulls the plugins from the registry.', '请把 plugin-server 镜像打进离线包，或选择“从私有仓库拉取（OCI）”，让网关从镜像仓库拉取插件。'),
  },
  WASMPLUGIN_NAME_TAKEN: {
    message: t('Two plugins would both be WasmPlugin "{name}"', '有两个插件都会成为 WasmPlugin“{name}”'),
    hint: t('Select one of them with --plugins.', '请用 --plugins 只选择其中一个。'),
    uiHint: t('Select only one of them.', '请只选择其中一个。'),
  },
  WASMPLUGIN_NAME_INVALID: {
    message: t('Plugin {plugin} {version} cannot be a WasmPlugin: "{name}" is not a valid Kubernetes name', '插件 {plugin} {version} 无法成为 WasmPlugin：“{name}”不是有效的 Kubernetes 名称'),
    hint: t('Names must be lowercase letters, digits, "-" and "."; leave the plugin out with --plugins or rebuild it with a lowercase name and version.', '名称只能包含小写字母、数字、“-”和“.”；请用 --plugins 排除该插件，或以小写的名称和版本重新构建。'),
    uiHint: t('Names must be lowercase letters, digits, "-" and "."; leave the plugin out or rebuild it with a lowercase name and version.', '名称只能包含小写字母、数字、“-”和“.”；请不选该插件，或以小写的名称和版本重新构建。'),
  },
  // ── writing deployment files ──
  NOT_A_DEPLOY_FILE: {
    message: t('Not a deployment file: {path}', '不是部署文件：{path}'),
  },
  COPY_NEEDS_BUNDLE: {
    message: t('Files to copy out of a bundle need the bundle', '要从离线包中拷出文件，需要提供该离线包'),
  },
  NOT_A_FILE_TO_COPY: {
    message: t('Not a file to copy: {path}', '不是可拷贝的文件：{path}'),
  },
};
