/**
 * The published event catalog (docs/event-catalog.md, docs/events/*.schema.json, Issue 7) is the
 * contract downstream systems code against, so CI holds it to three things:
 * (a) it is what `npm run catalog` generates from the TypeScript contracts today;
 * (b) every event type a decider or the application can append has a schema, and nothing else does;
 * (c) real events — from the whole app driven over HTTP, and from the revenue, renewal and
 *     statement deciders (no HTTP routes yet) — validate against their schemas and the envelope.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { recordedEventToJson, type RecordedEvent } from '@ledger/event-store';
import { ProgramLedger } from '../../projections/src/statements/testing/program-ledger';
import { startLedgerApp, type HttpResponse, type LedgerTestApp } from '../support/ledger-test-app';
import { emittableEventTypes } from './support/emittable-event-types';

const ROOT = path.resolve(__dirname, '../..');
const EVENTS_DIR = path.join(ROOT, 'docs/events');
const CATALOG = path.join(ROOT, 'docs/event-catalog.md');
const STALE = 'run npm run catalog';

const catalogued = fs
  .readdirSync(EVENTS_DIR)
  .filter((f) => f.endsWith('.schema.json') && f !== 'envelope.schema.json')
  .map((f) => f.replace('.schema.json', ''))
  .sort();

const readJson = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;

function listFiles(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

/** Category and schema version of each type, as the catalog page states them. */
function catalogRows(): Map<string, { version: number; category: string }> {
  const rows = new Map<string, { version: number; category: string }>();
  for (const m of fs.readFileSync(CATALOG, 'utf8').matchAll(/^\| <a id="[a-z0-9]+"><\/a>`([A-Za-z0-9]+)` \| (\d+) \| `([a-z-]+)` \|/gm)) {
    rows.set(m[1]!, { version: Number(m[2]), category: m[3]! });
  }
  return rows;
}

const categoryOf = (streamName: string): string => (streamName === 'program-terms' ? 'program-terms' : streamName.slice(0, streamName.indexOf('-')));

function validators(): { data: Map<string, ValidateFunction>; envelope: ValidateFunction } {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  const data = new Map(catalogued.map((type) => [type, ajv.compile(readJson(path.join(EVENTS_DIR, `${type}.schema.json`)))]));
  return { data, envelope: ajv.compile(readJson(path.join(EVENTS_DIR, 'envelope.schema.json'))) };
}

interface Finding {
  readonly type: string;
  readonly position: string;
  readonly problem: string;
}

/** Every schema violation of the events, as readable findings (empty = all valid). */
function violations(events: readonly RecordedEvent[], checkEnvelope: boolean): Finding[] {
  const { data, envelope } = validators();
  const findings: Finding[] = [];
  for (const event of events) {
    const json = JSON.parse(JSON.stringify(recordedEventToJson(event))) as { type: string; position: string; data: unknown };
    const report = (problem: string) => findings.push({ type: json.type, position: json.position, problem });
    if (checkEnvelope && !envelope(json)) report(`envelope: ${JSON.stringify(envelope.errors?.slice(0, 3))}`);
    const validate = data.get(json.type);
    if (!validate) report('no schema in docs/events/');
    else if (!validate(json.data)) report(`data: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  }
  return findings;
}

describe('event catalog (Issue 7): docs/event-catalog.md and docs/events/*.schema.json', () => {
  it('(a) is up to date with the TypeScript contracts (byte for byte; when this fails: run npm run catalog)', () => {
    const out = fs.mkdtempSync(path.join(tmpdir(), 'event-catalog-'));
    try {
      execFileSync(process.execPath, ['-r', './scripts/ts-register.js', 'scripts/generate-event-catalog.ts', '--out', out], {
        cwd: ROOT,
        stdio: 'pipe',
        timeout: 120_000,
      });
      const fresh = path.join(out, 'docs');
      const names = [...new Set([...listFiles(path.join(fresh, 'events')), ...listFiles(EVENTS_DIR)])].sort();
      const stale = [...names.map((n) => `events/${n}`), 'event-catalog.md'].filter((relative) => {
        const generated = path.join(fresh, relative);
        const committed = path.join(ROOT, 'docs', relative);
        return !fs.existsSync(generated) || !fs.existsSync(committed) || !fs.readFileSync(generated).equals(fs.readFileSync(committed));
      });
      expect(stale.map((f) => `docs/${f} is stale: ${STALE}`)).toEqual([]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);

  it('(a) catalogues every event type once, with a schema version and a stream category', () => {
    const rows = catalogRows();
    expect([...rows.keys()].sort()).toEqual(catalogued);
    expect(catalogued.length).toBeGreaterThanOrEqual(38);
    for (const [, row] of rows) expect(row.version).toBeGreaterThanOrEqual(1);
  });

  it('(b) every event type a decider or the application can append has a schema, and every schema is such a type', () => {
    const found = emittableEventTypes(ROOT);
    expect(found.problems).toEqual([]);
    expect(found.deciders.size).toBeGreaterThanOrEqual(11);
    const emittable = new Set([...found.deciders.values(), ...found.directAppends.values()].flat());
    expect([...emittable].filter((t) => !catalogued.includes(t)).map((t) => `${t} has no schema: ${STALE}`)).toEqual([]);
    expect(catalogued.filter((t) => !emittable.has(t)).map((t) => `${t} is catalogued but nothing can append it`)).toEqual([]);
  }, 60_000);

  it('T-2, T-3: the schemas carry the money and time formats', () => {
    const registered = readJson(path.join(EVENTS_DIR, 'DealRegistered.schema.json')) as {
      properties: Record<string, { format?: string }>;
      definitions: Record<string, { properties: Record<string, { pattern?: string }> }>;
    };
    expect(registered.definitions.MoneyJson!.properties.amountMinor!.pattern).toBe('^-?(0|[1-9][0-9]{0,17})$');
    expect(registered.definitions.MoneyJson!.properties.currency!.pattern).toBe('^[A-Z]{3}$');
    expect(registered.properties.registeredAt!.format).toBe('date-time');
    expect(registered.properties.expectedCloseDate!.format).toBe('date');

    const { data } = validators();
    const valid = { amountMinor: '5000000', currency: 'USD' };
    const event = (estimatedArr: unknown, expectedCloseDate = '2026-06-30') => ({
      registrationId: 'r1',
      opportunityKey: 'acme',
      partnerId: 'p1',
      companyName: 'ACME',
      companyDomain: null,
      primaryContact: { name: 'Jane', email: 'jane@acme.example' },
      estimatedArr,
      expectedCloseDate,
      description: 'CRM',
      registeredAt: '2026-03-02T15:00:00Z',
      approvalDueBy: '2026-03-04T15:00:00Z',
      termsVersion: '2024.1',
    });
    const validate = data.get('DealRegistered')!;
    expect(validate(event(valid))).toBe(true);
    expect(validate(event({ amountMinor: 5000000, currency: 'USD' }))).toBe(false); // T-2: a number, not a string
    expect(validate(event({ amountMinor: '50000.00', currency: 'USD' }))).toBe(false); // T-2: never a decimal
    expect(validate(event({ amountMinor: '5000000', currency: 'usd' }))).toBe(false);
    expect(validate(event(valid, '30/06/2026'))).toBe(false); // T-3: an ISO date
    expect(validate({ ...event(valid), discount: 5 })).toBe(false); // closed: exactly what the ledger writes
  });

  it('the AsyncAPI document describes every catalogued type, with its data schema', () => {
    const asyncApi = fs.readFileSync(path.join(ROOT, 'docs/asyncapi.yaml'), 'utf8');
    const missing = catalogued.filter(
      (type) => !asyncApi.includes(`\n    ${type}:\n      name: ${type}\n`) || !asyncApi.includes(`$ref: './events/${type}.schema.json'`),
    );
    expect(missing).toEqual([]);
    const referenced = [...asyncApi.matchAll(/\$ref: '\.\/events\/([A-Za-z0-9]+)\.schema\.json'/g)].map((m) => m[1]!);
    expect(referenced.filter((type) => !catalogued.includes(type))).toEqual([]);
  });

  describe('(c) real events validate against their schemas', () => {
    let t: LedgerTestApp;
    let recorded: RecordedEvent[] = [];
    const seen = new Set<string>();

    const ok = (res: HttpResponse, what: string): HttpResponse => {
      if (res.status < 200 || res.status >= 300) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
      return res;
    };
    const at = (instant: string) => t.clock!.set(instant);

    /** One program, told in order over HTTP: partners, deals through every D step, standing over three quarters, a terms amendment. */
    async function driveTheLedger(): Promise<void> {
      at('2026-01-05T15:00:00Z'); // a Monday, 10:00 in New York
      for (const [partnerId, tier, staffCount, country, taxForm] of [
        ['northwind', 'premier', 6, 'US', 'W-9'],
        ['contoso', 'certified', 3, 'GB', null],
        ['fabrikam', 'premier', 6, 'US', 'W-9'],
      ] as const) {
        ok(await t.post('/partners', { partnerId, legalName: `${partnerId} LLC`, tier, staffCount, country, taxForm }), `enrol ${partnerId}`);
      }
      ok(await t.post('/partners/contoso/staff-counts', { staffCount: 5 }), 'P-1 staff count');
      ok(await t.post('/partners/contoso/tax-forms', { taxForm: 'W-8' }), 'P-2 tax form');
      ok(await t.post('/partners/contoso/tier-changes', { toTier: 'premier', effectiveFrom: '2026-02-01', reason: 'grew the team' }), 'P-3 tier change');
      ok(await t.post('/partners/northwind/performance-bonuses', { quarter: '2026-Q1', reason: 'top performer' }), 'R-3 bonus');

      const register = (partnerId: string, registrationId: string, companyName: string) =>
        t.post('/deal-registrations', {
          registrationId,
          partnerId,
          companyName,
          primaryContact: { name: 'Jane Roe', email: 'jane@example.com', phone: '+1 555 0100' },
          estimatedArr: { amountMinor: '5000000', currency: 'USD' },
          expectedCloseDate: '2026-06-30',
          description: 'CRM replacement',
        });
      ok(await register('northwind', 'reg-acme', 'ACME, Inc.'), 'D-1 register');
      ok(await register('contoso', 'reg-acme-2', 'Acme Inc'), 'D-3 duplicate');
      ok(await register('northwind', 'reg-globex', 'Globex Corporation'), 'register globex');
      ok(await register('contoso', 'reg-initech', 'Initech'), 'register initech');
      ok(await register('northwind', 'reg-umbrella', 'Umbrella Corp'), 'register umbrella');
      ok(await register('contoso', 'reg-hooli', 'Hooli'), 'register hooli');

      at('2026-01-06T15:00:00Z');
      for (const [key, id] of [['acme', 'reg-acme'], ['initech', 'reg-initech'], ['umbrella', 'reg-umbrella']]) {
        ok(await t.post(`/opportunities/${key}/registrations/${id}/approval`, {}), `D-5 approve ${key}`);
      }
      ok(await t.post('/opportunities/globex/registrations/reg-globex/decline', { reason: 'existing customer' }), 'D-4 decline');
      ok(await t.post('/partners/northwind/certification/enrolments', { enrolledAt: '2026-01-06T15:00:00Z' }), 'C-6 enrol');
      ok(await t.post('/partners/northwind/nfr-grants', { grantedAt: '2026-01-06T15:00:00Z' }), 'C-7 NFR grant');

      at('2026-01-08T16:00:00Z'); // hooli is past its 2-business-day SLA
      ok(await t.post('/opportunities/hooli/sweeps/overdue-approvals', {}), 'D-4 overdue');
      ok(await t.post('/opportunities/hooli/registrations/reg-hooli/approval', {}), 'D-5 approve hooli');
      ok(await t.post('/opportunities/acme/registrations/reg-acme/extensions', { progressNote: 'Security review passed' }), 'D-6 extend');
      ok(await t.post('/opportunities/acme/inbound-leads', {}), 'D-10 inbound');
      ok(
        await t.post('/opportunities/umbrella/registrations/reg-umbrella/override', {
          requestedBy: 'CFO of Umbrella',
          reason: 'prefers a local partner',
          newPartnerId: 'contoso',
          newRegistrationId: 'reg-umbrella-2',
        }),
        'D-9 override',
      );
      ok(await t.post('/opportunities/initech/registrations/reg-initech/closed-lost', { reason: 'no budget' }), 'closed lost');

      at('2026-02-15T15:00:00Z');
      ok(await t.post('/opportunities/acme/registrations/reg-acme/closed-won', {}), 'D-11 closed won');
      ok(await t.post('/partners/northwind/certification/training-completions', { completedAt: '2026-01-20T15:00:00Z' }), 'C-6 training');
      ok(await t.post('/partners/northwind/certification/exam-attempts', { scorePercent: 70, attemptedAt: '2026-01-25T15:00:00Z' }), 'C-6 exam fail');
      ok(await t.post('/partners/northwind/certification/exam-attempts', { scorePercent: 86, attemptedAt: '2026-01-28T15:00:00Z' }), 'C-6 exam pass');
      const stars = (r: number[]) => ({ productFit: r[0], implementationQuality: r[1], partnerResponsiveness: r[2], trainingEffectiveness: r[3], overallSatisfaction: r[4] });
      for (const [surveyId, partnerId, completedAt, r] of [
        ['nw-1', 'northwind', '2026-01-20T15:00:00Z', [5, 5, 5, 5, 5]],
        ['nw-2', 'northwind', '2026-02-10T15:00:00Z', [5, 5, 4, 4, 3]],
        ['fa-1', 'fabrikam', '2026-02-11T15:00:00Z', [5, 4, 4, 4, 3]],
        ['fa-2', 'fabrikam', '2026-02-12T15:00:00Z', [5, 5, 4, 4, 2]],
      ] as const) {
        const body = { surveyId, customerKey: `customer-${surveyId}`, partnerId, goLiveDate: '2025-12-01', ratings: stars([...r]), completedAt };
        ok(await t.post('/surveys', body), `C-1 survey ${surveyId}`);
      }

      at('2026-03-01T15:00:00Z'); // hooli's 45 days of protection have ended
      ok(await t.post('/opportunities/hooli/sweeps/expiry', {}), 'D-8 expiry');

      at('2026-04-02T14:00:00Z');
      ok(await t.post('/standing/quarters/2026-Q1/close', {}), 'C-3 close Q1'); // fabrikam 80% < 90%: warning
      at('2026-07-02T14:00:00Z');
      ok(await t.post('/standing/quarters/2026-Q2/close', {}), 'C-5 close Q2'); // 2nd quarter below: tier review
      ok(
        await t.post('/partners/fabrikam/ladder-decisions', { quarter: '2026-Q2', decision: 'tier-review-held', notes: 'plan agreed', decidedAt: '2026-07-02T13:00:00Z' }),
        'C-5 decision',
      );
      ok(await t.post('/partners/northwind/nfr-renewals', { renewedAt: '2026-07-01T15:00:00Z' }), 'C-7 NFR renewal');
      at('2026-10-02T14:00:00Z');
      ok(await t.post('/standing/quarters/2026-Q3/close', {}), 'C-5 close Q3'); // 3rd quarter below: realignment

      const book = ok(await t.get('/program-terms'), 'T-1 book').body as { versions: Record<string, unknown>[] };
      const terms = { ...book.versions[0]!, version: '2027.1', effectiveFrom: '2027-01-01' };
      ok(await t.post('/program-terms/amendments', { terms, effectiveFrom: '2027-01-01', reason: 'annual review' }), 'T-1 amend');
    }

    beforeAll(async () => {
      t = await startLedgerApp({ now: '2026-01-05T15:00:00Z' });
      await driveTheLedger();
      recorded = [];
      for await (const event of t.store.readAll()) recorded.push(event);
      for (const event of recorded) seen.add(event.type);
    }, 120_000);
    afterAll(() => t?.close());

    it('every event the app appended over HTTP validates: envelope (A-1, T-3) and data', () => {
      expect(recorded.length).toBeGreaterThan(50);
      expect(violations(recorded, true)).toEqual([]);
    });

    it('each event sits in the stream category and carries the schema version the catalog states', () => {
      const rows = catalogRows();
      const mismatches = recorded
        .filter((e) => rows.get(e.type)?.category !== categoryOf(e.streamName) || rows.get(e.type)?.version !== e.metadata.schemaVersion)
        .map((e) => `${e.type} in ${e.streamName} with schemaVersion ${e.metadata.schemaVersion}`);
      expect(mismatches).toEqual([]);
    });

    it('the revenue, renewal and statement deciders’ events validate (R-1, R-6..R-9, S-1..S-4), and every schema met a real event', () => {
      const ledger = new ProgramLedger();
      ledger.enroll('northwind', 'premier');
      ledger.win('acme', 'northwind');
      ledger.collect('pay-1', 'acme', 1_000_000, { at: '2025-02-10T15:00:00Z' });
      ledger.collect('pay-2', 'acme', 400_000, { at: '2025-02-11T15:00:00Z' }, { kind: 'results-services' });
      ledger.refund('pay-1', 'ref-1', 100_000, { at: '2025-03-01T15:00:00Z' });
      ledger.chargeback('pay-2', 'cb-1', 50_000, { at: '2025-03-02T15:00:00Z' });
      ledger.closeAndIssue('2025-Q1', { at: '2025-04-01T14:00:00Z' });
      ledger.settle('northwind', '2025-Q1', '2025-04-20T15:00:00Z');
      ledger.placeRenewal('acme', 2, { type: 'partner', partnerId: 'northwind' }, 2_000_000, { at: '2026-02-01T15:00:00Z' });
      ledger.missRenewal('acme', 3, { at: '2027-02-15T15:00:00Z' });
      const fromDeciders = ledger.events.filter((e) => /^(Revenue|Chargeback|Renewal|Quarter|Statement)/.test(e.type));
      // The ledger fixture's ids are not UUIDs, so only the data is checked here; the envelope is checked above.
      expect(violations(fromDeciders, false)).toEqual([]);
      for (const e of fromDeciders) seen.add(e.type);
      expect(catalogued.filter((type) => !seen.has(type)).map((type) => `${type}: no real event validated`)).toEqual([]);
    });
  });
});
