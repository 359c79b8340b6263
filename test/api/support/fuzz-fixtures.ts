/**
 * The seeded program the hostile-input fuzz runs against, and one VALID request per known
 * mutating route in it (each would succeed, 2xx, on its own). Every hostile request starts from
 * one of these, so the mutation is what makes it invalid. Routes without an entry here (added
 * later) get a body generated from their DTO's validation metadata (dto-fields.ts) and the
 * default path parameters below.
 */
import type { LedgerTestApp } from '../../support/ledger-test-app';
import { dtoValidBody } from './dto-fields';
import type { BaseRequest } from './hostile-values';
import type { RouteInfo } from './route-catalog';

/** Wednesday; 2026-Q1 has ended (C-3). */
export const FUZZ_NOW = '2026-04-15T15:00:00Z';

const ENROLLED_AT = '2025-12-01T15:00:00Z';
const REGISTERED_AT = '2026-04-14T14:00:00Z';
const APPROVED_AT = '2026-04-14T16:00:00Z';
const EARLIER = '2026-04-15T14:00:00Z';

export interface FuzzWorld {
  /** Opportunity keys by purpose. */
  readonly keys: Readonly<Record<'pendingApprove' | 'pendingDecline' | 'extend' | 'override' | 'won' | 'lost' | 'inbound', string>>;
  readonly revocableKeyId: string;
  readonly terms: Record<string, unknown>;
}

/** Enrols partners and registers deals through the API (admin key, fixed clock FUZZ_NOW). */
export async function seedFuzzWorld(t: LedgerTestApp): Promise<FuzzWorld> {
  const ok = async (url: string, body: unknown): Promise<{ streamName?: string }> => {
    const res = await t.post(url, body);
    if (res.status >= 300) throw new Error(`seed ${url} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { streamName?: string };
  };
  for (const partnerId of ['fz-alpha', 'fz-beta', 'fz-gamma', 'fz-delta', 'fz-epsilon']) {
    await ok('/partners', { partnerId, legalName: `${partnerId} LLC`, tier: 'premier', staffCount: 6, country: 'US', taxForm: 'W-9', enrolledAt: ENROLLED_AT });
  }
  await ok('/partners/fz-gamma/certification/enrolments', { enrolledAt: '2026-04-01T15:00:00Z' });
  await ok('/partners/fz-delta/certification/enrolments', { enrolledAt: '2026-04-01T15:00:00Z' });
  await ok('/partners/fz-delta/certification/training-completions', { completedAt: '2026-04-08T15:00:00Z' });
  await ok('/partners/fz-epsilon/nfr-grants', { grantedAt: '2026-01-05T15:00:00Z' });

  const register = async (purpose: string, approve: boolean): Promise<string> => {
    const res = await ok('/deal-registrations', {
      registrationId: `fz-reg-${purpose}`,
      partnerId: 'fz-alpha',
      companyName: `Fuzz ${purpose} Holdings`,
      primaryContact: { name: 'Pat Fuzz', email: 'pat@fuzz.example' },
      estimatedArr: { amountMinor: '5000000', currency: 'USD' },
      expectedCloseDate: '2026-09-30',
      description: `seed for ${purpose}`,
      registeredAt: REGISTERED_AT,
    });
    const key = res.streamName!.replace(/^opportunity-/, '');
    if (approve) await ok(`/opportunities/${key}/registrations/fz-reg-${purpose}/approval`, { at: APPROVED_AT });
    return key;
  };
  const keys = {
    pendingApprove: await register('approve', false),
    pendingDecline: await register('decline', false),
    extend: await register('extend', true),
    override: await register('override', true),
    won: await register('won', true),
    lost: await register('lost', true),
    inbound: await register('inbound', true),
  };

  const revocable = await t.post('/api-keys', { role: 'finance', label: 'fuzz: revocable' });
  const book = await t.get('/program-terms');
  const latest = (book.body as { versions: Record<string, unknown>[] }).versions.at(-1)!;
  const { effectiveFrom: _effectiveFrom, ...terms } = latest;
  return { keys, revocableKeyId: (revocable.body as { keyId: string }).keyId, terms: { ...terms, version: 'fuzz-2027' } };
}

/** Valid requests by route id (`METHOD /pattern`). */
export function knownBaseRequests(world: FuzzWorld): Record<string, BaseRequest> {
  const k = world.keys;
  const reg = (purpose: 'approve' | 'decline' | 'extend' | 'override' | 'won' | 'lost') => ({
    key: { approve: k.pendingApprove, decline: k.pendingDecline, extend: k.extend, override: k.override, won: k.won, lost: k.lost }[purpose],
    registrationId: `fz-reg-${purpose}`,
  });
  const none = {};
  return {
    'POST /program-terms/amendments': { params: none, body: { terms: world.terms, effectiveFrom: '2027-01-01', reason: 'fuzz amendment' } },
    'POST /partners': {
      params: none,
      body: { partnerId: 'fz-new', legalName: 'Fuzz New LLC', tier: 'premier', staffCount: 6, country: 'US', taxForm: 'W-9', enrolledAt: EARLIER },
    },
    'POST /partners/:partnerId/tier-changes': { params: { partnerId: 'fz-alpha' }, body: { toTier: 'certified', effectiveFrom: '2026-07-01', reason: 'fuzz' } },
    'POST /partners/:partnerId/staff-counts': { params: { partnerId: 'fz-alpha' }, body: { staffCount: 7, reportedAt: EARLIER } },
    'POST /partners/:partnerId/tax-forms': { params: { partnerId: 'fz-alpha' }, body: { taxForm: 'W-9' } },
    'POST /partners/:partnerId/performance-bonuses': { params: { partnerId: 'fz-alpha' }, body: { quarter: '2026-Q1', reason: 'fuzz' } },
    'POST /deal-registrations': {
      params: none,
      body: {
        registrationId: 'fz-reg-new',
        partnerId: 'fz-alpha',
        companyName: 'Fuzz New Widgets',
        companyDomain: 'fuzz-widgets.example',
        primaryContact: { name: 'Pat Fuzz', email: 'pat@fuzz.example', phone: '+1 555 0100' },
        estimatedArr: { amountMinor: '5000000', currency: 'USD' },
        expectedCloseDate: '2026-09-30',
        description: 'CRM replacement',
        registeredAt: EARLIER,
      },
    },
    'POST /opportunities/:key/registrations/:registrationId/approval': { params: reg('approve'), body: { at: EARLIER } },
    'POST /opportunities/:key/registrations/:registrationId/decline': { params: reg('decline'), body: { reason: 'no fit', at: EARLIER } },
    'POST /opportunities/:key/registrations/:registrationId/extensions': { params: reg('extend'), body: { progressNote: 'demo held' } },
    'POST /opportunities/:key/registrations/:registrationId/override': {
      params: reg('override'),
      body: { requestedBy: 'Jane Roe, CFO', reason: 'customer preference', newPartnerId: 'fz-beta', newRegistrationId: 'fz-reg-overridden' },
    },
    'POST /opportunities/:key/registrations/:registrationId/closed-won': { params: reg('won'), body: { at: EARLIER } },
    'POST /opportunities/:key/registrations/:registrationId/closed-lost': { params: reg('lost'), body: { reason: 'budget cut', at: EARLIER } },
    'POST /opportunities/:key/inbound-leads': { params: { key: k.inbound }, body: { at: EARLIER } },
    'POST /opportunities/:key/sweeps/overdue-approvals': { params: { key: k.pendingApprove }, body: undefined },
    'POST /opportunities/:key/sweeps/expiry': { params: { key: k.extend }, body: undefined },
    'POST /surveys': {
      params: none,
      body: {
        surveyId: 'fz-survey-new',
        customerKey: 'fuzz-customer',
        partnerId: 'fz-alpha',
        goLiveDate: '2026-01-15',
        ratings: { productFit: 5, implementationQuality: 4, partnerResponsiveness: 5, trainingEffectiveness: 3, overallSatisfaction: 4 },
        completedAt: '2026-04-01T15:00:00Z',
      },
    },
    'POST /partners/:partnerId/certification/enrolments': { params: { partnerId: 'fz-alpha' }, body: { enrolledAt: EARLIER } },
    'POST /partners/:partnerId/certification/training-completions': { params: { partnerId: 'fz-gamma' }, body: { completedAt: EARLIER } },
    'POST /partners/:partnerId/certification/exam-attempts': { params: { partnerId: 'fz-delta' }, body: { scorePercent: 86, attemptedAt: EARLIER } },
    'POST /partners/:partnerId/nfr-grants': { params: { partnerId: 'fz-alpha' }, body: { grantedAt: EARLIER } },
    'POST /partners/:partnerId/nfr-renewals': { params: { partnerId: 'fz-epsilon' }, body: { renewedAt: EARLIER } },
    'POST /partners/:partnerId/standing-evaluations': { params: { partnerId: 'fz-alpha' }, body: { quarter: '2025-Q4' } },
    // C-5: no ladder step is due in the seeded world; the body is DTO-valid, the domain refuses it (422).
    'POST /partners/:partnerId/ladder-decisions': {
      params: { partnerId: 'fz-alpha' },
      body: { quarter: '2026-Q1', decision: 'no-action', notes: 'fuzz', decidedAt: EARLIER },
    },
    'POST /standing/quarters/:quarter/close': { params: { quarter: '2026-Q1' }, body: undefined },
    'POST /api-keys': { params: none, body: { role: 'partner', partnerId: 'fz-alpha', label: 'fuzz key' } },
    'DELETE /api-keys/:keyId': { params: { keyId: world.revocableKeyId }, body: undefined },
  };
}

/** The known valid request of a route, else default path parameters and a body built from its DTO. */
export function baseRequestFor(route: RouteInfo, world: FuzzWorld): BaseRequest {
  const known = knownBaseRequests(world)[route.id];
  if (known) return known;
  const defaults: Record<string, string> = { partnerId: 'fz-alpha', key: world.keys.extend, registrationId: 'fz-reg-extend', quarter: '2026-Q1', customerKey: 'fuzz-customer' };
  const params = Object.fromEntries(route.params.map((name) => [name, defaults[name] ?? 'fz-alpha']));
  return { params, body: route.bodyDto ? (dtoValidBody(route.bodyDto, { partnerId: 'fz-alpha' }) ?? undefined) : undefined };
}
