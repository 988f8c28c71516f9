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
  NET_UPLOAD_REDIRECT: {
    message: t(
      '{host} answered with a redirect, which is not followed for a request that carries data (an upload or a manifest)',
      '{host} 返回了重定向；携带数据的请求（上传或清单）不会跟随重定向',
    ),
    hint: t('Connect to the address the registry serves from (its external URL), not one that redirects.', '请连接镜像仓库实际提供服务的地址（其对外 URL），而不是会重定向的地址。'),
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
    message: t('{host} does not have {reference} (404)', '{host} 上没有 {reference}（404）'),
    hint: t('Check the tag or digest of the reference, and that this is the registry that holds it.', '请检查引用的标签或摘要，并确认它确实在这个镜像仓库中。'),
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
        'no-tag': {
          message: t('Plugin {plugin}: {source} has neither the pinned build {repository}@{digest} nor the tag {tag}', '插件 {plugin}：{source} 上既没有锁定的构建 {repository}@{digest}，也没有标签 {tag}'),
          hint: t(
            'Check the source registry and the repository name; the official registry and its mirrors hold every release build.',
            '请检查来源仓库地址和仓库路径；官方镜像仓库及其镜像站包含每个版本的构建。',
          ),
        },
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
  // ── content that does not match what names it ──
  BAD_DIGEST: {
    message: t('Invalid digest {digest}', '无效的摘要 {digest}'),
    variants: {
      by: 'kind',
      cases: {
        invalid: { message: t('Invalid digest {digest}', '无效的摘要 {digest}') },
        algorithm: { message: t('Unsupported digest algorithm in {digest}', '{digest} 使用了不支持的摘要算法') },
      },
    },
  },
  DIGEST_MISMATCH: {
    message: t('Content does not match its digest {digest}', '内容与其摘要 {digest} 不符'),
    hint: t('The content was damaged or changed on the way; fetch or copy it again.', '内容在传输中损坏或被改动，请重新获取或拷贝。'),
    variants: {
      by: 'kind',
      cases: {
        'manifest-damaged': { message: t('{source}: manifest {digest} is damaged', '{source}：清单 {digest} 已损坏'), hint: t('Copy the bundle again from the source and verify it.', '请从来源重新拷贝离线包并校验。') },
        'blob-damaged': { message: t('{source}: blob {digest} is damaged', '{source}：数据块 {digest} 已损坏'), hint: t('Copy it again from the source and verify it.', '请从来源重新拷贝并校验。') },
        'release-pin': {
          message: t('{image} resolves to {digest}, but the release pins {pinned}', '{image} 解析为 {digest}，但该版本锁定的是 {pinned}'),
          hint: t('The tag was moved after the release; do not bundle it unless you verified the new build.', '该标签在版本发布后被移动过；除非已核实新构建，否则请勿打包。'),
        },
        'catalog-pin': {
          message: t('Plugin {plugin} ({source}) resolves to {digest}, but the catalog pins {pinned}', '插件 {plugin}（{source}）解析为 {digest}，但插件目录锁定的是 {pinned}'),
          hint: t('The tag was moved after the release was published; do not bundle it unless you verified the new build.', '该标签在版本发布后被移动过；除非已核实新构建，否则请勿打包。'),
        },
        'reference-pin': {
          message: t('Plugin {plugin} ({source}) resolves to {digest}, but the reference names {pinned}', '插件 {plugin}（{source}）解析为 {digest}，但引用指定的是 {pinned}'),
          hint: t('The tag was moved after the release was published; do not bundle it unless you verified the new build.', '该标签在版本发布后被移动过；除非已核实新构建，否则请勿打包。'),
        },
        content: { message: t('{path}: content does not match its digest', '{path}：内容与其摘要不符') },
        copy: { message: t('{source} is {digest}, expected {expected}; the tag {tag} was not written', '{source} 的摘要为 {digest}，应为 {expected}；未写入标签 {tag}') },
        'save-config': {
          message: t('The image config {config} of {image} has the digest {digest}', '{image} 的镜像配置 {config} 的摘要却是 {digest}'),
          hint: t('The image in the Docker engine is damaged or changed during the save: remove it, pull or build it again, and retry.', 'Docker 引擎中的镜像已损坏，或在导出过程中被改动：请删除它，重新拉取或构建后重试。'),
        },
        'save-layer': {
          message: t('Layer {layer} of {image} ({path}) has the digest {digest}', '{image} 的第 {layer} 层（{path}）的摘要却是 {digest}'),
          hint: t('The image in the Docker engine is damaged or changed during the save: remove it, pull or build it again, and retry.', 'Docker 引擎中的镜像已损坏，或在导出过程中被改动：请删除它，重新拉取或构建后重试。'),
        },
        'registry-content': { message: t('{what}: the registry returned content with digest {digest}', '{what}：镜像仓库返回的内容摘要为 {digest}') },
        'registry-header': { message: t('{what}: Docker-Content-Digest {header} does not match the content ({digest})', '{what}：Docker-Content-Digest {header} 与内容（{digest}）不符') },
        'registry-stored': { message: t('{what}: the registry stored the manifest as {reported}, expected {digest}', '{what}：镜像仓库保存的清单摘要为 {reported}，应为 {digest}') },
        manifest: { message: t('manifest {digest} does not match its content', '清单 {digest} 与其内容不符') },
        'manifest-bytes': { message: t('manifest bytes do not match {digest}', '清单内容与 {digest} 不符') },
        blob: { message: t('blob {digest} does not match its content', '数据块 {digest} 与其内容不符') },
        stream: { message: t('{what}: content digest {digest} does not match {expected}', '{what}：内容摘要 {digest} 与 {expected} 不符') },
      },
    },
  },
  SIZE_MISMATCH: {
    message: t('{what}: got {got} bytes, expected {expected}', '{what}：收到 {got} 字节，应为 {expected} 字节'),
    hint: t('The content was cut short or changed on the way; fetch or copy it again.', '内容在传输中被截断或改动，请重新获取或拷贝。'),
    variants: {
      by: 'kind',
      cases: {
        more: { message: t('{what}: more than the expected {expected} bytes', '{what}：超出预期的 {expected} 字节') },
        other: { message: t('{what}: got {got} bytes, expected {expected}', '{what}：收到 {got} 字节，应为 {expected} 字节') },
        manifest: { message: t('manifest {what} is {got} bytes, its descriptor says {expected}', '清单 {what} 为 {got} 字节，但其描述符写的是 {expected} 字节') },
      },
    },
  },
  TOO_LARGE: {
    message: t('{file} is larger than {limit} bytes', '{file} 超过了 {limit} 字节'),
    variants: {
      by: 'kind',
      cases: {
        declared: { message: t('{file} is {size} bytes, more than the {limit} allowed', '{file} 为 {size} 字节，超过了允许的 {limit} 字节') },
        'plugin-layer': { message: t('the plugin layer inflates to more than {limit} bytes', '插件层解压后超过 {limit} 字节') },
        request: { message: t('Request body too large', '请求体过大') },
      },
    },
  },
  BAD_MANIFEST: {
    message: t('Manifest {digest} is malformed', '清单 {digest} 格式有误'),
    variants: {
      by: 'kind',
      cases: {
        json: { message: t('Manifest {digest} is not valid JSON', '清单 {digest} 不是有效的 JSON') },
        'media-type': { message: t('Manifest {digest} says it is {declared} but was served as {served}', '清单 {digest} 声明自己是 {declared}，但服务端按 {served} 返回') },
        index: { message: t('Index {digest} is malformed: {reason}', '索引 {digest} 格式有误：{reason}') },
        manifest: { message: t('Manifest {digest} ({mediaType}) is malformed or of an unsupported kind: {reason}', '清单 {digest}（{mediaType}）格式有误或类型不受支持：{reason}') },
      },
    },
  },
  BAD_LAYOUT: {
    message: t('{folder}/index.json is malformed', '{folder}/index.json 格式有误'),
  },
  UNSUPPORTED: {
    message: t('Not supported', '不支持该操作'),
    variants: {
      by: 'kind',
      cases: {
        'nested-index': { message: t('{image} nests an index inside an index; not supported', '{image} 的索引中又嵌套了索引，不受支持') },
        dialogs: { message: t('Native dialogs are only available in the desktop app', '系统对话框仅在桌面应用中可用'), hint: t('Type the path instead.', '请直接输入路径。') },
      },
    },
  },
  READ_ONLY: {
    message: t('A bundle is read-only', '离线包是只读的'),
  },
  INTERNAL: {
    message: t('Internal error: {reason}', '内部错误：{reason}'),
    hint: t('This is a bug in Higress Airgap; please report it with what you did.', '这是 Higress Airgap 的缺陷，请连同操作步骤一并反馈。'),
  },
  CANCELLED: {
    message: t('Cancelled', '已取消'),
  },
  // ── reaching a registry (2) ──
  NOT_A_REGISTRY: {
    message: t('{host} answered {status} on /v2/: it does not look like an OCI registry', '{host} 对 /v2/ 返回了 {status}：它看起来不是 OCI 镜像仓库'),
    hint: t('Check the host and port.', '请检查主机名和端口。'),
  },
  CA_FILE: {
    message: t('The CA file {file} cannot be used', 'CA 证书文件 {file} 无法使用'),
    variants: {
      by: 'cause',
      cases: {
        unreadable: {
          message: t('Cannot read the CA file {file} for {host}: {reason}', '无法读取 {host} 的 CA 证书文件 {file}：{reason}'),
          hint: t('Check the path of the CA file and that you may read it.', '请检查 CA 证书文件的路径，以及是否有读取权限。'),
        },
        'not-pem': {
          message: t('{file} is not a PEM certificate file', '{file} 不是 PEM 格式的证书文件'),
          hint: t('Give the CA certificate in PEM form (it starts with -----BEGIN CERTIFICATE-----).', '请提供 PEM 格式的 CA 证书（以 -----BEGIN CERTIFICATE----- 开头）。'),
        },
      },
    },
  },
  REGISTRY_AUTH: {
    message: t('{host}: the token login failed', '{host}：令牌登录失败'),
    hint: t('The registry or its token service is misconfigured; ask its administrator.', '镜像仓库或其令牌服务配置有误，请联系其管理员。'),
    variants: {
      by: 'kind',
      cases: {
        'no-realm': { message: t('{host} sent a bearer challenge without a realm', '{host} 发来的 Bearer 认证质询缺少 realm') },
        'bad-realm': { message: t('{host} sent an invalid token realm', '{host} 发来的令牌 realm 无效') },
        'no-token': { message: t('The token service of {host} returned no token', '{host} 的令牌服务没有返回令牌') },
      },
    },
  },
  REGISTRY_REALM_REFUSED: {
    message: t('{host}: the token service was refused', '{host}：已拒绝其令牌服务'),
    variants: {
      by: 'kind',
      cases: {
        'unexpected-host': {
          message: t('{host} sends credentials to an unexpected token service at {realmHost}', '{host} 要把凭据发送到意料之外的令牌服务 {realmHost}'),
          hint: t('If that service is genuine, allow it: higress-airgap registry set {host} --allow-realm {realmHost}', '如果该服务可信，请允许它：higress-airgap registry set {host} --allow-realm {realmHost}'),
          uiHint: t('If that service is genuine, add {realmHost} to “Also allow token servers on” in the registry settings.', '如果该服务可信，请在镜像仓库设置中把 {realmHost} 填入“另外允许的令牌服务器”。'),
        },
        'plain-http': {
          message: t('{host} asks for tokens over plain HTTP at {realm}', '{host} 要求通过明文 HTTP 从 {realm} 获取令牌'),
          hint: t('Credentials are not sent in clear; ask the administrator to serve the token service over HTTPS.', '凭据不会以明文发送，请让管理员通过 HTTPS 提供令牌服务。'),
        },
      },
    },
  },
  REGISTRY_REDIRECT_REFUSED: {
    message: t('{host} pointed a request at {target}, not {origin}; refused', '{host} 把请求指向了 {target}，而不是 {origin}，已拒绝'),
    hint: t('Credentials are only sent to the registry itself; check its configured external URL.', '凭据只会发送给镜像仓库本身，请检查其配置的外部访问地址。'),
  },
  REGISTRY_ERROR: {
    message: t('{host} answered {status}', '{host} 返回了 {status}'),
    variants: {
      by: 'kind',
      cases: {
        start: { message: t('{host} did not start an upload to {repository} (status {status})', '{host} 未能开始向 {repository} 上传（状态码 {status}）') },
        'not-accepted': { message: t('{host} did not accept blob {digest} (status {status})', '{host} 未接受数据块 {digest}（状态码 {status}）') },
        'chunk-refused': { message: t('{host} refused a chunk of blob {digest} (status {status})', '{host} 拒绝了数据块 {digest} 的一个分片（状态码 {status}）') },
        'not-committed': { message: t('{host} did not commit blob {digest} (status {status})', '{host} 未能提交数据块 {digest}（状态码 {status}）') },
      },
    },
  },
  REGISTRY_UPLOAD_RANGE: {
    message: t('{host} reports {held} bytes of blob {digest}, expected {expected}', '{host} 报告数据块 {digest} 已有 {held} 字节，应为 {expected} 字节'),
    hint: t('Run the same command again: the upload starts over.', '请重新运行同一命令：上传会重新开始。'),
    uiHint: t('Start it again: the upload starts over.', '请重新开始：上传会从头进行。'),
  },
  // ── saved settings and logins ──
  SETTINGS_UNREADABLE: {
    message: t('Cannot read {file}: {reason}', '无法读取 {file}：{reason}'),
    hint: t('Check that the file exists and that you may read it.', '请确认该文件存在且有读取权限。'),
  },
  SETTINGS_DAMAGED: {
    message: t('{file} is damaged', '{file} 已损坏'),
    hint: t('Fix or delete the file; it will be recreated.', '请修复或删除该文件，它会被重新创建。'),
    variants: {
      by: 'kind',
      cases: {
        json: { message: t('{file} is not valid JSON', '{file} 不是有效的 JSON') },
        content: { message: t('{file} has unexpected content: {reason}', '{file} 的内容不符合预期：{reason}') },
      },
    },
  },
  LOGIN_UNREADABLE: {
    message: t('The saved login for {host} cannot be read here', '保存的 {host} 登录信息无法在此读取'),
    hint: t('Log in again here: higress-airgap login {host} --username <user> --password-stdin', '请在此重新登录：higress-airgap login {host} --username <user> --password-stdin'),
    uiHint: t('Log in to {host} again under Settings → Logins.', '请在“设置 → 登录”中重新登录 {host}。'),
    variants: {
      by: 'protection',
      cases: {
        safeStorage: { message: t("The saved login for {host} is protected by the desktop app's OS encryption and cannot be read here", '保存的 {host} 登录信息由桌面应用通过操作系统加密保护，无法在此读取') },
        other: { message: t('The saved login for {host} is protected by another method and cannot be read here', '保存的 {host} 登录信息由其他方式保护，无法在此读取') },
      },
    },
  },
  LOGIN_SETTINGS_CONFLICT: {
    message: t('{host} is saved as {savedAs}, which cannot be combined with the settings given with this login', '{host} 已保存为 {savedAs}，不能与本次登录给出的设置同时使用'),
    hint: t('Change or remove the saved settings of this registry first, then log in again.', '请先修改或删除该镜像仓库已保存的设置，再重新登录。'),
    variants: {
      by: 'givenKind',
      cases: {
        'plain-http': { message: t('{host} is saved as {savedAs}, which cannot be combined with the plain HTTP given with this login', '{host} 已保存为 {savedAs}，不能与本次登录指定的明文 HTTP 同时使用') },
        'ca-file': { message: t('{host} is saved as {savedAs}, which cannot be combined with the CA file given with this login', '{host} 已保存为 {savedAs}，不能与本次登录指定的 CA 证书文件同时使用') },
        insecure: { message: t('{host} is saved as {savedAs}, which cannot be combined with the unverified TLS given with this login', '{host} 已保存为 {savedAs}，不能与本次登录指定的不校验证书的 TLS 同时使用') },
      },
    },
  },
  DOCKER_CONFIG_DAMAGED: {
    message: t('The Docker configuration is damaged', 'Docker 配置已损坏'),
    hint: t('Fix the Docker configuration file (config.json), or log in here instead.', '请修复 Docker 配置文件（config.json），或改为在此登录。'),
    variants: {
      by: 'cause',
      cases: {
        json: { message: t('{file} is not valid JSON', '{file} 不是有效的 JSON') },
        'helper-name': { message: t('Invalid credential helper name "{helper}"', '凭据助手名称“{helper}”无效') },
      },
    },
  },
  CREDENTIAL_HELPER: {
    message: t('docker-credential-{helper} failed', 'docker-credential-{helper} 执行失败'),
    hint: t('Check that the Docker credential helper is installed and works, or log in here instead.', '请确认 Docker 凭据助手已安装且可正常使用，或改为在此登录。'),
    variants: {
      by: 'cause',
      cases: {
        'not-run': { message: t('docker-credential-{helper} could not be run: {reason}', '无法运行 docker-credential-{helper}：{reason}') },
        failed: { message: t('docker-credential-{helper} failed (exit {exitCode})', 'docker-credential-{helper} 执行失败（退出码 {exitCode}）') },
        'not-json': { message: t('docker-credential-{helper} returned something that is not JSON', 'docker-credential-{helper} 返回的内容不是 JSON') },
      },
    },
  },
  // ── disks and folders (2) ──
  DISK_QUOTA_EXCEEDED: {
    message: t('{path}: your disk quota is used up', '{path}：您的磁盘配额已用完'),
    hint: t('Free some of your files there, or choose a folder on another disk.', '请清理您在该处的部分文件，或选择其他磁盘上的文件夹。'),
  },
  IO_ERROR: {
    message: t('{path}: input/output error', '{path}：输入/输出错误'),
    hint: t('The disk may be failing or was unplugged; check it and try again.', '磁盘可能出现故障或已被拔出，请检查后重试。'),
  },
  FILE_SYSTEM_ERROR: {
    message: t('{path}: {errno} ({syscall})', '{path}：文件系统错误 {errno}（{syscall}）'),
    hint: t('Check the disk and the path, then try again.', '请检查磁盘和路径后重试。'),
  },
  PATH_MISSING: {
    message: t('{path}: the folder does not exist (or the disk was removed)', '{path}：所在文件夹不存在（或磁盘已被移除）'),
    hint: t('Create the folder first, or check that the disk is still mounted.', '请先创建该文件夹，或确认磁盘仍已挂载。'),
    variants: {
      by: 'errno',
      cases: {
        ENOTDIR: { message: t('{path}: a part of the path is a file, not a folder', '{path}：路径中有一部分是文件而不是文件夹'), hint: t('Check the path.', '请检查路径。') },
      },
    },
  },
  NO_FOLDER: {
    message: t('{folder} is not usable: {reason}', '{folder} 无法使用：{reason}'),
    hint: t('Choose another folder, or check that the disk is still mounted.', '请选择其他文件夹，或确认磁盘仍已挂载。'),
  },
  NOT_WRITABLE: {
    message: t('{folder} is not writable', '{folder} 不可写'),
    hint: t('Choose a folder you may write to, or ask for write permission.', '请选择有写入权限的文件夹，或申请写入权限。'),
  },
  OUTPUT_EXISTS: {
    message: t('{path} already exists', '{path} 已存在'),
    hint: t('Choose another --out, or pass --force to replace it.', '请换一个 --out，或使用 --force 覆盖它。'),
    uiHint: t('Choose another output file, or tick “Replace an existing bundle at this path”.', '请选择其他输出文件，或勾选“覆盖该路径下已有的离线包”。'),
  },
  // ── the local registry view ──
  LISTEN_FAILED: {
    message: t('Cannot listen on {address}: {reason}', '无法在 {address} 上监听：{reason}'),
    hint: t('Check --host names an address of this machine.', '请确认 --host 是本机的地址。'),
    uiHint: t('Check that the address is one of this machine.', '请确认该地址属于本机。'),
    variants: {
      by: 'cause',
      cases: {
        'in-use': {
          message: t('Cannot listen on {address}: {reason}', '无法在 {address} 上监听：{reason}'),
          hint: t('Another program uses that port: pick another with --port.', '该端口已被其他程序占用，请用 --port 换一个端口。'),
          uiHint: t('Another program uses that port: pick another port.', '该端口已被其他程序占用，请换一个端口。'),
        },
        privileged: {
          message: t('Cannot listen on {address}: {reason}', '无法在 {address} 上监听：{reason}'),
          hint: t('Ports below 1024 need privileges: pick one above 1024.', '1024 以下的端口需要特权，请选择 1024 以上的端口。'),
        },
      },
    },
  },
  // ── reading metadata ──
  BAD_METADATA: {
    message: t('metadata.txt is not in a known form: {reason}', 'metadata.txt 的格式无法识别：{reason}'),
  },
  TAR_NAME_TOO_LONG: {
    message: t('Path too long for a ustar header: {path}', '路径过长，无法写入 ustar 头：{path}'),
  },
  UI_NOT_BUILT: {
    message: t('The UI is not built', '界面尚未构建'),
    hint: t('Run `npm run build` in the checkout first.', '请先在源码目录中运行 `npm run build`。'),
    uiHint: t('Build the app first.', '请先构建应用。'),
  },
  // ── command-line and connection input refused ──
  REGISTRY_HOST_INVALID: {
    message: t('"{host}" is not a registry host (host or host:port)', '“{host}”不是镜像仓库地址（应为 host 或 host:port）'),
  },
  LOGIN_FLAGS_MISSING: {
    message: t('login needs --username and --password-stdin', 'login 需要 --username 和 --password-stdin'),
  },
  LOGIN_CREDENTIALS_MISSING: {
    message: t('login needs a username and password', '登录需要用户名和密码'),
  },
  // One registry's connection input (shared/registry/connection-flags.ts): a command's flags or the
  // app's form, worded for where it was typed (details.input).
  CONNECTION_PLAIN_HTTP_WITH_TLS: {
    message: t('{plainHttp} cannot be combined with {others}: plain HTTP has no TLS to configure', '{plainHttp} 不能与 {others} 同时使用：明文 HTTP 没有可配置的 TLS'),
    variants: {
      by: 'input',
      cases: {
        flags: {
          message: t('{plainHttp} cannot be combined with {others}: plain HTTP has no TLS to configure', '{plainHttp} 不能与 {others} 同时使用：明文 HTTP 没有可配置的 TLS'),
          hint: t('Leave out {others} for plain HTTP, or {plainHttp} to use TLS.', '使用明文 HTTP 时请去掉 {others}；要使用 TLS 则去掉 {plainHttp}。'),
        },
        form: {
          message: t('Plain HTTP cannot be combined with skipping certificate verification or a CA file: plain HTTP has no TLS to configure', '“使用 HTTP（不加密）”不能与“跳过证书校验”或 CA 证书文件同时使用：明文 HTTP 没有可配置的 TLS'),
          uiHint: t('Untick “Plain HTTP”, or clear the certificate settings.', '请取消勾选“使用 HTTP（不加密）”，或清除证书相关设置。'),
        },
      },
    },
  },
  CONNECTION_USERNAME_WITHOUT_PASSWORD: {
    message: t('{username} needs {password} (passwords are never taken on the command line)', '{username} 需要同时给出 {password}（密码从不通过命令行参数传递）'),
    variants: {
      by: 'input',
      cases: {
        flags: {
          message: t('{username} needs {password} (passwords are never taken on the command line)', '{username} 需要同时给出 {password}（密码从不通过命令行参数传递）'),
          hint: t('echo "$PASSWORD" | higress-airgap … {username} U {password}', '例如：echo "$PASSWORD" | higress-airgap … {username} U {password}'),
          uiHint: t('Fill in the password with the username.', '请在填写用户名的同时填写密码。'),
        },
        form: {
          message: t('Give the password with the username', '请在填写用户名的同时填写密码'),
          uiHint: t('Type the password into the Password field, or clear the Username field.', '请在“密码”中填写密码，或清空“用户名”。'),
        },
      },
    },
  },
  CONNECTION_PASSWORD_WITHOUT_USERNAME: {
    message: t('{password} needs {username}', '{password} 需要同时给出 {username}'),
    variants: {
      by: 'input',
      cases: {
        flags: { message: t('{password} needs {username}', '{password} 需要同时给出 {username}') },
        form: {
          message: t('Give the username with the password', '请在填写密码的同时填写用户名'),
          uiHint: t('Type the username into the Username field, or clear the Password field.', '请在“用户名”中填写用户名，或清空“密码”。'),
        },
      },
    },
  },
  CONNECTION_PASSWORD_EMPTY: {
    message: t('{password}: standard input was empty', '{password}：标准输入为空'),
    variants: {
      by: 'input',
      cases: {
        flags: { message: t('{password}: standard input was empty', '{password}：标准输入为空') },
        form: { message: t('The password is empty', '密码为空'), uiHint: t('Type the password into the Password field.', '请在“密码”中填写密码。') },
      },
    },
  },
  CONNECTION_INPUT_REFUSED: {
    message: t('{count} problems with how to reach the registry', '连接镜像仓库的设置有 {count} 处问题'),
    hint: t('Each problem is listed with its own cause; fix them together and try again.', '每处问题都列出了原因，请一并修正后重试。'),
  },
  SERVE_HOST_INVALID: {
    message: t('--host "{host}" is not an IP address', '--host “{host}”不是 IP 地址'),
    hint: t('Use 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or one address of this machine.', '请使用 127.0.0.1（仅本机）、0.0.0.0（所有网卡）或本机的某个地址。'),
  },
  PLATFORM_INVALID: {
    message: t('Invalid platform "{platform}": write os/arch[/variant], e.g. linux/amd64', '无效的平台“{platform}”：请写作 os/arch[/variant]，例如 linux/amd64'),
  },
  SPLIT_SIZE_INVALID: {
    message: t('Split size "{split}": give a size like 700M, 2G or fat32', '分卷大小“{split}”无效：请填写 700M、2G 或 fat32 这样的大小'),
  },
  INVALID_REFERENCE: {
    message: t('Invalid image reference "{value}"', '无效的镜像引用“{value}”'),
    hint: t('Write it as [registry[:port]/]path/name[:tag][@sha256:<64 hex>], e.g. higress-registry.cn-hangzhou.cr.aliyuncs.com/plugins/key-auth:2.0.0', '请写作 [registry[:port]/]path/name[:tag][@sha256:<64 位十六进制>]，例如 higress-registry.cn-hangzhou.cr.aliyuncs.com/plugins/key-auth:2.0.0'),
    variants: {
      by: 'kind',
      cases: {
        empty: { message: t('Invalid image reference "{value}": it is empty', '无效的镜像引用“{value}”：内容为空') },
        whitespace: { message: t('Invalid image reference "{value}": it contains whitespace', '无效的镜像引用“{value}”：其中含有空白字符') },
        scheme: { message: t('Invalid image reference "{value}": leave out the scheme (oci://, docker://, https://)', '无效的镜像引用“{value}”：请去掉协议前缀（oci://、docker://、https://）') },
        digest: { message: t('Invalid image reference "{value}": "{part}" is not a digest (sha256: followed by 64 lowercase hex digits)', '无效的镜像引用“{value}”：“{part}”不是摘要（应为 sha256: 加 64 位小写十六进制数字）') },
        tag: { message: t('Invalid image reference "{value}": "{part}" is not a valid tag (letters, digits, _ . -; at most 128; not starting with . or -)', '无效的镜像引用“{value}”：“{part}”不是有效的标签（字母、数字、_ . -，最多 128 个字符，不能以 . 或 - 开头）') },
        registry: { message: t('Invalid image reference "{value}": "{part}" is not a valid registry host', '无效的镜像引用“{value}”：“{part}”不是有效的镜像仓库地址') },
        'empty-component': { message: t('Invalid image reference "{value}": the repository path has an empty component', '无效的镜像引用“{value}”：仓库路径中有空的部分') },
        uppercase: { message: t('Invalid image reference "{value}": repository path must be lowercase ("{part}")', '无效的镜像引用“{value}”：仓库路径必须为小写（“{part}”）') },
        component: { message: t('Invalid image reference "{value}": "{part}" is not a valid repository path component', '无效的镜像引用“{value}”：“{part}”不是有效的仓库路径组成部分') },
        'too-long': { message: t('Invalid image reference "{value}": the name is longer than {part} characters', '无效的镜像引用“{value}”：名称超过 {part} 个字符') },
      },
    },
  },
  INVALID_TARGET_REGISTRY: {
    message: t('Invalid target registry "{value}"', '无效的目标镜像仓库“{value}”'),
    hint: t('Write it as host[:port]/project, e.g. harbor.example.com/higress or 10.0.0.5:5000/higress', '请写作 host[:port]/project，例如 harbor.example.com/higress 或 10.0.0.5:5000/higress'),
    variants: {
      by: 'kind',
      cases: {
        empty: { message: t('Invalid target registry "{value}": it is empty', '无效的目标镜像仓库“{value}”：内容为空') },
        scheme: {
          message: t('Invalid target registry "{value}": leave out the scheme (http://, https://); use --plain-http for HTTP registries', '无效的目标镜像仓库“{value}”：请去掉协议前缀（http://、https://）；HTTP 镜像仓库请使用 --plain-http'),
        },
        host: { message: t('Invalid target registry "{value}": "{part}" is not a registry host', '无效的目标镜像仓库“{value}”：“{part}”不是镜像仓库地址') },
        component: { message: t('Invalid target registry "{value}": "{part}" is not a valid project or path component (lowercase letters, digits, . _ -)', '无效的目标镜像仓库“{value}”：“{part}”不是有效的项目或路径组成部分（小写字母、数字、. _ -）') },
      },
    },
  },
  COPY_DESTINATION_NEEDS_TAG: {
    message: t('The destination needs a tag (a digest alone cannot name a copy)', '目标需要一个标签（仅凭摘要无法为副本命名）'),
  },
  // ── the app's own channels (a mistake of the app, not of the reader) ──
  IPC_CHANNEL_UNKNOWN: {
    message: t('Unknown channel "{channel}"', '未知的通道“{channel}”'),
  },
  IPC_CHANNEL_SESSION: {
    message: t('task:cancel is answered by the session', 'task:cancel 由会话负责应答'),
  },
  IPC_PAYLOAD_INVALID: {
    message: t('Invalid payload for {channel}: {reason}', '{channel} 的请求参数无效：{reason}'),
    variants: {
      by: 'at',
      cases: {
        field: { message: t('Invalid payload for {channel} ({field}): {reason}', '{channel} 的请求参数无效（{field}）：{reason}') },
      },
    },
  },
  TASK_ALREADY_RUNNING: {
    message: t('Task {task} is already running', '任务 {task} 已在运行'),
  },
  // ── the plugin layer the gateway reads ──
  PLUGIN_LAYER_DAMAGED: {
    message: t('Plugin {plugin} ({reference}) was refused: its tar+gzip layer is damaged or truncated', '插件 {plugin}（{reference}）被拒绝：其 tar+gzip 层已损坏或不完整'),
    hint: t('Download or build the plugin again.', '请重新下载或构建该插件。'),
  },
  PLUGIN_WASM_NOT_A_FILE: {
    message: t('Plugin {plugin} ({reference}) was refused: its layer holds plugin.wasm as {entry}, not a regular file; the gateway would read it as an empty module', '插件 {plugin}（{reference}）被拒绝：其层中的 plugin.wasm（{entry}）不是普通文件，网关会把它读成空模块'),
    hint: t('Pack the module itself: tar czf plugin.tar.gz plugin.wasm.', '请打包模块文件本身：tar czf plugin.tar.gz plugin.wasm。'),
  },
  PLUGIN_WASM_BEYOND_GATEWAY_LIMIT: {
    message: t('Plugin {plugin} ({reference}) was refused: {entry} ends {end} bytes into the inflated layer; the gateway reads only the first {limit} bytes of it', '插件 {plugin}（{reference}）被拒绝：{entry} 在解压后的层中结束于第 {end} 字节，而网关只读取前 {limit} 字节'),
    hint: t('Put plugin.wasm first in the tar, or leave other files out of the layer.', '请把 plugin.wasm 放在 tar 的最前面，或不要在该层中放入其他文件。'),
  },
  PLUGIN_WASM_AMBIGUOUS: {
    message: t('Plugin {plugin} ({reference}) was refused: its layer holds several entries named plugin.wasm; the gateway loads the first, and which one was meant is ambiguous', '插件 {plugin}（{reference}）被拒绝：其层中有多个名为 plugin.wasm 的条目，网关只加载第一个，无法确定应使用哪一个'),
    hint: t('Rebuild the layer with exactly one plugin.wasm.', '请重新构建该层，使其只包含一个 plugin.wasm。'),
  },
  PLUGIN_WASM_NOT_FOUND: {
    message: t('Plugin {plugin} ({reference}) was refused: its last layer holds no plugin.wasm', '插件 {plugin}（{reference}）被拒绝：其最后一层中没有 plugin.wasm'),
    hint: t('Rename the module to plugin.wasm and pack it again (tar czf plugin.tar.gz plugin.wasm), or package the .wasm with higress-airgap plugin package.', '请把模块改名为 plugin.wasm 后重新打包（tar czf plugin.tar.gz plugin.wasm），或用 higress-airgap plugin package 打包该 .wasm 文件。'),
    uiHint: t('Check that it is a Higress Wasm plugin image: the gateway loads only an entry named plugin.wasm.', '请确认这是 Higress Wasm 插件镜像：网关只加载名为 plugin.wasm 的条目。'),
  },
};
