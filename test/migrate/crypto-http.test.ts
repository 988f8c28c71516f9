import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptConfig, encryptConfig, restoreConfig } from '../../shared/migrate/crypto';
import { downloadWasm, MAX_REDIRECTS } from '../../shared/migrate/http-download';
import { resolveMigrationSource } from '../../shared/migrate/resolve-sources';
import { packageWasm } from '../../shared/plugins/wasm-artifact';
import { MAX_WASM_BYTES } from '../../shared/plugins/wasm-module';
import { cli } from '../env/cli';
import { failureOf, tempDir, type TempDir } from '../env/tools';
import { sha256hex, startFileServer, type FileServer } from './migrate-env';

describe('the configuration travels encrypted (AES-256-GCM, scrypt)', () => {
  const plain = { objects: { 'ns/a': { defaultConfig: { consumers: [{ name: 'x', credential: 'sk-very-secret' }] } } } };

  it('round-trips with the passphrase; parameters, salt and nonce beside the ciphertext, never the plaintext', async () => {
    const enc = await encryptConfig(plain, 'eight chars or more');
    expect(enc).toMatchObject({ cipher: 'aes-256-gcm', kdf: { name: 'scrypt', N: 131072, r: 8, p: 1 } });
    expect(Buffer.from(enc.kdf.salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(enc.nonce, 'base64')).toHaveLength(12);
    expect(JSON.stringify(enc)).not.toContain('sk-very-secret');
    expect(await restoreConfig(enc, 'eight chars or more')).toEqual(plain.objects);
    // a fresh salt and nonce every time
    const again = await encryptConfig(plain, 'eight chars or more');
    expect(again.ciphertext).not.toBe(enc.ciphertext);
  });

  it('a wrong passphrase, or one changed byte, is one clear coded error', async () => {
    const enc = await encryptConfig(plain, 'eight chars or more');
    expect((await failureOf(decryptConfig(enc, 'eight chars or less'))).code).toBe('PASSPHRASE_WRONG');
    const bytes = Buffer.from(enc.ciphertext, 'base64');
    bytes[0] = (bytes[0] as number) ^ 1;
    expect((await failureOf(decryptConfig({ ...enc, ciphertext: bytes.toString('base64') }, 'eight chars or more'))).code).toBe('PASSPHRASE_WRONG');
    expect((await failureOf(decryptConfig({ ...enc, kdf: { ...enc.kdf, N: 2 ** 24 } }, 'eight chars or more'))).code).toBe('CONFIG_KDF_REFUSED');
    expect((await failureOf(encryptConfig(plain, 'short'))).code).toBe('PASSPHRASE_TOO_SHORT');
  });
});

describe('http(s) sources: bounded, checked while streaming', () => {
  let files: FileServer;
  let liar: Server;
  let liarBase: string;
  const wasm = Buffer.from('\0asm\x01\0\0\0 some module bytes');
  const chain: Record<string, string> = {};
  beforeAll(async () => {
    for (let i = 0; i < 8; i++) chain[`/hop/${i}`] = `/hop/${i + 1}`;
    chain['/two'] = '/one';
    chain['/one'] = '/m.wasm';
    files = await startFileServer({ '/m.wasm': wasm }, chain);
    // claims a module larger than the gateway loads; /cut sends part of a small one, then drops the connection
    liar = createServer((req, res) => {
      if (req.url === '/cut') {
        res.writeHead(200, { 'content-length': '1000' });
        res.write(Buffer.alloc(100));
        setImmediate(() => res.destroy());
        return;
      }
      res.writeHead(200, { 'content-length': String(MAX_WASM_BYTES + 1) });
      res.write('x');
    });
    await new Promise<void>((r) => liar.listen(0, '127.0.0.1', r));
    liarBase = `http://127.0.0.1:${(liar.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await files?.stop();
    liar?.closeAllConnections();
    await new Promise((r) => liar?.close(r));
  });

  it('follows a few redirects, checks spec.sha256, and refuses a mismatch', async () => {
    const ok = await downloadWasm(`${files.base}/two`, { sha256: sha256hex(wasm) });
    expect(ok.bytes.equals(wasm)).toBe(true);
    expect(ok.finalUrl).toBe(`${files.base}/m.wasm`);
    const bad = await failureOf(downloadWasm(`${files.base}/m.wasm`, { sha256: '0'.repeat(64) }));
    expect(bad.code).toBe('MIGRATE_SHA256_MISMATCH');
    expect(bad.details).toMatchObject({ sha256: sha256hex(wasm), expected: '0'.repeat(64) });
  });

  it(`stops after ${MAX_REDIRECTS} redirects, at a 404, and at a size past the gateway's limit`, async () => {
    const loop = await failureOf(downloadWasm(`${files.base}/hop/0`));
    expect(loop.code).toBe('MIGRATE_TOO_MANY_REDIRECTS');
    expect(files.requests.filter((p) => p.startsWith('/hop/'))).toHaveLength(MAX_REDIRECTS + 1);
    const missing = await failureOf(downloadWasm(`${files.base}/nothing.wasm`));
    expect(missing).toMatchObject({ code: 'MIGRATE_SOURCE_UNREACHABLE', details: { reason: 'HTTP 404' } });
    const big = await failureOf(downloadWasm(`${liarBase}/big.wasm`));
    expect(big.code).toBe('MIGRATE_SOURCE_TOO_LARGE');
  });

  it('a connection cut mid-body is named with the objects that need the module', async () => {
    const source = { location: { kind: 'http' as const, url: `${liarBase}/cut`, key: `${liarBase}/cut` }, url: `${liarBase}/cut`, name: 'cut', version: '1.0.0', servedVersions: ['1.0.0'], objects: ['ns/one', 'ns/two'] };
    const e = await failureOf(resolveMigrationSource(source, { resolveOci: () => Promise.reject(new Error('not used')), packageWasm }));
    expect(e.code).toBe('MIGRATE_SOURCE_UNREACHABLE');
    expect(e.message).toMatch(/^WasmPlugin ns\/one, ns\/two: Cannot fetch http:\/\/127\.0\.0\.1:\d+\/cut: /);
    expect(e.details).toMatchObject({ objects: 'ns/one, ns/two' });
  });
});

describe('bundle flags: the passphrase never from an argument', () => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = await tempDir('migrate-flags');
    await writeFile(join(dir.path, 'inv.yaml'), 'apiVersion: extensions.higress.io/v1alpha1\nkind: WasmPlugin\nmetadata: {name: a}\nspec: {url: "oci://127.0.0.1:9/p/a:1", defaultConfig: {k: v}}\n');
    await writeFile(join(dir.path, 'short.txt'), 'short\n');
  });
  afterAll(async () => {
    await dir?.remove();
  });
  const env = () => ({ HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), LANG: 'C', LC_ALL: '', LC_MESSAGES: '' });

  it('--with-config needs --passphrase-file (or a terminal); --passphrase-file needs --with-config; a short passphrase is refused; nothing is written', async () => {
    const base = ['bundle', '--out', join(dir.path, 'b.tar'), '--no-plugin-server', '--from-wasmplugins', join(dir.path, 'inv.yaml')];
    const noPass = await cli([...base, '--with-config'], { env: env() });
    expect(noPass.code).toBe(2);
    expect(noPass.stderr).toContain('error: Taking the plugin configuration along needs a passphrase to encrypt it');
    expect(noPass.stderr).toContain('--passphrase-file');
    const orphan = await cli([...base, '--passphrase-file', join(dir.path, 'short.txt')], { env: env() });
    expect(orphan.code).toBe(2);
    expect(orphan.stderr).toContain('--passphrase-file is only used with --with-config');
    const short = await cli([...base, '--with-config', '--passphrase-file', join(dir.path, 'short.txt')], { env: env() });
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('The passphrase has fewer than 8 characters');
    const unreadable = await cli([...base, '--with-config', '--passphrase-file', join(dir.path, 'missing.txt')], { env: env() });
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain('Cannot read the passphrase file');
    expect(await import('node:fs/promises').then((fs) => fs.readdir(dir.path))).not.toContain('b.tar');
  });
});
