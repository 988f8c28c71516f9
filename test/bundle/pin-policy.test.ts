import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { byPin } from '../../shared/bundle/pin-policy';
import { isNotFound } from '../../shared/registry/errors';
import { RegistryStore } from '../../shared/store/registry-store';
import type { AppError } from '../../shared/errors';
import { connectTest } from '../env/engine';
import { startRegistryBehindProxy, type RegistryBehindProxy } from '../env/fault-proxy';
import { pluginFixture, pushManifestTree, type PluginFixture } from '../env/fixtures';
import { RawRegistryClient } from '../env/raw-registry';
import { failureOf } from '../env/tools';

/**
 * The release's pin policy (byPin). Its order is checked with fetches the test settles by hand;
 * what each fetch answers (a real "not found", a real server error) comes from a real registry
 * behind the fault proxy, which also shows which requests the policy made.
 */
let env: RegistryBehindProxy;
let store: RegistryStore;
let plugin: PluginFixture; // on the source by digest and by its tag 2.0.0
let notFound: AppError; // what the registry client throws for a manifest the source lacks
const REPO = 'plugins/key-auth';
const ABSENT = `sha256:${'a'.repeat(64)}`;

type Via = 'digest' | 'tag' | 'followed-tag';

/** A fetch whose answers the test gives: records each call (and its stop signal) as it is made. */
function handFetch() {
  const calls: Array<{ via: Via; stop: AbortSignal; resolve: (v: string) => void; reject: (e: unknown) => void }> = [];
  const fetch = (via: Via, stop: AbortSignal) =>
    new Promise<string>((resolve, reject) => {
      calls.push({ via, stop, resolve, reject });
    });
  const call = (via: Via) => {
    const c = calls.find((x) => x.via === via);
    if (!c) throw new Error(`${via} was not asked for`);
    return c;
  };
  return { fetch, calls, call };
}

/** Lets every pending callback run (the policy's awaits included). */
const settle = () => new Promise((r) => setImmediate(r));

/** Rejections nobody handled while `fn` ran (and a turn after it). */
async function unhandledDuring(fn: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const listener = (e: unknown) => seen.push(e);
  process.on('unhandledRejection', listener);
  try {
    await fn();
    await settle();
    await settle();
  } finally {
    process.off('unhandledRejection', listener);
  }
  return seen;
}

beforeAll(async () => {
  env = await startRegistryBehindProxy('pin-policy');
  plugin = await pluginFixture({ name: 'key-auth', layout: 'oci-compat', tag: '2.0.0' });
  await pushManifestTree(new RawRegistryClient(env.registry), REPO, '2.0.0', plugin.manifest);
  const client = await connectTest(env.dir.path, env.viaProxy);
  store = new RegistryStore(client, REPO);
  notFound = await failureOf(store.resolve(ABSENT));
}, 120_000);
afterAll(async () => {
  await env?.stop();
});

describe('byPin: order and outcomes', () => {
  it('the not-found used below is what the registry client throws for a missing pin', () => {
    expect(isNotFound(notFound)).toBe(true);
  });

  it('following tags asks for the pin and the tag at once; a missing pin takes the tag', async () => {
    const f = handFetch();
    const outcome = byPin('sha256:pin', true, f.fetch);
    await settle();
    // Both asked before either has answered: one round trip, not two, when the pin is missing.
    expect(f.calls.map((c) => c.via)).toEqual(['digest', 'followed-tag']);
    f.call('digest').reject(notFound);
    await settle();
    f.call('followed-tag').resolve('from the tag');
    await expect(outcome).resolves.toEqual({ via: 'followed-tag', value: 'from the tag' });
    expect(f.call('followed-tag').stop.aborted).toBe(false); // its answer was taken, not stopped
  });

  it('a missing pin takes the tag even when the tag answered first', async () => {
    const f = handFetch();
    const outcome = byPin('sha256:pin', true, f.fetch);
    await settle();
    f.call('followed-tag').resolve('early tag');
    await settle();
    f.call('digest').reject(notFound);
    await expect(outcome).resolves.toEqual({ via: 'followed-tag', value: 'early tag' });
  });

  it("a missing pin and a failing tag: the tag's error is the answer", async () => {
    const f = handFetch();
    const outcome = byPin('sha256:pin', true, f.fetch);
    await settle();
    const tagError = new Error('tag failed');
    f.call('followed-tag').reject(tagError);
    f.call('digest').reject(notFound);
    await expect(outcome).rejects.toBe(tagError);
  });

  it("a found pin wins while the tag is pending; the tag's later failure is dropped, unhandled by nobody, and its fetch told to stop", async () => {
    const f = handFetch();
    let result: unknown;
    const unhandled = await unhandledDuring(async () => {
      const outcome = byPin('sha256:pin', true, f.fetch);
      await settle();
      f.call('digest').resolve('the release build');
      result = await outcome;
      expect(f.call('followed-tag').stop.aborted).toBe(true);
      f.call('followed-tag').reject(new Error('tag failed after the pin answered'));
    });
    expect(result).toEqual({ via: 'digest', value: 'the release build' });
    expect(unhandled).toEqual([]);
  });

  it('a found pin wins over a tag that failed first', async () => {
    const f = handFetch();
    let result: unknown;
    const unhandled = await unhandledDuring(async () => {
      const outcome = byPin('sha256:pin', true, f.fetch);
      await settle();
      f.call('followed-tag').reject(notFound);
      await settle();
      f.call('digest').resolve('the release build');
      result = await outcome;
    });
    expect(result).toEqual({ via: 'digest', value: 'the release build' });
    expect(unhandled).toEqual([]);
  });

  it('any other failure of the pinned fetch is the answer, whatever the tag holds', async () => {
    const f = handFetch();
    const serverError = Object.assign(new Error('registry answered 500'), { code: 'REGISTRY_SERVER_ERROR' });
    const outcome = byPin('sha256:pin', true, f.fetch);
    await settle();
    f.call('followed-tag').resolve('from the tag');
    f.call('digest').reject(serverError);
    await expect(outcome).rejects.toBe(serverError);
    expect(f.call('followed-tag').stop.aborted).toBe(true);
  });

  it('without followTags the tag is never asked for: a missing pin is missing', async () => {
    const f = handFetch();
    const outcome = byPin('sha256:pin', false, f.fetch);
    await settle();
    expect(f.calls.map((c) => c.via)).toEqual(['digest']);
    f.call('digest').reject(notFound);
    await expect(outcome).resolves.toEqual({ via: 'missing' });
    expect(f.calls.map((c) => c.via)).toEqual(['digest']);
  });

  it('nothing pinned: the tag alone, followed or not', async () => {
    for (const followTags of [false, true]) {
      const f = handFetch();
      const outcome = byPin(undefined, followTags, f.fetch);
      await settle();
      expect(f.calls.map((c) => c.via)).toEqual(['tag']);
      f.call('tag').resolve('tagged');
      await expect(outcome).resolves.toEqual({ via: 'tag', value: 'tagged' });
    }
  });

  it('a fetch that throws instead of rejecting is still the answer, and leaves nothing unhandled', async () => {
    const boom = new Error('thrown synchronously');
    let result: unknown;
    const unhandled = await unhandledDuring(async () => {
      result = await byPin('sha256:pin', true, (via) => {
        if (via === 'followed-tag') throw boom;
        return Promise.resolve('the release build');
      });
    });
    expect(result).toEqual({ via: 'digest', value: 'the release build' });
    expect(unhandled).toEqual([]);
    await expect(byPin('sha256:pin', true, (via) => (via === 'digest' ? Promise.reject(notFound) : Promise.reject(boom)))).rejects.toBe(boom);
  });
});

describe('byPin against a registry', () => {
  const resolveBy = (pinned: string) => (via: Via) => store.resolve(via === 'digest' ? pinned : '2.0.0').then((m) => m.digest);
  const manifestGets = (ref: string) => env.proxy.log.filter((e) => e.method === 'GET' && e.path === `/v2/${REPO}/manifests/${ref}`);

  it('a pin the source has is the answer; following tags also asked for the tag (the one wasted request)', async () => {
    const before = manifestGets('2.0.0').length;
    const got = await byPin(plugin.manifest.digest, true, resolveBy(plugin.manifest.digest));
    expect(got).toEqual({ via: 'digest', value: plugin.manifest.digest });
    await vi.waitFor(() => expect(manifestGets('2.0.0').length).toBe(before + 1));
  });

  it('a pin the source lacks: the tag answers when following tags, else missing without asking for it', async () => {
    await expect(byPin(ABSENT, true, resolveBy(ABSENT))).resolves.toEqual({ via: 'followed-tag', value: plugin.manifest.digest });
    const before = manifestGets('2.0.0').length;
    await expect(byPin(ABSENT, false, resolveBy(ABSENT))).resolves.toEqual({ via: 'missing' });
    await settle();
    expect(manifestGets('2.0.0').length).toBe(before);
  });

  it('a pinned fetch the source fails (500) is the answer, though the tag is there', async () => {
    env.proxy.add({ method: 'GET', path: new RegExp(`/manifests/${plugin.manifest.digest}$`), fault: { kind: 'status', status: 500 }, times: Infinity });
    try {
      const e = await failureOf(byPin(plugin.manifest.digest, true, resolveBy(plugin.manifest.digest)));
      expect(isNotFound(e)).toBe(false);
      expect(e.details?.status).toBe(500);
    } finally {
      env.proxy.rules.length = 0;
    }
  });
});
