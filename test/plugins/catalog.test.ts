import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogReleaseSchema, getCatalogPlugin, getRelease, RELEASES } from '../../shared/catalog/catalog';

// The reference table (higress-facts.md §3.4): plugin key | repo:tag | manifest digest.
function referenceTable(): Array<{ name: string; repository: string; tag: string; digest: string }> {
  const text = readFileSync('../shared/reference/higress-facts.md', 'utf8');
  const section = text.slice(text.indexOf('### 3.4'), text.indexOf('Phase and priority per plugin'));
  const rows = [...section.matchAll(/^\| ([a-z0-9-]+) \| ([a-z0-9/-]+):([0-9.]+) \| (sha256:[a-f0-9]{64}) \|$/gm)];
  return rows.map((m) => ({ name: m[1]!, repository: m[2]!, tag: m[3]!, digest: m[4]! }));
}

function phaseTable(): Array<{ name: string; phase: string; priority: number }> {
  const text = readFileSync('../shared/reference/higress-facts.md', 'utf8');
  const section = text.slice(text.indexOf('Phase and priority per plugin'), text.indexOf('## 4.'));
  return [...section.matchAll(/^\| ([a-z0-9-]+) \| (default|AUTHN|AUTHZ|STATS) \| (\d+) \|$/gm)].map((m) => ({ name: m[1]!, phase: m[2]!, priority: Number(m[3]) }));
}

describe('plugin catalog', () => {
  it('every release passes the catalog schema', () => {
    for (const r of RELEASES) {
      const parsed = catalogReleaseSchema.safeParse(r);
      expect(parsed.success, `${r.release}: ${parsed.error?.issues[0]?.message}`).toBe(true);
    }
  });

  it('the schema refuses latest, duplicates and bad digests', () => {
    const r = getRelease('2.2.4');
    const first = r.plugins[0]!;
    expect(catalogReleaseSchema.safeParse({ ...r, plugins: [{ ...first, tag: 'latest' }] }).success).toBe(false);
    expect(catalogReleaseSchema.safeParse({ ...r, plugins: [first, first] }).success).toBe(false);
    expect(catalogReleaseSchema.safeParse({ ...r, plugins: [{ ...first, digest: 'sha256:abc' }] }).success).toBe(false);
  });

  it('2.2.4 holds every plugin of the reference table with its pinned digest', () => {
    const table = referenceTable();
    expect(table.length).toBeGreaterThanOrEqual(43);
    const r = getRelease('2.2.4');
    for (const row of table) {
      const p = getCatalogPlugin(r, row.name);
      expect({ name: p.name, repository: p.repository, tag: p.tag, digest: p.digest }).toEqual(row);
      expect(p.servedVersions).toEqual([row.tag]);
    }
    expect(r.pluginServer).toEqual({ repository: 'higress/plugin-server', tag: '2.2.4', digest: 'sha256:05a3e3615434befdb89928e491a8833255733c099dd24faefe82fea4d63165bb' });
  });

  it('phase and priority follow the Console spec.yaml table (default → UNSPECIFIED_PHASE)', () => {
    for (const row of phaseTable()) {
      const p = getCatalogPlugin(getRelease('2.2.4'), row.name);
      expect(p.phase, row.name).toBe(row.phase === 'default' ? 'UNSPECIFIED_PHASE' : row.phase);
      expect(p.priority, row.name).toBe(row.priority);
    }
  });

  it('the 2.1.x–2.2.3 line: 43 plugins at 2.0.0 served as 1.0.0 and 2.0.0, with the repository quirks', () => {
    for (const release of ['2.2.3', '2.2.2', '2.2.1', '2.2.0', '2.1.9']) {
      const r = getRelease(release);
      expect(r.plugins).toHaveLength(43);
      expect(r.consoleVersion).toBe('spec-1.0.0');
      for (const p of r.plugins) {
        expect(p.tag).toBe('2.0.0');
        expect(p.servedVersions).toEqual(['1.0.0', '2.0.0']);
        expect(p.digest).toBeUndefined();
      }
      expect(getCatalogPlugin(r, 'json-converter').repository).toBe('plugins/jsonrpc-converter');
    }
    expect(getCatalogPlugin(getRelease('2.2.3'), 'mcp-server').repository).toBe('plugins/mcp-server');
    expect(getCatalogPlugin(getRelease('2.2.0'), 'mcp-server').repository).toBe('mcp-server/all-in-one');
    expect(getRelease('2.2.0').pluginServer.tag).toBe('1.0.0');
    expect(getRelease('2.2.1').helmHubIncludesHigress).toBe(true);
    expect(getRelease('2.2.0').helmHubIncludesHigress).toBe(false);
  });

  it('unknown releases and plugins are refused with suggestions', () => {
    expect(() => getRelease('9.9.9')).toThrow(/Unknown Higress release "9.9.9"/);
    expect(() => getCatalogPlugin(getRelease('2.2.4'), 'key-aut')).toThrow(/not in the Higress 2.2.4 catalog/);
    try {
      getCatalogPlugin(getRelease('2.2.4'), 'key-aut');
    } catch (e) {
      expect((e as { hint?: string }).hint).toContain('key-auth');
    }
    expect(getRelease('v2.2.4').release).toBe('2.2.4');
  });
});
