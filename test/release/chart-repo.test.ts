import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { fetchCharts, fetchReleaseCharts, MAX_INDEX_BYTES, normaliseRepoUrl, parseChartIndex, readChartIndex } from '../../shared/release/chart-repo';
import { failureOf, tempDir, type TempDir } from '../env/tools';

/** A small chart package as `helm package` lays it out: `<name>/Chart.yaml`, `<name>/values.yaml`. */
async function chartTgz(name: string, version: string, extra = ''): Promise<Buffer> {
  const p = pack();
  p.entry({ name: `${name}/Chart.yaml` }, `apiVersion: v2\nname: ${name}\nversion: ${version}\nappVersion: ${version}\n`);
  p.entry({ name: `${name}/values.yaml` }, `global:\n  hub: example.invalid/higress\n${extra}`);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return gzipSync(Buffer.concat(chunks));
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A loopback Helm repository: routes by path; every request is recorded. */
class HelmRepo {
  server!: Server;
  base = '';
  routes = new Map<string, Handler>();
  hits: string[] = [];
  async start() {
    this.server = createServer((req, res) => {
      this.hits.push(req.url ?? '');
      const h = this.routes.get((req.url ?? '').split('?')[0] as string);
      if (h) h(req, res);
      else res.writeHead(404).end('not found');
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  file(path: string, body: Buffer | string, type = 'application/octet-stream') {
    this.routes.set(path, (_req, res) => res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(body) }).end(body));
  }
  redirect(path: string, location: string) {
    this.routes.set(path, (_req, res) => res.writeHead(302, { location }).end());
  }
  stop() {
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}

function indexYaml(entries: Array<{ name: string; version: string; url: string; digest?: string | undefined }>): string {
  const byName = new Map<string, string[]>();
  for (const e of entries) {
    const lines = [`  - apiVersion: v2`, `    name: ${e.name}`, `    version: ${e.version}`, `    appVersion: ${e.version}`, `    created: "2026-01-01T00:00:00Z"`];
    if (e.digest !== undefined) lines.push(`    digest: ${e.digest}`);
    lines.push(`    urls:`, `    - ${e.url}`);
    byName.set(e.name, [...(byName.get(e.name) ?? []), lines.join('\n')]);
  }
  return `apiVersion: v1\nentries:\n${[...byName].map(([n, l]) => `  ${n}:\n${l.join('\n')}`).join('\n')}\ngenerated: "2026-01-01T00:00:00Z"\n`;
}

const repo = new HelmRepo();
let dir: TempDir;
const charts: Record<string, Buffer> = {};
const WANTED = [
  { name: 'higress', version: '2.2.4' },
  { name: 'higress-core', version: '2.2.4' },
  { name: 'higress-console', version: '2.2.4' },
];

beforeAll(async () => {
  await repo.start();
  for (const w of WANTED) charts[w.name] = await chartTgz(w.name, w.version);
  charts.old = await chartTgz('higress', '2.2.3');
});
afterAll(() => repo.stop());
beforeEach(async () => {
  repo.routes.clear();
  repo.hits = [];
  dir = await tempDir('chart-repo');
  return () => dir.remove();
});

function serveGood(prefix = '/charts') {
  // higress by a relative URL (as `helm repo index` without --url writes), the others absolute (with --url).
  repo.file(`${prefix}/index.yaml`, indexYaml([
    { name: 'higress', version: '2.2.3', url: `higress-2.2.3.tgz`, digest: sha(charts.old as Buffer) },
    { name: 'higress', version: '2.2.4', url: `higress-2.2.4.tgz`, digest: sha(charts.higress as Buffer) },
    { name: 'higress-core', version: '2.2.4', url: `${repo.base}${prefix}/higress-core-2.2.4.tgz`, digest: sha(charts['higress-core'] as Buffer) },
    { name: 'higress-console', version: '2.2.4', url: `${repo.base}/elsewhere/higress-console-2.2.4.tgz`, digest: sha(charts['higress-console'] as Buffer) },
  ]));
  repo.file(`${prefix}/higress-2.2.3.tgz`, charts.old as Buffer);
  repo.file(`${prefix}/higress-2.2.4.tgz`, charts.higress as Buffer);
  repo.file(`${prefix}/higress-core-2.2.4.tgz`, charts['higress-core'] as Buffer);
  repo.file(`/elsewhere/higress-console-2.2.4.tgz`, charts['higress-console'] as Buffer);
}

describe('chart repository reader', () => {
  it('downloads the release charts byte for byte, each checked against the index digest', async () => {
    serveGood();
    const got = await fetchCharts(`${repo.base}/charts`, WANTED, dir.path);
    expect(got.map((c) => c.file)).toEqual(['higress-2.2.4.tgz', 'higress-core-2.2.4.tgz', 'higress-console-2.2.4.tgz']);
    for (const c of got) {
      const bytes = readFileSync(join(dir.path, c.file));
      expect(bytes.equals(charts[c.name] as Buffer)).toBe(true);
      expect(c.digest).toBe(`sha256:${sha(bytes)}`);
      expect(c.size).toBe(bytes.length);
    }
    expect(got[2]?.url).toBe(`${repo.base}/elsewhere/higress-console-2.2.4.tgz`);
    // the other version listed in the index is not fetched
    expect(repo.hits).not.toContain('/charts/higress-2.2.3.tgz');
    expect(readdirSync(dir.path).sort()).toEqual(['higress-2.2.4.tgz', 'higress-console-2.2.4.tgz', 'higress-core-2.2.4.tgz']);
  });

  it('follows a few redirects to the index and to a package, and accepts the URL of index.yaml itself', async () => {
    serveGood('/real');
    repo.redirect('/moved/index.yaml', `${repo.base}/hop/index.yaml`);
    repo.redirect('/hop/index.yaml', '/real/index.yaml');
    const index = await readChartIndex(`${repo.base}/moved/index.yaml`);
    expect(index.repo).toBe(`${repo.base}/moved/`);
    expect(index.indexUrl).toBe(`${repo.base}/real/index.yaml`);
    expect(index.entries.get('higress')?.map((e) => e.version)).toEqual(['2.2.3', '2.2.4']);
  });

  it('refuses a package whose bytes differ from the digest, keeping nothing', async () => {
    serveGood();
    const tampered = await chartTgz('higress-core', '2.2.4', 'evil: true\n');
    repo.file('/charts/higress-core-2.2.4.tgz', tampered);
    const err = await failureOf(fetchCharts(`${repo.base}/charts`, WANTED, dir.path));
    expect(err.code).toBe('CHART_DIGEST_MISMATCH');
    expect(err.details).toMatchObject({ chart: 'higress-core', version: '2.2.4', actual: `sha256:${sha(tampered)}`, expected: `sha256:${sha(charts['higress-core'] as Buffer)}` });
    expect(existsSync(join(dir.path, 'higress-core-2.2.4.tgz'))).toBe(false);
    expect(readdirSync(dir.path).some((f) => f.endsWith('.partial'))).toBe(false);
  });

  it('refuses a chart the index lacks, and one listed without a digest', async () => {
    serveGood();
    const missing = await failureOf(fetchCharts(`${repo.base}/charts`, [{ name: 'higress', version: '9.9.9' }], dir.path, { official: 'https://higress.io/helm-charts/' }));
    expect(missing.code).toBe('CHART_NOT_IN_INDEX');
    expect(missing.details).toMatchObject({ chart: 'higress', version: '9.9.9', official: 'https://higress.io/helm-charts/' });
    repo.file('/nodigest/index.yaml', indexYaml([{ name: 'higress', version: '2.2.4', url: 'higress-2.2.4.tgz' }]));
    const nodigest = await failureOf(fetchCharts(`${repo.base}/nodigest`, [{ name: 'higress', version: '2.2.4' }], dir.path));
    expect(nodigest.code).toBe('CHART_DIGEST_MISSING');
    expect(repo.hits).not.toContain('/nodigest/higress-2.2.4.tgz');
  });

  it('refuses non-http(s) repositories and redirects, redirect loops, and unreachable indexes', async () => {
    for (const bad of ['file:///etc/', 'ftp://127.0.0.1/charts/', 'not a url', 'http://user:pw@127.0.0.1/charts/']) {
      expect((await failureOf(readChartIndex(bad))).code).toBe('CHART_REPO_URL_INVALID');
    }
    repo.redirect('/loop/index.yaml', '/loop/index.yaml');
    const loop = await failureOf(readChartIndex(`${repo.base}/loop/`));
    expect(loop.code).toBe('CHART_REPO_TOO_MANY_REDIRECTS');
    expect(repo.hits.filter((h) => h === '/loop/index.yaml').length).toBe(6);
    repo.redirect('/tofile/index.yaml', 'file:///etc/passwd');
    expect((await failureOf(readChartIndex(`${repo.base}/tofile/`))).code).toBe('CHART_REPO_BAD_REDIRECT');
    const gone = await failureOf(readChartIndex(`${repo.base}/nothing/`));
    expect(gone.code).toBe('CHART_REPO_UNREACHABLE');
    expect(gone.details).toMatchObject({ reason: 'HTTP 404' });
  });

  it('caps the index (declared or streamed) and the expansion of YAML aliases', async () => {
    repo.routes.set('/huge/index.yaml', (_req, res) => {
      // chunked, no content-length: the cap is counted while streaming
      res.writeHead(200, { 'content-type': 'text/yaml' });
      const block = Buffer.alloc(1024 * 1024, 0x23);
      let sent = 0;
      const more = () => {
        while (sent <= MAX_INDEX_BYTES + 1024 * 1024) {
          sent += block.length;
          if (!res.write(block)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    });
    const huge = await failureOf(readChartIndex(`${repo.base}/huge/`));
    expect(huge.code).toBe('CHART_INDEX_TOO_LARGE');
    expect(huge.details).toMatchObject({ limit: MAX_INDEX_BYTES });
    const bomb = ['apiVersion: v1', 'a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 12; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`);
    bomb.push('entries: {}');
    repo.file('/bomb/index.yaml', `${bomb.join('\n')}\n`);
    const aliased = await failureOf(readChartIndex(`${repo.base}/bomb/`));
    expect(aliased.code).toBe('CHART_INDEX_INVALID');
    repo.file('/notindex/index.yaml', '<html>hello</html>\n');
    expect((await failureOf(readChartIndex(`${repo.base}/notindex/`))).code).toBe('CHART_INDEX_INVALID');
  });

  it('refuses a package that is not gzip before hashing it', async () => {
    const html = Buffer.from('<html>login page</html>');
    repo.file('/html/index.yaml', indexYaml([{ name: 'higress', version: '2.2.4', url: 'higress-2.2.4.tgz', digest: sha(html) }]));
    repo.file('/html/higress-2.2.4.tgz', html);
    const err = await failureOf(fetchCharts(`${repo.base}/html`, [{ name: 'higress', version: '2.2.4' }], dir.path));
    expect(err.code).toBe('CHART_NOT_A_PACKAGE');
    expect(readdirSync(dir.path)).toEqual([]);
  });

  it('refuses a package that is another chart than the index entry says, though its digest matches', async () => {
    const other = charts['higress-core'] as Buffer;
    repo.file('/swapped/index.yaml', indexYaml([{ name: 'higress', version: '2.2.4', url: 'higress-2.2.4.tgz', digest: sha(other) }]));
    repo.file('/swapped/higress-2.2.4.tgz', other);
    const err = await failureOf(fetchCharts(`${repo.base}/swapped`, [{ name: 'higress', version: '2.2.4' }], dir.path));
    expect(err.code).toBe('CHART_CONTENT_MISMATCH');
    expect(err.details).toMatchObject({ chart: 'higress', found: 'higress-core 2.2.4' });
    expect(readdirSync(dir.path)).toEqual([]);
  });

  it('fetches the charts a release publishes (higress, higress-console, higress-core) from a given repository', async () => {
    serveGood();
    const got = await fetchReleaseCharts('2.2.4', dir.path, { repo: `${repo.base}/charts/` });
    expect(got.map((c) => `${c.name}-${c.version}`)).toEqual(['higress-2.2.4', 'higress-console-2.2.4', 'higress-core-2.2.4']);
    const missing = await failureOf(fetchReleaseCharts('2.2.3', dir.path, { repo: `${repo.base}/charts/` }));
    // the repository lists higress 2.2.3 but not the console chart of 2.2.3
    expect(missing.details).toMatchObject({ chart: 'higress-console', version: '2.2.3', official: 'https://higress.io/helm-charts/' });
  });

  it('normalises the repository URL to its folder', () => {
    expect(normaliseRepoUrl('https://higress.io/helm-charts')).toBe('https://higress.io/helm-charts/');
    expect(normaliseRepoUrl('https://higress.io/helm-charts/index.yaml?x=1#y')).toBe('https://higress.io/helm-charts/');
  });

  it('any index text either parses or is refused as CHART_INDEX_INVALID, never anything else', () => {
    const yamlish = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify({ apiVersion: 'v1', entries: v })),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.array(fc.record({ version: fc.oneof(fc.string(), fc.integer()), digest: fc.string(), urls: fc.array(fc.string()) }, { requiredKeys: [] }), { maxLength: 3 })).map((entries) => JSON.stringify({ apiVersion: 'v1', entries })),
    );
    fc.assert(
      fc.property(yamlish, (text) => {
        try {
          const index = parseChartIndex(text, 'http://127.0.0.1/r/', 'http://127.0.0.1/r/index.yaml');
          for (const list of index.entries.values()) for (const e of list) expect(e.digest === undefined || /^[0-9a-f]{64}$/.test(e.digest)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
          expect((e as AppError).code).toBe('CHART_INDEX_INVALID');
        }
      }),
      { numRuns: 300 },
    );
  });
});
