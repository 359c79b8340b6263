/**
 * Experiments (issue 8: "where a target is missed … fix what the profile shows, and record
 * before/after"): a proposed fix is written as exact text replacements in our sources and applied
 * IN MEMORY as the files load (a wrapper around scripts/ts-register.js's `.ts` hook, compiling
 * with the same SWC options), in the measured process only. Nothing under apps/, libs/ or
 * projections/ is changed on disk; the patch text is the precise description of the fix.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../harness/child';

export interface SourcePatch {
  /** Repository-relative path of the .ts file. */
  readonly file: string;
  readonly find: string;
  readonly replace: string;
}

type Compile = (module: { _compile(code: string, filename: string): void }, filename: string) => void;

export function installSourcePatches(patches: readonly SourcePatch[]): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const swc = require('@swc/core') as typeof import('@swc/core');
  const extensions = require.extensions as unknown as Record<string, Compile>;
  const original = extensions['.ts'];
  if (!original) throw new Error('source patches need scripts/ts-register.js loaded first');
  const byFile = new Map<string, SourcePatch[]>();
  for (const patch of patches) {
    const file = join(REPO_ROOT, patch.file);
    byFile.set(file, [...(byFile.get(file) ?? []), patch]);
  }
  const applied = new Set<SourcePatch>();
  extensions['.ts'] = (module, filename) => {
    const mine = byFile.get(filename);
    if (!mine) return original(module, filename);
    let source = readFileSync(filename, 'utf8');
    for (const patch of mine) {
      const at = source.indexOf(patch.find);
      if (at < 0 || source.indexOf(patch.find, at + 1) >= 0) {
        throw new Error(`source patch for ${patch.file}: the text to replace is ${at < 0 ? 'not found' : 'not unique'}: ${patch.find.slice(0, 80)}`);
      }
      source = source.slice(0, at) + patch.replace + source.slice(at + patch.find.length);
      applied.add(patch);
    }
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
  process.on('exit', () => {
    const unused = patches.filter((p) => !applied.has(p));
    if (unused.length > 0) process.stderr.write(`source patches never applied (file not loaded): ${unused.map((p) => p.file).join(', ')}\n`);
  });
}
