#!/usr/bin/env node
// Prints jest's totals as one plain closing line ("tests: N passed, N failed, N skipped").
const fs = require('node:fs');
const file = process.argv[2];
if (!file || !fs.existsSync(file)) {
  console.log('tests: 0 passed, 1 failed (no jest results file was written)');
  process.exit(1);
}
const r = JSON.parse(fs.readFileSync(file, 'utf8'));
const skipped = r.numPendingTests + r.numTodoTests;
console.log(`suites: ${r.numPassedTestSuites} passed, ${r.numFailedTestSuites} failed`);
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
