// Facts about one Higress Console build (a commit of higress-group/higress-console): which env vars
// it reads, how it builds plugin image URLs, how it names/labels/finds WasmPlugin objects, and its
// built-in plugin list. Each behavioural conclusion is checked against the code at that commit; a
// check that no longer matches stops the generator (UPSTREAM_FACT_UNVERIFIED) instead of guessing.
import {
  expectCode,
  fail,
  hasCode,
  javaInnerClass,
  javaMethod,
  javaStringConstants,
  parseOciUrl,
  parseProperties,
  parseYaml,
} from './lib.mjs';

export const RESOURCES = 'backend/sdk/src/main/resources/plugins/';
const J = 'backend/sdk/src/main/java/com/alibaba/higress/sdk/';
export const JAVA = {
  config: `${J}model/wasmplugin/WasmPluginServiceConfig.java`,
  impl: `${J}service/WasmPluginServiceImpl.java`,
  instance: `${J}service/WasmPluginInstanceServiceImpl.java`,
  converter: `${J}service/kubernetes/KubernetesModelConverter.java`,
  client: `${J}service/kubernetes/KubernetesClientService.java`,
  util: `${J}service/kubernetes/KubernetesUtil.java`,
  imageUrl: `${J}service/kubernetes/ImageUrl.java`,
  constants: `${J}constant/KubernetesConstants.java`,
  higressConstants: `${J}constant/HigressConstants.java`,
  separators: `${J}constant/Separators.java`,
  phase: `${J}service/kubernetes/crd/wasm/PluginPhase.java`,
  pullPolicy: `${J}service/kubernetes/crd/wasm/ImagePullPolicy.java`,
  pluginInfo: `${J}model/wasmplugin/PluginInfo.java`,
};

/** The env vars the brief asks about, in a fixed order. */
export const WATCHED_ENV = [
  'HIGRESS_ADMIN_WASM_PLUGIN_CUSTOM_IMAGE_URL_PATTERN',
  'HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_REGISTRY',
  'HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_NAMESPACE',
  'HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_PULL_POLICY',
  'HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_PULL_SECRET',
];

/** Java enum entries `NAME("wire", n)` plus the extra lowercase aliases put into LOWERED_NAME_MAP. */
function enumTable(source) {
  const byConstant = {};
  for (const m of source.matchAll(/^\s*([A-Z_]+)\("([^"]+)",\s*\d+\)[,;]/gm)) byConstant[m[1]] = m[2];
  const lowered = {};
  for (const wire of Object.values(byConstant)) lowered[wire.toLowerCase()] = wire;
  for (const m of source.matchAll(/LOWERED_NAME_MAP\.put\("([^"]+)",\s*([A-Z_]+)\)/g)) lowered[m[1]] = byConstant[m[2]];
  return { byConstant, lowered };
}

export function extractConsoleBuild(console, commit) {
  const read = (key) => console.mustRead(commit, JAVA[key]);
  const p = (key, symbol) => console.prov(commit, JAVA[key], symbol);

  const config = read('config');
  const impl = read('impl');
  const instance = read('instance');
  const converter = read('converter');
  const client = read('client');
  const util = read('util');
  const imageUrlSrc = read('imageUrl');
  const constantsSrc = read('constants');
  const higressConstants = javaStringConstants(read('higressConstants'));
  const separators = javaStringConstants(read('separators'));
  const phaseSrc = read('phase');
  const pluginInfoSrc = read('pluginInfo');
  const implConst = javaStringConstants(impl);

  // --- env vars -------------------------------------------------------------------------------
  const cfgConst = javaStringConstants(config);
  const reads = {};
  for (const m of config.matchAll(/result\.(\w+)\s*=\s*EnvReadUtil\.loadCustomConfFromEnv\((\w+),\s*(\w+)\)/g)) {
    const [, field, propConst, envConst] = m;
    if (!(envConst in cfgConst) || !(propConst in cfgConst)) fail('UPSTREAM_FACT_UNVERIFIED', `unresolved constant in ${JAVA.config}`, { commit });
    reads[cfgConst[envConst]] = { field, property: cfgConst[propConst] };
  }
  if (!Object.keys(reads).length) fail('UPSTREAM_FACT_UNVERIFIED', `no env reads found in ${JAVA.config}`, { commit });
  const envVars = [...new Set([...WATCHED_ENV, ...Object.keys(reads)])].sort().map((name) => ({
    name,
    read: name in reads,
    property: reads[name]?.property ?? null,
    provenance: p('config', 'buildFromEnv'),
  }));

  // --- image URL ------------------------------------------------------------------------------
  const initialize = javaMethod(impl, 'public void initialize\\(\\)');
  const formatImageUrl = javaMethod(impl, 'private static String formatImageUrl\\(');
  expectCode(formatImageUrl, /\.replace\(NAME_PLACEHOLDER,\s*pluginInfo\.getName\(\)\)/, '${name} is replaced with PluginInfo.getName()', JAVA.impl);
  expectCode(formatImageUrl, /\.replace\(VERSION_PLACEHOLDER,\s*pluginInfo\.getVersion\(\)\)/, '${version} is replaced with PluginInfo.getVersion()', JAVA.impl);
  expectCode(initialize, /Yaml\.mapper\(\)\.readValue\(content,\s*Plugin\.class\)/, 'spec.yaml is read into Plugin (info = spec.yaml info)', JAVA.impl);
  const buildPluginImageUrl = javaMethod(impl, 'private static String buildPluginImageUrl\\(');
  let precedence;
  let registryNamespaceRewrite = null;
  if (buildPluginImageUrl) {
    expectCode(initialize, /cacheItem\.imageUrl\s*=\s*buildPluginImageUrl\(imageUrl,\s*customImageUrlPattern,\s*pluginImageRegistry,\s*pluginImageNamespace,\s*cacheItem\.plugin\.getInfo\(\)\)/, 'initialize builds the URL with buildPluginImageUrl', JAVA.impl);
    expectCode(buildPluginImageUrl, /isNotBlank\(customPattern\)[\s\S]*?return formatImageUrl\(customPattern,\s*pluginInfo\)[\s\S]*?isBlank\(registry\)\s*&&\s*StringUtils\.isBlank\(namespace\)[\s\S]*?return defaultUrl/, 'custom pattern first, then registry/namespace, else the properties URL', JAVA.impl);
    expectCode(buildPluginImageUrl, /startsWith\(OCI_PROTOCOL\)[\s\S]*?indexOf\('\/'\)[\s\S]*?indexOf\('\/',\s*firstSlash \+ 1\)[\s\S]*?OCI_PROTOCOL \+ targetRegistry \+ "\/" \+ targetNamespace \+ "\/" \+ pluginPath/, 'registry/namespace rewrite keeps what follows the second slash', JAVA.impl);
    precedence = ['customImageUrlPattern', 'imageRegistry/imageNamespace', 'plugins.properties'];
    registryNamespaceRewrite = {
      appliesTo: 'oci:// URLs with at least two "/" after the scheme; anything else is kept',
      result: 'oci://<registry or default>/<namespace or default>/<everything after the second "/">',
      defaultRegistry: implConst.DEFAULT_IMAGE_REGISTRY ?? fail('UPSTREAM_FACT_UNVERIFIED', 'DEFAULT_IMAGE_REGISTRY missing', { commit }),
      defaultNamespace: implConst.DEFAULT_IMAGE_NAMESPACE ?? fail('UPSTREAM_FACT_UNVERIFIED', 'DEFAULT_IMAGE_NAMESPACE missing', { commit }),
      provenance: p('impl', 'buildPluginImageUrl'),
    };
  } else {
    expectCode(initialize, /cacheItem\.imageUrl\s*=\s*StringUtils\.isBlank\(customImageUrlPattern\)\s*\?\s*imageUrl\s*:\s*formatImageUrl\(customImageUrlPattern,\s*cacheItem\.plugin\.getInfo\(\)\)/, 'custom pattern, else the properties URL', JAVA.impl);
    precedence = ['customImageUrlPattern', 'plugins.properties'];
  }
  expectCode(initialize, /cacheItem\.imagePullSecret\s*=\s*imagePullSecret;[\s\S]*?cacheItem\.imagePullPolicy\s*=\s*imagePullPolicy;/, 'pull secret/policy env values go to every built-in plugin', JAVA.impl);

  // --- built-in list --------------------------------------------------------------------------
  expectCode(initialize, /if \(StringUtils\.isEmpty\(imageUrl\)\)\s*\{\s*continue;/, 'an empty properties value skips the plugin', JAVA.impl);
  expectCode(initialize, /getResourceAsStream\(pluginFolder \+ SPEC_FILE\)\)\s*\{\s*if \(stream == null\)\s*\{[^}]*continue;/, 'a key without spec.yaml is skipped', JAVA.impl);

  // --- spec version default ---------------------------------------------------------------------
  const buildWasmPlugin = javaMethod(impl, 'public WasmPlugin buildWasmPlugin\\(String language\\)');
  expectCode(buildWasmPlugin, /wasmPlugin\.setPluginVersion\(info\.getVersion\(\)\)/, 'built-in pluginVersion = spec info.version', JAVA.impl);
  expectCode(pluginInfoSrc, /private String version;/, 'PluginInfo.version has no initializer', JAVA.pluginInfo);
  const addCustom = javaMethod(impl, 'public WasmPlugin addCustom\\(');
  const updateCustom = javaMethod(impl, 'public WasmPlugin updateCustom\\(');
  const usesOfDefault = (impl.match(/setPluginVersion\(DEFAULT_PLUGIN_VERSION\)/g) ?? []).length;
  const usesInCustom = (addCustom.match(/setPluginVersion\(DEFAULT_PLUGIN_VERSION\)/g) ?? []).length + (updateCustom.match(/setPluginVersion\(DEFAULT_PLUGIN_VERSION\)/g) ?? []).length;
  if (usesOfDefault !== usesInCustom || usesOfDefault === 0) fail('UPSTREAM_FACT_UNVERIFIED', 'DEFAULT_PLUGIN_VERSION is used outside addCustom/updateCustom', { commit });

  // --- phase / priority / category ---------------------------------------------------------------
  expectCode(buildWasmPlugin, /"default"\.equals\(spec\.getPhase\(\)\)\s*\?\s*PluginPhase\.UNSPECIFIED\.getName\(\)\s*:\s*spec\.getPhase\(\)/, 'spec phase "default" becomes UNSPECIFIED_PHASE', JAVA.impl);
  expectCode(buildWasmPlugin, /wasmPlugin\.setPriority\(spec\.getPriority\(\)\)/, 'priority = spec.priority', JAVA.impl);
  expectCode(buildWasmPlugin, /wasmPlugin\.setCategory\(info\.getCategory\(\)\)/, 'category = spec info.category', JAVA.impl);
  expectCode(buildWasmPlugin, /wasmPlugin\.setTitle\(info\.getTitle\(\)\)/, 'title = spec info.title when no language is asked', JAVA.impl);
  const toCr = javaMethod(converter, 'public V1alpha1WasmPlugin wasmPluginToCr\\(WasmPlugin plugin, Boolean internal\\)');
  expectCode(toCr, /PluginPhase\s+phase\s*=\s*PluginPhase\.fromName\(plugin\.getPhase\(\)\);\s*spec\.setPhase\(ObjectUtils\.firstNonNull\(phase,\s*PluginPhase\.UNSPECIFIED\)\.getName\(\)\)/, 'CR phase = PluginPhase.fromName, unknown → UNSPECIFIED', JAVA.converter);
  expectCode(toCr, /spec\.setPriority\(plugin\.getPriority\(\)\)/, 'CR priority = plugin priority', JAVA.converter);
  const phaseTable = enumTable(phaseSrc);
  expectCode(phaseSrc, /public static PluginPhase fromName\(String name\)\s*\{\s*if \(Strings\.isNullOrEmpty\(name\)\)\s*\{\s*return UNSPECIFIED;\s*\}\s*return LOWERED_NAME_MAP\.get\(name\.toLowerCase\(Locale\.ROOT\)\);/, 'fromName: empty → UNSPECIFIED, else case-insensitive lookup', JAVA.phase);
  const unspecified = phaseTable.byConstant.UNSPECIFIED ?? fail('UPSTREAM_FACT_UNVERIFIED', 'PluginPhase.UNSPECIFIED missing', { commit });
  const mapPhase = (specPhase) => {
    if (specPhase === undefined || specPhase === null || specPhase === '') return unspecified;
    const v = specPhase === 'default' ? unspecified : String(specPhase);
    return phaseTable.lowered[v.toLowerCase()] ?? unspecified;
  };

  // --- WasmPlugin object ------------------------------------------------------------------------
  const label = javaStringConstants(javaInnerClass(constantsSrc, 'Label') ?? fail('UPSTREAM_FACT_UNVERIFIED', 'KubernetesConstants.Label missing', { commit }));
  const annotation = javaStringConstants(javaInnerClass(constantsSrc, 'Annotation') ?? fail('UPSTREAM_FACT_UNVERIFIED', 'KubernetesConstants.Annotation missing', { commit }));
  const need = (table, key, where) => table[key] ?? fail('UPSTREAM_FACT_UNVERIFIED', `${where}.${key} missing`, { commit });
  expectCode(toCr, /metadata\.setName\(name \+ HigressConstants\.INTERNAL_RESOURCE_NAME_SUFFIX\)/, 'internal objects are named <name><suffix>', JAVA.converter);
  expectCode(toCr, /metadata\.setName\(name \+ Separators\.DASH \+ version\)/, 'objects are named <name>-<pluginVersion>', JAVA.converter);
  expectCode(toCr, /String name = plugin\.getName\(\), version = plugin\.getPluginVersion\(\);/, 'name/version are the plugin name and pluginVersion', JAVA.converter);
  for (const k of ['WASM_PLUGIN_NAME_KEY', 'WASM_PLUGIN_VERSION_KEY', 'WASM_PLUGIN_CATEGORY_KEY', 'WASM_PLUGIN_BUILT_IN_KEY']) {
    expectCode(toCr, new RegExp(`setLabel\\(metadata,\\s*KubernetesConstants\\.Label\\.${k},`), `wasmPluginToCr sets ${k}`, JAVA.converter);
  }
  for (const k of ['WASM_PLUGIN_TITLE_KEY', 'WASM_PLUGIN_DESCRIPTION_KEY', 'WASM_PLUGIN_ICON_KEY']) {
    expectCode(toCr, new RegExp(`setAnnotation\\(metadata,\\s*KubernetesConstants\\.Annotation\\.${k},`), `wasmPluginToCr sets ${k}`, JAVA.converter);
  }
  const renderDefaultMetadata = javaMethod(client, 'private void renderDefaultMetadata\\(KubernetesObject object\\)');
  expectCode(renderDefaultMetadata, /setLabel\(object,\s*Label\.RESOURCE_DEFINER_KEY,\s*Label\.RESOURCE_DEFINER_VALUE\)/, 'create/replace add resource-definer', JAVA.client);
  expectCode(renderDefaultMetadata, /isInternalResource\(object\)\)\s*\{\s*KubernetesUtil\.setLabel\(object,\s*Label\.INTERNAL_KEY,\s*Boolean\.toString\(true\)\);\s*KubernetesUtil\.setAnnotation\(object,\s*Annotation\.COMMENT_KEY,/, 'internal objects get the internal label and comment annotation', JAVA.client);
  expectCode(util, /isInternalResource\(KubernetesObject object\)\s*\{\s*String name = getObjectName\(object\);\s*return name != null && name\.endsWith\(HigressConstants\.INTERNAL_RESOURCE_NAME_SUFFIX\);/, 'internal = name ends with the suffix', JAVA.util);
  expectCode(client, /DEFAULT_LABEL_SELECTORS\s*=\s*buildLabelSelector\(KubernetesConstants\.Label\.RESOURCE_DEFINER_KEY,\s*Label\.RESOURCE_DEFINER_VALUE\)/, 'every list filters on resource-definer', JAVA.client);
  const listWasm = javaMethod(client, 'public List<V1alpha1WasmPlugin> listWasmPlugin\\(String name, String version, Boolean builtIn\\)');
  expectCode(listWasm, /WASM_PLUGIN_NAME_KEY, name[\s\S]*WASM_PLUGIN_VERSION_KEY, version[\s\S]*WASM_PLUGIN_BUILT_IN_KEY, String\.valueOf\(builtIn\)/, 'listWasmPlugin selects by name/version/built-in labels', JAVA.client);
  const setDefaults = javaMethod(converter, 'private static void setDefaultValues\\(V1alpha1WasmPluginSpec spec\\)');
  expectCode(setDefaults, /setFailStrategy\(FailStrategy\.FAIL_OPEN\.getName\(\)\)/, 'failStrategy FAIL_OPEN', JAVA.converter);
  expectCode(setDefaults, /getDefaultConfigDisable\(\) == null\)\s*\{\s*spec\.setDefaultConfigDisable\(true\)/, 'defaultConfigDisable defaults to true', JAVA.converter);
  const buildImageUrl = javaMethod(converter, 'private static String buildImageUrl\\(String imageRepository, String imageVersion\\)');
  expectCode(buildImageUrl, /if \(!imageRepository\.contains\(CommonKey\.PROTOCOL_KEYWORD\)\)\s*\{\s*builder\.append\(CommonKey\.OCI_PROTOCOL\)/, 'spec.url gets oci:// when the repository has no scheme', JAVA.converter);
  expectCode(buildImageUrl, /isNotBlank\(imageVersion\)\)\s*\{\s*builder\.append\(Separators\.COLON\)\.append\(imageVersion\)/, 'spec.url appends :<imageVersion> when set', JAVA.converter);
  expectCode(imageUrlSrc, /protocolIndex != -1 && !url\.startsWith\(CommonKey\.OCI_PROTOCOL\)\)\s*\{[^}]*return new ImageUrl\(url, null\)/, 'non-oci URLs keep no tag', JAVA.imageUrl);
  const writesSha = hasCode(converter, /setSha256\(/);

  const updateBuiltIn = javaMethod(impl, 'public WasmPlugin updateBuiltIn\\(WasmPlugin plugin\\)');
  expectCode(updateBuiltIn, /final String pluginVersion = cachedBuiltInPlugin\.getPlugin\(\)\.getInfo\(\)\.getVersion\(\);\s*existedCrs = kubernetesClientService\.listWasmPlugin\(name, pluginVersion, true\);/, 'updateBuiltIn lists by name + spec version + built-in=true', JAVA.impl);
  expectCode(updateBuiltIn, /existedCrs\.stream\(\)\.allMatch\(KubernetesUtil::isInternalResource\)[\s\S]*?createWasmPlugin\(cr\)/, 'updateBuiltIn creates <name>-<version> when only internal objects exist', JAVA.impl);
  const listMethod = javaMethod(impl, 'public PaginatedResult<WasmPlugin> list\\(WasmPluginPageQuery query\\)');
  expectCode(listMethod, /kubernetesClientService\.listWasmPlugin\(\);[\s\S]*?if \(plugin\.getBuiltIn\(\)\)[\s\S]*?p\.getName\(\)\.equals\(plugin\.getName\(\)\)/, 'list matches built-in objects to the built-in list by the name label', JAVA.impl);
  expectCode(javaMethod(converter, 'public WasmPlugin wasmPluginFromCr\\(V1alpha1WasmPlugin cr\\)'), /getString\(metadata\.getLabels\(\),\s*KubernetesConstants\.Label\.WASM_PLUGIN_NAME_KEY\)/, 'the plugin name is read back from the name label', JAVA.converter);
  const internalByNameOnly = hasCode(instance, /internal \? kubernetesClientService\.listWasmPlugin\(name\)\s*:\s*kubernetesClientService\.listWasmPlugin\(name, version\)/);
  if (!internalByNameOnly) expectCode(instance, /List<V1alpha1WasmPlugin> existedCrs = kubernetesClientService\.listWasmPlugin\(name, version\);/, 'instances look objects up by name + version', JAVA.instance);
  const refreshesInternal = hasCode(instance, /internal && Boolean\.TRUE\.equals\(plugin\.getBuiltIn\(\)\)\s*&& !plugin\.getPluginVersion\(\)\.equals\(existedVersion\)/);

  const wasmPluginObject = {
    namespace: { default: need(higressConstants, 'NS_DEFAULT', 'HigressConstants'), note: 'the Console controller namespace (HigressServiceConfig.controllerNamespace), default NS_DEFAULT', provenance: console.prov(commit, `${J}constant/HigressConstants.java`, 'NS_DEFAULT') },
    name: {
      rule: `<name>${need(separators, 'DASH', 'Separators')}<pluginVersion>`,
      nameIs: 'plugins.properties key',
      pluginVersionIs: 'spec.yaml info.version (built-in plugins); 1.0.0 only for custom plugins without a version',
      provenance: p('converter', 'wasmPluginToCr'),
    },
    internalName: { rule: `<name>${need(higressConstants, 'INTERNAL_RESOURCE_NAME_SUFFIX', 'HigressConstants')}`, suffix: higressConstants.INTERNAL_RESOURCE_NAME_SUFFIX, note: 'objects the Console creates for its own features (e.g. AI routes, MCP) when an instance is marked internal', provenance: p('converter', 'wasmPluginToCr') },
    labels: [
      { key: need(label, 'WASM_PLUGIN_NAME_KEY', 'Label'), constant: 'Label.WASM_PLUGIN_NAME_KEY', value: 'plugin name (plugins.properties key)', provenance: p('converter', 'wasmPluginToCr') },
      { key: need(label, 'WASM_PLUGIN_VERSION_KEY', 'Label'), constant: 'Label.WASM_PLUGIN_VERSION_KEY', value: 'pluginVersion (spec.yaml info.version)', provenance: p('converter', 'wasmPluginToCr') },
      { key: need(label, 'WASM_PLUGIN_CATEGORY_KEY', 'Label'), constant: 'Label.WASM_PLUGIN_CATEGORY_KEY', value: 'spec.yaml info.category, verbatim', provenance: p('converter', 'wasmPluginToCr') },
      { key: need(label, 'WASM_PLUGIN_BUILT_IN_KEY', 'Label'), constant: 'Label.WASM_PLUGIN_BUILT_IN_KEY', value: '"true" for built-in plugins, "false" for custom ones', provenance: p('converter', 'wasmPluginToCr') },
      { key: need(label, 'RESOURCE_DEFINER_KEY', 'Label'), constant: 'Label.RESOURCE_DEFINER_KEY', value: need(label, 'RESOURCE_DEFINER_VALUE', 'Label'), provenance: p('client', 'renderDefaultMetadata') },
      { key: need(label, 'INTERNAL_KEY', 'Label'), constant: 'Label.INTERNAL_KEY', value: '"true", only on internal objects', provenance: p('client', 'renderDefaultMetadata') },
    ],
    annotations: [
      { key: need(annotation, 'WASM_PLUGIN_TITLE_KEY', 'Annotation'), constant: 'Annotation.WASM_PLUGIN_TITLE_KEY', value: 'spec.yaml info.title', provenance: p('converter', 'wasmPluginToCr') },
      { key: need(annotation, 'WASM_PLUGIN_DESCRIPTION_KEY', 'Annotation'), constant: 'Annotation.WASM_PLUGIN_DESCRIPTION_KEY', value: 'spec.yaml info.description, when non-empty', provenance: p('converter', 'wasmPluginToCr') },
      { key: need(annotation, 'WASM_PLUGIN_ICON_KEY', 'Annotation'), constant: 'Annotation.WASM_PLUGIN_ICON_KEY', value: 'the bundled icon.png as a data: URL, else info.iconUrl, when non-empty', provenance: p('converter', 'wasmPluginToCr') },
      { key: need(annotation, 'COMMENT_KEY', 'Annotation'), constant: 'Annotation.COMMENT_KEY', value: 'HigressConstants.INTERNAL_RESOURCE_COMMENT, only on internal objects', provenance: p('client', 'renderDefaultMetadata') },
    ],
    spec: {
      url: 'oci:// + imageRepository (unless it already has a scheme) + :imageVersion (when set); an http(s) URL from a custom pattern is used as is with no tag',
      phase: 'PluginPhase.fromName(phase), unknown or empty → UNSPECIFIED_PHASE',
      priority: 'spec.yaml spec.priority',
      failStrategy: 'FAIL_OPEN',
      defaultConfigDisable: 'true unless set',
      imagePullPolicy: 'HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_PULL_POLICY mapped through ImagePullPolicy.fromName, unknown → UNSPECIFIED_POLICY',
      imagePullSecret: 'HIGRESS_ADMIN_WASM_PLUGIN_IMAGE_PULL_SECRET as given',
      sha256Written: writesSha,
      provenance: p('converter', 'wasmPluginToCr'),
    },
    lookup: {
      listSelector: `${label.RESOURCE_DEFINER_KEY}=${label.RESOURCE_DEFINER_VALUE} (always), plus the name/version/built-in labels asked for`,
      builtInUpdate: `list by labels ${label.WASM_PLUGIN_NAME_KEY}=<name>, ${label.WASM_PLUGIN_VERSION_KEY}=<spec version>, ${label.WASM_PLUGIN_BUILT_IN_KEY}=true (not get by object name); if none or only internal ones are found it creates <name>-<spec version> (defaultConfigDisable=true), then rewrites url/phase/priority/pull policy/secret of every object found`,
      listing: `lists all objects with the resource-definer label and matches built-in ones to the built-in list by the ${label.WASM_PLUGIN_NAME_KEY} label`,
      instances: internalByNameOnly
        ? `plugin instances: non-internal objects by name + version labels; internal objects by the name label only${refreshesInternal ? ', and an internal object of another version is rewritten to the current built-in spec' : ''}`
        : 'plugin instances: objects by the name + version labels (internal and non-internal alike)',
      provenance: [p('impl', 'updateBuiltIn'), p('impl', 'list'), p('client', 'listWasmPlugin'), p('instance', 'addOrUpdateAll')],
    },
  };

  const features = {
    envVars,
    imageUrl: {
      namePlaceholder: implConst.NAME_PLACEHOLDER ?? fail('UPSTREAM_FACT_UNVERIFIED', 'NAME_PLACEHOLDER missing', { commit }),
      versionPlaceholder: implConst.VERSION_PLACEHOLDER ?? fail('UPSTREAM_FACT_UNVERIFIED', 'VERSION_PLACEHOLDER missing', { commit }),
      nameSubstitutedWith: 'spec.yaml info.name',
      versionSubstitutedWith: 'spec.yaml info.version',
      substitution: 'literal String.replace of both placeholders, nothing else in the pattern is interpreted',
      precedence,
      registryNamespaceRewrite,
      pullSecretAndPolicy: 'the IMAGE_PULL_SECRET / IMAGE_PULL_POLICY values are copied to every built-in plugin',
      provenance: [p('impl', 'initialize'), p('impl', 'formatImageUrl'), ...(buildPluginImageUrl ? [p('impl', 'buildPluginImageUrl')] : [])],
    },
    builtInList: {
      rule: 'plugins.properties keys with a non-empty value and a plugins/<key>/spec.yaml resource; the rest are skipped',
      provenance: p('impl', 'initialize'),
    },
    specVersionDefault: {
      builtIn: null,
      custom: implConst.DEFAULT_PLUGIN_VERSION ?? fail('UPSTREAM_FACT_UNVERIFIED', 'DEFAULT_PLUGIN_VERSION missing', { commit }),
      note: 'built-in plugins take info.version as is (no default); DEFAULT_PLUGIN_VERSION is applied only to custom plugins in addCustom/updateCustom',
      provenance: [p('impl', 'buildWasmPlugin'), p('impl', 'addCustom'), console.prov(commit, JAVA.pluginInfo)],
    },
    phaseMapping: {
      specDefault: unspecified,
      table: phaseTable.lowered,
      unknown: unspecified,
      note: 'spec.yaml spec.phase is matched case-insensitively; "default", empty or unknown → UNSPECIFIED_PHASE',
      provenance: [p('impl', 'buildWasmPlugin'), p('phase', 'fromName'), p('converter', 'wasmPluginToCr')],
    },
    category: { source: 'spec.yaml info.category, written verbatim to the category label', provenance: [p('impl', 'buildWasmPlugin'), p('converter', 'wasmPluginToCr')] },
  };

  const plugins = extractPlugins(console, commit, mapPhase);
  return { features, wasmPluginObject, plugins };
}

function extractPlugins(console, commit, mapPhase) {
  const propsPath = `${RESOURCES}plugins.properties`;
  const entries = parseProperties(console.mustRead(commit, propsPath), propsPath);
  const files = new Set(console.list(commit, RESOURCES));
  const plugins = [];
  for (const { key, value } of entries) {
    if (!value) continue;
    const specPath = `${RESOURCES}${key}/spec.yaml`;
    if (!files.has(specPath)) continue;
    const spec = parseYaml(console.mustRead(commit, specPath));
    const info = spec?.info ?? {};
    const body = spec?.spec ?? {};
    const { repository, tag } = parseOciUrl(value);
    const specVersion = info.version === undefined || info.version === null ? null : String(info.version);
    plugins.push({
      name: key,
      specName: info.name === undefined ? null : String(info.name),
      specVersion,
      title: info.title === undefined ? null : String(info.title),
      category: info.category === undefined ? null : String(info.category),
      specPhase: body.phase === undefined ? null : String(body.phase),
      phase: mapPhase(body.phase),
      priority: Number.isInteger(body.priority) ? body.priority : null,
      imageUrl: value,
      repository,
      tag,
      provenance: { entry: console.prov(commit, propsPath), spec: console.prov(commit, specPath) },
    });
  }
  plugins.sort((a, b) => (a.name < b.name ? -1 : 1));
  return plugins;
}
