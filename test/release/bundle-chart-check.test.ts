import { describe, expect, it } from 'vitest';
import { chartIssues } from '../../shared/release/chart-check';

const SHA = 'a'.repeat(64);
const chart = { name: 'higress', version: '2.2.4', path: 'charts/higress-2.2.4.tgz', digest: `sha256:${SHA}`, size: 100, source: 'http://127.0.0.1/charts/higress-2.2.4.tgz' };
const file = { path: chart.path, size: 100, md5: 'b'.repeat(32), sha256: SHA };
const entries = (list: Array<[string, number]>) => new Map(list.map(([name, size]) => [name, { type: 'file', size }]));

describe('bundle.json charts against the bundle', () => {
  it('accepts a chart that is a listed file with its own digest and size; an old bundle without charts has nothing to check', () => {
    expect(chartIssues({ charts: [chart], files: [file] }, entries([[chart.path, 100]]))).toEqual([]);
    expect(chartIssues({ files: [] }, entries([]))).toEqual([]);
  });

  it('names a missing chart, a size or digest that differs, a stray file under charts/ and a chart listed twice', () => {
    const codes = (m: Parameters<typeof chartIssues>[0], e: Parameters<typeof chartIssues>[1]) => chartIssues(m, e).map((i) => [i.code, i.details.field ?? i.details.path]);
    expect(codes({ charts: [chart], files: [file] }, entries([]))).toEqual([['BUNDLE_CHART_MISSING', chart.path]]);
    expect(codes({ charts: [chart], files: [] }, entries([[chart.path, 100]]))).toEqual([['BUNDLE_CHART_MISSING', chart.path]]);
    expect(codes({ charts: [chart], files: [{ ...file, sha256: 'c'.repeat(64) }] }, entries([[chart.path, 99]]))).toEqual([['BUNDLE_CHART_MISMATCH', 'size'], ['BUNDLE_CHART_MISMATCH', 'sha256']]);
    expect(codes({ charts: [chart, chart], files: [file] }, entries([[chart.path, 100], ['charts/extra.tgz', 5]]))).toEqual([['BUNDLE_CHART_DUPLICATE', chart.path], ['BUNDLE_CHART_UNDECLARED', 'charts/extra.tgz']]);
  });
});
