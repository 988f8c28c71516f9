import { t, type MessageEntry } from '../types';

/** Building a bundle on the connected side: warnings about what the bundle holds. */
export const BUILD_MESSAGES: Readonly<Record<string, MessageEntry>> = {
  BUNDLE_PLATFORMS_MISSING: {
    message: t('No bundled image holds {missing}: the bundle has {held} only.', '离线包中没有镜像包含 {missing}：离线包只有 {held}。'),
  },
  BUNDLE_TAG_FOLLOWED: {
    message: t("{source}: the source lacks the release's pinned {pinned}; followed the tag to {digest} as asked.", '{source}：来源没有该版本固定的 {pinned}；已按要求跟随标签取得 {digest}。'),
  },
  BUNDLE_NOT_BUILT_IN: {
    message: t('{build} does not list {plugins} as built-in: there the Console shows them as custom plugins, applied only through the generated WasmPlugins.', '{build} 没有把 {plugins} 列为内置插件：在该控制台中它们显示为自定义插件，只能通过生成的 WasmPlugin 启用。'),
  },
  BUNDLE_OFFICIAL_IMAGE_LACKS: {
    message: t('The official Higress {release} Plugin Server image does not serve {plugins} where the Console asks.', 'Higress {release} 官方 Plugin Server 镜像在控制台请求的路径上不提供 {plugins}。'),
    hint: t('In HTTP mode, let push build a custom Plugin Server image from this bundle (push --plugin-server-image <ref>).', 'HTTP 模式下，请让 push 根据本离线包构建自定义 Plugin Server 镜像（push --plugin-server-image <ref>）。'),
    uiHint: t('In HTTP mode, let push build a custom Plugin Server image from this bundle (the custom Plugin Server image option on Import).', 'HTTP 模式下，请让推送根据本离线包构建自定义 Plugin Server 镜像（“导入”页的自定义 Plugin Server 镜像选项）。'),
  },
  SERVE_TAG_TAKEN: {
    message: t('{reference}: {name} already names {digest} (from another registry); served by digest only.', '{reference}：{name} 已指向 {digest}（来自另一个镜像仓库）；只能按摘要访问。'),
  },
  SERVE_NOT_SERVED: {
    message: t('{reference} is not served: {reason}', '{reference} 未提供服务：{reason}'),
  },
  // ── reading a bundle ──
  BUNDLE_CLOSED: {
    message: t('{bundle} was closed while still being read', '{bundle} 在读取过程中被关闭'),
    hint: t('Run the same command again.', '请重新运行同一命令。'),
    uiHint: t('Start it again.', '请重新开始。'),
  },
  // ── images and plugins taken into a bundle ──
  PLATFORM_NOT_FOUND: {
    message: t('{image} has none of {wanted}; it has {available}', '{image} 不包含 {wanted} 中的任何平台；它只有 {available}'),
    hint: t('Choose from: {available}', '请从以下平台中选择：{available}'),
  },
  BAD_IMAGE: {
    message: t('The plugin-server image config {config} has no rootfs', 'Plugin Server 镜像配置 {config} 中没有 rootfs'),
    hint: t('Use a Plugin Server image built for Linux (docker build or the official image).', '请使用为 Linux 构建的 Plugin Server 镜像（docker build 的产物或官方镜像）。'),
  },
  PLUGIN_WASM_TOO_LARGE: {
    message: t('The module for {plugin} is larger than {limit} bytes', '{plugin} 的模块超过了 {limit} 字节'),
    hint: t('The gateway does not load modules this large; build it smaller (strip debug information).', '网关不会加载这么大的模块，请减小构建体积（例如去掉调试信息）。'),
  },
  // ── images from the local Docker engine ──
  DOCKER_IMAGE_NOT_FOUND: {
    message: t('Image {image} is not in the Docker engine at {endpoint}', '位于 {endpoint} 的 Docker 引擎中没有镜像 {image}'),
    hint: t('Pull or build it first (docker pull {image}), or check the name with docker images.', '请先拉取或构建它（docker pull {image}），或用 docker images 核对名称。'),
    uiHint: t('Pull or build it in Docker first, or check the image name.', '请先在 Docker 中拉取或构建它，或核对镜像名称。'),
  },
  DOCKER_SAVE_FAILED: {
    message: t('Saving {image} from the Docker engine failed: {reason}', '从 Docker 引擎导出 {image} 失败：{reason}'),
    hint: t('Check that the Docker engine is still running and retry.', '请确认 Docker 引擎仍在运行，然后重试。'),
    variants: {
      by: 'cause',
      cases: {
        'no-space': { message: t('Saving {image} from the Docker engine failed: {reason}', '从 Docker 引擎导出 {image} 失败：{reason}'), hint: t('Free some space where {folder} lives and retry.', '请清理 {folder} 所在磁盘的空间后重试。') },
      },
    },
  },
  WRITE_FAILED: {
    message: t('Cannot write into {folder}: {reason}', '无法写入 {folder}：{reason}'),
    hint: t('Check that the folder exists and is writable.', '请确认该文件夹存在且可写。'),
  },
  DIFF_ID_MISMATCH: {
    message: t('A layer of {image} does not match its image config', '{image} 的某一层与其镜像配置不符'),
    hint: t('The image in the Docker engine is damaged or changed during the save: remove it, pull or build it again, and retry.', 'Docker 引擎中的镜像已损坏，或在导出过程中被改动：请删除它，重新拉取或构建后重试。'),
    variants: {
      by: 'kind',
      cases: {
        count: { message: t('The config of {image} lists {listed} layers (rootfs.diff_ids) but the save archive holds {held}', '{image} 的配置列出了 {listed} 层（rootfs.diff_ids），但导出的归档中有 {held} 层') },
        layer: { message: t('Layer {layer} of {image} ({path}) does not match its image config: its uncompressed content is {diffId}, the config says {expected}', '{image} 的第 {layer} 层（{path}）与其镜像配置不符：解压后的内容为 {diffId}，配置中写的是 {expected}') },
      },
    },
  },
  DOCKER_SAVE_INVALID: {
    message: t('The save archive of {image} cannot be read', '无法读取 {image} 导出的归档'),
    hint: t('The image in the Docker engine is damaged or changed during the save: remove it, pull or build it again, and retry.', 'Docker 引擎中的镜像已损坏，或在导出过程中被改动：请删除它，重新拉取或构建后重试。'),
    variants: {
      by: 'kind',
      cases: {
        'no-manifest': { message: t('The save archive of {image} has no manifest.json: it is not a docker-archive', '{image} 导出的归档中没有 manifest.json：它不是 docker-archive'), hint: t('The Docker engine wrote an archive we cannot read; check the engine version and retry.', 'Docker 引擎写出的归档无法读取，请检查引擎版本后重试。') },
        'manifest-json': { message: t('manifest.json in the save archive of {image} is not valid JSON', '{image} 导出的归档中的 manifest.json 不是有效的 JSON'), hint: t('The Docker engine wrote an archive we cannot read; check the engine version and retry.', 'Docker 引擎写出的归档无法读取，请检查引擎版本后重试。') },
        'manifest-malformed': { message: t('manifest.json in the save archive of {image} is malformed: {reason}', '{image} 导出的归档中的 manifest.json 格式有误：{reason}'), hint: t('The Docker engine wrote an archive we cannot read; check the engine version and retry.', 'Docker 引擎写出的归档无法读取，请检查引擎版本后重试。') },
        'no-image-id': { message: t('The save archive of {image} holds {count} images and none has the image ID {imageId}', '{image} 导出的归档中有 {count} 个镜像，但没有一个的镜像 ID 是 {imageId}'), hint: t('The Docker engine wrote an archive we cannot read; check the engine version and retry.', 'Docker 引擎写出的归档无法读取，请检查引擎版本后重试。') },
        'missing-entry': { message: t('The save archive of {image} refers to {path}, which it does not hold', '{image} 导出的归档引用了 {path}，但归档中没有该文件'), hint: t('The Docker engine wrote an archive we cannot read; check the engine version and retry.', 'Docker 引擎写出的归档无法读取，请检查引擎版本后重试。') },
        'link-loop': { message: t('The save archive of {image} has a loop of links at {path}', '{image} 导出的归档在 {path} 处存在循环链接'), hint: t('The Docker engine wrote an archive we cannot read; check the engine version and retry.', 'Docker 引擎写出的归档无法读取，请检查引擎版本后重试。') },
        'duplicate-entry': { message: t('The save archive of {image} holds {path} twice', '{image} 导出的归档中 {path} 出现了两次') },
        'too-many-entries': { message: t('The save archive of {image} has more than {limit} entries', '{image} 导出的归档条目超过 {limit} 个') },
        'too-much-metadata': { message: t('The save archive of {image} holds more than {limit} bytes of metadata', '{image} 导出的归档中元数据超过 {limit} 字节') },
        'config-not-file': { message: t('The image config {config} in the save archive of {image} is not a JSON file', '{image} 导出的归档中的镜像配置 {config} 不是 JSON 文件') },
        'config-json': { message: t('The image config of {image} is not valid JSON', '{image} 的镜像配置不是有效的 JSON') },
        'config-malformed': { message: t('The image config of {image} is malformed: {reason}', '{image} 的镜像配置格式有误：{reason}') },
        'not-a-layer': { message: t('Layer {layer} of {image} ({path}) is not a layer: {reason}', '{image} 的第 {layer} 层（{path}）不是镜像层：{reason}') },
        'link-no-target': { message: t('{path} in the save archive is a link without a target', '导出归档中的 {path} 是没有目标的链接') },
        'bad-gzip': { message: t('{path} in the save archive is not a valid gzip stream: {reason}', '导出归档中的 {path} 不是有效的 gzip 数据流：{reason}') },
        'bad-zstd': { message: t('{path} is not a valid zstd stream: {reason}', '{path} 不是有效的 zstd 数据流：{reason}') },
      },
    },
  },
  // ── the bundle plan refused ──
  PLUGIN_ARG_INVALID: {
    message: t('--plugin {value}: write <name>@<version>=<ref> or just <ref>', '--plugin {value}：请写作 <名称>@<版本>=<引用>，或只写 <引用>'),
  },
  WASM_ARG_INVALID: {
    message: t('--wasm {value}: write <name>@<version>=<file.wasm>', '--wasm {value}：请写作 <名称>@<版本>=<文件.wasm>'),
  },
  PLUGIN_VERSION_MISSING: {
    message: t('Plugin {reference} has no tag: give its version as {plugin}@<version>={reference}', '插件 {reference} 没有标签：请以 {plugin}@<版本>={reference} 的形式给出版本'),
  },
  PLUGIN_NAME_INVALID: {
    message: t('Plugin name "{plugin}" must be lowercase letters, digits and . _ -', '插件名称“{plugin}”只能包含小写字母、数字和 . _ -'),
  },
  PLUGIN_VERSION_INVALID: {
    message: t('Plugin version "{version}" is not a valid tag', '插件版本“{version}”不是有效的标签'),
  },
  PLUGIN_VERSION_LATEST: {
    message: t('Plugin {plugin}: "latest" is not a version', '插件 {plugin}：“latest”不是版本号'),
    hint: t('Pin a version or a digest; latest moves (higress#4528).', '请固定一个版本或摘要；latest 会变动（higress#4528）。'),
  },
  CREATED_AT_INVALID: {
    message: t('Invalid creation time {createdAt}', '无效的创建时间 {createdAt}'),
    hint: t('Give an ISO time, e.g. 2026-01-01T00:00:00Z.', '请使用 ISO 时间格式，例如 2026-01-01T00:00:00Z。'),
  },
  SOURCE_REGISTRY_INVALID: {
    message: t('--source "{source}" is not a registry host', '--source “{source}”不是镜像仓库地址'),
  },
  DOCKER_ENGINE_NEEDED: {
    message: t('Images from the local Docker engine need a Docker engine', '从本机 Docker 引擎打包镜像需要可用的 Docker 引擎'),
  },
  PLUGIN_TWICE: {
    message: t('Plugin {plugin} is in the plan twice', '插件 {plugin} 在制作计划中出现了两次'),
    hint: t('Each plugin name is one folder of the Plugin Server tree; rename one with <name>@<version>=<ref>.', '每个插件名对应 Plugin Server 目录树中的一个文件夹；请用 <名称>@<版本>=<引用> 为其中一个改名。'),
  },
  NOTHING_TO_BUNDLE: {
    message: t('Nothing to bundle', '没有可打包的内容'),
    hint: t('Choose plugins (--plugins, --all-plugins, --plugin, --wasm, --from-wasmplugins) or images.', '请选择插件（--plugins、--all-plugins、--plugin、--wasm、--from-wasmplugins）或镜像。'),
    uiHint: t('Choose plugins or images.', '请选择插件或镜像。'),
  },
  IMAGE_TWICE: {
    message: t('The plan names {list} more than once', '制作计划中多次列出了 {list}'),
    hint: t('Give each image once (the plugin-server image is bundled from the release unless you leave it out).', '每个镜像只列一次（除非排除，plugin-server 镜像会按版本自动打包）。'),
  },
  DOCKER_IMAGE_UNTAGGED: {
    message: t('Image {image} has no tag to name it by in the bundle', '镜像 {image} 没有标签，无法在离线包中为其命名'),
    hint: t('Give it a reference name (refName), e.g. myregistry/app:1.0.', '请为它指定引用名称（refName），例如 myregistry/app:1.0。'),
  },
  // ── packaging a Wasm file as a plugin ──
  PLUGIN_PACKAGE_NAME_INVALID: {
    message: t('--name "{name}" must be lowercase letters, digits and . _ -', '--name “{name}”只能包含小写字母、数字和 . _ -'),
  },
  PLUGIN_PACKAGE_VERSION_INVALID: {
    message: t('--version "{version}" is not a valid tag', '--version “{version}”不是有效的标签'),
  },
  PLUGIN_PACKAGE_DESTINATION_MISSING: {
    message: t('Give --to <ref> or --oci-layout <dir>', '请给出 --to <引用> 或 --oci-layout <目录>'),
  },
  // ── finding a bundle in a folder ──
  NO_BUNDLE_IN_FOLDER: {
    message: t('No bundle in {folder}', '{folder} 中没有离线包'),
    hint: t('Expected a .tar bundle or a .volumes.json list of volumes.', '应有一个 .tar 离线包，或一个列出分卷的 .volumes.json。'),
  },
  SEVERAL_BUNDLES_IN_FOLDER: {
    message: t('{folder} holds several bundles: {bundles}', '{folder} 中有多个离线包：{bundles}'),
    hint: t('Name the one you mean.', '请指明要使用哪一个。'),
  },
  // ── bundle's flags ──
  BUNDLE_FLAGS_REFUSED: {
    message: t('{count} problems with the flags of bundle', 'bundle 命令的参数有 {count} 处问题'),
    hint: t('Each problem is listed with its own cause; fix them together and run the command again.', '每处问题都列出了原因，请一并修正后重新运行命令。'),
  },
  SPLIT_FLAG_INVALID: {
    message: t('--split {split}: give a size like 700M, 2G or fat32', '--split {split}：请填写 700M、2G 或 fat32 这样的大小'),
  },
  PLUGINS_FLAGS_EXCLUSIVE: {
    message: t('--plugins and --all-plugins exclude each other', '--plugins 与 --all-plugins 不能同时使用'),
  },
  CONFIG_WITHOUT_WASMPLUGINS: {
    message: t('--with-config and --passphrase-file go with --from-wasmplugins', '--with-config 和 --passphrase-file 需与 --from-wasmplugins 一起使用'),
    hint: t('They encrypt the configuration of the WasmPlugins read with --from-wasmplugins.', '它们用于加密通过 --from-wasmplugins 读取的 WasmPlugin 配置。'),
    uiHint: t('They encrypt the configuration of the WasmPlugins read from the cluster.', '它们用于加密从集群读取的 WasmPlugin 配置。'),
  },
  PASSPHRASE_FILE_WITHOUT_CONFIG: {
    message: t('--passphrase-file is only used with --with-config', '--passphrase-file 只与 --with-config 一起使用'),
    hint: t('Without --with-config the configuration stays behind and nothing is encrypted.', '不使用 --with-config 时，配置不会带走，也就无需加密。'),
    uiHint: t('Without the configuration nothing is encrypted.', '不带走配置时，无需加密。'),
  },
};
