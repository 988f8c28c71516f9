import { t, type MessageEntry } from '../types';

/** Reaching registries, files and disks, and the plan/plugin refusals that came first. */
export const CORE_MESSAGES: Readonly<Record<string, MessageEntry>> = {
  // ── the catalog ──
  RELEASE_UNKNOWN: {
    message: t('Unknown Higress release "{release}"', '未知的 Higress 版本“{release}”'),
    hint: t('Known releases: {known}', '已知版本：{known}'),
  },
  PLUGIN_NOT_IN_CATALOG: {
    message: t('Plugin "{plugin}" is not in the Higress {release} catalog', '插件“{plugin}”不在 Higress {release} 的插件目录中'),
    variants: {
      by: 'kind',
      cases: {
        guess: {
          message: t('Plugin "{plugin}" is not in the Higress {release} catalog', '插件“{plugin}”不在 Higress {release} 的插件目录中'),
          hint: t('Did you mean {suggestion}? List them with: higress-airgap catalog --release {release}', '您是不是想找 {suggestion}？可用 higress-airgap catalog --release {release} 列出全部插件。'),
          uiHint: t('Did you mean {suggestion}? The plugin table lists every plugin of this release.', '您是不是想找 {suggestion}？插件列表中列出了该版本的全部插件。'),
        },
        none: {
          message: t('Plugin "{plugin}" is not in the Higress {release} catalog', '插件“{plugin}”不在 Higress {release} 的插件目录中'),
          hint: t('List the plugins with: higress-airgap catalog --release {release}', '可用 higress-airgap catalog --release {release} 列出全部插件。'),
          uiHint: t('The plugin table lists every plugin of this release.', '插件列表中列出了该版本的全部插件。'),
        },
      },
    },
  },
  PLUGINS_NOT_IN_CATALOG: {
    message: t('{count} plugins are not in the Higress {release} catalog: {plugins}', '有 {count} 个插件不在 Higress {release} 的插件目录中：{plugins}'),
    variants: {
      by: 'kind',
      cases: {
        guess: {
          message: t('{count} plugins are not in the Higress {release} catalog: {plugins}', '有 {count} 个插件不在 Higress {release} 的插件目录中：{plugins}'),
          hint: t('Did you mean: {guesses}? List them with: higress-airgap catalog --release {release}', '您是不是想找：{guesses}？可用 higress-airgap catalog --release {release} 列出全部插件。'),
          uiHint: t('Did you mean: {guesses}? The plugin table lists every plugin of this release.', '您是不是想找：{guesses}？插件列表中列出了该版本的全部插件。'),
        },
        none: {
          message: t('{count} plugins are not in the Higress {release} catalog: {plugins}', '有 {count} 个插件不在 Higress {release} 的插件目录中：{plugins}'),
          hint: t('List the plugins with: higress-airgap catalog --release {release}', '可用 higress-airgap catalog --release {release} 列出全部插件。'),
          uiHint: t('The plugin table lists every plugin of this release.', '插件列表中列出了该版本的全部插件。'),
        },
      },
    },
  },
  // ── reaching a registry ──
  NET_REFUSED: {
    message: t('Connection refused by {host}', '{host} 拒绝了连接'),
    hint: t('Is the registry running, and on this port?', '请确认镜像仓库已启动，且端口正确。'),
  },
  NET_DNS: {
    message: t('Cannot resolve the name of {host}', '无法解析主机名 {host}'),
    hint: t('Check the host name, DNS, or /etc/hosts.', '请检查主机名、DNS 或 /etc/hosts。'),
  },
  NET_TIMEOUT: {
    message: t('Timed out talking to {host}', '与 {host} 通信超时'),
    hint: t('Check the network path and whether the registry is overloaded.', '请检查网络连通性，以及镜像仓库是否负载过高。'),
  },
  NET_UNREACHABLE: {
    message: t('No route to {host}', '无法到达 {host}（没有路由）'),
    hint: t('Check the network path (firewall, VPN, proxy).', '请检查网络路径（防火墙、VPN、代理）。'),
  },
  NET_RESET: {
    message: t('Connection reset by {host}', '{host} 重置了连接'),
    hint: t('Run the same command again: finished work is not repeated.', '请重新运行同一命令：已完成的部分不会重复。'),
    uiHint: t('Start it again: finished work is not repeated.', '请重新开始：已完成的部分不会重复。'),
  },
  TLS_UNKNOWN_AUTHORITY: {
    message: t('x509: the certificate of {host} is signed by an unknown authority', 'x509：{host} 的证书由未知的证书颁发机构签发'),
    hint: t("Give the registry's CA: higress-airgap registry set {host} --ca-file ca.crt (or --insecure to skip verification).", '请提供该仓库的 CA 证书：higress-airgap registry set {host} --ca-file ca.crt（或用 --insecure 跳过校验）。'),
    uiHint: t("Choose the registry's CA file in the connection settings, or tick “Do not verify the certificate”.", '请在连接设置中选择该仓库的 CA 证书文件，或勾选“不校验证书”。'),
  },
  TLS_EXPIRED: {
    message: t('x509: the certificate of {host} has expired', 'x509：{host} 的证书已过期'),
    hint: t('Renew the certificate, or use --insecure for this run.', '请更新证书，或本次使用 --insecure。'),
    uiHint: t('Renew the certificate, or tick “Do not verify the certificate” for now.', '请更新证书，或暂时勾选“不校验证书”。'),
  },
  TLS_NAME_MISMATCH: {
    message: t('x509: the certificate of {host} is not valid for this name', 'x509：{host} 的证书与该主机名不符'),
    hint: t('Use the name the certificate was issued for, or --insecure.', '请使用证书签发时的主机名，或使用 --insecure。'),
    uiHint: t('Use the name the certificate was issued for, or tick “Do not verify the certificate”.', '请使用证书签发时的主机名，或勾选“不校验证书”。'),
  },
  TLS_PLAIN_HTTP: {
    message: t('{host} does not speak TLS (it answers plain HTTP)', '{host} 不支持 TLS（它以明文 HTTP 应答）'),
    hint: t('Use --plain-http, or: higress-airgap registry set {host} --plain-http', '请使用 --plain-http，或执行：higress-airgap registry set {host} --plain-http'),
    uiHint: t('Tick “Plain HTTP” in the connection settings.', '请在连接设置中勾选“明文 HTTP”。'),
  },
  // ── what a registry answered ──
  REGISTRY_UNAUTHORIZED: {
    message: t('{host} refused the credentials (401 Unauthorized)', '{host} 拒绝了登录凭据（401 未授权）'),
    hint: t('Check the username and password (higress-airgap login {host}).', '请检查用户名和密码（higress-airgap login {host}）。'),
    uiHint: t('Check the username and password under Settings → Logins.', '请在“设置 → 登录”中检查用户名和密码。'),
  },
  REGISTRY_FORBIDDEN: {
    message: t('{host} denied the request: the credentials are valid but lack permission', '{host} 拒绝了请求：凭据有效，但没有相应权限'),
    hint: t('Ask for push/pull rights on this project, or check that the project exists.', '请申请该项目的推送/拉取权限，或确认项目存在。'),
  },
  REGISTRY_NAME_UNKNOWN: {
    message: t('{host}: the repository does not exist (404)', '{host}：仓库不存在（404）'),
    hint: t('The repository does not exist (on Harbor: create the project first).', '仓库不存在（Harbor 需先创建项目）。'),
  },
  REGISTRY_MANIFEST_UNKNOWN: {
    message: t('{host}: no such tag or digest (404)', '{host}：没有该标签或摘要（404）'),
    hint: t('Check the tag or digest of the reference, and the source registry.', '请检查引用的标签或摘要，以及来源镜像仓库。'),
  },
  REGISTRY_RATE_LIMITED: {
    message: t('{host} is rate limiting requests (429 Too Many Requests)', '{host} 正在限流（429 请求过多）'),
    hint: t('Wait a little and run the same command again.', '请稍候后重新运行同一命令。'),
    uiHint: t('Wait a little and start it again.', '请稍候后重新开始。'),
  },
  REGISTRY_SERVER_ERROR: {
    message: t('{host} failed with a server error ({status})', '{host} 发生服务器错误（{status}）'),
    hint: t('The registry has a problem; try again later or ask its administrator.', '镜像仓库出现故障，请稍后重试或联系其管理员。'),
  },
  CREDENTIALS_IN_REFERENCE: {
    message: t('{value} must not contain credentials (user:password@)', '{value} 中不能包含凭据（user:password@）'),
    hint: t('Log in separately (higress-airgap login <host>), and give the reference without user:password@.', '请单独登录（higress-airgap login <host>），引用中不要带 user:password@。'),
    uiHint: t('Give the credentials in the login fields, and the host without user:password@.', '请在登录字段中填写凭据，主机地址中不要带 user:password@。'),
  },
  // ── bundles ──
  NOT_FOUND: {
    message: t('{path} does not exist', '{path} 不存在'),
    hint: t('Give the bundle file, its first volume (.000), or the folder holding it.', '请指定离线包文件、其第一个分卷（.000）或所在文件夹。'),
    uiHint: t('Choose the bundle file, its first volume (.000), or the folder holding it.', '请选择离线包文件、其第一个分卷（.000）或所在文件夹。'),
  },
  VERIFY_FAILED: {
    message: t('{bundle} failed verification ({count} problems)', '{bundle} 校验未通过（{count} 处问题）'),
    hint: t('Copy the damaged files or volumes again from the source; higress-airgap verify shows the full report.', '请从来源重新拷贝损坏的文件或分卷；higress-airgap verify 可查看完整报告。'),
    uiHint: t('Copy the damaged files or volumes again from the source; Verify shows the full report.', '请从来源重新拷贝损坏的文件或分卷；“校验”可查看完整报告。'),
    variants: {
      by: 'action',
      cases: {
        push: { message: t('{bundle} failed verification ({count} problems); nothing was pushed', '{bundle} 校验未通过（{count} 处问题），未推送任何内容') },
        load: { message: t('{bundle} failed verification ({count} problems); nothing was loaded', '{bundle} 校验未通过（{count} 处问题），未导入任何内容') },
      },
    },
  },
  BUNDLE_INCONSISTENT: {
    message: t('{bundle} is inconsistent: its parts disagree ({count} problems)', '{bundle} 内容不一致：各部分相互矛盾（{count} 处问题）'),
    hint: t('Do not use this bundle: it was altered or badly written. higress-airgap verify lists every problem.', '请勿使用该离线包：它被改动过或写入不完整。higress-airgap verify 会列出全部问题。'),
    uiHint: t('Do not use this bundle: it was altered or badly written. Verify lists every problem.', '请勿使用该离线包：它被改动过或写入不完整。“校验”会列出全部问题。'),
  },
  // ── disks ──
  DISK_FULL: {
    message: t('{path}: no space left on {mount}', '{path}：{mount} 上已没有剩余空间'),
    hint: t('Free some space there, or choose a folder on another disk.', '请清理该磁盘上的空间，或选择其他磁盘上的文件夹。'),
  },
  READ_ONLY_FILE_SYSTEM: {
    message: t('{path}: the file system on {mount} is read-only', '{path}：{mount} 上的文件系统是只读的'),
    hint: t('Choose a folder on a writable disk, or remount this one read-write (a USB stick may have a write-protect switch).', '请选择可写磁盘上的文件夹，或以读写方式重新挂载（U 盘可能有写保护开关）。'),
  },
  PERMISSION_DENIED: {
    message: t('{path}: permission denied', '{path}：权限不足'),
    hint: t('Choose a folder you may write to, or ask for write permission.', '请选择有写入权限的文件夹，或申请写入权限。'),
  },
  FILE_TOO_LARGE: {
    message: t('{path}: the file is too large for the {fileSystem} file system on {mount}', '{path}：对 {mount} 上的 {fileSystem} 文件系统而言文件过大'),
    hint: t('Split the bundle into volumes (--split fat32 keeps each under 4 GiB), or use a disk formatted with exFAT, NTFS or ext4.', '请把离线包拆分为分卷（--split fat32 使每卷小于 4 GiB），或使用 exFAT、NTFS 或 ext4 格式的磁盘。'),
    uiHint: t('Split the bundle into volumes (FAT32 size), or use a disk formatted with exFAT, NTFS or ext4.', '请把离线包拆分为分卷（FAT32 大小），或使用 exFAT、NTFS 或 ext4 格式的磁盘。'),
  },
  INSUFFICIENT_SPACE: {
    message: t('Not enough free space: {needed} bytes needed, {free} free', '可用空间不足：需要 {needed} 字节，仅剩 {free} 字节'),
    hint: t('Choose another folder or free some space.', '请选择其他文件夹或清理空间。'),
  },
  INSUFFICIENT_SPACE_SHARED: {
    message: t('Not enough free space on {mount}, which holds both the output and the temporary folder: {needed} bytes needed, {free} free', '{mount} 同时存放输出和临时文件夹，可用空间不足：需要 {needed} 字节，仅剩 {free} 字节'),
    hint: t('Put the temporary folder (--temp-dir) on another disk, choose another output folder, or free some space.', '请把临时文件夹（--temp-dir）放到其他磁盘、选择其他输出文件夹，或清理空间。'),
    uiHint: t('Choose a temporary folder on another disk in Settings, choose another output folder, or free some space.', '请在“设置”中选择其他磁盘上的临时文件夹、选择其他输出文件夹，或清理空间。'),
  },
  // ── plugins ──
  PLUGIN_REFUSED: {
    message: t('Plugin {plugin} ({reference}) was refused: {reason}', '插件 {plugin}（{reference}）被拒绝：{reason}'),
  },
  PLUGIN_NOT_PROXY_WASM: {
    message: t('Plugin {plugin} ({source}) is not a proxy-wasm plugin', '插件 {plugin}（{source}）不是 proxy-wasm 插件'),
    variants: {
      by: 'cause',
      cases: {
        'go-not-c-shared': {
          message: t('Plugin {plugin} ({source}) was refused: it is a Go program built without GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared', '插件 {plugin}（{source}）被拒绝：这是未以 GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared 构建的 Go 程序'),
          hint: t('Rebuild it as a proxy-wasm plugin (higress wasm-go: -buildmode=c-shared).', '请按 proxy-wasm 插件重新构建（higress wasm-go：-buildmode=c-shared）。'),
        },
        'no-proxy-wasm-sdk': {
          message: t('Plugin {plugin} ({source}) was refused: plugin.wasm exports no proxy_abi_version_* function (not built against a proxy-wasm SDK)', '插件 {plugin}（{source}）被拒绝：plugin.wasm 没有导出 proxy_abi_version_* 函数（未基于 proxy-wasm SDK 构建）'),
          hint: t('Build it with a proxy-wasm SDK (Go, Rust, C++ or AssemblyScript).', '请使用 proxy-wasm SDK（Go、Rust、C++ 或 AssemblyScript）构建。'),
        },
        'wasi-command': {
          message: t('Plugin {plugin} ({source}) was refused: it is a plain WASI program, not a proxy-wasm plugin', '插件 {plugin}（{source}）被拒绝：这是普通的 WASI 程序，不是 proxy-wasm 插件'),
          hint: t('Build it with a proxy-wasm SDK (Go, Rust, C++ or AssemblyScript).', '请使用 proxy-wasm SDK（Go、Rust、C++ 或 AssemblyScript）构建。'),
        },
      },
    },
  },
  PLUGIN_WASM_INVALID: {
    message: t('Plugin {plugin} ({source}) was refused: the module is not a valid WebAssembly module', '插件 {plugin}（{source}）被拒绝：该模块不是有效的 WebAssembly 模块'),
    hint: t('The file is damaged or not a wasm build; rebuild or download it again.', '文件已损坏或不是 wasm 构建产物，请重新构建或重新下载。'),
  },
  PIN_NOT_ON_SOURCE: {
    message: t('Plugin {plugin}: {source} does not have the pinned build {repository}@{digest}', '插件 {plugin}：{source} 上没有该版本锁定的构建 {repository}@{digest}'),
    hint: t('Bundle from a source that has the release build, or follow tags (--follow-tags) to take what the tag holds now.', '请从包含该版本构建的来源制作，或使用 --follow-tags 改用标签当前的内容。'),
    uiHint: t('Bundle from a source that has the release build, or tick “Follow tags where the source lacks the release build”.', '请从包含该版本构建的来源制作，或勾选“来源仓库缺少该版本的构建时，改用标签当前的内容”。'),
    variants: {
      by: 'kind',
      cases: {
        image: {
          message: t('{source} does not have the Higress {release} build {repository}@{digest}', '{source} 上没有 Higress {release} 的构建 {repository}@{digest}'),
          hint: t('Bundle from a source that has the release build, or follow tags (--follow-tags) to take what the tag holds now.', '请从包含该版本构建的来源制作，或使用 --follow-tags 改用标签当前的内容。'),
          uiHint: t('Bundle from a source that has the release build, or tick “Follow tags where the source lacks the release build”.', '请从包含该版本构建的来源制作，或勾选“来源仓库缺少该版本的构建时，改用标签当前的内容”。'),
        },
      },
    },
  },
  WASM_PIN_MISMATCH: {
    message: t('Plugin {plugin} ({source}): plugin.wasm has SHA-256 {sha256}, but the release publishes {expected}', '插件 {plugin}（{source}）：plugin.wasm 的 SHA-256 为 {sha256}，但该版本公布的是 {expected}'),
    hint: t('Do not bundle it: the artifact is not the module the release was built with.', '请勿打包：该制品不是该版本构建所用的模块。'),
  },
  PLAN_REFUSED: {
    message: t('{count} problems with this bundle plan', '制作计划有 {count} 处问题'),
    hint: t('Each problem is listed with its own cause; fix them together and run again.', '每处问题都列出了原因，请一并修正后重试。'),
  },
};
