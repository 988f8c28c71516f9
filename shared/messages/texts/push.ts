import { t, type MessageEntry } from '../types';

/** Pushing to a registry: preflight rows, push notes, replaced tags, Docker-path notices. */
export const PUSH_MESSAGES: Readonly<Record<string, MessageEntry>> = {
  // ── the connection test, one row per step ──
  PREFLIGHT_REACH_OK: {
    message: t('{host} answers (authentication: {auth})', '{host} 有应答（认证方式：{auth}）'),
  },
  PREFLIGHT_LOGIN_OK: {
    message: t('no login needed', '无需登录'),
    variants: {
      by: 'login',
      cases: {
        credentials: { message: t('credentials accepted', '凭据已通过') },
        anonymous: { message: t('anonymous access accepted', '匿名访问已被接受') },
      },
    },
  },
  PREFLIGHT_PROJECT_OK: {
    message: t('Harbor project {project} exists', 'Harbor 项目 {project} 已存在'),
    variants: { by: 'created', cases: { true: { message: t('created Harbor project {project}', '已创建 Harbor 项目 {project}') } } },
  },
  PREFLIGHT_PUSH_OK: {
    message: t('may push under {target}', '可以推送到 {target}'),
  },
  HARBOR_PROJECT_MISSING: {
    message: t('Harbor {version} at {host} has no project "{project}"', '{host} 上的 Harbor {version} 没有项目“{project}”'),
    hint: t('Create it in Harbor, or let this tool create it (--create-project) with an account allowed to.', '请在 Harbor 中创建该项目，或用有权限的账号让本工具创建（--create-project）。'),
    uiHint: t('Create it in Harbor, or press “Create project” with an account allowed to.', '请在 Harbor 中创建该项目，或用有权限的账号点击“创建项目”。'),
  },
  PREFLIGHT_FAILED: {
    message: t('The connection test failed', '连接测试未通过'),
  },
  HARBOR_API: {
    message: t('Harbor at {host} answered {status} when asked about project {project}', '询问项目 {project} 时，{host} 上的 Harbor 返回了 {status}'),
    variants: { by: 'action', cases: { create: { message: t('Harbor at {host} did not create project {project} ({status})', '{host} 上的 Harbor 未能创建项目 {project}（{status}）') } } },
  },
  HARBOR_CREATE_NEEDS_LOGIN: {
    message: t('Creating Harbor project {project} needs a username and password', '创建 Harbor 项目 {project} 需要用户名和密码'),
    hint: t('higress-airgap login {host} --username <admin> --password-stdin', '请执行：higress-airgap login {host} --username <admin> --password-stdin'),
    uiHint: t('Fill in the username and password of an account allowed to create projects.', '请填写有权创建项目的账号的用户名和密码。'),
  },
  HARBOR_CREATE_FORBIDDEN: {
    message: t('This Harbor user may not create projects (403)', '该 Harbor 用户无权创建项目（403）'),
    hint: t('Ask a Harbor administrator to create the project {project}, or use an account with the right.', '请让 Harbor 管理员创建项目 {project}，或使用有此权限的账号。'),
  },
  JOURNAL_UNREADABLE: {
    message: t('The push journal {file} could not be read ({reason}); this run starts without it', '无法读取推送记录 {file}（{reason}），本次从头开始'),
    hint: t('Items already in the registry are still skipped; interrupted uploads start again.', '仓库中已有的项仍会跳过；中断的上传会重新开始。'),
  },
  JOURNAL_WRITE_FAILED: {
    message: t('The push journal {file} could not be written: {reason}. The push goes on, but if it is interrupted the next run cannot continue where this one stopped', '无法写入推送记录 {file}：{reason}。推送会继续，但如果中断，下次无法从中断处继续'),
    hint: t('Free space in (or fix the permissions of) the settings folder, or point HIGRESS_AIRGAP_CONFIG at a writable folder.', '请清理设置文件夹所在磁盘的空间（或修正其权限），或把 HIGRESS_AIRGAP_CONFIG 指向可写的文件夹。'),
    uiHint: t('Free space in (or fix the permissions of) the settings folder.', '请清理设置文件夹所在磁盘的空间，或修正其权限。'),
  },
  PUSH_CUSTOM_NO_BASE: {
    message: t('The bundle has no plugin-server image to build on', '离线包中没有可作为基础的 plugin-server 镜像'),
    hint: t('Bundle one (leave out --no-plugin-server), or push without --plugin-server-image.', '请在制作离线包时包含它（不要使用 --no-plugin-server），或推送时不用 --plugin-server-image。'),
    uiHint: t('Bundle the Plugin Server image, or leave the custom Plugin Server image field empty.', '请在离线包中包含 Plugin Server 镜像，或清空自定义 Plugin Server 镜像一栏。'),
  },
  PUSH_CUSTOM_NO_PLUGINS: {
    message: t('The bundle has no plugins to add to a Plugin Server image', '离线包中没有可加入 Plugin Server 镜像的插件'),
    hint: t('Bundle plugins (catalog, --plugin or --wasm).', '请在离线包中加入插件（目录插件、--plugin 或 --wasm）。'),
    uiHint: t('Bundle plugins on the Build screen.', '请在“制作”页面加入插件。'),
  },
  PUSH_CUSTOM_IMAGE_REGISTRY: {
    message: t('The custom Plugin Server image {reference} must be on the target registry {registry}', '自定义 Plugin Server 镜像 {reference} 必须位于目标仓库 {registry}'),
  },
  PUSH_CUSTOM_IMAGE_TAG: {
    message: t('The custom Plugin Server image {reference} needs a tag (and no digest)', '自定义 Plugin Server 镜像 {reference} 需要标签（且不能带摘要）'),
  },
  PUSH_TARGETS_DIFFER: {
    message: t('{first} and {second} would both be pushed to {target} with different content', '{first} 和 {second} 内容不同，却会被推送到同一个 {target}'),
    hint: t('Bundle one of them under another repository, or push with --target-mode keep.', '请把其中一个放到其他仓库路径下，或使用 --target-mode keep 推送。'),
    uiHint: t('Bundle one of them under another repository, or choose “Keep paths” under “Repository paths”.', '请把其中一个放到其他仓库路径下，或在“仓库路径”中选择“保留路径”。'),
  },
  LOAD_NO_IMAGES: {
    message: t('The bundle holds no images to load', '离线包中没有可导入的镜像'),
  },
  DOCKER_TARGET_DIGEST: {
    message: t('Push target {target} names a digest', '推送目标 {target} 指定了摘要'),
    hint: t('Give a tag (registry/path:tag): the engine pushes tags.', '请给出标签（registry/path:tag）：引擎按标签推送。'),
  },
  DOCKER_HOST_INVALID: {
    message: t('DOCKER_HOST {host} is not a valid tcp:// address', 'DOCKER_HOST {host} 不是有效的 tcp:// 地址'),
  },
  DOCKER_HOST_UNSUPPORTED: {
    message: t('DOCKER_HOST {host} is not supported', '不支持 DOCKER_HOST {host}'),
    hint: t('Use unix://, npipe:// or tcp:// (for ssh://, forward the socket with ssh -L first).', '请使用 unix://、npipe:// 或 tcp://（ssh:// 需先用 ssh -L 转发套接字）。'),
  },
  // ── what a push did ──
  PUSH_FAILED: {
    message: t('{count} of {total} items were not pushed', '{total} 项中有 {count} 项未推送'),
    hint: t('Fix the cause shown for each, then run the same command again: finished items are not sent again.', '请按每项列出的原因处理，然后重新运行同一命令：已完成的项不会重复发送。'),
    uiHint: t('Fix the cause shown for each, then push again: finished items are not sent again.', '请按每项列出的原因处理，然后再次推送：已完成的项不会重复发送。'),
  },
  PUSH_TAG_CONFLICT: {
    message: t('{target} already holds other content ({existing}); it was left as it is', '{target} 已有其他内容（{existing}），已保持原样'),
    hint: t('To replace it, push again with --on-collision overwrite; or push to another project.', '如需替换，请加 --on-collision overwrite 重新推送，或推送到其他项目。'),
    uiHint: t('To replace it, choose “Overwrite it” under “When a tag already exists with other content” and push again; or push to another project.', '如需替换，请在“标签已存在且内容不同时”中选择“覆盖”后再次推送，或推送到其他项目。'),
  },
  PUSH_TAG_EXISTS: {
    message: t('{target} already exists ({existing}); stopped as asked', '{target} 已存在（{existing}），已按要求停止'),
    hint: t('Use --on-collision skip to leave identical tags alone, or --on-collision overwrite to replace them.', '使用 --on-collision skip 保留相同的标签，或使用 --on-collision overwrite 替换。'),
    uiHint: t('Choose “Skip it” to leave identical tags alone, or “Overwrite it” to replace them.', '选择“跳过”保留相同的标签，或选择“覆盖”替换它们。'),
  },
  PUSH_ITEM_FAILED: {
    message: t('{target} was not pushed: {reason}', '{target} 未推送：{reason}'),
  },
  PUSH_REPLACED: {
    message: t('{target} replaced: {old} → {new}', '{target} 已替换：{old} → {new}'),
  },
  PUSH_WOULD_REPLACE: {
    message: t('{target} would be replaced: {old} → {new}', '{target} 将被替换：{old} → {new}'),
  },
  PUSH_TARGETS_COLLIDE: {
    message: t('{first} and {second} would both be pushed to {target}', '{first} 和 {second} 会被推送到同一个 {target}'),
    hint: t('Give the custom Plugin Server image its own tag, e.g. 2.2.4-custom.', '请给自定义 Plugin Server 镜像另起一个标签，例如 2.2.4-custom。'),
  },
  PUSH_BLOBS: {
    message: t('{uploaded} blobs sent, {mounted} mounted, {skipped} present', '发送 {uploaded} 个数据块，挂载 {mounted} 个，已存在 {skipped} 个'),
    variants: { by: 'form', cases: { one: { message: t('{uploaded} blob sent, {mounted} mounted, {skipped} present', '发送 {uploaded} 个数据块，挂载 {mounted} 个，已存在 {skipped} 个') } } },
  },
  // ── the CLI's summary line ──
  PUSH_HEADLINE: {
    message: t('Pushed {bundle} (verified: {files} files) to {target}', '已将 {bundle}（已校验 {files} 个文件）推送到 {target}'),
    variants: {
      by: 'outcome',
      cases: {
        'dry-run': { message: t('Dry run: would push {bundle} (verified: {files} files) to {target}', '试运行：将把 {bundle}（已校验 {files} 个文件）推送到 {target}') },
        none: { message: t('Push failed: none of the {total} items of {bundle} (verified: {files} files) were pushed to {target}', '推送失败：{bundle}（已校验 {files} 个文件）的 {total} 项均未推送到 {target}') },
        incomplete: { message: t('Push incomplete: {failed} of the {total} items of {bundle} (verified: {files} files) were not pushed to {target}', '推送未完成：{bundle}（已校验 {files} 个文件）的 {total} 项中有 {failed} 项未推送到 {target}') },
      },
    },
  },
  PREFLIGHT_STEP: {
    message: t('check {step}', '检查 {step}'),
    variants: {
      by: 'step',
      cases: {
        reach: { message: t('check reach', '检查连通') },
        login: { message: t('check login', '检查登录') },
        project: { message: t('check project', '检查项目') },
        push: { message: t('check push right', '检查推送权限') },
      },
    },
  },
  PUSH_COLUMN: {
    message: t('{column}', '列：{column}'),
    variants: {
      by: 'column',
      cases: {
        status: { message: t('STATUS', '状态') },
        target: { message: t('TARGET', '目标') },
        digest: { message: t('DIGEST', '摘要') },
        note: { message: t('NOTE', '说明') },
      },
    },
  },
  PUSH_STATUS: {
    message: t('{status}', '状态：{status}'),
    variants: {
      by: 'status',
      cases: {
        pushed: { message: t('pushed', '已推送') },
        identical: { message: t('identical', '相同') },
        failed: { message: t('failed', '失败') },
        'would-push': { message: t('would push', '将推送') },
        'would-skip': { message: t('would skip', '将跳过') },
        conflict: { message: t('conflict', '冲突') },
      },
    },
  },
  PUSH_VIA_DOCKER: {
    message: t('{platform} only, through Docker', '仅 {platform}，经由 Docker'),
  },
  PUSH_DIGEST_BY_DOCKER: {
    message: t('(chosen by Docker)', '（由 Docker 决定）'),
  },
  // ── the Docker engine path ──
  PUSH_DOCKER_REWRITES: {
    message: t(
      'Through Docker, {target} gets {platform} of {source} only, as a new manifest: its digest will not be the bundle’s {bundleDigest}. The registry path keeps the bundle’s manifest and digest.',
      '通过 Docker 推送时，{target} 只会得到 {source} 的 {platform} 平台，且是新生成的清单：其摘要不会是离线包中的 {bundleDigest}。直接推送（仓库 API）会保留离线包的清单和摘要。',
    ),
    variants: {
      by: 'index',
      cases: {
        true: {
          message: t(
            'Through Docker, {target} gets {platform} of {source} only, as a single-platform manifest: the index and its other platforms ({others}) are not pushed, and the digest will not be the bundle’s {bundleDigest}. The registry path keeps the index and its digest.',
            '通过 Docker 推送时，{target} 只会得到 {source} 的 {platform} 平台，且是单平台清单：索引及其他平台（{others}）不会推送，摘要也不会是离线包中的 {bundleDigest}。直接推送（仓库 API）会保留索引及其摘要。',
          ),
        },
      },
    },
  },
  PUSH_DOCKER_RESULT: {
    message: t('The registry holds {digest} for {target} ({platform}, as Docker pushed it); the bundle’s digest is {bundleDigest}', '仓库中 {target} 的摘要为 {digest}（{platform}，由 Docker 推送）；离线包中的摘要为 {bundleDigest}'),
  },
  DOCKER_PUSH_UNVERIFIED: {
    message: t('Docker reported {target} pushed, but the registry does not have it', 'Docker 报告 {target} 已推送，但仓库中没有它'),
    hint: t('Check that the Docker engine pushes to the same registry (a mirror or proxy in daemon.json may redirect it).', '请确认 Docker 引擎推送到的是同一个仓库（daemon.json 中的镜像或代理可能会改变去向）。'),
  },
  DOCKER_NOT_BUNDLED_IMAGE: {
    message: t('After loading the bundle, Docker’s {source} is {found}, not the bundled image {expected}', '导入离线包后，Docker 中的 {source} 是 {found}，而不是离线包中的镜像 {expected}'),
    hint: t('Remove the other image from the engine (docker rmi) and push again.', '请从引擎中删除另一个镜像（docker rmi）后重新推送。'),
    uiHint: t('Remove the other image from the Docker engine and push again.', '请从 Docker 引擎中删除另一个镜像后再次推送。'),
  },
  DOCKER_IMAGE_NOT_LOADED: {
    message: t('Image {source} is not in the Docker engine', 'Docker 引擎中没有镜像 {source}'),
    hint: t('Load the bundle into Docker again, then push.', '请重新把离线包导入 Docker，然后推送。'),
  },
  DOCKER_TAG_FAILED: {
    message: t('Tagging {source} as {target} failed: {reason}', '将 {source} 打标签为 {target} 失败：{reason}'),
  },
  DOCKER_PUSH_FAILED: {
    message: t('Push of {target} failed: {reason}', '推送 {target} 失败：{reason}'),
    variants: {
      by: 'cause',
      cases: {
        unauthorized: {
          message: t('Push of {target} failed: {registry} refused the user name or password ({reason})', '推送 {target} 失败：{registry} 拒绝了用户名或密码（{reason}）'),
          hint: t('Check the user name and password and retry.', '请检查用户名和密码后重试。'),
        },
        'needs-login': {
          message: t('Push of {target} failed: {registry} needs credentials ({reason})', '推送 {target} 失败：{registry} 需要登录凭据（{reason}）'),
          hint: t('Give a user name and password (--username, --password-stdin) and retry.', '请提供用户名和密码（--username、--password-stdin）后重试。'),
          uiHint: t('Fill in the user name and password and push again.', '请填写用户名和密码后再次推送。'),
        },
        denied: {
          message: t('Push of {target} failed: the account may not push to this repository ({reason})', '推送 {target} 失败：该账号无权推送到此仓库（{reason}）'),
          hint: t('On Harbor, check that the project exists and that the account may push to it.', '在 Harbor 上，请确认项目存在且该账号有推送权限。'),
        },
        x509: {
          message: t('Push of {target} failed: the Docker engine does not trust the certificate of {registry} ({reason})', '推送 {target} 失败：Docker 引擎不信任 {registry} 的证书（{reason}）'),
          hint: t('Put the registry’s CA in /etc/docker/certs.d/{registry}/ca.crt on the engine’s host, or list the registry in insecure-registries in daemon.json.', '请把该仓库的 CA 证书放到引擎所在主机的 /etc/docker/certs.d/{registry}/ca.crt，或在 daemon.json 的 insecure-registries 中列出该仓库。'),
        },
        'plain-http': {
          message: t('Push of {target} failed: {registry} speaks plain HTTP ({reason})', '推送 {target} 失败：{registry} 使用明文 HTTP（{reason}）'),
          hint: t('List {registry} in insecure-registries in the Docker engine’s daemon.json.', '请在 Docker 引擎的 daemon.json 的 insecure-registries 中列出 {registry}。'),
        },
        unreachable: {
          message: t('Push of {target} failed: the Docker engine cannot reach {registry} ({reason})', '推送 {target} 失败：Docker 引擎无法连接 {registry}（{reason}）'),
          hint: t('Check the address, and that the registry is reachable from the engine’s host.', '请检查地址，并确认从引擎所在主机可以访问该仓库。'),
        },
      },
    },
  },
  DOCKER_UNREACHABLE: {
    message: t('No Docker engine answers at {endpoint}', '{endpoint} 上没有应答的 Docker 引擎'),
    hint: t('Start Docker, or set DOCKER_HOST to the engine you want.', '请启动 Docker，或把 DOCKER_HOST 设为要使用的引擎。'),
    uiHint: t('Start Docker on this computer, or push directly (registry API).', '请在本机启动 Docker，或改为直接推送（仓库 API）。'),
    variants: {
      by: 'cause',
      cases: {
        'no-socket': { message: t('No Docker engine answers at {endpoint}: the socket does not exist', '{endpoint} 上没有应答的 Docker 引擎：套接字不存在') },
        permission: {
          message: t('No Docker engine answers at {endpoint}: permission denied on the socket', '{endpoint} 上没有应答的 Docker 引擎：无权访问套接字'),
          hint: t('Add your user to the docker group, or run with the rights to use the socket.', '请把当前用户加入 docker 组，或以有权使用该套接字的身份运行。'),
        },
        refused: { message: t('No Docker engine answers at {endpoint}: connection refused', '{endpoint} 上没有应答的 Docker 引擎：连接被拒绝') },
        timeout: { message: t('The Docker engine at {endpoint} did not answer within {ms} ms', '{endpoint} 上的 Docker 引擎在 {ms} 毫秒内没有应答') },
      },
    },
  },
  DOCKER_ERROR: {
    message: t('The Docker engine failed: {reason}', 'Docker 引擎出错：{reason}'),
    hint: t('Check that the Docker engine is running and healthy, then retry.', '请确认 Docker 引擎正常运行后重试。'),
    variants: {
      by: 'kind',
      cases: {
        unreachable: { message: t('No Docker engine answers at {endpoint}: {reason}', '{endpoint} 上没有应答的 Docker 引擎：{reason}') },
        save: { message: t('The Docker engine could not save {image}: {reason}', 'Docker 引擎无法导出 {image}：{reason}') },
        'line-too-long': { message: t('The Docker engine sent a progress line longer than 1 MiB', 'Docker 引擎发来的进度行超过 1 MiB') },
        'line-unreadable': { message: t('The Docker engine sent an unreadable progress line: {line}', 'Docker 引擎发来的进度行无法解析：{line}') },
        'line-unexpected': { message: t('The Docker engine sent an unexpected progress line: {line}', 'Docker 引擎发来的进度行不符合预期：{line}') },
      },
    },
  },
  DOCKER_LOAD_FAILED: {
    message: t('The Docker engine could not load {archive}: {reason}', 'Docker 引擎无法导入 {archive}：{reason}'),
    hint: t('Check that it is a docker-archive (docker save, or a Higress Airgap bundle) and that it verified.', '请确认它是 docker-archive（docker save 的产物或 Higress Airgap 离线包），并且已通过校验。'),
  },
  // ── Load into Docker ──
  DOCKER_LOADED_TITLE: {
    message: t('Loaded into Docker:', '已导入 Docker：'),
  },
  DOCKER_LOADED: {
    message: t('{image} ({platform})', '{image}（平台 {platform}）'),
  },
  DOCKER_PLUGINS_NOT_LOADED: {
    message: t('The bundle’s {count} plugins are not loaded into Docker (Docker cannot hold Wasm plugins): push them to the registry.', '离线包中的 {count} 个插件不会导入 Docker（Docker 不能存放 Wasm 插件）：请把它们推送到镜像仓库。'),
    variants: { by: 'form', cases: { one: { message: t('The bundle’s plugin is not loaded into Docker (Docker cannot hold Wasm plugins): push it to the registry.', '离线包中的 1 个插件不会导入 Docker（Docker 不能存放 Wasm 插件）：请把它推送到镜像仓库。') } } },
  },
};
