/**
 * The `ledger` CLI as a user runs it: `node bin/ledger.js …` in a child process, on a temporary
 * DATA_DIR with the embedded store, CI=1 (plain progress lines). Covers the CSV import (refused
 * rows with their columns and rules, exit codes, idempotent re-import, D-3 timestamp order),
 * the quarter close and statement commands on imported data, and the demo program
 * (deterministic from its seed, refuses a non-empty store, what it prints to look at).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createEventStore, type RecordedEvent } from '@ledger/event-store';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLES = path.join(ROOT, 'docs', 'examples');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function ledger(dataDir: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'bin', 'ledger.js'), ...args],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, CI: '1', EVENT_STORE: 'embedded' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function allEvents(dataDir: string): Promise<RecordedEvent[]> {
  const store = await createEventStore({ kind: 'embedded', dataDir });
  try {
    const events: RecordedEvent[] = [];
    for await (const e of store.readAll()) events.push(e);
    return events;
  } finally {
    await store.close();
  }
}

const tempDirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ledger-cli-'));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
const count = (events: readonly RecordedEvent[], type: string) => events.filter((e) => e.type === type).length;

describe('ledger import (CSV, idempotent)', () => {
  const dataDir = tempDir();
  const file = path.join(dataDir, 'collections-with-bad-rows.csv');

  beforeAll(async () => {
    for (const kind of ['partners', 'registrations']) {
      const run = await ledger(dataDir, 'import', kind, path.join(EXAMPLES, `${kind}.csv`));
      expect(run.code).toBe(0);
    }
    writeFileSync(
      file,
      [
        'payment_id,customer_key,revenue_kind,contract_year,amount,currency,collected_at',
        'pay-1001,globex,license,1,30000.00,USD,2025-03-15T15:00:00Z',
        'pay-1003,initech.example,license,1,90000.00,USD,2025-03-05T15:00:00Z',
        'pay-bad-1,globex,license,1,12.345,USD,2025-03-16T15:00:00Z',
        'pay-bad-2,globex,hardware,1,100.00,USD,2025-03-16T15:00:00Z',
        'pay-bad-3,globex,license,1,100.00,USD,2099-01-01T00:00:00Z',
        'pay-1001,globex,license,1,31000.00,USD,2025-03-15T15:00:00Z',
        'pay-bad-4,,license,1,100.00,USD,2025-03-16T15:00:00Z',
        'pay-bad-5,globex,license',
        '"pay-1005","umbrella","license","1","24000.00","USD","2025-04-02T15:00:00Z"',
      ].join('\r\n') + '\r\n',
    );
  }, 60_000);

  it('applies the good rows, reports every refused cell with its line, column and rule, and exits 1', async () => {
    const run = await ledger(dataDir, 'import', 'collections', file, '--json');
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ kind: 'collections', rowsRead: 9, appended: 3, alreadyPresent: 0, rejected: 6, eventsAppended: { RevenueCollected: 3 } });
    expect(summary.rejections).toEqual([
      { line: 4, field: 'amount', rule: '', reason: 'USD has 2 decimal places (got "12.345")' },
      { line: 5, field: 'revenue_kind', rule: 'R-9', reason: 'must be one of license, results-services, partner-services' },
      { line: 6, field: 'collected_at', rule: 'R-9', reason: 'must not be in the future (T-3)' },
      { line: 7, field: 'amount', rule: 'R-9', reason: 'differs from the recorded value' },
      { line: 8, field: 'customer_key', rule: '', reason: 'is required' },
      { line: 9, field: '(row)', rule: '', reason: 'has 3 fields, the header has 7' },
    ]);
    expect(run.stderr).toContain('import collections: 100% (9/9');
    const events = await allEvents(dataDir);
    expect(events.filter((e) => e.type === 'RevenueCollected').map((e) => (e.data as { paymentId: string }).paymentId)).toEqual(
      expect.arrayContaining(['pay-1001', 'pay-1003', 'pay-1005']),
    );
    expect(count(events, 'RevenueCollected')).toBe(3);
    // D-11: the collection is attributed to the partner whose registration won (r-1001, not the D-3 duplicate r-1002).
    expect(events.find((e) => e.type === 'RevenueCollected' && (e.data as { paymentId: string }).paymentId === 'pay-1001')?.data).toMatchObject({ partnerId: 'p-acme' });
  }, 60_000);

  it('appends nothing when the same file is imported again (deterministic command ids, R-9)', async () => {
    const before = (await allEvents(dataDir)).length;
    const run = await ledger(dataDir, 'import', 'collections', file);
    expect(run.code).toBe(1); // the refused rows are still refused
    expect(run.stdout).toContain('import collections: 9 rows read, 0 appended, 3 already present, 6 rejected');
    expect(run.stdout).toMatch(/line\s+field\s+rule\s+reason/);
    expect(run.stdout).toMatch(/7\s+amount\s+R-9\s+differs from the recorded value/);
    expect((await allEvents(dataDir)).length).toBe(before);
  }, 60_000);

  it('applies historical registrations in registered_at order, so the first one wins (D-3), and re-imports none', async () => {
    const events = await allEvents(dataDir);
    const rejected = events.filter((e) => e.type === 'DealRegistrationRejected');
    expect(rejected.map((e) => e.data)).toEqual([expect.objectContaining({ registrationId: 'r-1002', opportunityKey: 'globex', ruleId: 'D-3' })]);
    const again = await ledger(dataDir, 'import', 'registrations', path.join(EXAMPLES, 'registrations.csv'));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('4 rows read, 0 appended, 4 already present, 0 rejected');
  }, 60_000);

  it('refuses a file whose header does not fit the kind, before applying any row', async () => {
    const bad = path.join(dataDir, 'bad-header.csv');
    writeFileSync(bad, 'payment_id,customer,amout\npay-9,globex,1.00\n');
    const run = await ledger(dataDir, 'import', 'collections', bad);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('missing required column(s): customer_key, revenue_kind, amount, currency, collected_at; unknown column(s): customer, amout');
  }, 60_000);

  it('closes a quarter, shows and exports a statement, explains a line and verifies every seal', async () => {
    for (const kind of ['refunds', 'surveys']) expect((await ledger(dataDir, 'import', kind, path.join(EXAMPLES, `${kind}.csv`))).code).toBe(0);
    const close = await ledger(dataDir, 'quarter', 'close', '2025-Q1');
    expect(close.code).toBe(0);
    expect(close.stdout).toContain('2025-Q1 closed now');
    expect(close.stdout).toMatch(/p-acme\s+6000\.00 USD/); // 30,000.00 × 20 % (pay-1001; the conflicting pay-1001 row was refused)
    expect(close.stdout).toMatch(/p-nordic\s+27000\.00 USD/); // 90,000.00 × 30 %

    const csv = await ledger(dataDir, 'statement', 'show', 'p-acme', '2025-Q1', '--format', 'csv');
    expect(csv.code).toBe(0);
    const rows = csv.stdout.trimEnd().split('\r\n');
    expect(rows[0]).toMatch(/^statement_id,partner_id,quarter,status,line_no,line_id,kind/);
    expect(rows).toHaveLength(2); // header + the pay-1001 license line
    expect(rows[1]).toContain('statement-p-acme-2025-Q1,p-acme,2025-Q1,issued,1,');
    expect(rows[1]).toContain(',USD,30000.00,3000000,2000,20.00,6000.00,600000,R-2;P-3,');

    const explain = await ledger(dataDir, 'statement', 'explain', 'p-acme', '2025-Q1', '1');
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain('30000.00 USD × 20.00 % = 6000.00 USD (recomputed 6000.00 USD: matches)');
    for (const type of ['RevenueCollected', 'DealRegistered', 'DealRegistrationApproved', 'DealClosedWon', 'PartnerEnrolled', 'ProgramTermsAmended']) {
      expect(explain.stdout).toContain(type);
    }

    const verify = await ledger(dataDir, 'statement', 'verify');
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('2 issued statement(s) recomputed from the log');
    expect(verify.stdout).toContain('every one matches and every seal holds');

    const again = await ledger(dataDir, 'quarter', 'close', '2025-Q1');
    expect(again.stdout).toContain('2025-Q1 was already closed');
    expect(again.stdout).toContain('statements: 0 issued now, 2 issued before');
  }, 60_000);
});

describe('ledger demo --scale small', () => {
  const [first, second] = [tempDir(), tempDir()];
  let report: { highlights: { title: string; id: string }[]; eventsByType: Record<string, number>; refusals: { commandType: string; ruleId: string }[] };

  beforeAll(async () => {
    const runs = await Promise.all([ledger(first, 'demo', '--scale', 'small', '--seed', '1', '--json'), ledger(second, 'demo', '--scale', 'small', '--seed', '1', '--json')]);
    for (const run of runs) expect(run.code).toBe(0);
    report = JSON.parse(runs[0]!.stdout);
  }, 90_000);

  it('is deterministic: the same seed gives byte-identical events, metadata, ids and positions', async () => {
    const [a, b] = await Promise.all([allEvents(first), allEvents(second)]);
    expect(a.length).toBeGreaterThan(1000);
    const serialise = (events: RecordedEvent[]) => JSON.stringify(events, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    expect(serialise(b)).toBe(serialise(a));
    // Record time is the simulated clock: 2025-01-01 … 2027-01-29, never the machine's.
    expect(a[a.length - 1]!.metadata.recordedAt < '2027-02-01').toBe(true);
    expect(a[0]!.metadata.recordedAt.startsWith('2025-01-02')).toBe(true);
  });

  it('covers every story of the program and prints ids to look at', () => {
    const expected = [
      'PartnerEnrolled', 'PartnerTierChanged', 'PerformanceBonusGranted', 'DealRegistered', 'DealRegistrationRejected', 'DealRegistrationOverridden',
      'DealRegistrationDeclined', 'DealApprovalOverdueFlagged', 'ProtectionExtended', 'ProtectionLapsed', 'InboundLeadRecorded', 'DealClosedWon',
      'DealClosedLost', 'RevenueCollected', 'RevenueRefunded', 'ChargebackRecorded', 'RenewalPlaced', 'RenewalChainBroken', 'SurveyCompleted',
      'CertificationGranted', 'NfrLicensesGranted', 'TierStandingEvaluated', 'CsatWarningIssued', 'TierRealignmentDue', 'LadderDecisionRecorded',
      'QuarterClosed', 'StatementIssued', 'StatementConfirmed', 'StatementInvoiced', 'StatementPaid',
    ];
    expect(expected.filter((type) => !(report.eventsByType[type]! > 0))).toEqual([]);
    expect(report.eventsByType['QuarterClosed']).toBe(8);
    // Only refusals the rules are expected to produce (C-7: no NFR renewal while standing requires action).
    for (const r of report.refusals) expect(`${r.commandType} ${r.ruleId}`).toBe('RenewNfrLicenses C-7');
    const titles = report.highlights.map((h) => h.title).join('\n');
    for (const topic of ['Disputed opportunity', 'clawback', 'tax hold', 'Broken renewal chain', 'CSAT ladder']) expect(titles).toContain(topic);
  });

  it('the printed disputed opportunity replays with the D-3 rejection and the D-9 override', async () => {
    const disputed = report.highlights.find((h) => h.title.startsWith('Disputed opportunity'))!.id;
    const run = await ledger(first, 'dispute', 'replay', disputed);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/DealRegistrationRejected\s+\S+\s+D-3/);
    expect(run.stdout).toMatch(/DealRegistrationOverridden\s+\S+\s+D-9/);
  }, 60_000);

  it('the printed clawback partner has a clawback line on its statement, and a closed quarter closes again idempotently', async () => {
    const clawback = report.highlights.find((h) => h.title.includes('clawback'))!;
    const quarter = /(\d{4}-Q\d)/.exec(clawback.title)![1]!;
    const show = await ledger(first, 'statement', 'show', clawback.id, quarter, '--format', 'json');
    expect(show.code).toBe(0);
    const statement = JSON.parse(show.stdout);
    expect(statement.lines.some((l: { kind: string; ruleIds: string[] }) => l.kind === 'clawback' && l.ruleIds.includes('R-8'))).toBe(true);

    const close = await ledger(first, 'quarter', 'close', quarter);
    expect(close.code).toBe(0);
    expect(close.stdout).toContain(`${quarter} was already closed`);
    expect(close.stdout).toContain('0 issued now');
    expect(close.stdout).toContain('0 evaluated now');
  }, 60_000);

  it('refuses to run on a store that already holds events', async () => {
    const before = (await allEvents(first)).length;
    const run = await ledger(first, 'demo', '--scale', 'small', '--seed', '1');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('already holds events');
    expect((await allEvents(first)).length).toBe(before);
  }, 60_000);
});
