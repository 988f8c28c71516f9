import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUiServer, type UiServer } from '../../cli/ui-server';
import { createHandlers } from '../../shared/services/handlers';
import { createEngine } from '../../shared/services/engine';
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir, type TempDir } from '../env/tools';

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function raw(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let data = '';
      res.on('data', (c: Buffer) => (data += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Opens the NDJSON event stream and returns the session id from its first line. */
function openSession(port: number, token: string): Promise<{ id: string; close: () => void }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/events', headers: { host: `127.0.0.1:${port}`, 'x-airgap-token': token } }, (res) => {
      let buf = '';
      res.on('data', (c: Buffer) => {
        buf += c.toString();
        const line = buf.split('\n')[0];
        if (line && buf.includes('\n')) resolve({ id: (JSON.parse(line) as { session: string }).session, close: () => req.destroy() });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('ui server (the `higress-airgap ui` bridge)', () => {
  let server: UiServer;
  let dir: TempDir;

  beforeAll(async () => {
    dir = await tempDir('ui');
    await mkdir(join(dir.path, 'renderer', 'assets'), { recursive: true });
    await writeFile(join(dir.path, 'renderer', 'index.html'), '<!doctype html><title>t</title>');
    await writeFile(join(dir.path, 'renderer', 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(dir.path, 'secret.txt'), 'do not serve');
    server = await startUiServer({
      handlers: createHandlers(createEngine({ appVersion: '1.2.3', fetch, env: { DOCKER_HOST: 'unix:///nonexistent.sock' } })),
      rendererDir: join(dir.path, 'renderer'),
    });
  });
  afterAll(async () => {
    await server?.close();
    await dir?.remove();
  });

  it('prints a loopback URL with a long random token in the fragment', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{32}$/);
  });

  it('serves the renderer with a strict CSP and no-sniff', async () => {
    const r = await raw(server.port, 'GET', '/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>t</title>');
    expect(r.headers['content-security-policy']).toContain("default-src 'none'");
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect((await raw(server.port, 'GET', '/assets/app.js')).headers['content-type']).toContain('text/javascript');
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/%00', '/assets/..%2f..%2fsecret.txt']) {
      const r = await raw(server.port, 'GET', path);
      expect(r.body, path).not.toContain('do not serve');
      expect([400, 403, 404], path).toContain(r.status);
    }
  });

  it('refuses API calls without the token, from other origins, or for another Host', async () => {
    const body = JSON.stringify({ channel: 'system:check', args: {} });
    const json = { 'content-type': 'application/json' };
    expect((await raw(server.port, 'POST', '/api/invoke', json, body)).status).toBe(401);
    expect((await raw(server.port, 'POST', '/api/invoke', { ...json, 'x-airgap-token': 'wrong' }, body)).status).toBe(401);
    const evilOrigin = await raw(server.port, 'POST', '/api/invoke', { ...json, 'x-airgap-token': server.token, origin: 'http://evil.example' }, body);
    expect(evilOrigin.status).toBe(403);
    const rebinding = await raw(server.port, 'POST', '/api/invoke', { ...json, 'x-airgap-token': server.token, host: 'evil.example' }, body);
    expect(rebinding.status).toBe(421);
    expect((await raw(server.port, 'GET', '/api/events')).status).toBe(401);
  });

  it('answers through the real handler map once a session is open, with envelopes', async () => {
    const session = await openSession(server.port, server.token);
    try {
      const headers = { 'content-type': 'application/json', 'x-airgap-token': server.token, 'x-airgap-session': session.id, origin: `http://127.0.0.1:${server.port}` };
      const ok = await raw(server.port, 'POST', '/api/invoke', headers, JSON.stringify({ channel: 'system:check', args: { folder: '/tmp' } }));
      expect(ok.status).toBe(200);
      const env = JSON.parse(ok.body) as { ok: boolean; value: Record<string, any> };
      expect(env.ok).toBe(true);
      expect(env.value.appVersion).toBe('1.2.3');
      expect(env.value.docker.reachable).toBe(false);
      const bad = JSON.parse((await raw(server.port, 'POST', '/api/invoke', headers, JSON.stringify({ channel: 'system:check', args: { folder: [] } }))).body);
      expect(bad).toMatchObject({ ok: false, error: { code: 'IPC_PAYLOAD_INVALID' } });
      const noSession = await raw(server.port, 'POST', '/api/invoke', { ...headers, 'x-airgap-session': 'nope' }, '{}');
      expect(noSession.status).toBe(400);
      const notJson = await raw(server.port, 'POST', '/api/invoke', headers, 'not json');
      expect(notJson.status).toBe(400);
    } finally {
      session.close();
    }
  });
});
