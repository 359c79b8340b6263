'use strict';
// Loads an app entry: dist/<entry>.js when built and newer than every source, else <entry>.ts via SWC.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function newestSourceMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function runEntry(entry) {
  const compiled = path.join(root, 'dist', `${entry}.js`);
  const fresh =
    fs.existsSync(compiled) &&
    fs.statSync(compiled).mtimeMs >= Math.max(...['apps', 'libs', 'projections'].map((d) => newestSourceMtime(path.join(root, d))));
  if (fresh) {
    require(compiled);
  } else {
    require('./ts-register');
    require(path.join(root, `${entry}.ts`));
  }
}

module.exports = { runEntry };
