// Minimal TypeScript require hook (SWC) with the @ledger/* path aliases, for child processes in
// tests, scripts and `npm start` in development. Usage: node -r ./scripts/ts-register.js file.ts
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '..');
const aliases = [
  ['@ledger/domain', 'libs/domain/src'],
  ['@ledger/event-store', 'libs/event-store/src'],
  ['@ledger/application', 'libs/application/src'],
  ['@ledger/projections', 'projections/src'],
];

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolve(request, parent, isMain, options) {
  for (const [alias, target] of aliases) {
    if (request === alias || request.startsWith(`${alias}/`)) {
      request = path.join(root, target, request.slice(alias.length));
      break;
    }
  }
  return originalResolve.call(this, request, parent, isMain, options);
};

require.extensions['.ts'] = function compile(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = swc.transformSync(source, {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
