import { AppError } from '../errors';
import { isNotFound } from '../registry/errors';

/** How an item the release pins was reached, or that the source lacks the pinned build. */
export type PinOutcome<T> =
  | { readonly via: 'digest' | 'tag' | 'followed-tag'; readonly value: T }
  | { readonly via: 'missing' };

/**
 * The release's pin policy, one place for the bundle (plugins and the release's images) and the
 * Build screen's probe: the pinned digest first (the release's exact bytes, whatever the tag holds
 * today); a source without it → the tag only when the operator follows tags, else `missing` (the
 * caller refuses with `pinNotOnSource`, saying what the tag holds). Nothing pinned → the tag. Only
 * a "not found" counts as missing: any other failure of the pinned fetch is the answer.
 *
 * When the operator follows tags, the tag is asked for alongside the pin rather than after it: one
 * round trip less when the source lacks the pin, one wasted request when it has it (then `stop`,
 * the fetch's second argument, is aborted and the tag's answer or error dropped). Without
 * followTags the tag is never asked for here.
 */
export async function byPin<T>(
  pinned: string | undefined,
  followTags: boolean | undefined,
  fetch: (via: 'digest' | 'tag' | 'followed-tag', stop: AbortSignal) => Promise<T>,
): Promise<PinOutcome<T>> {
  const never = new AbortController().signal;
  if (!pinned) return { via: 'tag', value: await fetch('tag', never) };
  const digest = started(() => fetch('digest', never));
  const tagStop = new AbortController();
  const tag = followTags ? started(() => fetch('followed-tag', tagStop.signal)) : undefined;
  // Handled now: when the pin answers, the tag's failure is nobody's (no unhandled rejection).
  tag?.catch(() => undefined);
  let pinAnswered = true;
  try {
    return { via: 'digest', value: await digest };
  } catch (e) {
    if (!isNotFound(e)) throw e;
    pinAnswered = false;
    if (tag) return { via: 'followed-tag', value: await tag };
    return { via: 'missing' };
  } finally {
    // The tag's answer is not wanted (its fetch may still be under way).
    if (tag && pinAnswered) tagStop.abort();
  }
}

/** `fn()` as a promise, a synchronous throw included (so a started fetch is never left unawaited). */
function started<T>(fn: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve) => resolve(fn()));
}

export interface PinNotOnSource {
  /** `image` for one of the release's images; a plugin otherwise. */
  readonly kind?: 'image' | undefined;
  readonly plugin?: string | undefined;
  readonly image?: string | undefined;
  readonly source: string;
  readonly release: string;
  readonly repository: string;
  readonly tag: string | undefined;
  readonly digest: string;
  /** What the tag holds on the source (undefined: not known). */
  readonly tagDigest?: string | undefined;
  /** The source lacks the tag too: following tags cannot help (a wrong source or repository). */
  readonly tagMissing?: boolean | undefined;
  /** `observed`: the pin is a later record of what the tag held, not the release's lock file. */
  readonly status?: 'locked' | 'observed' | undefined;
}

/** The refusal of a source that lacks the release's pinned build (PIN_NOT_ON_SOURCE), for every caller of `byPin`. */
export function pinNotOnSource(d: PinNotOnSource): AppError {
  const holds = d.tagDigest ? `; its tag ${d.tag ?? ''} holds ${d.tagDigest}` : d.tagMissing ? `, nor the tag ${d.tag ?? ''}` : '';
  const which = d.status === 'observed' ? `the build pinned for Higress ${d.release} (recorded after the release)` : `the Higress ${d.release} build`;
  const what = d.kind === 'image' ? `${d.source} does not have` : `Plugin ${d.plugin ?? ''}: ${d.source} does not have`;
  return new AppError('PIN_NOT_ON_SOURCE', `${what} ${which} ${d.repository}@${d.digest}${holds}`, {
    hint: d.tagMissing
      ? 'Check the source registry and the repository name; the official registry and its mirrors hold every release build.'
      : 'Bundle from a source that has the release build, or follow tags (--follow-tags) to take what the tag holds now.',
    details: {
      ...(d.kind === 'image' ? { kind: 'image', image: d.image ?? '' } : { plugin: d.plugin ?? '', ...(d.tagMissing ? { kind: 'no-tag' } : {}) }),
      source: d.source,
      release: d.release,
      repository: d.repository,
      ...(d.tag ? { tag: d.tag } : {}),
      digest: d.digest,
      ...(d.tagDigest ? { tagDigest: d.tagDigest } : {}),
    },
  });
}
