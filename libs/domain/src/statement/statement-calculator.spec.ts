import fc from 'fast-check';
import { DEFAULT_PROGRAM_TERMS } from '../program-terms/default-program-terms';
import { DomainError } from '../shared/domain-error';
import { minorUnits, money, shareOf } from '../shared/money';
import { calculateStatement, statementTotalsOf, type StatementCalculationInput } from './statement-calculator';
import type { SourceRef, StatementLine, StatementLineKind } from './statement.events';

const usd = (minor: bigint | number | string) => ({ amountMinor: String(minor), currency: 'USD' });
const ref = (eventId: string, position: number, type = 'RevenueCollected'): SourceRef => ({
  eventId,
  type,
  streamName: `payment-${eventId}`,
  revision: '0',
  position: String(position),
});
function fact(
  lineId: string,
  amountMinor: bigint,
  rateBp: number,
  opts: { kind?: StatementLineKind; category?: 'licenses' | 'services'; occurredOn?: string; position?: number } = {},
): StatementLine {
  return {
    lineId,
    kind: opts.kind ?? 'collection',
    category: opts.category ?? 'licenses',
    description: 'test line',
    amount: usd(amountMinor),
    rateBp,
    share: usd(minorUnits(shareOf(money(amountMinor, 'USD'), rateBp))),
    ruleIds: ['R-2'],
    termsVersion: '2024.1',
    sources: [ref(lineId, opts.position ?? 1)],
    occurredOn: opts.occurredOn ?? '2026-02-01',
  };
}
const input = (overrides: Partial<StatementCalculationInput> = {}): StatementCalculationInput => ({
  partnerId: 'p-1',
  quarter: '2026-Q1',
  currency: 'USD',
  lines: [],
  carryIn: { amount: usd(0), sources: [] },
  heldIn: { amount: usd(0), sources: [] },
  taxForm: { onFile: true, sources: [ref('w9', 1, 'PartnerTaxFormRecorded')] },
  terms: DEFAULT_PROGRAM_TERMS,
  ...overrides,
});
const kinds = (lines: readonly StatementLine[]) => lines.map((l) => l.kind);

describe('statement calculator: worked examples', () => {
  it('S-2: a quarter totalling $99.99 pays nothing and carries the whole balance', () => {
    const s = calculateStatement(input({ lines: [fact('a', 99_990n, 1000)] })); // $999.90 × 10% = $99.99
    expect(kinds(s.lines)).toEqual(['collection', 'carry-forward-out']);
    expect(s.totals).toMatchObject({ earned: usd(9999), balance: usd(9999), payable: usd(0), carriedOut: usd(9999), held: usd(0) });
    expect(s.lines[1]).toMatchObject({ lineId: 'p-1:2026-Q1:carry-forward-out', share: usd(-9999), ruleIds: ['S-2'], occurredOn: '2026-03-31' });
  });

  it('S-2: the carried $99.99 rolls into the next quarter and is paid with it', () => {
    const s = calculateStatement(
      input({ quarter: '2026-Q2', lines: [fact('b', 10_000n, 1000, { occurredOn: '2026-04-02' })], carryIn: { amount: usd(9999), sources: [ref('prev', 9, 'StatementIssued')] } }),
    );
    expect(kinds(s.lines)).toEqual(['carry-forward-in', 'collection']);
    expect(s.lines[0]).toMatchObject({ share: usd(9999), sources: [ref('prev', 9, 'StatementIssued')], ruleIds: ['S-2'], occurredOn: '2026-04-01' });
    expect(s.totals).toMatchObject({ earned: usd(1000), carriedIn: usd(9999), balance: usd(10999), payable: usd(10999), carriedOut: usd(0) });
  });

  it('S-2: exactly $100.00 is paid', () => {
    const s = calculateStatement(input({ lines: [fact('a', 100_000n, 1000)] }));
    expect(s.totals.payable).toEqual(usd(10000));
    expect(kinds(s.lines)).toEqual(['collection']);
  });

  it('S-2: a negative balance (clawback larger than earnings) carries forward and offsets later earnings', () => {
    const q1 = calculateStatement(
      input({ lines: [fact('c', 100_000n, 2000), fact('claw', -500_000n, 3000, { kind: 'clawback', position: 2 })] }),
    );
    expect(q1.totals).toMatchObject({ earned: usd(-130000), payable: usd(0), carriedOut: usd(-130000) });
    expect(q1.lines.at(-1)).toMatchObject({ kind: 'carry-forward-out', share: usd(130000) });
    const q2 = calculateStatement(input({ quarter: '2026-Q2', lines: [fact('d', 1_000_000n, 3000, { occurredOn: '2026-05-01' })], carryIn: { amount: usd(-130000), sources: [] } }));
    expect(q2.totals).toMatchObject({ earned: usd(300000), carriedIn: usd(-130000), balance: usd(170000), payable: usd(170000) });
  });

  it('S-5: without a tax form the payable amount is held (still owed), then released once the form is on file', () => {
    const noForm = { onFile: false, sources: [ref('enrolled', 1, 'PartnerEnrolled')] };
    const q1 = calculateStatement(input({ lines: [fact('a', 1_000_000n, 3000)], taxForm: noForm }));
    expect(kinds(q1.lines)).toEqual(['collection', 'tax-hold']);
    expect(q1.totals).toMatchObject({ balance: usd(300000), payable: usd(0), held: usd(300000), carriedOut: usd(0) });
    expect(q1.lines[1]).toMatchObject({ share: usd(-300000), ruleIds: ['S-5'], sources: noForm.sources });

    const q2 = calculateStatement(
      input({
        quarter: '2026-Q2',
        lines: [fact('b', 100_000n, 3000, { occurredOn: '2026-04-10' })],
        heldIn: { amount: usd(300000), sources: [ref('q1-issued', 20, 'StatementIssued')] },
        taxForm: { onFile: true, sources: [ref('w9', 30, 'PartnerTaxFormRecorded')] },
      }),
    );
    expect(kinds(q2.lines)).toEqual(['collection', 'tax-hold-release']);
    expect(q2.lines[1]).toMatchObject({ share: usd(300000), sources: [ref('w9', 30, 'PartnerTaxFormRecorded'), ref('q1-issued', 20, 'StatementIssued')] });
    expect(q2.totals).toMatchObject({ earned: usd(30000), released: usd(300000), balance: usd(330000), payable: usd(330000), held: usd(0) });
  });

  it('S-5: while the form is still missing, earlier held amounts stay held outside the statement', () => {
    const s = calculateStatement(
      input({ lines: [fact('a', 1_000_000n, 3000)], heldIn: { amount: usd(300000), sources: [] }, taxForm: { onFile: false, sources: [] } }),
    );
    expect(kinds(s.lines)).toEqual(['collection', 'tax-hold']);
    expect(s.totals).toMatchObject({ released: usd(0), held: usd(300000), payable: usd(0) });
  });

  it('S-2 before S-5: a balance below the minimum is carried, not held', () => {
    const s = calculateStatement(input({ lines: [fact('a', 10_000n, 3000)], taxForm: { onFile: false, sources: [] } }));
    expect(kinds(s.lines)).toEqual(['collection', 'carry-forward-out']);
    expect(s.totals).toMatchObject({ held: usd(0), carriedOut: usd(3000) });
  });

  it('R-5: memo lines add to memo revenue, not to services revenue, and pay nothing', () => {
    const s = calculateStatement(
      input({ lines: [fact('m', 2_000_000n, 0, { kind: 'memo', category: 'services' }), fact('s', 2_000_000n, 2000, { kind: 'collection', category: 'services', position: 2 })] }),
    );
    expect(s.totals).toMatchObject({ memoRevenue: usd(2_000_000), servicesRevenue: usd(2_000_000), servicesShare: usd(400_000), licensesRevenue: usd(0), payable: usd(400_000) });
  });

  it('orders lines by business date, then source position, then id, whatever the input order', () => {
    const lines = [
      fact('z', 100n, 1000, { occurredOn: '2026-03-01', position: 1 }),
      fact('y', 100n, 1000, { occurredOn: '2026-01-05', position: 7 }),
      fact('x', 100n, 1000, { occurredOn: '2026-01-05', position: 3 }),
    ];
    expect(calculateStatement(input({ lines })).lines.map((l) => l.lineId)).toEqual(['x', 'y', 'z', 'p-1:2026-Q1:carry-forward-out']);
  });

  it('A-2/T-2: refuses a line whose share is not amount × rate half-up, a balance line as input, or another currency', () => {
    const bad = { ...fact('a', 1000n, 3000), share: usd(301) };
    expect(() => calculateStatement(input({ lines: [bad] }))).toThrow(/not amount × 3000 bp half-up \(300\)/);
    expect(() => calculateStatement(input({ lines: [{ ...fact('a', 1000n, 3000), kind: 'tax-hold' }] }))).toThrow(DomainError);
    expect(() => calculateStatement(input({ lines: [{ ...fact('a', 1000n, 3000), amount: { amountMinor: '1000', currency: 'EUR' } }] }))).toThrow(
      /currency mismatch/,
    );
    expect(() => calculateStatement(input({ lines: [fact('a', 1000n, 3000), fact('a', 5n, 10)] }))).toThrow(/duplicate line id/);
  });
});

describe('statement calculator: properties', () => {
  const lineArb = fc.record({
    amount: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
    rateBp: fc.integer({ min: 0, max: 10_000 }),
    kind: fc.constantFrom<StatementLineKind>('collection', 'renewal', 'refund', 'chargeback', 'clawback', 'adjustment', 'memo'),
    category: fc.constantFrom<'licenses' | 'services'>('licenses', 'services'),
    day: fc.integer({ min: 1, max: 28 }),
  });
  const scenario = fc.record({
    lines: fc.array(lineArb, { maxLength: 30 }),
    carryIn: fc.bigInt({ min: -(10n ** 9n), max: 9_999n }),
    heldIn: fc.bigInt({ min: 0n, max: 10n ** 9n }),
    onFile: fc.boolean(),
  });
  type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;
  const build = (s: Scenario) =>
    input({
      lines: s.lines.map((l, i) => fact(`l${i}`, l.amount, l.rateBp, { kind: l.kind, category: l.category, occurredOn: `2026-02-${String(l.day).padStart(2, '0')}`, position: i + 1 })),
      carryIn: { amount: usd(s.carryIn), sources: [] },
      heldIn: { amount: usd(s.heldIn), sources: [] },
      taxForm: { onFile: s.onFile, sources: [] },
    });

  it('T-2/S-2/S-5: the shares of all lines sum to payable, and payable + carriedOut + held = earned + carriedIn + released', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { lines, totals } = calculateStatement(build(s));
        const n = (m: { amountMinor: string }) => BigInt(m.amountMinor);
        expect(lines.reduce((t, l) => t + n(l.share), 0n)).toBe(n(totals.payable));
        expect(n(totals.payable) + n(totals.carriedOut) + n(totals.held)).toBe(n(totals.earned) + n(totals.carriedIn) + n(totals.released));
        expect(n(totals.earned)).toBe(n(totals.licensesShare) + n(totals.servicesShare));
        const payable = n(totals.payable);
        expect(payable === 0n || payable >= 10_000n).toBe(true);
        if (!s.onFile) expect(payable).toBe(0n);
        expect(statementTotalsOf(lines, 'USD')).toEqual(totals);
      }),
    );
  });

  it('T-2: no float in any money value', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { lines, totals } = calculateStatement(build(s));
        const values = [...lines.flatMap((l) => [l.amount, l.share]), ...Object.values(totals)];
        for (const v of values) expect(v.amountMinor).toMatch(/^-?\d+$/);
      }),
    );
  });

  it('S-7: the same lines in any order give the same statement', () => {
    fc.assert(
      fc.property(scenario, fc.integer(), (s, seed) => {
        const ordered = build(s);
        const shuffled = { ...ordered, lines: [...ordered.lines].sort((a, b) => ((hash(a.lineId, seed) - hash(b.lineId, seed)) | 0)) };
        expect(calculateStatement(shuffled)).toEqual(calculateStatement(ordered));
      }),
    );
  });
});

function hash(text: string, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h;
}
