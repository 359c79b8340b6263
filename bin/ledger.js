#!/usr/bin/env node
'use strict';
const path = require('node:path');
const { runEntry } = require('../scripts/entry');
runEntry(path.join('apps', 'cli', 'src', 'main'));
