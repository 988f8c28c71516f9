import { getEventListeners } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IpcSession } from '../../shared/ipc/session';
import { TaskRegistry } from '../../shared/ipc/task-registry';
import { createHandlers } from '../../shared/services/handlers';
import { createEngine } from '../../shared/services/engine';
import { tempDir, type TempDir } from '../env/tools';

// A long app session runs many tasks; each one used to leave an abort listener on the session's
// signal (MaxListenersExceededWarning after 11 tasks).
let dir: TempDir;
const warnings: Error[] = [];
const onWarning = (w: Error) => void warnings.push(w);

beforeAll(async () => {
  dir = await tempDir('task-hygiene');
  process.on('warning', onWarning);
});
afterAll(async () => {
  process.off('warning', onWarning);
  await dir?.remove();
});

/** Warnings are emitted on a later tick: let them arrive. */
const settle = () => new Promise((r) => setImmediate(r));

describe('task listeners', () => {
  it('30 tasks: the parent signal is back to its baseline listener count, no warning', async () => {
    const parent = new AbortController();
    const tasks = new TaskRegistry();
    const baseline = getEventListeners(parent.signal, 'abort').length;
    for (let i = 0; i < 30; i++) {
      tasks.start(`t${i}`, parent.signal);
      expect(getEventListeners(parent.signal, 'abort').length).toBe(baseline + 1);
      tasks.finish(`t${i}`);
    }
    expect(getEventListeners(parent.signal, 'abort').length).toBe(baseline);
    await settle();
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });

  it('a running task still follows its parent (window closed), and cancelAll detaches', () => {
    const parent = new AbortController();
    const tasks = new TaskRegistry();
    const a = tasks.start('a', parent.signal);
    const b = tasks.start('b', parent.signal);
    tasks.finish('b');
    parent.abort();
    expect(a.signal.aborted).toBe(true);
    expect(b.signal.aborted).toBe(false);
    const other = new AbortController();
    tasks.start('c', other.signal);
    tasks.cancelAll();
    expect(getEventListeners(other.signal, 'abort')).toHaveLength(0);
  });

  it('30 real tasks through an IpcSession: no MaxListenersExceededWarning', async () => {
    const session = new IpcSession(createHandlers(createEngine({ env: { HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), HOME: dir.path } })), () => undefined);
    for (let i = 0; i < 30; i++) {
      const answer = await session.invoke('bundle:verify', { taskId: `verify-${i}`, path: join(dir.path, 'missing.tar') });
      expect(answer.ok).toBe(false);
    }
    expect(session.runningTasks).toBe(0);
    await settle();
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    session.close();
  });
});
