import type { ISecret } from 'kubernetes-models/v1/Secret';
import { Document } from 'yaml';
import { envPatch } from './console-env';
import { FILES, patchPath } from './paths';
import type { DeployContext } from './options';
import { readme } from './readme';
import type { DeployFile, KubeObject, WorkloadEnv } from './types';

/**
 * YAML as Kubernetes tools read it: YAML 1.1 rules (so `on`, `yes`, `0755` stay quoted strings
 * for Go parsers), no line folding, keys in the order the objects were built.
 */
export function toYaml(value: unknown, comment?: string): string {
  const doc = new Document(value, { version: '1.1' });
  if (comment) doc.commentBefore = comment;
  return doc.toString({ lineWidth: 0 });
}

function multiDocument(docs: readonly string[]): string {
  return docs.join('---\n');
}

export interface RenderParts {
  readonly ctx: DeployContext;
  readonly secret: ISecret | undefined;
  readonly pluginServer: readonly KubeObject[];
  readonly wasmPlugins: readonly KubeObject[];
  readonly env: readonly WorkloadEnv[];
  readonly helmValues: Record<string, unknown>;
  readonly helmCommands: readonly string[];
  readonly setEnvCommands: readonly string[];
  /** `kubectl create secret …` with placeholders, when a Secret is named. */
  readonly secretCommand: string | undefined;
  readonly pluginServerImage: string | undefined;
}

function secretComment(ctx: DeployContext): string {
  return ctx.credentials
    ? ' Holds the registry password (base64): keep this file out of version control.'
    : ` Template: replace <USERNAME> and <PASSWORD> (or create it with the command in ${FILES.setEnv}) before applying.`;
}

function script(lines: readonly string[]): string {
  return ['#!/bin/sh', 'set -eu', ...lines, ''].join('\n');
}

/** The multi-document file and the folder (numbered manifests, patches, Helm, commands, README). */
export function renderFiles(parts: RenderParts): { combined: string; files: DeployFile[] } {
  const { ctx } = parts;
  const secretDoc = parts.secret ? toYaml(parts.secret, secretComment(ctx)) : undefined;
  const serverDocs = parts.pluginServer.map((o) => toYaml(o));
  const wasmDocs = parts.wasmPlugins.map((o) => toYaml(o));
  const combined = multiDocument([...(secretDoc ? [secretDoc] : []), ...serverDocs, ...wasmDocs]);

  const files: DeployFile[] = [];
  const add = (path: string, content: string, description: string) => files.push({ path, content, description });
  add(FILES.all, combined, 'every object below in one file, in apply order');
  if (secretDoc) add(FILES.secret, secretDoc, `pull Secret "${parts.secret?.metadata?.name}" for ${ctx.target.registry}`);
  if (serverDocs.length) add(FILES.pluginServer, multiDocument(serverDocs), `Plugin Server Deployment and Service (${parts.pluginServerImage})`);
  if (wasmDocs.length) add(FILES.wasmPlugins, multiDocument(wasmDocs), `${wasmDocs.length} WasmPlugin objects`);
  for (const w of parts.env) {
    const how = ` kubectl -n ${ctx.namespace} patch deployment ${w.deployment} --patch-file ${patchPath(w)}`;
    add(patchPath(w), toYaml(envPatch(w), how), `environment of ${w.deployment} (${w.env.map((e) => e.name).join(', ')})`);
  }
  const secretHint = parts.secretCommand ? ['# The pull Secret without a file (replace the placeholders):', `# ${parts.secretCommand}`] : [];
  add(FILES.setEnv, script([...parts.setEnvCommands, ...secretHint]), 'the Higress settings as kubectl set env commands');
  add(FILES.helmValues, toYaml(parts.helmValues, ` helm upgrade values for Higress ${ctx.release.release} (umbrella chart), mode ${ctx.mode}`), 'Helm values for the higress chart');
  const [withFile, withSet] = parts.helmCommands;
  add(FILES.helmUpgrade, script(['cd "$(dirname "$0")/.."', withFile ?? '', '# The same without the values file:', ...(withSet ?? '').split('\n').map((l) => `# ${l}`)]), 'helm upgrade with the values');
  add(FILES.readme, readme({ ...parts, files }), 'what each file is for and the apply order');
  return { combined, files };
}
