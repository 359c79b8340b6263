#!/usr/bin/env node
// Benchmarks B3 (HTTP under load) and B4 (query latency on 1M events) of issue 8:
//   node bench/b34.js [--quick] [--sections b3,b4] [--reps N] [--impl source|dist] [--profile]
// Results: bench/results/b34-<timestamp>.json and bench/results/b34-latest.json; report:
// docs/benchmarks-http-queries.md. See bench/src/b3/b34-main.ts for every option.
// Our code runs from source through scripts/ts-register.js (SWC require hook) unless --impl dist.
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

if (!existsSync(path.join(__dirname, 'node_modules', 'autocannon', 'package.json'))) {
  process.stderr.write('bench/b34: autocannon is missing from bench/node_modules: run `npm ci --prefix bench` first.\n');
  process.exit(1);
}
require(path.join(__dirname, '..', 'scripts', 'ts-register.js'));
require(path.join(__dirname, 'src', 'b3', 'b34-main.ts'));
