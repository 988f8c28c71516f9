import { chmod, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors';
import { normaliseRegistry } from '../oci/reference';
import type { Credentials } from '../registry/credentials';
import { readJsonFile, writeJsonFile } from '../settings/json-file';
import { plainCodec, type SecretCodec } from './secret-codec';

/**
 * Our own saved logins (`higress-airgap login`), one file in the settings folder, mode 0600.
 * Secrets are stored through a SecretCodec; the app's safeStorage entries are opaque to the CLI.
 */
const entrySchema = z.object({ username: z.string().min(1).max(512), secret: z.string().min(1).max(65536), protection: z.enum(['plain', 'safeStorage']) }).strict();
const fileSchema = z.object({ version: z.literal(1), logins: z.record(z.string(), entrySchema) }).strict();

export function loginStoreFile(dir: string): string {
  return join(dir, 'logins.json');
}

export class LoginStore {
  constructor(
    private readonly dir: string,
    private readonly codec: SecretCodec = plainCodec,
  ) {}

  private async load() {
    const file = loginStoreFile(this.dir);
    // Refuse to use a store others can read: the passwords would already be exposed.
    try {
      const s = await stat(file);
      if ((s.mode & 0o077) !== 0 && process.platform !== 'win32') await chmod(file, 0o600);
    } catch {
      // absent: fine
    }
    return readJsonFile(file, fileSchema, { version: 1 as const, logins: {} });
  }

  async get(host: string): Promise<Credentials | undefined> {
    const entry = (await this.load()).logins[normaliseRegistry(host)];
    if (!entry) return undefined;
    if (entry.protection !== this.codec.kind) {
      throw new AppError('LOGIN_UNREADABLE', `The saved login for ${host} is protected by ${entry.protection === 'safeStorage' ? "the desktop app's OS encryption" : 'another method'} and cannot be read here`, {
        hint: `Log in again here: higress-airgap login ${host} --username <user> --password-stdin`,
        details: { host, protection: entry.protection === 'safeStorage' ? 'safeStorage' : 'other' },
      });
    }
    return { kind: 'basic', username: entry.username, password: this.codec.decrypt(entry.secret) };
  }

  async hosts(): Promise<Array<{ host: string; username: string }>> {
    return Object.entries((await this.load()).logins).map(([host, e]) => ({ host, username: e.username }));
  }

  async save(host: string, username: string, password: string): Promise<void> {
    const data = await this.load();
    data.logins[normaliseRegistry(host)] = { username, secret: this.codec.encrypt(password), protection: this.codec.kind };
    await writeJsonFile(loginStoreFile(this.dir), data, 0o600);
  }

  async remove(host: string): Promise<boolean> {
    const data = await this.load();
    const key = normaliseRegistry(host);
    if (!data.logins[key]) return false;
    delete data.logins[key];
    await writeJsonFile(loginStoreFile(this.dir), data, 0o600);
    return true;
  }
}
