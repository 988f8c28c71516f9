/**
 * Deployment output (Kubernetes YAML, Helm values, Console and gateway settings). Pure: imported by
 * the CLI and by the renderer for the live preview. See docs/deployment.md.
 */
export { generateDeployment } from './generate';
export { DEFAULT_HELM_CHART, DEFAULT_NAMESPACE, DEFAULT_REPLICAS, DEFAULT_RESOURCES } from './options';
export { FILES, GENERATED_PATHS, TARGET_FILES, isDeployPath } from './paths';
export { DEPLOY_TARGETS, generateForTarget, type DeployTarget, type OutputCopy, type OutputFile, type TargetDeployment, type TargetOptions } from './targets/output';
export { expandUrlPattern, pluginServerUrlPattern, NAME_PLACEHOLDER, VERSION_PLACEHOLDER } from './plugin-urls';
export { PASSWORD_PLACEHOLDER, USERNAME_PLACEHOLDER } from './secret';
export { validateObject, wasmPluginProblems, wasmPluginSchema, type WasmPlugin } from './validate';
export type * from './types';
