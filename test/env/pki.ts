import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { requireTool, runOk } from './tools';

/** A throw-away CA, a server certificate for loopback, and a token-signing certificate. */
export interface TestPki {
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly tokenCert: string;
  readonly tokenKey: string;
  /** A folder holding only ca.crt (skopeo's --cert-dir, docker's certs.d layout). */
  readonly caDir: string;
  /** PEM text of the CA, for clients. */
  readonly caPem: string;
}

export async function createTestPki(dir: string): Promise<TestPki> {
  const openssl = requireTool('/usr/bin/openssl', 'openssl');
  const p = (f: string) => join(dir, f);
  await runOk(openssl, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('ca.key'), '-out', p('ca.crt'), '-days', '2',
    '-subj', '/CN=Higress Airgap Test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await runOk(openssl, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('server.key'), '-out', p('server.csr'), '-subj', '/CN=127.0.0.1']);
  await writeFile(p('server.ext'), 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n');
  await runOk(openssl, ['x509', '-req', '-in', p('server.csr'), '-CA', p('ca.crt'), '-CAkey', p('ca.key'), '-CAcreateserial',
    '-out', p('server.crt'), '-days', '2', '-extfile', p('server.ext')]);
  await runOk(openssl, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('token.key'), '-out', p('token.crt'), '-days', '2',
    '-subj', '/CN=Higress Airgap Test Token Issuer']);
  await mkdir(p('ca-only'));
  await copyFile(p('ca.crt'), p('ca-only/ca.crt'));
  return {
    caDir: p('ca-only'),
    caCert: p('ca.crt'),
    serverCert: p('server.crt'),
    serverKey: p('server.key'),
    tokenCert: p('token.crt'),
    tokenKey: p('token.key'),
    caPem: await readFile(p('ca.crt'), 'utf8'),
  };
}
