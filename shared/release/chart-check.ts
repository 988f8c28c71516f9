import type { BundleFile, BundleManifest } from '../model/bundle-manifest';

/**
 * bundle.json `charts` against the bundle (run by every open and by verify, from
 * shared/bundle/cross-check.ts): each chart is a file of the bundle, listed in `files` (so the SUMS
 * files and verify hash it) with the chart's own SHA-256 and size, and nothing else lies under
 * `charts/`. Pure: reads the entry list and bundle.json only.
 */
export interface ChartIssue {
  readonly code: string;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

export function chartIssues(m: Pick<BundleManifest, 'charts' | 'files'>, entries: ReadonlyMap<string, { readonly type: string; readonly size: number }>): ChartIssue[] {
  const issues: ChartIssue[] = [];
  const files = new Map<string, BundleFile>(m.files.map((f) => [f.path, f]));
  const declared = new Set<string>();
  for (const c of m.charts ?? []) {
    if (declared.has(c.path)) issues.push({ code: 'BUNDLE_CHART_DUPLICATE', message: `bundle.json lists ${c.path} twice among its charts`, details: { path: c.path } });
    declared.add(c.path);
    const base = { chart: c.name, version: c.version, path: c.path };
    const e = entries.get(c.path);
    const f = files.get(c.path);
    if (!e || e.type !== 'file' || !f) {
      issues.push({ code: 'BUNDLE_CHART_MISSING', message: `bundle.json lists chart ${c.name} ${c.version} at ${c.path}, which is not in the bundle`, details: base });
      continue;
    }
    const mismatch = (field: string, actual: string | number, expected: string | number) =>
      issues.push({ code: 'BUNDLE_CHART_MISMATCH', message: `${c.path} does not match bundle.json chart ${c.name} ${c.version}: ${field} is ${actual}, bundle.json says ${expected}`, details: { ...base, field, actual, expected } });
    if (e.size !== c.size) mismatch('size', e.size, c.size);
    if (`sha256:${f.sha256}` !== c.digest) mismatch('sha256', `sha256:${f.sha256}`, c.digest);
  }
  for (const [name, e] of entries) {
    if (e.type === 'file' && name.startsWith('charts/') && !declared.has(name)) issues.push({ code: 'BUNDLE_CHART_UNDECLARED', message: `${name} is under charts/, but bundle.json lists no chart there`, details: { path: name } });
  }
  return issues;
}
