import { stringify } from 'yaml';
import { releaseParts, type ComposeFacts, type ReleaseParts } from '../../catalog/release-parts';
import { UsageError } from '../../errors';
import { notice, renderError, type Notice } from '../../messages/catalog';
import { formatReference, parseReference } from '../../oci/reference';
import { bundledImages, envValue, privateRef, bundleKey, type TargetInput, type TargetOutput } from './common';

/**
 * The docker-compose target (higress-standalone): two files laid over the standalone's own
 * `compose/` folder, which the operator already has (the target never copies upstream files):
 *
 * - `compose/.env.airgap` — lines to append to the standalone's `.env` (the last definition of a
 *   variable wins): every image variable set to its private copy, `COMPOSE_PROFILES` with the
 *   `plugin-server` profile, `WASM_PLUGIN_URL_PATTERN` and `MCP_SERVER_WASM_URL` at the compose
 *   Plugin Server service.
 * - `compose/docker-compose.override.yml` — read by compose next to `docker-compose.yml`: the image
 *   of every service whose image names a fixed registry (the console, and before 2.2.4 every
 *   service), and the two plugin URLs set directly on the services that read them. The latter
 *   because docker-compose 1.x expands `${name}` even inside single quotes in `.env`, which would
 *   empty the Console's pattern; in a compose file `$${name}` is a literal `${name}` in every version.
 */
export const ENV_FILE = 'compose/.env.airgap';
export const OVERRIDE_FILE = 'compose/docker-compose.override.yml';

function refuse(code: string, details: Record<string, unknown>): UsageError {
  const r = renderError({ code, message: code, details }, 'en', 'cli');
  return new UsageError(r.message, { code, hint: r.hint, details });
}

/** Escapes `$` for a compose file (interpolation would otherwise eat `${name}`). */
function composeLiteral(v: string): string {
  return v.replace(/\$/g, '$$$$');
}

/** The URL with its scheme, host and port replaced by the compose Plugin Server service. */
function atService(url: string, service: string, port: number): string {
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '');
  return `http://${service}:${port}${path}`;
}

export function composeTarget(input: TargetInput, parts: ReleaseParts = releaseParts(input.release)): TargetOutput {
  const compose: ComposeFacts | null = parts.compose;
  const ps = compose?.pluginServer;
  if (!compose || !ps) throw refuse('TARGET_NO_COMPOSE_DATA', { release: input.release });
  const notices: Notice[] = [];
  const bundled = bundledImages(input.images);
  const images: Array<{ source: string; ref: string; bundled: boolean }> = [];
  const envLines: string[] = [];
  const overrideServices: Record<string, { image?: string; environment?: Record<string, string> }> = {};
  const custom = input.customPlugins.length > 0;
  // Named as given (its digest is the registry's), but checked and normalised like any reference.
  const customImage = input.pluginServerImage ? formatReference(parseReference(input.pluginServerImage)) : undefined;
  if (custom && customImage) notices.push(notice('TARGET_CUSTOM_PLUGIN_SERVER', { count: input.customPlugins.length, image: customImage }));
  if (custom && !customImage) notices.push(notice('TARGET_CUSTOM_PLUGINS_NEED_IMAGE', { count: input.customPlugins.length }));

  for (const svc of compose.services) {
    let ref: string;
    let source = svc.ref;
    if (svc.name === ps.service && custom && customImage) {
      ref = customImage;
      source = customImage;
      images.push({ source, ref, bundled: true });
    } else {
      const b = bundled.get(bundleKey(svc.ref));
      if (!b) {
        notices.push(notice('TARGET_IMAGE_NOT_IN_BUNDLE', { service: svc.name, image: svc.ref }));
        images.push({ source, ref: svc.ref, bundled: false });
        continue;
      }
      ref = privateRef(svc.ref, input, b);
      images.push({ source, ref, bundled: true });
    }
    if (svc.imageVariable) envLines.push(`${svc.imageVariable}=${envValue(ref)}`);
    else overrideServices[svc.name] = { image: ref };
  }

  const profiles = [...new Set([...ps.defaultProfiles, ps.profile])];
  notices.push(notice('TARGET_COMPOSE_PROFILES', { profiles: profiles.join(',') }));
  const pattern = `http://${ps.service}:${ps.port}/plugins/\${name}/\${version}/plugin.wasm`;
  const mcp = ps.mcpServerUrl ? atService(ps.mcpServerUrl, ps.service, ps.port) : null;
  envLines.push(`COMPOSE_PROFILES=${envValue(profiles.join(','))}`);
  envLines.push(`${ps.urlPatternVariable}=${envValue(pattern)}`);
  if (mcp) envLines.push(`${ps.mcpServerVariable}=${envValue(mcp)}`);

  // The services that read the two URL variables get the value directly (see the note above).
  for (const svc of compose.services) {
    for (const e of svc.environment) {
      const value = e.value.includes(ps.urlPatternVariable) ? pattern : e.value.includes(ps.mcpServerVariable) ? mcp : undefined;
      if (!value) continue;
      const o = (overrideServices[svc.name] ??= {});
      (o.environment ??= {})[e.name] = composeLiteral(value);
    }
  }

  const header = [
    `# Higress ${input.release} (higress-standalone docker-compose) from the private registry ${input.target.registry}${input.target.prefix ? `/${input.target.prefix}` : ''}.`,
    '# Generated by Higress Airgap. Append these lines to compose/.env of higress-standalone',
    '# (the last definition of a variable wins):  cat .env.airgap >> .env',
  ];
  const env = `${[...header, ...envLines].join('\n')}\n`;
  const doc: Record<string, unknown> = {};
  if (compose.fileVersion) doc.version = compose.fileVersion;
  doc.services = Object.fromEntries(Object.entries(overrideServices).sort(([a], [b]) => (a < b ? -1 : 1)));
  const override = `# Higress ${input.release}: images the compose file names with a fixed registry, and the Plugin Server URLs.\n# Generated by Higress Airgap; docker-compose reads it next to docker-compose.yml.\n${stringify(doc, { lineWidth: 0 })}`;
  return {
    target: 'compose',
    files: [
      { path: ENV_FILE, content: env, description: 'lines to append to compose/.env: private image variables, the plugin-server profile, the Plugin Server URLs' },
      { path: OVERRIDE_FILE, content: override, description: 'compose override: private images for services that name a registry, the Plugin Server URLs on the console and controller' },
    ],
    copies: [],
    notices,
    images,
  };
}
