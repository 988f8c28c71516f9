import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { DeployContext } from './options';
import { shellQuote } from './shell';

export const USERNAME_PLACEHOLDER = '<USERNAME>';
export const PASSWORD_PLACEHOLDER = '<PASSWORD>';

/** Base64 of the UTF-8 bytes (btoa alone only takes Latin-1); works in Node and the renderer. */
function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The docker-registry pull Secret, in the namespace of the WasmPlugins and the Plugin Server (the
 * gateway only reads secrets there). A template with placeholders unless the caller asked for a
 * filled one; then the credentials are base64 in `data`, never plain in `stringData`.
 */
export function pullSecret(ctx: DeployContext, name: string): ISecret {
  const metadata = { name, namespace: ctx.namespace };
  const registry = ctx.target.registry;
  if (!ctx.credentials) {
    const config = { auths: { [registry]: { username: USERNAME_PLACEHOLDER, password: PASSWORD_PLACEHOLDER } } };
    return { apiVersion: 'v1', kind: 'Secret', metadata, type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': JSON.stringify(config) } };
  }
  const { username, password } = ctx.credentials;
  const config = { auths: { [registry]: { username, password, auth: base64(`${username}:${password}`) } } };
  return { apiVersion: 'v1', kind: 'Secret', metadata, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': base64(JSON.stringify(config)) } };
}

/** The same Secret by command; always with placeholders, so no password lands in shell history. */
export function pullSecretCommand(ctx: DeployContext, name: string): string {
  return [
    'kubectl',
    '-n',
    ctx.namespace,
    'create',
    'secret',
    'docker-registry',
    name,
    `--docker-server=${ctx.target.registry}`,
    shellQuote(`--docker-username=${USERNAME_PLACEHOLDER}`),
    shellQuote(`--docker-password=${PASSWORD_PLACEHOLDER}`),
  ].join(' ');
}
