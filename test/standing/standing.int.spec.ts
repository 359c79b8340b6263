/**
 * Tier standing through the real command path (HTTP → ValidationPipe → CommandBus → handler →
 * StandingCommandService → embedded SQLite store) and the standing projection (C-1..C-7, P-1).
 * One ledger, one story told quarter by quarter: the tests run in order and share its state.
 */
import { CommandBus } from '@nestjs/cqrs';
import { CompleteSurveyCommand } from '@ledger/application';
import { DomainError, standingStreamId } from '@ledger/domain';
import { startLedgerApp, type HttpResponse, type LedgerTestApp } from '../support/ledger-test-app';

const ratings = (r: [number, number, number, number, number]) => ({
  productFit: r[0],
  implementationQuality: r[1],
  partnerResponsiveness: r[2],
  trainingEffectiveness: r[3],
  overallSatisfaction: r[4],
});

const survey = (surveyId: string, partnerId: string, completedAt: string, stars: [number, number, number, number, number], overrides: Record<string, unknown> = {}) => ({
  surveyId,
  customerKey: `customer-${surveyId}`,
  partnerId,
  goLiveDate: '2025-12-01',
  ratings: ratings(stars),
  completedAt,
  ...overrides,
});

const types = (res: HttpResponse): string[] => res.body.events.map((e: { type: string }) => e.type);

async function expectCreated(res: HttpResponse, eventTypes: string[]): Promise<void> {
  expect({ status: res.status, detail: res.body?.detail }).toEqual({ status: 201, detail: undefined });
  expect(types(res)).toEqual(eventTypes);
}

async function streamTypes(t: LedgerTestApp, streamName: string): Promise<string[]> {
  return (await t.store.readStream(streamName)).map((e) => e.type);
}

describe('tier standing through the command path and the standing projection (C-1..C-7, P-1)', () => {
  let t: LedgerTestApp;

  beforeAll(async () => {
    t = await startLedgerApp({ now: '2026-03-01T15:00:00Z' });
    for (const [partnerId, tier, staffCount] of [
      ['northwind', 'certified', 3],
      ['contoso', 'certified', 2],
      ['fabrikam', 'premier', 6],
    ] as const) {
      const res = await t.post('/partners', {
        partnerId,
        legalName: `${partnerId} LLC`,
        tier,
        staffCount,
        country: 'US',
        taxForm: 'W-9',
        enrolledAt: '2026-01-05T15:00:00Z',
      });
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => t.close());

  it('C-6: enrolment, training and a retake that passes grant a certification valid 24 months', async () => {
    await expectCreated(await t.post('/partners/northwind/certification/enrolments', { enrolledAt: '2026-01-06T15:00:00Z' }), ['CertificationEnrolled']);
    await expectCreated(
      await t.post('/partners/northwind/certification/training-completions', { completedAt: '2026-01-20T15:00:00Z' }),
      ['CertificationTrainingCompleted'],
    );
    const failed = await t.post('/partners/northwind/certification/exam-attempts', { scorePercent: 70, attemptedAt: '2026-01-25T15:00:00Z' });
    await expectCreated(failed, ['CertificationExamAttempted']);
    expect(failed.body.events[0].data).toMatchObject({ attempt: 1, passed: false, passMarkPercent: 80 });

    const passed = await t.post('/partners/northwind/certification/exam-attempts', { scorePercent: 86, attemptedAt: '2026-01-28T15:00:00Z' });
    await expectCreated(passed, ['CertificationExamAttempted', 'CertificationGranted']);
    expect(passed.body.events[1].data).toMatchObject({ partnerId: 'northwind', validFrom: '2026-01-28', validUntil: '2028-01-28' });
  });

  it('C-6: a partner key may enrol its own partner only (403 for another, nothing appended)', async () => {
    const contosoKey = t.tokenFor('partner', 'contoso');
    const head = await t.head();
    const other = await t.post('/partners/northwind/certification/enrolments', { enrolledAt: '2026-02-01T15:00:00Z' }, contosoKey);
    expect(other.status).toBe(403);
    expect(await t.head()).toBe(head);

    await expectCreated(await t.post('/partners/contoso/certification/enrolments', { enrolledAt: '2026-02-01T15:00:00Z' }, contosoKey), ['CertificationEnrolled']);
  });

  it('C-7: NFR licenses of the certified tier: 5 users for 6 months', async () => {
    const res = await t.post('/partners/northwind/nfr-grants', { grantedAt: '2026-01-06T15:00:00Z' });
    await expectCreated(res, ['NfrLicensesGranted']);
    expect(res.body.events[0].data).toMatchObject({ tier: 'certified', users: 5, validFrom: '2026-01-06', validUntil: '2026-07-06', renewal: false });
  });

  it('C-1: surveys with five ratings of 1–5 stars are recorded, with the completion as business time (T-3)', async () => {
    const res = await t.post('/surveys', survey('nw-1', 'northwind', '2026-01-20T15:00:00Z', [5, 5, 5, 5, 5]));
    await expectCreated(res, ['SurveyCompleted']);
    expect(res.body.streamName).toBe('survey-nw-1');
    const [recorded] = await t.store.readStream('survey-nw-1');
    expect(recorded!.metadata.occurredAt).toBe('2026-01-20T15:00:00Z');

    await expectCreated(await t.post('/surveys', survey('nw-2', 'northwind', '2026-02-10T15:00:00Z', [5, 5, 4, 4, 3])), ['SurveyCompleted']);
    await expectCreated(await t.post('/surveys', survey('co-1', 'contoso', '2026-02-10T15:00:00Z', [5, 5, 5, 5, 5])), ['SurveyCompleted']);
    // fabrikam (premier, minimum 90%): 8 of 10 ratings positive = 80%
    await expectCreated(await t.post('/surveys', survey('fa-1', 'fabrikam', '2026-02-11T15:00:00Z', [5, 4, 4, 4, 3])), ['SurveyCompleted']);
    await expectCreated(await t.post('/surveys', survey('fa-2', 'fabrikam', '2026-02-12T15:00:00Z', [5, 5, 4, 4, 2])), ['SurveyCompleted']);
  });

  it('C-1: the ingest role may post surveys; a retried survey with the same payload appends nothing', async () => {
    const ingest = t.tokenFor('ingest');
    const body = survey('nw-1', 'northwind', '2026-01-20T15:00:00Z', [5, 5, 5, 5, 5]);
    const head = await t.head();
    const again = await t.post('/surveys', body, ingest);
    expect(again.status).toBe(201);
    expect(again.body.events).toEqual([]);
    expect(await t.head()).toBe(head);
  });

  describe('C-1, P-3: bad surveys are refused field by field and append nothing', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['C-1: a rating above 5 stars', survey('bad-1', 'northwind', '2026-02-10T15:00:00Z', [6, 5, 5, 5, 5]), 'ratings.productFit'],
      ['C-1: a rating of 0 stars', survey('bad-2', 'northwind', '2026-02-10T15:00:00Z', [5, 5, 0, 5, 5]), 'ratings.partnerResponsiveness'],
      ['C-1: a fractional rating', survey('bad-3', 'northwind', '2026-02-10T15:00:00Z', [5, 4.5, 5, 5, 5]), 'ratings.implementationQuality'],
      [
        'C-1: four ratings instead of five',
        survey('bad-4', 'northwind', '2026-02-10T15:00:00Z', [5, 5, 5, 5, 5], {
          ratings: { productFit: 5, implementationQuality: 5, partnerResponsiveness: 5, trainingEffectiveness: 5 },
        }),
        'ratings.overallSatisfaction',
      ],
      [
        'C-1: six ratings instead of five (an unknown question)',
        survey('bad-5', 'northwind', '2026-02-10T15:00:00Z', [5, 5, 5, 5, 5], { ratings: { ...ratings([5, 5, 5, 5, 5]), valueForMoney: 5 } }),
        'ratings.valueForMoney',
      ],
      ['C-1: ratings as a list', survey('bad-6', 'northwind', '2026-02-10T15:00:00Z', [5, 5, 5, 5, 5], { ratings: [5, 5, 5, 5, 5] }), 'ratings'],
      ['C-1: an unknown partner', survey('bad-7', 'nobody', '2026-02-10T15:00:00Z', [5, 5, 5, 5, 5]), 'partnerId'],
      ['C-1: completed before go-live', survey('bad-8', 'northwind', '2026-02-10T15:00:00Z', [5, 5, 5, 5, 5], { goLiveDate: '2026-02-20' }), 'completedAt'],
      ['C-1: completed in the future', survey('bad-9', 'northwind', '2026-03-02T15:00:00Z', [5, 5, 5, 5, 5]), 'completedAt'],
      ['P-3: completed before the partner was enrolled', survey('bad-10', 'northwind', '2026-01-02T15:00:00Z', [5, 5, 5, 5, 5], { goLiveDate: '2025-11-01' }), 'completedAt'],
    ];

    it.each(cases)('%s', async (_name, body, field) => {
      const head = await t.head();
      const res = await t.post('/surveys', body);
      expect([400, 422]).toContain(res.status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await t.head()).toBe(head);
    });

    it('C-1: a count other than five reaching the domain directly (command bus) is refused by the survey decider', async () => {
      const head = await t.head();
      const bus = t.app.get(CommandBus);
      const data = { ...survey('bad-bus', 'northwind', '2026-02-10T15:00:00Z', [5, 5, 5, 5, 5]), ratings: { productFit: 5, implementationQuality: 5 } };
      const error: unknown = await bus.execute(new CompleteSurveyCommand(data, { commandId: 'cmd-bad-bus', actor: 'test' })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).ruleId).toBe('C-1');
      expect((error as DomainError).violations.map((v) => v.field)).toEqual(
        expect.arrayContaining(['ratings', 'ratings.partnerResponsiveness', 'ratings.trainingEffectiveness', 'ratings.overallSatisfaction']),
      );
      expect(await t.head()).toBe(head);
    });
  });

  it('C-3: a quarter that has not ended cannot be closed or evaluated (422, nothing appended)', async () => {
    const head = await t.head();
    const close = await t.post('/standing/quarters/2026-Q1/close', {});
    expect(close.status).toBe(422);
    expect(close.body.ruleId).toBe('C-3');
    const single = await t.post('/partners/northwind/standing-evaluations', { quarter: '2026-Q1' });
    expect(single.status).toBe(422);
    expect(single.body.ruleId).toBe('C-3');
    expect(await t.head()).toBe(head);
  });

  it('C-2, C-3, C-4, C-6, C-7: closing 2026-Q1 records TierStandingEvaluated per partner; 2 surveys at 90% meet the certified 85%', async () => {
    t.clock!.set('2026-04-02T14:00:00Z');
    const close = await t.post('/standing/quarters/2026-Q1/close', {});
    expect(close.status).toBe(200);
    expect(close.body).toMatchObject({
      quarter: '2026-Q1',
      evaluated: ['contoso', 'fabrikam', 'northwind'],
      alreadyEvaluated: [],
      notEnrolled: [],
      refused: [],
      eventsAppended: 4, // three evaluations + fabrikam's C-5 warning
    });

    const [evaluated] = await t.store.readStream(standingStreamId('northwind'));
    expect(evaluated!.type).toBe('TierStandingEvaluated');
    expect(evaluated!.metadata.commandId).toBe('standing-close:2026-Q1:northwind');
    expect(evaluated!.data).toMatchObject({
      quarter: '2026-Q1',
      tier: 'certified',
      windowStart: '2025-04-01',
      windowEnd: '2026-03-31',
      surveyIds: ['nw-1', 'nw-2'],
      ratingsCounted: 10,
      positiveRatings: 9,
      csatBp: 9000,
      minimumBp: 8500,
      result: 'meets',
      consecutiveQuartersBelow: 0,
      ladderStep: 'none',
      certificationStatus: 'valid',
      certificationValidUntil: '2028-01-28',
      staffCount: 3,
      staffMinimum: 2,
      staffMinimumMet: true,
      nfrUsersEntitled: 5,
      nfrActiveUsers: 5,
      nfrValidUntil: '2026-07-06',
      verdict: 'good-standing',
      evaluatedAt: '2026-04-02T14:00:00Z',
    });

    await t.settle();
    const standing = await t.get('/partners/northwind/standing?quarter=2026-Q1');
    expect(standing.status).toBe(200);
    expect(standing.body.standing).toMatchObject({ csatBp: 9000, result: 'meets', verdict: 'good-standing' });
    expect(standing.body.recorded.evaluation).toMatchObject({ csatBp: 9000, result: 'meets' });
    expect(standing.body.evaluations.map((e: { evaluation: { quarter: string } }) => e.evaluation.quarter)).toEqual(['2026-Q1']);
  });

  it('C-3: one completed survey in the window is "not rated"; C-6: a certified partner without certification requires action', async () => {
    const res = await t.get('/partners/contoso/standing?quarter=2026-Q1');
    expect(res.status).toBe(200);
    expect(res.body.recorded.evaluation).toMatchObject({
      surveyIds: ['co-1'],
      csatBp: null,
      result: 'not-rated',
      ladderStep: 'none',
      certificationStatus: 'missing',
      verdict: 'action-required',
    });
    expect(res.body.recorded.evaluation.reasons).toEqual(
      expect.arrayContaining([expect.stringMatching(/^C-3: not rated/), expect.stringMatching(/^C-6: /)]),
    );
  });

  it('C-3: re-running the 2026-Q1 close appends nothing', async () => {
    const head = await t.head();
    const again = await t.post('/standing/quarters/2026-Q1/close', {});
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ evaluated: [], alreadyEvaluated: ['contoso', 'fabrikam', 'northwind'], eventsAppended: 0, refused: [] });
    const single = await t.post('/partners/northwind/standing-evaluations', { quarter: '2026-Q1' });
    expect(single.status).toBe(201);
    expect(single.body.events).toEqual([]);
    expect(await t.head()).toBe(head);
  });

  it('C-4, C-5: 80% CSAT against the premier 90% is below: 1st quarter → CsatWarningIssued', async () => {
    expect(await streamTypes(t, standingStreamId('fabrikam'))).toEqual(['TierStandingEvaluated', 'CsatWarningIssued']);
    const res = await t.get('/partners/fabrikam/standing?quarter=2026-Q1');
    expect(res.body.recorded.evaluation).toMatchObject({ csatBp: 8000, minimumBp: 9000, result: 'below', consecutiveQuartersBelow: 1, ladderStep: 'warning' });
    expect(res.body.recorded.ladderEvent.type).toBe('CsatWarningIssued');

    const overview = await t.get('/standing/overview', t.tokenFor('finance'));
    expect(overview.status).toBe(200);
    expect(overview.body.ladder.warning.map((r: { partnerId: string }) => r.partnerId)).toEqual(['fabrikam']);
    expect(overview.body.awaitingDecision.map((r: { partnerId: string }) => r.partnerId)).toEqual(['fabrikam']);
    expect(overview.body.certifications.missing.map((r: { partnerId: string }) => r.partnerId)).toEqual(['contoso', 'fabrikam']);
  });

  it('C-5: 2nd consecutive quarter below → TierReviewDue; the partner manager records the decision', async () => {
    t.clock!.set('2026-07-02T14:00:00Z');
    const close = await t.post('/standing/quarters/2026-Q2/close', {});
    expect(close.body).toMatchObject({ evaluated: ['contoso', 'fabrikam', 'northwind'], refused: [] });
    expect(await streamTypes(t, standingStreamId('fabrikam'))).toEqual([
      'TierStandingEvaluated',
      'CsatWarningIssued',
      'TierStandingEvaluated',
      'TierReviewDue',
    ]);

    const wrong = await t.post('/partners/fabrikam/ladder-decisions', {
      quarter: '2026-Q2',
      decision: 'suspended',
      notes: 'too early',
      decidedAt: '2026-07-02T13:00:00Z',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e: { field: string }) => e.field)).toEqual(['decision']);

    const decided = await t.post('/partners/fabrikam/ladder-decisions', {
      quarter: '2026-Q2',
      decision: 'tier-review-held',
      notes: 'Reviewed with the partner; improvement plan continues',
      decidedAt: '2026-07-02T13:00:00Z',
    }, t.tokenFor('partner-manager'));
    await expectCreated(decided, ['LadderDecisionRecorded']);
    expect(decided.body.events[0].data.decidedBy).toMatch(/^api-key:/);

    await t.settle();
    const overview = await t.get('/standing/overview');
    expect(overview.body.ladder['tier-review']).toEqual([
      expect.objectContaining({ partnerId: 'fabrikam', quarter: '2026-Q2', consecutiveQuartersBelow: 2, decision: 'tier-review-held' }),
    ]);
    expect(overview.body.awaitingDecision).toEqual([]);
  });

  it('C-5: a quarter at or above the minimum resets the count (no ladder event)', async () => {
    t.clock!.set('2026-09-01T14:00:00Z');
    await expectCreated(await t.post('/surveys', survey('fa-3', 'fabrikam', '2026-08-10T15:00:00Z', [5, 5, 5, 5, 5])), ['SurveyCompleted']);
    await expectCreated(await t.post('/surveys', survey('fa-4', 'fabrikam', '2026-08-11T15:00:00Z', [5, 5, 5, 5, 5])), ['SurveyCompleted']);

    t.clock!.set('2026-10-02T14:00:00Z');
    const single = await t.post('/partners/fabrikam/standing-evaluations', { quarter: '2026-Q3' });
    await expectCreated(single, ['TierStandingEvaluated']);
    expect(single.body.events[0].data).toMatchObject({ csatBp: 9000, result: 'meets', consecutiveQuartersBelow: 0, ladderStep: 'none' });

    const close = await t.post('/standing/quarters/2026-Q3/close', {});
    expect(close.body).toMatchObject({ evaluated: ['contoso', 'northwind'], alreadyEvaluated: ['fabrikam'] });
  });

  it('C-7: renewal continues the term while the tier is maintained', async () => {
    const res = await t.post('/partners/northwind/nfr-renewals', { renewedAt: '2026-07-01T15:00:00Z' });
    await expectCreated(res, ['NfrLicensesGranted']);
    expect(res.body.events[0].data).toMatchObject({ users: 5, validFrom: '2026-07-06', validUntil: '2027-01-06', renewal: true });
  });

  it('roles: finance may read standing but not evaluate; a partner reads only its own standing', async () => {
    const finance = t.tokenFor('finance');
    expect((await t.post('/partners/northwind/standing-evaluations', { quarter: '2026-Q4' }, finance)).status).toBe(403);
    const northwindKey = t.tokenFor('partner', 'northwind');
    expect((await t.get('/partners/northwind/standing?quarter=2026-Q1', northwindKey)).status).toBe(200);
    expect((await t.get('/partners/contoso/standing?quarter=2026-Q1', northwindKey)).status).toBe(403);
    expect((await t.get('/standing/overview', northwindKey)).status).toBe(403);
    const noQuarter = await t.get('/partners/northwind/standing');
    expect(noQuarter.status).toBe(400);
    expect(noQuarter.body.errors.map((e: { field: string }) => e.field)).toEqual(['quarter']);
    expect((await t.get('/partners/nobody/standing?quarter=2026-Q1')).status).toBe(404);
  });
});
