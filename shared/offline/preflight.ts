import { AppError, messageOf } from '../errors';
import { notice } from '../messages/catalog';
import { formatTarget, type RetagTarget } from '../oci/retag';
import type { RegistryClient } from '../registry/client';
import { createHarborProject, detectHarbor, harborProjectExists } from '../registry/harbor';

export interface PreflightStep {
  readonly step: 'reach' | 'login' | 'project' | 'push';
  readonly ok: boolean;
  /** English; `code` and `details` render it in the reader's language (a passed step's code is a PREFLIGHT_* notice). */
  readonly message: string;
  readonly code?: string | undefined;
  readonly hint?: string | undefined;
  readonly details?: Readonly<Record<string, unknown>> | undefined;
}

export interface PreflightResult {
  readonly target: string;
  readonly ok: boolean;
  readonly auth?: 'none' | 'basic' | 'bearer' | undefined;
  readonly harbor?: { readonly version: string; readonly project: string; readonly exists: boolean; readonly created?: boolean } | undefined;
  readonly steps: readonly PreflightStep[];
}

/**
 * The connection test before a push, explaining each failure: the name does not resolve, the
 * connection is refused, the certificate is unknown (x509), the password is wrong (401) or lacks
 * rights (403), the Harbor project is missing (and, if asked, creates it). Ends by opening and
 * cancelling an upload, which proves the push right without writing anything.
 */
export async function preflight(client: RegistryClient, target: RetagTarget, options: { createProject?: boolean | undefined; signal?: AbortSignal | undefined } = {}): Promise<PreflightResult> {
  const steps: PreflightStep[] = [];
  const fail = (step: PreflightStep['step'], e: unknown): PreflightResult => {
    const err = e instanceof AppError ? e : undefined;
    steps.push({ step, ok: false, message: messageOf(e), code: err?.code, hint: err?.hint, details: err?.details });
    return { target: formatTarget(target), ok: false, steps, auth, harbor };
  };
  let auth: PreflightResult['auth'];
  let harbor: PreflightResult['harbor'];

  try {
    auth = (await client.ping(options.signal)).auth;
    steps.push(passed('reach', 'PREFLIGHT_REACH_OK', { host: client.host, auth }));
  } catch (e) {
    return fail('reach', e);
  }
  try {
    await client.checkLogin(options.signal);
    steps.push(passed('login', 'PREFLIGHT_LOGIN_OK', { login: auth === 'none' ? 'none' : client.hasCredentials ? 'credentials' : 'anonymous' }));
  } catch (e) {
    return fail('login', e);
  }
  const project = target.prefix.split('/')[0];
  const info = project ? await detectHarbor(client, options.signal) : undefined;
  if (info && project) {
    try {
      let exists = await harborProjectExists(client, project, options.signal);
      let created = false;
      if (!exists && options.createProject) {
        await createHarborProject(client, project, options.signal);
        exists = created = true;
      }
      harbor = { version: info.version, project, exists, ...(created ? { created } : {}) };
      if (!exists) {
        return fail('project', new AppError('HARBOR_PROJECT_MISSING', `Harbor ${info.version} at ${client.host} has no project "${project}"`, { hint: 'Create it in Harbor, or let this tool create it (--create-project / the "Create project" button) with an account allowed to.', details: { version: info.version, host: client.host, project } }));
      }
      steps.push(passed('project', 'PREFLIGHT_PROJECT_OK', { project, created }));
    } catch (e) {
      return fail('project', e);
    }
  }
  // Open an upload in a scratch repository under the target and cancel it: proves push rights.
  const repo = `${target.prefix ? `${target.prefix}/` : ''}higress-airgap-preflight`;
  try {
    await client.repository(repo).checkPushRight(options.signal);
    steps.push(passed('push', 'PREFLIGHT_PUSH_OK', { target: formatTarget(target) }));
  } catch (e) {
    return fail('push', e);
  }
  return { target: formatTarget(target), ok: true, auth, harbor, steps };
}

function passed(step: PreflightStep['step'], code: string, details: Record<string, unknown>): PreflightStep {
  const n = notice(code, details);
  return { step, ok: true, message: n.message, code, details };
}
