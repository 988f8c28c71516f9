import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

/**
 * A real, small file server on loopback for the http(s):// sources of an inventory: serves the
 * given paths, redirects where asked, answers 404 otherwise, and logs what was asked.
 */
export interface FileServer {
  readonly base: string;
  readonly requests: string[];
  stop(): Promise<void>;
}

export async function startFileServer(files: Readonly<Record<string, Buffer>>, redirects: Readonly<Record<string, string>> = {}): Promise<FileServer> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    const to = redirects[path];
    if (to) {
      res.writeHead(302, { location: to }).end();
      return;
    }
    const body = files[path];
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/wasm', 'content-length': String(body.length) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export const sha256hex = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** Every file under a folder (the bundle, its sidecars, anything else a run left). */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out.sort();
}

/** Which of `needles` occur in any file under `dir` (as UTF-8 bytes), with the file. */
export async function occurrences(dir: string, needles: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const f of await filesUnder(dir)) {
    const bytes = await readFile(f);
    for (const n of needles) if (bytes.includes(Buffer.from(n, 'utf8'))) found.push(`${n} in ${f}`);
  }
  return found;
}
