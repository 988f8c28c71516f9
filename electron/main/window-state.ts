import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

/** The window's last size and position, remembered in the user-data folder. */
export interface WindowState {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized?: boolean;
}

const DEFAULT_STATE: WindowState = { width: 1200, height: 820 };

export function loadWindowState(userData: string): WindowState {
  try {
    const raw = JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8')) as Partial<WindowState>;
    const ok = (n: unknown, min: number) => typeof n === 'number' && Number.isFinite(n) && n >= min && n < 100000;
    if (!ok(raw.width, 400) || !ok(raw.height, 300)) return DEFAULT_STATE;
    const state: WindowState = { width: raw.width as number, height: raw.height as number, maximized: raw.maximized === true };
    if (typeof raw.x === 'number' && typeof raw.y === 'number') {
      state.x = raw.x;
      state.y = raw.y;
    }
    return state;
  } catch {
    return DEFAULT_STATE;
  }
}

export function saveWindowState(userData: string, state: WindowState): void {
  const file = join(userData, 'window-state.json');
  try {
    writeFileSync(`${file}.tmp`, JSON.stringify(state));
    renameSync(`${file}.tmp`, file);
  } catch {
    // Losing the window size is not worth an error dialog.
  }
}
