/**
 * How the login store protects passwords at rest. The CLI keeps them in a 0600 file ('plain');
 * the desktop app injects Electron safeStorage (OS keychain / DPAPI / libsecret).
 */
export interface SecretCodec {
  readonly kind: 'plain' | 'safeStorage';
  encrypt(secret: string): string;
  decrypt(stored: string): string;
}

export const plainCodec: SecretCodec = {
  kind: 'plain',
  encrypt: (s) => s,
  decrypt: (s) => s,
};
