import type { SafeStorage } from 'electron';
import { AppError } from '../../shared/errors';
import type { SecretCodec } from '../../shared/credentials/secret-codec';

/**
 * Saved registry passwords encrypted with the OS keychain through Electron safeStorage (Keychain,
 * DPAPI, libsecret/kwallet). Without a usable backend we refuse to save rather than store plain
 * text silently; on Linux "basic_text" means no real protection, so it is refused too.
 */
export function safeStorageCodec(safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & { getSelectedStorageBackend?: () => string }): SecretCodec {
  const check = () => {
    if (!safeStorage.isEncryptionAvailable() || safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
      throw new AppError('NO_SECURE_STORAGE', 'This system offers no secure storage for passwords', {
        hint: 'Install and unlock a keyring (e.g. gnome-keyring), or enter the password each time instead of saving it.',
      });
    }
  };
  return {
    kind: 'safeStorage',
    encrypt: (secret) => {
      check();
      return safeStorage.encryptString(secret).toString('base64');
    },
    decrypt: (stored) => {
      check();
      return safeStorage.decryptString(Buffer.from(stored, 'base64'));
    },
  };
}
