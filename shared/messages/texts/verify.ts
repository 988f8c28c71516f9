import { t, type MessageEntry } from '../types';

/**
 * Verify reports: what a damaged or foreign file is, what it belongs to and what to do next. Every
 * code a verify report, a bundle's cross-checks or the location of its volumes can carry is here,
 * with the parameters its `details` give. Renderers use the English text the engine wrote (it
 * names more) and these templates for Chinese.
 */
export const VERIFY_MESSAGES: Readonly<Record<string, MessageEntry>> = {
  // ── the verdict: one sentence and the next step ──
  VERIFY_REPORT_OK: {
    message: t('{bundle}: OK — all {files} files intact, {size} read', '{bundle}：完好 — {files} 个文件全部无误，共读取 {size}'),
  },
  VERIFY_REPORT_BAD: {
    message: t('{bundle}: FAILED — {count} problems ({bad} of {files} files damaged, missing or unexpected)', '{bundle}：校验未通过 — {count} 处问题（{files} 个文件中有 {bad} 个损坏、缺失或多余）'),
    variants: { by: 'count', cases: { '1': { message: t('{bundle}: FAILED — 1 problem ({bad} of {files} files damaged, missing or unexpected)', '{bundle}：校验未通过 — 1 处问题（{files} 个文件中有 {bad} 个损坏、缺失或多余）') } } },
  },
  NOT_A_BUNDLE: {
    message: t('{bundle} is not a Higress Airgap bundle', '{bundle} 不是 Higress 离线传输的离线包'),
    hint: t('Choose the .tar file that higress-airgap bundle wrote (or its first volume, .000); this file cannot be verified or pushed.', '请选择 higress-airgap bundle 生成的 .tar 文件（或其第一个分卷 .000）；此文件无法校验，也无法推送。'),
    uiHint: t('Choose the .tar file the Build screen wrote (or its first volume, .000); this file cannot be verified or pushed.', '请选择“制作”界面生成的 .tar 文件（或其第一个分卷 .000）；此文件无法校验，也无法推送。'),
    variants: {
      by: 'kind',
      cases: {
        empty: { message: t('{bundle} is empty (0 bytes): it is not a Higress Airgap bundle', '{bundle} 是空文件（0 字节），不是 Higress 离线传输的离线包') },
        zip: { message: t('{bundle} is a ZIP archive, not a Higress Airgap bundle (a bundle is a tar file)', '{bundle} 是 ZIP 压缩包，不是 Higress 离线传输的离线包（离线包是 tar 文件）') },
        gzip: { message: t('{bundle} is a gzip-compressed file, not a Higress Airgap bundle (a bundle is an uncompressed tar file)', '{bundle} 是 gzip 压缩文件，不是 Higress 离线传输的离线包（离线包是未压缩的 tar 文件）') },
        tar: { message: t('{bundle} is a tar archive, but not a Higress Airgap bundle (it holds {entry}, which no bundle holds)', '{bundle} 是 tar 归档，但不是 Higress 离线传输的离线包（其中的 {entry} 不属于任何离线包）') },
        'tar-without-bundle-json': { message: t('{bundle} is a tar archive, but not a Higress Airgap bundle (it has no bundle.json)', '{bundle} 是 tar 归档，但不是 Higress 离线传输的离线包（其中没有 bundle.json）') },
        other: { message: t('{bundle} is not a tar archive, so it is not a Higress Airgap bundle', '{bundle} 不是 tar 归档，因此不是 Higress 离线传输的离线包') },
      },
    },
  },
  VERIFY_TRUNCATED: {
    message: t('{bundle} failed verification: it is truncated — cut short after {size} bytes, in the middle of {entry}', '{bundle} 校验未通过：文件不完整 — 在 {size} 字节处被截断，中断于 {entry}'),
    hint: t('The copy stopped before the end (a full disk, or a USB stick removed too early). Copy the bundle again from the source and compare its size there.', '拷贝在结束前中断了（磁盘已满，或 U 盘过早拔出）。请从来源重新拷贝该离线包，并与来源处的大小核对。'),
    variants: {
      by: 'where',
      cases: {
        end: { message: t('{bundle} failed verification: it is truncated — cut short after {size} bytes (its end-of-archive marker is missing)', '{bundle} 校验未通过：文件不完整 — 在 {size} 字节处被截断（缺少归档结束标记）') },
      },
    },
  },
  VERIFY_DAMAGED: {
    message: t('{bundle} failed verification; problems found: {count} (listed above)', '{bundle} 校验未通过：共 {count} 处问题（见上方列表）'),
    hint: t('Copy the bundle again from the source (its .md5 and .sha256 files too); nothing can be pushed or loaded from this copy.', '请从来源重新拷贝该离线包（连同其 .md5 和 .sha256 文件）；此副本无法推送，也无法导入 Docker。'),
    variants: {
      by: 'layout',
      cases: {
        split: {
          message: t('{bundle} failed verification; problems found: {count} (listed above)', '{bundle} 校验未通过：共 {count} 处问题（见上方列表）'),
          hint: t('Copy the volumes named above again from the source (with their .md5 and .sha256 files); nothing can be pushed or loaded from this copy.', '请从来源重新拷贝上面列出的分卷（连同其 .md5 和 .sha256 文件）；此副本无法推送，也无法导入 Docker。'),
        },
      },
    },
  },
  // ── what a damaged file belongs to ──
  OWNER_PLUGIN_FILE: {
    message: t('plugin {plugin} {version}, {file}', '插件 {plugin} {version} 的 {file}'),
  },
  OWNER_PLUGIN_PART: {
    message: t('plugin {plugin} {version}, {part}', '插件 {plugin} {version} 的 {part}'),
    variants: {
      by: 'part',
      cases: {
        manifest: { message: t('plugin {plugin} {version}, its manifest', '插件 {plugin} {version} 的清单（manifest）') },
        config: { message: t('plugin {plugin} {version}, its config', '插件 {plugin} {version} 的配置（config）') },
        layer: { message: t('plugin {plugin} {version}, layer {layer} of {layers}', '插件 {plugin} {version} 的第 {layer} 层（共 {layers} 层）') },
      },
    },
  },
  OWNER_IMAGE_PART: {
    message: t('image {image}, {part}', '镜像 {image} 的 {part}'),
    variants: {
      by: 'part',
      cases: {
        index: { message: t('image {image}, its index (all platforms)', '镜像 {image} 的索引（所有平台）') },
        manifest: { message: t('image {image}, its manifest', '镜像 {image} 的清单（manifest）') },
        config: { message: t('image {image}, its config', '镜像 {image} 的配置（config）') },
        layer: { message: t('image {image}, layer {layer} of {layers}', '镜像 {image} 的第 {layer} 层（共 {layers} 层）') },
      },
    },
  },
  OWNER_BUNDLE_FILE: {
    message: t("the bundle's own {file}", '离线包自身的 {file}'),
  },
  // ── files against bundle.json ──
  FILE_CONTENT_MISMATCH: {
    message: t('{path}: its {algorithm} is {actual}, but bundle.json records {expected}', '{path}：其 {algorithm} 为 {actual}，但 bundle.json 记录的是 {expected}'),
  },
  FILE_SIZE_MISMATCH: {
    message: t('{path} is {size} bytes, but bundle.json says {expected}', '{path} 为 {size} 字节，但 bundle.json 记录的是 {expected} 字节'),
  },
  FILE_MISSING: {
    message: t('{path} is listed in bundle.json but missing from the bundle', '{path} 列在 bundle.json 中，但离线包里没有该文件'),
  },
  FILE_UNLISTED: {
    message: t('{path} is in the bundle but not listed in bundle.json', '{path} 在离线包中，但未列在 bundle.json 里'),
  },
  FILE_LISTED_TWICE: {
    message: t('bundle.json lists {path} twice', 'bundle.json 重复列出了 {path}'),
  },
  FILE_LISTED_WRONGLY: {
    message: t('bundle.json lists {path}, which it cannot describe', 'bundle.json 列出了 {path}，但它无法描述该文件'),
  },
  BLOB_DIGEST_MISMATCH: {
    message: t('{path}: its content does not match its digest (it is {actual})', '{path}：内容与其摘要不符（实际为 {actual}）'),
  },
  // ── volumes ──
  VOLUME_SWAPPED: {
    message: t('volume {volume} holds what should be {holds}: the volumes were swapped or renamed', '分卷 {volume} 中是本应属于 {holds} 的内容：分卷被调换或改名了'),
  },
  VOLUME_REPLACED: {
    message: t('volume {volume} matches no volume of this bundle: it is damaged, or another file took its name', '分卷 {volume} 与本离线包的任何分卷都不符：它已损坏，或被其他文件顶替了名字'),
    variants: {
      by: 'layout',
      cases: {
        single: { message: t('{volume} does not match its .sha256 file: the bundle is damaged (or the .sha256 file belongs to another copy)', '{volume} 与其 .sha256 文件不符：离线包已损坏（或 .sha256 文件属于另一份副本）') },
      },
    },
  },
  SIDECAR_MISMATCH: {
    message: t('volume {volume} matches the volume list but not its own .md5/.sha256 files (those are damaged or belong to another file)', '分卷 {volume} 与分卷清单一致，但与其自身的 .md5/.sha256 文件不符（这些文件已损坏或属于其他文件）'),
  },
  SIDECAR_FOREIGN: {
    message: t('the .md5/.sha256 files beside {volume} describe {describes}, not {volume}', '{volume} 旁边的 .md5/.sha256 文件描述的是 {describes}，而不是 {volume}'),
  },
  VOLUME_OK: {
    message: t('volume {volume}: ok', '分卷 {volume}：完好'),
  },
  VOLUME_UNCHECKED: {
    message: t('volume {volume} was not read: an earlier problem stopped the pass', '分卷 {volume} 未被读取：之前的问题中止了校验'),
  },
  VOLUME_NO_SIDECAR: {
    message: t('{volume} has no .sha256 or .md5 file beside it to compare with', '{volume} 旁边没有可供比对的 .sha256 或 .md5 文件'),
  },
  VOLUMES_MISMATCH: {
    message: t('The volumes together do not match the volume list (their order or content differs)', '各分卷合起来与分卷清单不符（顺序或内容不同）'),
  },
  VOLUME_MISSING: {
    message: t('Missing volumes: {missing}', '缺少分卷：{missing}'),
    hint: t('Copy the missing volumes next to {first} and try again.', '请把缺少的分卷拷贝到 {first} 旁边后重试。'),
  },
  VOLUME_UNEXPECTED: {
    message: t('Volumes not in {list}: {extra}', '不在 {list} 中的分卷：{extra}'),
    hint: t('Remove stray volumes from an older bundle of the same name.', '请移除同名旧离线包遗留的分卷。'),
  },
  VOLUME_DAMAGED: {
    message: t('Volumes of the wrong size: {names}', '分卷大小不对：{names}'),
    hint: t('A volume was cut short, or volumes were renamed or swapped; give each its original name, or copy them again.', '有分卷被截断，或分卷被改名、调换；请恢复原来的文件名，或重新拷贝。'),
  },
  BAD_VOLUME_LIST: {
    message: t('{file} is damaged: {reason}', '{file} 已损坏：{reason}'),
    hint: t('Copy the volume list again from the source (it is written last, beside the volumes).', '请从来源重新拷贝分卷清单（它最后写入，与分卷放在一起）。'),
  },
  VOLUME_LIST_RENAMED: {
    message: t('{file} describes the volumes of {bundle}, not of this bundle', '{file} 描述的是 {bundle} 的分卷，而不是本离线包的'),
    hint: t('Give the volumes and the list their original names.', '请恢复分卷及分卷清单原来的文件名。'),
  },
  VOLUME_LIST_TOO_LARGE: {
    message: t('{file} is {size} bytes, more than the {limit} allowed for a volume list', '{file} 为 {size} 字节，超过分卷清单允许的 {limit} 字节'),
    hint: t('This is not a volume list written by Higress Airgap; copy the original again, or remove it.', '这不是 Higress 离线传输写出的分卷清单；请重新拷贝原文件，或将其删除。'),
  },
  SIDECAR_TOO_LARGE: {
    message: t('{file} is {size} bytes, more than the {limit} allowed for a sidecar file', '{file} 为 {size} 字节，超过校验文件允许的 {limit} 字节'),
    hint: t('This is not a .md5/.sha256 file written by Higress Airgap; copy the original again, or remove it.', '这不是 Higress 离线传输写出的 .md5/.sha256 文件；请重新拷贝原文件，或将其删除。'),
  },
  NOT_A_FILE: {
    message: t('{file} is not a regular file', '{file} 不是普通文件'),
  },
  // ── reading the archive ──
  TRUNCATED: {
    message: t('{bundle} ends early, at byte {at}: it is truncated', '{bundle} 在第 {at} 字节处提前结束：文件被截断'),
    hint: t('Copy it again from the source; a volume may be missing or cut short.', '请从来源重新拷贝；可能缺少分卷或分卷被截断。'),
  },
  TAR_DAMAGED: {
    message: t('{bundle}: the tar structure is damaged at byte {at}', '{bundle}：tar 结构在第 {at} 字节处损坏'),
    hint: t('Copy the bundle again from the source.', '请从来源重新拷贝该离线包。'),
  },
  UNSAFE_ARCHIVE: {
    message: t('{bundle} holds something no bundle may hold (an unsafe or malformed tar entry)', '{bundle} 含有离线包不允许的内容（不安全或格式错误的 tar 条目）'),
    hint: t('Do not use this file: it is damaged or was not written by Higress Airgap.', '请勿使用此文件：它已损坏，或不是 Higress 离线传输写出的。'),
  },
  BUNDLE_ENTRY_UNEXPECTED: {
    message: t('The archive holds {entry}, which has no place in a bundle', '归档中的 {entry} 不属于离线包的结构'),
    hint: t('Do not use this file: it is damaged or was not written by Higress Airgap.', '请勿使用此文件：它已损坏，或不是 Higress 离线传输写出的。'),
  },
  BAD_BUNDLE: {
    message: t('bundle.json of {bundle} is unusable', '{bundle} 的 bundle.json 无法使用'),
    hint: t('Do not use this bundle; copy it again from the source.', '请勿使用该离线包，请从来源重新拷贝。'),
    variants: {
      by: 'reason',
      cases: {
        missing: { message: t('bundle.json is missing: this is not a complete Higress Airgap bundle', '缺少 bundle.json：这不是完整的 Higress 离线传输的离线包') },
        'not valid JSON': { message: t('bundle.json of {bundle} is not valid JSON', '{bundle} 的 bundle.json 不是有效的 JSON') },
        'too large': { message: t('bundle.json of {bundle} is {size} bytes, more than the {limit} allowed', '{bundle} 的 bundle.json 为 {size} 字节，超过允许的 {limit} 字节') },
        'newer format': {
          message: t('{bundle} was written by a newer Higress Airgap (bundle format {version}); this one reads formats up to {supported}', '{bundle} 由更新版本的 Higress 离线传输写出（离线包格式 {version}）；当前版本最高只能读取格式 {supported}'),
          hint: t('Use the Higress Airgap version that wrote the bundle (or a newer one) on this machine; the bundle itself is not damaged.', '请在本机使用写出该离线包的 Higress 离线传输版本（或更新版本）；离线包本身并未损坏。'),
        },
      },
    },
  },
  READ_FAILED: {
    message: t('{bundle} could not be read to the end: {reason}', '{bundle} 无法读取到末尾：{reason}'),
    hint: t('Check the disk or USB stick, then copy the bundle again.', '请检查磁盘或 U 盘，然后重新拷贝该离线包。'),
  },
  HASH_READ_FAILED: {
    message: t('The bundle could not be read again for its checksums: {reason}', '为计算校验值再次读取离线包时失败：{reason}'),
    hint: t('The bundle changed or was removed while it was verified; verify it again.', '校验期间离线包被修改或移除；请重新校验。'),
  },
  HASH_WORKER_FAILED: {
    message: t('The hashing thread failed: {reason}', '计算校验值的线程出错：{reason}'),
    hint: t('Verify again; if it happens again, report it with this message.', '请重新校验；如仍出现，请附上此信息报告问题。'),
  },
  HASH_WORKER_CLOSED: {
    message: t('The hashing thread was stopped before it answered', '计算校验值的线程在答复前被停止'),
  },
  MORE_ISSUES: {
    message: t('… and {count} more problems', '……另有 {count} 处问题'),
  },
  // ── the bundle's parts against each other (cross-checks) ──
  DOCUMENT_MISSING: {
    message: t('{file} is missing: this is not a complete Higress Airgap bundle', '缺少 {file}：这不是完整的 Higress 离线传输的离线包'),
  },
  DOCUMENT_TOO_LARGE: {
    message: t('{file} is {size} bytes, more than the {limit} allowed', '{file} 为 {size} 字节，超过允许的 {limit} 字节'),
  },
  DOCUMENT_INVALID: {
    message: t('{file} is malformed ({reason})', '{file} 格式错误（{reason}）'),
  },
  TOO_MANY_DESCRIPTORS: {
    message: t('The manifests of this bundle list more than {limit} descriptors', '本离线包的清单列出了超过 {limit} 个描述符'),
  },
  BLOB_MISSING: {
    message: t('{from} references {digest}, which is not in the bundle', '{from} 引用了 {digest}，但离线包里没有它'),
  },
  BLOB_SIZE_MISMATCH: {
    message: t('{from} gives {digest} a size of {size} bytes, but the blob is {actual} bytes', '{from} 记录 {digest} 为 {size} 字节，但该 blob 实际为 {actual} 字节'),
  },
  BLOB_UNREFERENCED: {
    message: t('{path} is not referenced by index.json or any manifest', '{path} 未被 index.json 或任何清单引用'),
  },
  MANIFEST_MEDIA_TYPE_UNSUPPORTED: {
    message: t('{from} lists {digest} as {mediaType}, which is not an image manifest or index', '{from} 把 {digest} 列为 {mediaType}，这不是镜像清单或索引'),
  },
  MANIFEST_TOO_LARGE: {
    message: t('Manifest {digest} is {size} bytes, more than the {limit} allowed', '清单 {digest} 为 {size} 字节，超过允许的 {limit} 字节'),
  },
  MANIFEST_DIGEST_MISMATCH: {
    message: t('Manifest {digest} does not match its digest (its content is {actual})', '清单 {digest} 与其摘要不符（实际内容为 {actual}）'),
  },
  MANIFEST_INVALID: {
    message: t('{digest} (listed by {from}) is malformed: {reason}', '{digest}（由 {from} 列出）格式错误：{reason}'),
  },
  INDEX_TOO_DEEP: {
    message: t('Index {digest} nests indexes more than {limit} deep', '索引 {digest} 的嵌套超过 {limit} 层'),
  },
  MEDIA_TYPE_MISMATCH: {
    message: t('{from} lists {digest} as {descriptor}, but the document says it is {document}', '{from} 把 {digest} 列为 {descriptor}，但文档自身声明为 {document}'),
  },
  INDEX_ENTRY_UNNAMED: {
    message: t('index.json entry {position} ({digest}) has no name annotation', 'index.json 的第 {position} 项（{digest}）没有名称注解'),
  },
  INDEX_NAME_CONFLICT: {
    message: t('index.json entry {ref} is named {containerdName} for containerd', 'index.json 中的 {ref} 在 containerd 注解中被命名为 {containerdName}'),
  },
  INDEX_REF_DUPLICATE: {
    message: t('index.json names {ref} more than once, with different manifests', 'index.json 多次列出 {ref}，且指向不同的清单'),
  },
  IMAGE_DUPLICATE: {
    message: t('bundle.json lists image {source} twice', 'bundle.json 重复列出了镜像 {source}'),
  },
  IMAGE_ROLE_DUPLICATE: {
    message: t('bundle.json lists more than one {role} image', 'bundle.json 列出了多个 {role} 镜像'),
  },
  PLUGIN_DUPLICATE: {
    message: t('bundle.json lists plugin {plugin} twice', 'bundle.json 重复列出了插件 {plugin}'),
  },
  REFERENCE_DUPLICATE: {
    message: t('bundle.json uses {ref} for both {first} and {second}', 'bundle.json 把 {ref} 同时用于 {first} 和 {second}'),
  },
  INDEX_ENTRY_UNDECLARED: {
    message: t('index.json names {ref} ({digest}), which bundle.json does not list', 'index.json 列出了 {ref}（{digest}），但 bundle.json 中没有'),
  },
  INDEX_ENTRY_MISSING: {
    message: t('index.json does not name {kind} {name} ({ref})', 'index.json 中没有 {kind} {name}（{ref}）'),
  },
  INDEX_DIGEST_MISMATCH: {
    message: t('index.json names {kind} {ref} as {index}, but bundle.json says {bundle}', 'index.json 中 {kind} {ref} 的摘要为 {index}，但 bundle.json 记录的是 {bundle}'),
  },
  INDEX_MEDIA_TYPE_MISMATCH: {
    message: t('index.json lists {kind} {ref} as {index}, but bundle.json says {bundle}', 'index.json 把 {kind} {ref} 列为 {index}，但 bundle.json 记录的是 {bundle}'),
  },
  IMAGE_MANIFEST_MISMATCH: {
    message: t('bundle.json image {source}: {platform} manifest {digest} {reason}', 'bundle.json 中的镜像 {source}：{platform} 清单 {digest} 与记录不符（{reason}）'),
  },
  IMAGE_PLATFORMS_MISMATCH: {
    message: t('bundle.json image {source} lists other platforms than its manifests are for', 'bundle.json 中镜像 {source} 列出的平台与其清单实际的平台不一致'),
  },
  IMAGE_SIZE_MISMATCH: {
    message: t('bundle.json gives image {source} a size of {size} bytes, but its configs and layers add up to {expected}', 'bundle.json 记录镜像 {source} 为 {size} 字节，但其配置与各层合计为 {expected} 字节'),
  },
  PLUGIN_NOT_A_MANIFEST: {
    message: t('Plugin {plugin} ({digest}) is an index, not a manifest', '插件 {plugin}（{digest}）是索引，而不是清单'),
  },
  PLUGIN_VERSION_DUPLICATE: {
    message: t('bundle.json lists version {version} of plugin {plugin} twice', 'bundle.json 重复列出了插件 {plugin} 的版本 {version}'),
  },
  TREE_FILE_MISSING: {
    message: t('{path} is missing: bundle.json serves plugin {plugin} as version {version}', '缺少 {path}：bundle.json 声明插件 {plugin} 以版本 {version} 提供'),
  },
  TREE_WASM_SIZE_MISMATCH: {
    message: t("{path} is {size} bytes, but bundle.json says plugin {plugin}'s module is {expected}", '{path} 为 {size} 字节，但 bundle.json 记录插件 {plugin} 的模块为 {expected} 字节'),
  },
  TREE_WASM_MISMATCH: {
    message: t("bundle.json lists {path} with {field} {listed}, but plugin {plugin}'s module has {expected}", 'bundle.json 记录 {path} 的 {field} 为 {listed}，但插件 {plugin} 的模块为 {expected}'),
  },
  TREE_METADATA_INVALID: {
    message: t('{path} is not usable', '{path} 无法使用'),
  },
  TREE_METADATA_MISMATCH: {
    message: t('{path} says {field} {value}, but bundle.json says {expected}', '{path} 中的 {field} 为 {value}，但 bundle.json 记录的是 {expected}'),
  },
  TREE_ENTRY_UNDECLARED: {
    message: t('{path} is in the Plugin Server tree, but no plugin version of bundle.json serves it', '{path} 位于 Plugin Server 目录中，但 bundle.json 中没有任何插件版本使用它'),
  },
  SUMS_LINE_DAMAGED: {
    message: t('{file} has a damaged line', '{file} 中有一行已损坏'),
  },
  SUMS_DUPLICATE: {
    message: t('{file} lists {path} twice', '{file} 重复列出了 {path}'),
  },
  SUMS_EXTRA: {
    message: t('{file} lists {path}, which the bundle does not hold', '{file} 列出了 {path}，但离线包中没有它'),
  },
  SUMS_MISMATCH: {
    message: t('{file}: {path} does not match ({file} says {listed}, expected {expected})', '{file}：{path} 不符（{file} 记录为 {listed}，应为 {expected}）'),
  },
  SUMS_INCOMPLETE: {
    message: t('{file} does not list {path}', '{file} 中没有列出 {path}'),
  },
  DOCKER_MANIFEST_INVALID: {
    message: t('manifest.json is malformed: {reason}', 'manifest.json 格式错误：{reason}'),
  },
  DOCKER_PATH_OUTSIDE_BLOBS: {
    message: t('manifest.json entry {entry} has a {field} that is not a blob of the bundle', 'manifest.json 第 {entry} 项的 {field} 不是离线包中的 blob'),
  },
  DOCKER_BLOB_MISSING: {
    message: t('manifest.json entry {entry} has {field} {path}, which is not in the bundle', 'manifest.json 第 {entry} 项的 {field} 为 {path}，但离线包里没有它'),
  },
  DOCKER_ENTRY_UNTAGGED: {
    message: t('manifest.json entry {entry} has no RepoTags', 'manifest.json 第 {entry} 项没有 RepoTags'),
  },
  DOCKER_TAG_DUPLICATE: {
    message: t('manifest.json tags {tag} in more than one entry', 'manifest.json 在多个条目中使用了标签 {tag}'),
  },
  DOCKER_TAG_UNDECLARED: {
    message: t('manifest.json entry {entry} tags {tag}, which is not an image of bundle.json (docker load would retag a local image)', 'manifest.json 第 {entry} 项使用标签 {tag}，但它不是 bundle.json 中的镜像（docker load 会给本地镜像改标签）'),
  },
  DOCKER_ENTRY_MISMATCH: {
    message: t('manifest.json entry {entry} ({tag}) loads {config}, which is not the config and layers of any platform of that image', 'manifest.json 第 {entry} 项（{tag}）会导入 {config}，它不是该镜像任何平台的配置和层'),
  },
  DOCKER_IMAGE_MISSING: {
    message: t('manifest.json does not list image {source} (docker load would not load it)', 'manifest.json 中没有镜像 {source}（docker load 不会导入它）'),
  },
};
