import { createReadStream, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readCsv } from '../csv/csv-reader';
import { IMPORT_KINDS } from './import-kinds';

const ROOT = path.resolve(__dirname, '../../../..');

describe('import kinds', () => {
  const docs = readFileSync(path.join(ROOT, 'docs', 'cli.md'), 'utf8');

  it.each(IMPORT_KINDS.map((k) => [k.name, k] as const))('docs/cli.md documents every column of %s, required ones in bold', (name, kind) => {
    const section = docs.slice(docs.indexOf(`### ${name} —`), docs.indexOf('\n### ', docs.indexOf(`### ${name} —`) + 1));
    expect(section.length).toBeGreaterThan(0);
    for (const column of kind.columns) {
      expect(section).toContain(column.required ? `| **${column.name}** |` : `| ${column.name} |`);
    }
  });

  it.each(IMPORT_KINDS.map((k) => [k.name, k] as const))('docs/examples/%s.csv has exactly the kind’s columns and plans every row', async (name, kind) => {
    const records = [];
    for await (const r of readCsv(createReadStream(path.join(ROOT, 'docs', 'examples', `${name}.csv`), { encoding: 'utf8' }))) records.push(r);
    const [header, ...rows] = records;
    expect(header!.fields).toEqual(kind.columns.map((c) => c.name));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const plan = kind.plan(Object.fromEntries(header!.fields.map((c, i) => [c, row.fields[i]!])));
      expect({ line: row.line, plan: 'violations' in plan ? plan.violations : 'ok' }).toEqual({ line: row.line, plan: 'ok' });
    }
  });

  it('gives each row a command id that is stable for the same content and changes with it', () => {
    const collections = IMPORT_KINDS.find((k) => k.name === 'collections')!;
    const row = { payment_id: 'pay-1', customer_key: 'acme', revenue_kind: 'license', contract_year: '', amount: '10.00', currency: 'USD', collected_at: '2025-03-01T00:00:00Z' };
    const idOf = (r: Record<string, string>) => {
      const plan = collections.plan(r);
      if ('violations' in plan) throw new Error('unexpected violations');
      return plan.steps[0]!.commandId;
    };
    expect(idOf(row)).toBe(idOf({ ...row }));
    expect(idOf(row)).toMatch(/^import:collection:pay-1:[0-9a-f]{12}$/);
    expect(idOf({ ...row, amount: '11.00' })).not.toBe(idOf(row));
  });
});
