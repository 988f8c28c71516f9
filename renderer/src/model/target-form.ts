import type { RetagMode, RetagTarget } from '../../../shared/oci/retag';
import { parseTarget } from '../../../shared/oci/retag';
import { emptyConnection, toConnection, type ConnectionForm } from './connection';

/** The private registry the bundle goes to, as the operator types it. */
export interface TargetForm {
  readonly registry: string;
  readonly targetMode: RetagMode;
  readonly connection: ConnectionForm;
}

export const initialTargetForm: TargetForm = { registry: '', targetMode: 'keep', connection: emptyConnection };

/** The parsed target, or the engine's explanation of what is wrong with it. */
export function parsedTarget(form: TargetForm): { target?: RetagTarget; error?: unknown } {
  if (!form.registry.trim()) return {};
  try {
    return { target: parseTarget(form.registry, form.targetMode) };
  } catch (error) {
    return { error };
  }
}

/** The fields every offline channel takes about the target. */
export function targetArgs(form: TargetForm) {
  const connection = toConnection(form.connection);
  return { registry: form.registry.trim(), targetMode: form.targetMode, ...(connection ? { connection } : {}) };
}
