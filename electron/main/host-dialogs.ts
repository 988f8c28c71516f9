import type { BrowserWindow, Dialog, FileFilter, OpenDialogOptions, Shell } from 'electron';
import type { HostDialogs } from '../../shared/services/engine';

/** Native open/save dialogs and "show in folder", attached to the focused window. */
export function electronDialogs(dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>, shell: Pick<Shell, 'showItemInFolder'>, window: () => BrowserWindow | undefined): HostDialogs {
  const filters: Record<'bundle' | 'wasm' | 'ca-file' | 'inventory', FileFilter[]> = {
    bundle: [{ name: 'Higress Airgap bundles', extensions: ['tar', '000', 'json'] }],
    wasm: [{ name: 'WebAssembly', extensions: ['wasm'] }],
    'ca-file': [{ name: 'PEM certificates', extensions: ['pem', 'crt', 'cer'] }],
    // A folder of them is typed or dropped: one native dialog cannot pick files and folders on every OS.
    inventory: [{ name: 'Kubernetes YAML or JSON', extensions: ['yaml', 'yml', 'json'] }],
  };
  return {
    async openPath(kind) {
      const win = window();
      const options: OpenDialogOptions = kind === 'folder' ? { properties: ['openDirectory', 'createDirectory'] } : { properties: ['openFile'], filters: filters[kind] };
      const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return r.canceled ? undefined : r.filePaths[0];
    },
    async savePath(kind, defaultName) {
      const win = window();
      const options = { defaultPath: defaultName ?? 'higress-bundle.tar', filters: filters[kind] };
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return r.canceled ? undefined : r.filePath;
    },
    async showInFolder(path) {
      shell.showItemInFolder(path);
    },
  };
}
