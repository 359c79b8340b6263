import type { StatementIssued } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { ProgramLedger } from '../statements/testing/program-ledger';
import { auditProjection, type AuditIndexDoc } from './audit.projection';
import { explainLine } from './explain-line';
import { recomputeStatement } from './recompute-statement';
import { foldProjection } from './replay-projection';
import { verifyStatement } from './verify-statement';

/** Premier partner with a bonus, a collection in Q1, a clawback in Q2. */
function scenario() {
  const l = new ProgramLedger();
  l.enroll('p-1', 'premier');
  l.win('acme', 'p-1');
  l.grantBonus('p-1', '2026-Q1', { at: '2026-01-05T15:00:00Z' });
  const [collected] = l.collect('pay-1', 'acme', 5_000_000, { at: '2026-02-10T15:00:00Z' });
  const [q1Issued] = l.closeAndIssue('2026-Q1', { at: '2026-04-02T14:00:00Z' });
  const [refunded] = l.refund('pay-1', 'r-1', 1_000_000, { at: '2026-05-01T15:00:00Z' });
  l.collect('pay-2', 'acme', 100_000, { at: '2026-05-02T15:00:00Z' });
  const [q2Issued] = l.closeAndIssue('2026-Q2', { at: '2026-07-02T14:00:00Z' });
  return { l, collected: collected!, refunded: refunded!, q1Issued: q1Issued!, q2Issued: q2Issued! };
}
const issuedData = (e: RecordedEvent) => e.data as unknown as StatementIssued['data'];
const byId = (events: readonly RecordedEvent[]) => {
  const index = new Map(events.map((e) => [e.id, e]));
  return (id: string) => index.get(id);
};

describe('audit index (A-2)', () => {
  it('A-2: for an event id, lists the issued lines it produced — a collection, and the clawback that reverses it', () => {
    const { l, collected, refunded, q1Issued } = scenario();
    const docs = foldProjection(auditProjection, l.events);
    expect(docs.get(`event:${collected.id}`)).toEqual<AuditIndexDoc>({
      kind: 'event-lines',
      eventId: collected.id,
      lines: [
        { partnerId: 'p-1', quarter: '2026-Q1', statementId: 'statement-p-1-2026-Q1', lineId: collected.id, role: 'primary' },
        { partnerId: 'p-1', quarter: '2026-Q2', statementId: 'statement-p-1-2026-Q2', lineId: refunded.id, role: 'related' },
      ],
    });
    expect(docs.get(`event:${refunded.id}`)!.lines).toEqual([expect.objectContaining({ quarter: '2026-Q2', lineId: refunded.id, role: 'primary' })]);
    expect(docs.get(`event:${q1Issued.id}`)).toBeUndefined(); // Q1 paid out in full: nothing carried from it
  });

  it('S-2: a carried balance is indexed under the statement it was carried from', () => {
    const l = new ProgramLedger();
    l.enroll('p-ref', 'referral');
    l.win('acme', 'p-ref');
    l.collect('pay-1', 'acme', 99_990, { at: '2026-02-10T15:00:00Z' });
    const [q1] = l.closeAndIssue('2026-Q1', { at: '2026-04-02T14:00:00Z' });
    l.collect('pay-2', 'acme', 1_000, { at: '2026-05-10T15:00:00Z' });
    l.closeAndIssue('2026-Q2', { at: '2026-07-02T14:00:00Z' });
    const docs = foldProjection(auditProjection, l.events);
    expect(docs.get(`event:${q1!.id}`)!.lines).toEqual([
      { partnerId: 'p-ref', quarter: '2026-Q2', statementId: 'statement-p-ref-2026-Q2', lineId: 'p-ref:2026-Q2:carry-forward-in', role: 'primary' },
    ]);
  });

  it('is idempotent: applying the same StatementIssued twice adds nothing', () => {
    const { l, q1Issued } = scenario();
    const docs = foldProjection(auditProjection, l.events);
    const before = JSON.stringify([...docs]);
    foldProjection(auditProjection, [q1Issued], docs);
    expect(JSON.stringify([...docs])).toBe(before);
  });
});

describe('explainLine (A-2)', () => {
  it('A-2: traces a line to the collection, the deal that made it eligible, the tier, the bonus and the terms', () => {
    const { l, q1Issued } = scenario();
    const line = issuedData(q1Issued).lines[0]!;
    const explanation = explainLine(line, byId(l.events));
    expect(explanation.steps.map((s) => s.role)).toEqual(['collection', 'registration', 'approval', 'closed-won', 'tier', 'bonus', 'terms']);
    expect(explanation).toMatchObject({ rateBp: 3500, ruleIds: ['R-2', 'R-3', 'P-3'], termsVersion: '2024.1', shareRecomputes: true, complete: true, problems: [] });
    expect(explanation.recomputedShare).toEqual({ amountMinor: '1750000', currency: 'USD' });
    expect(explanation.steps[0]!.summary).toBe('USD 50,000.00 collected on payment pay-1 at 2026-02-10T15:00:00Z');
    // who recorded each step, under which command, and both times (T-3)
    expect(explanation.steps[0]!.recorded).toEqual({
      actor: 'test',
      commandId: expect.stringMatching(/^cmd-/),
      correlationId: expect.stringMatching(/^corr-/),
      causationId: expect.stringMatching(/^corr-/),
      occurredAt: '2026-02-10T15:00:00Z',
      recordedAt: '2026-02-10T15:00:00Z',
    });
  });

  it('A-2: a clawback line cites the refund and the original collection (R-8)', () => {
    const { l, q2Issued } = scenario();
    const clawback = issuedData(q2Issued).lines.find((x) => x.kind === 'clawback')!;
    expect(explainLine(clawback, byId(l.events)).steps.map((s) => s.role).slice(0, 2)).toEqual(['refund', 'collection']);
  });

  it('A-2: reports a cited event missing from the log, or recorded differently, and a share that does not recompute', () => {
    const { l, q1Issued, collected } = scenario();
    const line = issuedData(q1Issued).lines[0]!;
    const lookup = byId(l.events.filter((e) => e.type !== 'DealRegistered'));
    const missing = explainLine(line, lookup);
    expect(missing.complete).toBe(false);
    expect(missing.steps.find((s) => s.role === 'registration')).toMatchObject({ event: null, consistent: false });
    const moved = explainLine(line, (id) => (id === collected.id ? { ...collected, position: 999n } : byId(l.events)(id)));
    expect(moved.problems).toEqual([collected.id]);
    const tampered = explainLine({ ...line, share: { amountMinor: '1750001', currency: 'USD' } }, byId(l.events));
    expect(tampered).toMatchObject({ shareRecomputes: false, complete: false });
  });
});

describe('verifyStatement (A-2, S-3, S-7)', () => {
  it('S-7: every issued statement recomputes from the log to the same lines, totals and seal', () => {
    const { l } = scenario();
    const issued = l.events.filter((e) => e.type === 'StatementIssued');
    expect(issued).toHaveLength(2);
    for (const event of issued) {
      const verification = verifyStatement(issuedData(event), recomputeStatement(l.events, event));
      expect(verification).toEqual({ ok: true, sealValid: true, differences: [] });
    }
  });

  it('S-3: detects a changed line, a changed total and a broken seal', () => {
    const { l, q2Issued } = scenario();
    const data = issuedData(q2Issued);
    const recomputed = recomputeStatement(l.events, q2Issued);
    const tampered: StatementIssued['data'] = {
      ...data,
      lines: data.lines.map((x, i) => (i === 0 ? { ...x, rateBp: x.rateBp + 1 } : x)),
      totals: { ...data.totals, payable: { amountMinor: '1', currency: 'USD' } },
    };
    const result = verifyStatement(tampered, recomputed);
    expect(result.ok).toBe(false);
    expect(result.sealValid).toBe(false);
    expect(result.differences).toEqual([
      'seal: does not match the statement content (S-3)',
      `line ${data.lines[0]!.lineId}: differs from the recomputation`,
      `totals.payable: issued 1, recomputed ${data.totals.payable.amountMinor}`,
    ]);
  });
});
