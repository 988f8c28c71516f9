import { describe, expect, it, vi } from 'vitest';
import { electronDialogs } from '../../electron/main/host-dialogs';
import { safeStorageCodec } from '../../electron/main/secret-codec';

vi.mock('electron', () => ({}));

describe('safeStorage codec', () => {
  const fake = (available = true, backend = 'gnome_libsecret') => ({
    isEncryptionAvailable: vi.fn(() => available),
    getSelectedStorageBackend: vi.fn(() => backend),
    encryptString: vi.fn((s: string) => Buffer.from(`enc:${s}`)),
    decryptString: vi.fn((b: Buffer) => b.toString().replace(/^enc:/, '')),
  });

  it('encrypts through safeStorage and never stores the plain text', () => {
    const ss = fake();
    const codec = safeStorageCodec(ss);
    const stored = codec.encrypt('hunter2');
    expect(ss.encryptString).toHaveBeenCalledWith('hunter2');
    expect(stored).not.toContain('hunter2');
    expect(codec.decrypt(stored)).toBe('hunter2');
    expect(codec.kind).toBe('safeStorage');
  });

  it('refuses to save when no real protection exists (unavailable, or Linux basic_text)', () => {
    expect(() => safeStorageCodec(fake(false)).encrypt('x')).toThrow('no secure storage');
    expect(() => safeStorageCodec(fake(true, 'basic_text')).encrypt('x')).toThrow('no secure storage');
  });
});

describe('native dialogs', () => {
  it('filters by kind and returns undefined when cancelled', async () => {
    const dialog = {
      showOpenDialog: vi.fn(async (_w: unknown, o?: unknown) => ({ canceled: false, filePaths: ['/media/usb/b.tar.000'], o })),
      showSaveDialog: vi.fn(async () => ({ canceled: true, filePath: '' })),
    };
    const shell = { showItemInFolder: vi.fn() };
    const d = electronDialogs(dialog, shell, () => ({}) as never);
    expect(await d.openPath('bundle')).toBe('/media/usb/b.tar.000');
    const opts = dialog.showOpenDialog.mock.calls[0]?.[1] as { filters: Array<{ extensions: string[] }> };
    expect(opts.filters[0]?.extensions).toContain('tar');
    await d.openPath('inventory');
    const inventory = dialog.showOpenDialog.mock.calls[1]?.[1] as { filters: Array<{ extensions: string[] }> };
    expect(inventory.filters[0]?.extensions).toEqual(['yaml', 'yml', 'json']);
    expect(await d.savePath('bundle', 'x.tar')).toBeUndefined();
    await d.showInFolder('/tmp/x');
    expect(shell.showItemInFolder).toHaveBeenCalledWith('/tmp/x');
  });
});
