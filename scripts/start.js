#!/usr/bin/env node
// `npm start`: the API with the projector in-process on the embedded store (DATA_DIR, default ./data).
// Runs the compiled build when it is up to date (`npm run build`), else the TypeScript sources via SWC.
'use strict';
const path = require('node:path');
const { runEntry } = require('./entry');
runEntry(path.join('apps', 'api', 'src', 'main'));
