import { app, BrowserWindow, dialog, ipcMain, Menu, net, safeStorage, session, shell, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createEngine } from '../../shared/services/engine';
import { createHandlers } from '../../shared/services/handlers';
import { appUrlMatcher, bindIpc, trustedSenderCheck } from './ipc-bind';
import { loadWindowState, saveWindowState } from './window-state';
import { electronDialogs } from './host-dialogs';
import { safeStorageCodec } from './secret-codec';

const here = fileURLToPath(new URL('.', import.meta.url));
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const rendererIndex = join(here, '../renderer/index.html');
const isAppUrl = appUrlMatcher(devServerUrl ?? pathToFileURL(join(here, '../renderer')).href);

const windows = new Set<BrowserWindow>();
const windowIds = new Set<number>();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [win] = windows;
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  // A failing task ends as its own error; nothing a registry or a bundle does may take the main
  // process (and every window) down with an unhandled 'error' event or rejection.
  process.on('uncaughtException', (e) => console.error('uncaught exception (kept running):', e));
  process.on('unhandledRejection', (e) => console.error('unhandled rejection (kept running):', e));
  app.whenReady().then(start).catch((e: unknown) => {
    console.error(e);
    app.exit(1);
  });
}

function start(): void {
  lockDownSession();
  // The one engine of this process; net.fetch goes through Chromium's stack (system proxy, PAC and
  // the OS certificate store apply; upload bodies are web streams with duplex 'half', which it
  // takes as they are), safeStorage protects saved passwords.
  const engine = createEngine({
    appVersion: app.getVersion(),
    env: process.env,
    fetch: (url, init) => net.fetch(url, init),
    secretCodec: safeStorageCodec(safeStorage),
    dialogs: electronDialogs(dialog, shell, () => BrowserWindow.getFocusedWindow() ?? [...windows][0]),
  });
  bindIpc(ipcMain, createHandlers(engine), trustedSenderCheck(() => windowIds, isAppUrl));
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate()));
  createWindow();
  app.on('activate', () => {
    if (windows.size === 0) createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

// The renderer loads nothing from the network: only our files (or the dev server in development).
function lockDownSession(): void {
  const ses = session.defaultSession;
  // Copy buttons write hashes to the clipboard; nothing else (camera, notifications…) is granted.
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(permission === 'clipboard-sanitized-write'));
  ses.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (details, callback) => {
    callback({ cancel: !(devServerUrl && isAppUrl(details.url)) });
  });
}

function createWindow(): void {
  const userData = app.getPath('userData');
  const state = loadWindowState(userData);
  const win = new BrowserWindow({
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Higress Airgap',
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  windows.add(win);
  const id = win.webContents.id;
  windowIds.add(id);
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    const b = win.getNormalBounds();
    saveWindowState(userData, { width: b.width, height: b.height, x: b.x, y: b.y, maximized: win.isMaximized() });
  });
  win.on('closed', () => {
    windows.delete(win);
    windowIds.delete(id);
  });
  // No navigation away from the app and no new windows; https links open in the system browser.
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadFile(rendererIndex);
}

function menuTemplate(): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }, ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' } as const])],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'Higress documentation', click: () => void shell.openExternal('https://higress.cn/en/docs/latest/') }],
    },
  ];
  if (process.platform === 'darwin') template.unshift({ role: 'appMenu' });
  return template;
}
