#!/usr/bin/env node
// `npm run bench` (issue 8, ADR 0007). Benchmark-only dependencies (emmett-sqlite and its native
// sqlite3, autocannon) live in bench/package.json with their own lockfile, never in the root
// package.json: they are installed here on first use. Our code runs from source through
// scripts/ts-register.js (SWC require hook with the @ledger/* aliases), not from dist/.
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const benchDir = __dirname;
const marker = path.join(benchDir, 'node_modules', '@event-driven-io', 'emmett-sqlite', 'package.json');
const reportOnly = process.argv.includes('--report-only');
if (!reportOnly && !existsSync(marker)) {
  process.stderr.write(
    'bench: installing the benchmark-only dependencies into bench/node_modules (npm ci --prefix bench);\n' +
      '       this builds the native sqlite3 module that emmett-sqlite uses and takes a few minutes, once.\n',
  );
  execFileSync('npm', ['ci', '--prefix', benchDir, '--no-audit', '--no-fund'], { stdio: 'inherit' });
}
require(path.join(benchDir, '..', 'scripts', 'ts-register.js'));
require(path.join(benchDir, 'src', 'main.ts'));
