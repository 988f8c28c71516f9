import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium } from '../env/chromium';
import { tempDir, type TempDir } from '../env/tools';
import { isolatedUiEnv, startUiCommand } from '../env/ui';
import { openApp, type Lang, type OpenedApp } from './helpers';

/** What a file's set-up gets while the session starts: its folder, and a way to have things stopped at the end. */
export interface SessionSetup {
  /** The session's own folder (the ui's settings and Docker config live in it too). */
  readonly dir: string;
  /** Stops this service when the file ends, after the ui and Chromium; returns it. */
  stopAtEnd<T extends { stop(): Promise<unknown> }>(service: T): T;
}

/** One `higress-airgap ui` of its own and one Chromium, shared by the tests of one file. */
export interface AppSession {
  readonly dir: string;
  /** A path inside the session's folder. */
  path(...parts: string[]): string;
  /** A fresh browser context and page on the app: own storage, own screen state; closed after the test at the latest. */
  open(lang: Lang): Promise<OpenedApp>;
}

export interface AppSessionOptions {
  /**
   * Starts what the file needs besides the ui (registries, dockerd, fixtures), while Chromium
   * starts; returns extra environment for the ui (it is isolated in the session folder otherwise:
   * own settings, empty Docker config, no Docker engine).
   */
  readonly prepare?: (setup: SessionSetup) => Promise<NodeJS.ProcessEnv | void>;
  readonly timeoutMs?: number;
}

/**
 * Registers the file's beforeAll/afterEach/afterAll: a temp folder, the services `prepare` starts,
 * Chromium and the real `higress-airgap ui`; every page a test opened is closed after it; at the
 * end the ui, Chromium and the services stop (last started first) and the folder goes.
 */
export function useAppSession(name: string, options: AppSessionOptions = {}): AppSession {
  let dir: TempDir | undefined;
  let browser: Browser | undefined;
  let launching: Promise<Browser> | undefined;
  let ui: { url: string; child: ChildProcess } | undefined;
  const stops: Array<() => Promise<unknown>> = [];
  const contexts = new Set<BrowserContext>();

  beforeAll(async () => {
    const folder = await tempDir(name);
    dir = folder;
    const setup: SessionSetup = {
      dir: folder.path,
      stopAtEnd: (service) => {
        stops.push(() => service.stop());
        return service;
      },
    };
    // Chromium starts while the services do; kept even when they fail, so afterAll can close it.
    launching = launchChromium().then((b) => (browser = b));
    const [, extra] = await Promise.all([launching, options.prepare?.(setup)]);
    ui = await startUiCommand(isolatedUiEnv(folder.path, extra ?? {}));
  }, options.timeoutMs ?? 180_000);

  afterEach(async () => {
    await Promise.all([...contexts].map((c) => c.close()));
    contexts.clear();
  });

  afterAll(async () => {
    ui?.child.kill('SIGINT');
    await launching?.catch(() => undefined);
    await browser?.close();
    for (const stop of stops.reverse()) await stop();
    await dir?.remove();
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the app session ${name} has no ${what}: its beforeAll did not finish`);
    return value;
  };
  return {
    get dir() {
      return started(dir, 'folder').path;
    },
    path: (...parts) => join(started(dir, 'folder').path, ...parts),
    async open(lang) {
      const opened = await openApp(started(browser, 'browser'), started(ui, 'ui').url, lang);
      contexts.add(opened.context);
      opened.context.on('close', () => contexts.delete(opened.context));
      return opened;
    },
  };
}
