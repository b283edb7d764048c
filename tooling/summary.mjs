#!/usr/bin/env node
// Adds up the vitest JSON results that every workspace package wrote during `turbo run test`
// and prints one closing line: "N passed, N failed, N skipped".
// A package with a test script but no fresh result file (its run crashed before reporting)
// counts as one failure, so a broken package can never look green.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const started = Number(process.argv[2] ?? 0);
const turboStatus = Number(process.argv[3] ?? 0);

let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];
for (const group of ['packages', 'apps', 'tooling', 'bench']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  const entries = group === 'bench' || group === 'tooling' ? ['.'] : readdirSync(dir);
  for (const name of entries) {
    const pkgDir = join(dir, name);
    const pkgJson = join(pkgDir, 'package.json');
    if (!existsSync(pkgJson)) continue;
    const pkg = JSON.parse(readFileSync(pkgJson, 'utf8'));
    if (!pkg.scripts?.test) continue;
    const resultFile = join(pkgDir, '.test-results.json');
    // turbo may replay a cached run: its restored file is older than `started` but valid.
    if (!existsSync(resultFile) || (statSync(resultFile).mtimeMs < started && turboStatus !== 0)) {
      failed += 1;
      problems.push(`${pkg.name}: no test results (the test run crashed or did not start)`);
      continue;
    }
    const r = JSON.parse(readFileSync(resultFile, 'utf8'));
    passed += r.numPassedTests ?? 0;
    failed += r.numFailedTests ?? 0;
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    // Files that failed to load report no tests but a failed suite.
    const brokenFiles = (r.testResults ?? []).filter(
      (f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0,
    );
    for (const f of brokenFiles) {
      failed += 1;
      problems.push(`${pkg.name}: ${f.name} failed to run: ${(f.message ?? '').split('\n')[0]}`);
    }
  }
}
for (const p of problems) console.log(`! ${p}`);
if (turboStatus !== 0 && failed === 0) {
  failed += 1;
  console.log('! turbo reported a failing task (build or test) without a failing test');
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
