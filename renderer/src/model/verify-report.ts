import type { ResultOf } from '../../../shared/ipc/contract';

export type VerifyReport = ResultOf<'bundle:verify'>;
export type FileCheck = VerifyReport['files'][number];

export type FileFilter = 'problems-first' | 'problems-only' | 'bundle-order';

/** The per-file table: damaged, missing and unexpected files first (in bundle order among themselves). */
export function filterFiles(files: readonly FileCheck[], filter: FileFilter): FileCheck[] {
  if (filter === 'bundle-order') return [...files];
  const bad = files.filter((f) => f.status !== 'ok');
  return filter === 'problems-only' ? bad : [...bad, ...files.filter((f) => f.status === 'ok')];
}

export function problemCount(report: VerifyReport): number {
  return report.files.filter((f) => f.status !== 'ok').length + report.volumes.filter((v) => v.status === 'mismatch').length + report.problems.length;
}

/** The exported report: the engine's own report plus when and what it was made with. */
export function reportJson(report: VerifyReport, exportedAt: Date, appName: string): string {
  return `${JSON.stringify({ exportedAt: exportedAt.toISOString(), exportedBy: appName, ...report }, null, 2)}\n`;
}

export function reportFileName(bundlePath: string): string {
  const name = bundlePath.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || 'bundle';
  return `${name.replace(/\.\d{3}$/, '')}.verify.json`;
}
