import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { AppError, UsageError } from '../errors';
import { configPayloadSchema, type ConfigPart, type EncryptedConfig } from './record';

/**
 * The configuration travels only encrypted: AES-256-GCM under a key derived by scrypt from the
 * operator's passphrase (Node's crypto). The scrypt parameters, salt and nonce are stored beside
 * the ciphertext; the GCM tag authenticates it (and the associated data below), so a wrong
 * passphrase or a changed byte is one clear error and nothing is written.
 */
const SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;
/** Bounds on what a bundle may ask for (a hostile bundle must not make us allocate gigabytes). */
const MAX_N = 2 ** 20;
const AAD = Buffer.from('higress-airgap wasmplugin configuration v1');
export const MIN_PASSPHRASE = 8;

function deriveKey(passphrase: string, salt: Buffer, p: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: p.N, r: p.r, p: p.p, maxmem: 256 * p.N * p.r + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(passphrase.normalize('NFC'), salt, 32, options, (e, key) => (e ? reject(e) : resolve(key))));
}

export function checkPassphrase(passphrase: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE) {
    throw new UsageError(`The passphrase has fewer than ${MIN_PASSPHRASE} characters`, {
      code: 'PASSPHRASE_TOO_SHORT',
      hint: 'Use a long passphrase (several words); it is the only thing protecting the plugin configuration.',
      details: { min: MIN_PASSPHRASE },
    });
  }
}

export async function encryptConfig(plain: unknown, passphrase: string): Promise<EncryptedConfig> {
  checkPassphrase(passphrase);
  const salt = randomBytes(16);
  const nonce = randomBytes(12);
  const key = await deriveKey(passphrase, salt, SCRYPT);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(AAD);
  const ciphertext = Buffer.concat([cipher.update(Buffer.from(JSON.stringify(plain), 'utf8')), cipher.final()]);
  return {
    cipher: 'aes-256-gcm',
    kdf: { name: 'scrypt', N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, salt: salt.toString('base64') },
    nonce: nonce.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
}

export async function decryptConfig(enc: EncryptedConfig, passphrase: string): Promise<unknown> {
  const { N, r, p } = enc.kdf;
  if (N > MAX_N || r > 16 || p > 4) {
    throw new AppError('CONFIG_KDF_REFUSED', `The bundle asks for scrypt parameters N=${N}, r=${r}, p=${p}, more than this tool allows`, { details: { N, r, p } });
  }
  const key = await deriveKey(passphrase, Buffer.from(enc.kdf.salt, 'base64'), { N, r, p });
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(enc.nonce, 'base64'));
  decipher.setAAD(AAD);
  decipher.setAuthTag(Buffer.from(enc.tag, 'base64'));
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(Buffer.from(enc.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw new UsageError('The passphrase does not open the plugin configuration in this bundle', {
      code: 'PASSPHRASE_WRONG',
      hint: 'Give the passphrase the bundle was built with (--passphrase-file); leave it out to write the WasmPlugins without their configuration. Nothing was written.',
      details: {},
    });
  }
  return JSON.parse(plain.toString('utf8')) as unknown;
}

/** The configuration of each object, by `namespace/name`, decrypted and checked. */
export async function restoreConfig(enc: EncryptedConfig, passphrase: string): Promise<Record<string, ConfigPart>> {
  const plain = await decryptConfig(enc, passphrase);
  const parsed = configPayloadSchema.safeParse(plain);
  if (!parsed.success) throw new AppError('CONFIG_PAYLOAD_INVALID', 'The decrypted plugin configuration does not have the expected shape', { details: {} });
  return parsed.data.objects;
}
