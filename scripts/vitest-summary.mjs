// Prints "<passed> <failed>" from vitest's JSON report. A file that failed outside any test
// (an import error, a failing beforeAll) counts as one failure, so it cannot pass unnoticed.
import { readFileSync } from 'node:fs';

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
console.log(`${passed} ${failed}`);
