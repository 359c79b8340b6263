/**
 * STYLE rule 10: every rule ID of PROGRAM_RULES.md is cited in production code AND in tests,
 * so finance and reviewers can `grep -rw` from a rule to the code that enforces it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const rulesFile = path.resolve(root, '../shared/PROGRAM_RULES.md');

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name.endsWith('.ts')) out.push(full);
  }
  return out;
}

describe('rule coverage (STYLE rule 10)', () => {
  const rules = [...fs.readFileSync(rulesFile, 'utf8').matchAll(/\*\*([A-Z]-\d+)\*\*/g)].map((m) => m[1]!);
  const files = ['apps', 'libs', 'projections', 'test'].flatMap((d) => walk(path.join(root, d)));
  const isTest = (f: string) => f.endsWith('.spec.ts') || f.includes(`${path.sep}test${path.sep}`) || f.includes(`${path.sep}testing${path.sep}`);
  const code = files.filter((f) => !isTest(f)).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  const tests = files.filter(isTest).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  const cited = (text: string, id: string) => new RegExp(`(^|[^A-Za-z0-9-])${id}(?![0-9])`).test(text);

  it('finds the rules', () => {
    expect(rules.length).toBeGreaterThanOrEqual(40);
  });

  it.each(rules.map((r) => [r]))('%s is cited in production code', (id) => {
    expect(cited(code, id)).toBe(true);
  });

  it.each(rules.map((r) => [r]))('%s is cited in a test', (id) => {
    expect(cited(tests, id)).toBe(true);
  });
});
