// Prints "<passed> <failed>" from vitest's JSON report: `node vitest-summary.mjs <report.json> [<vitest exit code>]`.
// A file that failed outside any test (an import error, a failing beforeAll) counts as one failure, so
// it cannot pass unnoticed; so does a run with no report, no test files, or a non-zero vitest exit with
// no failed test (an unhandled error, a crashed worker).
import { readFileSync } from 'node:fs';

const exitCode = process.argv[3] === undefined ? 0 : Number(process.argv[3]);
let report;
try {
  report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
} catch {
  console.log('0 1');
  process.exit(0);
}
let passed = 0;
let failed = 0;
for (const file of report.testResults ?? []) {
  const results = file.assertionResults ?? [];
  const filePassed = results.filter((t) => t.status === 'passed').length;
  const fileFailed = results.filter((t) => t.status === 'failed').length;
  passed += filePassed;
  failed += fileFailed;
  if (file.status === 'failed' && fileFailed === 0) failed += 1;
}
if (!report.testResults?.length) failed += 1;
if (failed === 0 && exitCode !== 0) failed = 1;
console.log(`${passed} ${failed}`);
