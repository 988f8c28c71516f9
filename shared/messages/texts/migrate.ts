import { t, type MessageEntry } from '../types';

/** Moving WasmPlugins between environments: inventory reading, sources, encrypted configuration. */
export const MIGRATE_MESSAGES: Readonly<Record<string, MessageEntry>> = {
  // ── reading the inventory ──
  INVENTORY_INVALID: {
    message: t('{count} problems in the WasmPlugin inventory', 'WasmPlugin 清单中有 {count} 个问题'),
    hint: t('Each problem names its file and document; fix them and run again (nothing was fetched or written).', '每个问题都标明了文件和文档位置；全部修正后重新运行（尚未下载或写入任何内容）。'),
    uiHint: t('Each problem names its file and document; fix them and choose the inventory again (nothing was fetched or written).', '每个问题都标明了文件和文档位置；修正后重新选择清单（尚未下载或写入任何内容）。'),
  },
  INVENTORY_TOO_MANY_FILES: {
    message: t('The inventory has {files} files, more than the {limit} read', '清单包含 {files} 个文件，超过了可读取的 {limit} 个'),
    hint: t('Point at the folder or file that holds the WasmPlugins only.', '请只指向存放 WasmPlugin 的文件夹或文件。'),
  },
  INVENTORY_TOO_LARGE: {
    message: t('The inventory is larger than {limit} bytes', '清单大于 {limit} 字节'),
    hint: t('Point at the folder or file that holds the WasmPlugins only.', '请只指向存放 WasmPlugin 的文件夹或文件。'),
  },
  INVENTORY_EMPTY: {
    message: t('No extensions.higress.io/v1alpha1 WasmPlugin in the inventory ({skipped} other objects skipped)', '清单中没有 extensions.higress.io/v1alpha1 WasmPlugin（跳过了 {skipped} 个其他对象）'),
    hint: t('Export them with: kubectl get wasmplugins.extensions.higress.io -A -o yaml > wasmplugins.yaml', '可用以下命令导出：kubectl get wasmplugins.extensions.higress.io -A -o yaml > wasmplugins.yaml'),
    uiHint: t('Choose a file exported with kubectl get wasmplugins -A -o yaml, or a folder of WasmPlugin YAML files.', '请选择用 kubectl get wasmplugins -A -o yaml 导出的文件，或存放 WasmPlugin YAML 文件的文件夹。'),
  },
  // ── passphrase and encrypted configuration ──
  PASSPHRASE_TOO_SHORT: {
    message: t('The passphrase has fewer than {min} characters', '口令少于 {min} 个字符'),
    hint: t('Use a long passphrase (several words); it is the only thing protecting the plugin configuration.', '请使用较长的口令（几个单词）；它是保护插件配置的唯一手段。'),
  },
  PASSPHRASE_NEEDED: {
    message: t('Taking the plugin configuration along needs a passphrase to encrypt it', '携带插件配置需要一个口令来加密'),
    hint: t('Give it with --passphrase-file <file>, or run in a terminal to be asked; it is never read from the command line.', '请用 --passphrase-file <文件> 提供口令，或在终端中运行以便输入；口令不会从命令行参数读取。'),
    uiHint: t('Type a passphrase in the passphrase field.', '请在“口令”字段中输入口令。'),
  },
  PASSPHRASE_MISMATCH: {
    message: t('The two passphrases differ', '两次输入的口令不一致'),
    hint: t('Type the same passphrase twice.', '请两次输入相同的口令。'),
  },
  PASSPHRASE_FILE_UNREADABLE: {
    message: t('Cannot read the passphrase file {file}', '无法读取口令文件 {file}'),
    hint: t('Check the path given to --passphrase-file.', '请检查 --passphrase-file 指定的路径。'),
    uiHint: t('Check the passphrase file.', '请检查口令文件。'),
  },
  PASSPHRASE_WRONG: {
    message: t('The passphrase does not open the plugin configuration in this bundle', '该口令无法解开此包中的插件配置'),
    hint: t('Give the passphrase the bundle was built with (--passphrase-file); leave it out to write the WasmPlugins without their configuration. Nothing was written.', '请提供构建此包时使用的口令（--passphrase-file）；不提供口令则写出不含配置的 WasmPlugin。未写入任何内容。'),
    uiHint: t('Type the passphrase the bundle was built with, or leave the field empty to preview the WasmPlugins without their configuration.', '请输入构建此包时使用的口令，或留空以预览不含配置的 WasmPlugin。'),
  },
  CONFIG_NOT_IN_BUNDLE: {
    message: t('This bundle carries no encrypted plugin configuration', '此包不带加密的插件配置'),
  },
  CONFIG_PAYLOAD_INVALID: {
    message: t('The decrypted plugin configuration does not have the expected shape', '解密后的插件配置格式不符合预期'),
    hint: t('This bundle was not written by Higress Airgap, or was changed; do not use it.', '此包不是由 Higress Airgap 写出的，或已被改动；请不要使用。'),
  },
  CONFIG_KDF_REFUSED: {
    message: t('The bundle asks for scrypt parameters N={N}, r={r}, p={p}, more than this tool allows', '此包要求的 scrypt 参数 N={N}、r={r}、p={p} 超出了本工具允许的范围'),
    hint: t('This bundle was not written by Higress Airgap, or was changed; do not use it.', '此包不是由 Higress Airgap 写出的，或已被改动；请不要使用。'),
  },
  // ── fetching each module ──
  MIGRATE_SOURCE_UNREACHABLE: {
    message: t('WasmPlugin {objects}: cannot fetch {url} ({reason})', 'WasmPlugin {objects}：无法获取 {url}（{reason}）'),
    hint: t('Check that the address is reachable from this machine, or bundle from a copy of the module.', '请确认本机可以访问该地址，或改用该模块的副本来打包。'),
  },
  MIGRATE_TOO_MANY_REDIRECTS: {
    message: t('WasmPlugin {objects}: {url} redirects more than {limit} times', 'WasmPlugin {objects}：{url} 重定向超过 {limit} 次'),
    hint: t('Use the final address of the module in the WasmPlugin, or bundle from a copy.', '请在 WasmPlugin 中使用模块的最终地址，或改用副本来打包。'),
  },
  MIGRATE_SHA256_MISMATCH: {
    message: t('WasmPlugin {objects}: {url} has SHA-256 {sha256}, but spec.sha256 says {expected}', 'WasmPlugin {objects}：{url} 的 SHA-256 为 {sha256}，但 spec.sha256 为 {expected}'),
    hint: t('The module there is not the one the WasmPlugin pins (the gateway would refuse it too); nothing was bundled.', '该地址上的模块不是 WasmPlugin 所固定的那个（网关也会拒绝它）；未打包任何内容。'),
  },
  MIGRATE_SOURCE_TOO_LARGE: {
    message: t('WasmPlugin {objects}: {url} is larger than {limit} bytes, the most the gateway loads', 'WasmPlugin {objects}：{url} 大于网关可加载的上限 {limit} 字节'),
    hint: t('This is not a plugin module; check the URL of the WasmPlugin.', '这不是插件模块；请检查 WasmPlugin 的 URL。'),
  },
  // ── notices of bundle and yaml ──
  MIGRATE_CONFIG_NOT_TAKEN: {
    message: t('The configuration of {count} WasmPlugins stays behind (not asked for): {objects}', '{count} 个 WasmPlugin 的配置未随包带走（未要求携带）：{objects}'),
    hint: t('Add --with-config with --passphrase-file to take it along, encrypted.', '如需加密携带配置，请加上 --with-config 和 --passphrase-file。'),
    uiHint: t('Tick “Include configuration (encrypted)” and type a passphrase to take it along.', '如需携带配置，请勾选“包含配置（加密）”并输入口令。'),
  },
  MIGRATE_OBJECTS_SKIPPED: {
    message: t('{count} objects of the inventory are not Higress WasmPlugins and were skipped: {kinds}', '清单中有 {count} 个对象不是 Higress WasmPlugin，已跳过：{kinds}'),
  },
  MIGRATE_NOT_CATALOG_BUILD: {
    message: t('{plugin} ({url}, used by {objects}) is not the build the release catalog pins: the bundle holds what the source environment runs', '{plugin}（{url}，被 {objects} 使用）不是发行版目录固定的构建：包中保存的是源环境实际运行的版本'),
  },
  MIGRATE_CONFIG_LEFT_BEHIND: {
    message: t('Written without configuration, switched off until configured (no passphrase given): {objects}', '以下 WasmPlugin 写出时不含配置，并在配置前保持关闭（未提供口令）：{objects}'),
    hint: t('Give the passphrase with --passphrase-file to restore their configuration.', '请用 --passphrase-file 提供口令以恢复其配置。'),
    uiHint: t('Type the passphrase to restore their configuration.', '输入口令即可恢复其配置。'),
  },
  MIGRATE_CONFIG_NOT_IN_BUNDLE: {
    message: t('The bundle does not carry the configuration of {objects}: written without it, switched off until configured', '此包不含 {objects} 的配置：写出时不含配置，并在配置前保持关闭'),
    hint: t('Configure them on the private side, or build the bundle again with --with-config.', '请在私有环境中为其配置，或使用 --with-config 重新构建此包。'),
    uiHint: t('Configure them on the private side, or build the bundle again with its configuration included.', '请在私有环境中为其配置，或重新构建包含配置的包。'),
  },
  MIGRATE_NEEDS_CUSTOM_SERVER: {
    message: t('{plugins}: the migrated build is not the one the official Plugin Server image serves; deploy the custom Plugin Server image push builds from this bundle', '{plugins}：迁移来的构建不是官方 Plugin Server 镜像提供的那个；请部署 push 根据此包构建的自定义 Plugin Server 镜像'),
  },
  MIGRATE_PULL_SECRET_NAMESPACE: {
    message: t('Migrated WasmPlugins in {namespaces} pull with Secret {secret}, which the gateway reads from their own namespace: create it there too (the template is for {namespace})', '位于 {namespaces} 的迁移 WasmPlugin 使用 Secret {secret} 拉取，而网关会从 WasmPlugin 自己的命名空间读取它：请在那里也创建该 Secret（模板针对的是 {namespace}）'),
  },
  MIGRATE_REPLACES_GENERATED: {
    message: t('The migrated WasmPlugin {object} replaces the generated one of the same name', '迁移来的 WasmPlugin {object} 替换了同名的生成对象'),
  },
  // ── cross-checks of bundle.json inventory ──
  INVENTORY_PLUGIN_MISSING: {
    message: t('bundle.json inventory: WasmPlugin {object} runs plugin {plugin}, which the bundle does not hold', 'bundle.json 清单：WasmPlugin {object} 使用的插件 {plugin} 不在包中'),
  },
  INVENTORY_VERSION_NOT_SERVED: {
    message: t('bundle.json inventory: WasmPlugin {object} runs {plugin} {version}, which the bundle does not serve', 'bundle.json 清单：WasmPlugin {object} 使用的 {plugin} {version} 不在包的服务版本中'),
  },
  INVENTORY_CONFIG_IN_CLEAR: {
    message: t('bundle.json inventory: WasmPlugin {object} carries {field} in clear', 'bundle.json 清单：WasmPlugin {object} 以明文携带 {field}'),
  },
  INVENTORY_OBJECT_DUPLICATE: {
    message: t('bundle.json inventory lists WasmPlugin {object} twice', 'bundle.json 清单两次列出了 WasmPlugin {object}'),
  },
  INVENTORY_OBJECT_INVALID: {
    message: t('bundle.json inventory: WasmPlugin {object} is not valid: {reason}', 'bundle.json 清单：WasmPlugin {object} 无效：{reason}'),
  },
  INVENTORY_CONFIG_ABSENT: {
    message: t('bundle.json inventory: {included} objects say their configuration is included, but there is no encrypted configuration', 'bundle.json 清单：有 {included} 个对象声明包含配置，但没有加密配置'),
  },
  INVENTORY_CONFIG_UNCLAIMED: {
    message: t('bundle.json inventory has encrypted configuration, but no object says its configuration is included', 'bundle.json 清单带有加密配置，但没有任何对象声明包含配置'),
  },
};
