// Runs the B3/B4 harness spec, which sits under bench/ (outside the root jest testMatch):
//   npx jest --config bench/src/b3/jest.b34.config.js
'use strict';
const path = require('node:path');
const root = require('../../../jest.config.js');
const integration = root.projects.find((p) => p.displayName === 'integration');
module.exports = {
  ...integration,
  displayName: 'bench-b34',
  rootDir: path.resolve(__dirname, '../../..'),
  testMatch: ['<rootDir>/bench/src/b3/**/*.spec.ts'],
};
