import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preflight } from '../../shared/offline/preflight';
import { parseTarget } from '../../shared/oci/retag';
import { connectTest } from '../env/engine';
import { startRegistry, TEST_PASSWORD, TEST_USER, type TestRegistry } from '../env/registry';
import { tempDir, type TempDir } from '../env/tools';

// Harbor cannot run here (not in Debian, no images offline). Its API for projects is played by a
// small loopback server answering /api/v2.0/*; everything under /v2/ goes to a real registry.
let registry: TestRegistry;
let harbor: Server;
let host: string;
let dir: TempDir;
const projects = new Set<string>(['existing']);
const calls: Array<{ method: string; path: string; auth?: string | undefined }> = [];
const GOOD_AUTH = `Basic ${Buffer.from(`${TEST_USER}:${TEST_PASSWORD}`).toString('base64')}`;

beforeAll(async () => {
  dir = await tempDir('harbor');
  registry = await startRegistry('plain');
  harbor = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    calls.push({ method: req.method ?? '', path: url.pathname + url.search, auth: req.headers.authorization });
    if (url.pathname === '/api/v2.0/systeminfo') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ harbor_version: 'v2.11.0-fake' }));
    if (url.pathname === '/api/v2.0/projects' && req.method === 'HEAD') return void res.writeHead(projects.has(url.searchParams.get('project_name') ?? '') ? 200 : 404).end();
    if (url.pathname === '/api/v2.0/projects' && req.method === 'POST') {
      if (req.headers.authorization !== GOOD_AUTH) return void res.writeHead(401).end();
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        projects.add((JSON.parse(body) as { project_name: string }).project_name);
        res.writeHead(201).end();
      });
      return;
    }
    const up = request({ host: '127.0.0.1', port: Number(registry.host.split(':')[1]), method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise<void>((ok) => harbor.listen(0, '127.0.0.1', ok));
  host = `127.0.0.1:${(harbor.address() as AddressInfo).port}`;
});
afterAll(async () => {
  harbor?.closeAllConnections();
  await new Promise<void>((ok) => harbor?.close(() => ok()));
  await registry?.stop();
  await dir?.remove();
});

const client = (withCredentials: boolean) =>
  connectTest(dir.path, { ...registry, host, baseUrl: `http://${host}`, flavour: 'plain', username: withCredentials ? TEST_USER : undefined, password: withCredentials ? TEST_PASSWORD : undefined }, { credentials: withCredentials });

describe('pre-flight against Harbor', () => {
  it('explains a missing Harbor project, with the next step', async () => {
    const r = await preflight(await client(false), parseTarget(`${host}/missing`));
    expect(r.ok).toBe(false);
    expect(r.harbor).toMatchObject({ version: 'v2.11.0-fake', project: 'missing', exists: false });
    const last = r.steps.at(-1)!;
    expect(last).toMatchObject({ step: 'project', ok: false, code: 'HARBOR_PROJECT_MISSING' });
    expect(last.message).toContain('has no project "missing"');
    expect(last.hint).toContain('Create it');
  });

  it('creates the project when asked, with the given credentials, then passes', async () => {
    const r = await preflight(await client(true), parseTarget(`${host}/newproj/sub`), { createProject: true });
    expect(r.ok).toBe(true);
    expect(r.harbor).toMatchObject({ project: 'newproj', exists: true, created: true });
    expect(calls.find((c) => c.method === 'POST' && c.path === '/api/v2.0/projects')?.auth).toBe(GOOD_AUTH);
    expect(projects.has('newproj')).toBe(true);
  });

  it('refuses to create a project without credentials', async () => {
    const r = await preflight(await client(false), parseTarget(`${host}/other`), { createProject: true });
    expect(r.ok).toBe(false);
    expect(r.steps.at(-1)?.message).toMatch(/needs a username and password/);
    expect(projects.has('other')).toBe(false);
  });

  it('passes for an existing project and proves the push right', async () => {
    const r = await preflight(await client(false), parseTarget(`${host}/existing`));
    expect(r.ok).toBe(true);
    expect(r.steps.map((s) => s.step)).toEqual(['reach', 'login', 'project', 'push']);
  });
});
