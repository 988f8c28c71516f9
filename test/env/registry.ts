import { execFileSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestPki, type TestPki } from './pki';
import { startService, type Service } from './processes';
import { freePort, requireTool, tempDir, waitFor, type TempDir } from './tools';
import { startTokenServer, type TokenServer } from './token-server';

/**
 * The real CNCF distribution registry (Debian docker-registry) on loopback, in the three flavours
 * the product meets: plain HTTP; TLS with a test CA plus htpasswd basic auth; bearer tokens from a
 * test token server (the official Higress registry's flow).
 */
export type RegistryFlavour = 'plain' | 'tls-basic' | 'token';

export interface TestRegistry {
  readonly flavour: RegistryFlavour;
  /** `127.0.0.1:<port>` */
  readonly host: string;
  /** `http://…` or `https://…` */
  readonly baseUrl: string;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** CA certificate file that verifies the TLS flavour. */
  readonly caFile?: string | undefined;
  readonly caPem?: string | undefined;
  /** Folder holding only the CA (skopeo --cert-dir). */
  readonly caDir?: string | undefined;
  readonly tokenServer?: TokenServer | undefined;
  readonly dataDir: string;
  readonly process: Service;
  stop(): Promise<void>;
}

export const TEST_USER = 'airgap';
export const TEST_PASSWORD = 'correct horse battery staple';
/** A token-registry user who may pull but not push (for 401-vs-403 explanations). */
export const READ_ONLY_USER = 'reader';

export async function startRegistry(flavour: RegistryFlavour, options: { pki?: TestPki; relativeUrls?: boolean } = {}): Promise<TestRegistry> {
  const bin = requireTool('/usr/bin/docker-registry', 'docker-registry');
  const dir = await tempDir(`registry-${flavour}`);
  try {
    const pki = flavour === 'plain' ? undefined : (options.pki ?? (await createTestPki(dir.path)));
    let tokenServer: TokenServer | undefined;
    if (flavour === 'token' && pki) {
      tokenServer = await startTokenServer({
        keyFile: pki.tokenKey,
        certFile: pki.tokenCert,
        issuer: 'airgap-test-issuer',
        service: 'airgap-test-registry',
        users: { [TEST_USER]: TEST_PASSWORD, [READ_ONLY_USER]: TEST_PASSWORD },
        anonymousActions: ['pull'],
        readOnlyUsers: [READ_ONLY_USER],
      });
    }
    if (flavour === 'tls-basic') {
      const htpasswd = requireTool('/usr/bin/htpasswd', 'apache2-utils');
      const line = execFileSync(htpasswd, ['-Bbn', TEST_USER, TEST_PASSWORD], { encoding: 'utf8' });
      await writeFile(join(dir.path, 'htpasswd'), line);
    }
    // A port picked beforehand may be taken by the time the registry binds it: retry a few times.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const config = registryConfig(flavour, port, dir, pki, tokenServer, options.relativeUrls);
      await writeFile(join(dir.path, 'config.yml'), config);
      const proc = startService(bin, ['serve', join(dir.path, 'config.yml')], join(dir.path, 'registry.log'));
      const scheme = flavour === 'tls-basic' ? 'https' : 'http';
      const ready = await waitFor(`registry ${flavour} on ${port}`, () => probe(scheme, port, pki?.caPem), 15000)
        .then(() => true)
        .catch(() => false);
      if (ready) {
        const registry: TestRegistry = {
          flavour,
          host: `127.0.0.1:${port}`,
          baseUrl: `${scheme}://127.0.0.1:${port}`,
          username: flavour === 'plain' ? undefined : TEST_USER,
          password: flavour === 'plain' ? undefined : TEST_PASSWORD,
          caFile: flavour === 'tls-basic' ? pki?.caCert : undefined,
          caPem: flavour === 'tls-basic' ? pki?.caPem : undefined,
          caDir: flavour === 'tls-basic' ? pki?.caDir : undefined,
          tokenServer,
          dataDir: join(dir.path, 'data'),
          process: proc,
          async stop() {
            await proc.stop();
            await tokenServer?.stop();
            await dir.remove();
          },
        };
        return registry;
      }
      await proc.stop();
      if (attempt >= 3) throw new Error(`docker-registry (${flavour}) did not start:\n${proc.log()}`);
    }
  } catch (e) {
    await dir.remove();
    throw e;
  }
}

function registryConfig(flavour: RegistryFlavour, port: number, dir: TempDir, pki: TestPki | undefined, token: TokenServer | undefined, relativeUrls = false): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir.path, 'data')}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    '  secret: airgap-test-secret',
    // Relative Location headers are allowed by the distribution spec; some registries send them.
    ...(relativeUrls ? ['  relativeurls: true'] : []),
  ];
  if (flavour === 'tls-basic' && pki) {
    lines.push('  tls:', `    certificate: ${pki.serverCert}`, `    key: ${pki.serverKey}`);
    lines.push('auth:', '  htpasswd:', '    realm: airgap-test', `    path: ${join(dir.path, 'htpasswd')}`);
  }
  if (flavour === 'token' && pki && token) {
    lines.push(
      'auth:',
      '  token:',
      `    realm: ${token.realm}`,
      '    service: airgap-test-registry',
      '    issuer: airgap-test-issuer',
      `    rootcertbundle: ${pki.tokenCert}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Ready once /v2/ answers at all (200 or 401). */
function probe(scheme: 'http' | 'https', port: number, caPem: string | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const req = (scheme === 'https' ? httpsRequest : httpRequest)(
      { host: '127.0.0.1', port, path: '/v2/', method: 'GET', ...(caPem ? { ca: caPem } : {}), timeout: 1000 },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200 || res.statusCode === 401);
      },
    );
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}
