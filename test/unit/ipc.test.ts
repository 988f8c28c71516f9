import { describe, expect, it } from 'vitest';
import { AppError, UsageError } from '../../shared/errors';
import { channelNames } from '../../shared/ipc/contract';
import { dispatch, type HandlerContext, type HandlerMap } from '../../shared/ipc/dispatch';
import { decodeError, encodeError, unwrap } from '../../shared/ipc/envelope';
import { IpcSession } from '../../shared/ipc/session';

const ctx: HandlerContext = { signal: new AbortController().signal, emit: () => {} };

function handlers(overrides: Partial<Record<string, (args: never, ctx: HandlerContext) => Promise<unknown>>> = {}): HandlerMap {
  return {
    'system:check': async (args: { folder?: string }) => ({ appVersion: '9.9.9', platform: 'x', node: 'y', docker: { reachable: false, endpoint: String(args.folder) } }),
    ...overrides,
  } as unknown as HandlerMap;
}

describe('IPC envelope', () => {
  it('keeps code, hint and details of an AppError across encode/decode', () => {
    const shape = encodeError(new AppError('REGISTRY_UNAUTHORIZED', 'wrong password', { hint: 'log in again', details: { host: 'r.example' } }));
    // The shape must survive JSON (the ui bridge) as well as structured clone.
    const back = decodeError(JSON.parse(JSON.stringify(shape)));
    expect(back).toBeInstanceOf(AppError);
    expect(back.code).toBe('REGISTRY_UNAUTHORIZED');
    expect(back.message).toBe('wrong password');
    expect(back.hint).toBe('log in again');
    expect(back.details).toEqual({ host: 'r.example' });
  });

  it('turns bad input back into a UsageError', () => {
    expect(decodeError(encodeError(new UsageError('bad')))).toBeInstanceOf(UsageError);
  });

  it('reports plain errors as INTERNAL with their message', () => {
    expect(encodeError(new TypeError('boom'))).toMatchObject({ code: 'INTERNAL', message: 'boom', name: 'TypeError' });
  });
});

describe('dispatch', () => {
  it('validates payloads before any handler runs', async () => {
    let ran = false;
    const h = handlers({ 'system:check': async () => { ran = true; return {}; } });
    const env = await dispatch(h, 'system:check', { folder: 42 }, ctx);
    expect(env.ok).toBe(false);
    expect(!env.ok && env.error.code).toBe('IPC_PAYLOAD_INVALID');
    expect(!env.ok && env.error.message).toContain('folder');
    expect(ran).toBe(false);
  });

  it('refuses unknown keys (strict schemas) and unknown channels', async () => {
    const extra = await dispatch(handlers(), 'system:check', { folder: '/tmp', evil: true }, ctx);
    expect(extra.ok).toBe(false);
    const unknown = await dispatch(handlers(), 'fs:readFile', {}, ctx);
    expect(!unknown.ok && unknown.error.message).toMatch(/Unknown channel/);
    const proto = await dispatch(handlers(), '__proto__', {}, ctx);
    expect(proto.ok).toBe(false);
  });

  it('wraps results and errors in envelopes', async () => {
    const ok = await dispatch(handlers(), 'system:check', { folder: '/x' }, ctx);
    expect(unwrap(ok)).toMatchObject({ appVersion: '9.9.9', docker: { endpoint: '/x' } });
    const failing = handlers({ 'system:check': async () => { throw new AppError('DOCKER_UNREACHABLE', 'no engine'); } });
    const err = await dispatch(failing, 'system:check', {}, ctx);
    expect(() => unwrap(err)).toThrow('no engine');
  });

  it('lists every channel in the contract', () => {
    expect(channelNames).toContain('system:check');
    expect(channelNames).toContain('task:cancel');
  });
});

describe('IpcSession tasks', () => {
  it('cancels a running task by id and reports it as CANCELLED', async () => {
    let started!: () => void;
    const startedP = new Promise<void>((r) => (started = r));
    const h = handlers({
      'system:check': (_args, c) =>
        new Promise((_, reject) => {
          started();
          c.signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
        }),
    });
    const session = new IpcSession(h, () => {});
    // system:check has no taskId field; simulate a task channel by sending the id through the raw
    // payload path the session inspects, then check strict validation still refuses it.
    const refused = await session.invoke('system:check', { taskId: 'abc' });
    expect(refused.ok).toBe(false);
    expect(session.runningTasks).toBe(0);

    const running = session.invoke('system:check', {});
    await startedP;
    session.close();
    const env = await running;
    expect(!env.ok && env.error.code).toBe('CANCELLED');
  });

  it('task:cancel answers false for unknown ids and validates the id', async () => {
    const session = new IpcSession(handlers(), () => {});
    expect(unwrap(await session.invoke('task:cancel', { taskId: 'nope' }))).toEqual({ cancelled: false });
    const bad = await session.invoke('task:cancel', { taskId: '../etc' });
    expect(bad.ok).toBe(false);
  });
});
