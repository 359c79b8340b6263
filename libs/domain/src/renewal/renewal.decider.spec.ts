import { deciderSpecification } from '../statement/testing/decider-specification';
import type { PlaceRenewal, RecordRenewalMissed } from './renewal.commands';
import { renewalDecider, type RenewalContext } from './renewal.decider';
import type { RenewalChainBroken, RenewalPlaced } from './renewal.events';

const spec = deciderSpecification(renewalDecider);
const metadata = { now: '2027-06-30T12:00:00Z', commandId: 'cmd-1', actor: 'test' };
const context: RenewalContext = { originalPartnerId: 'p-1' };
const usd = (amountMinor: string) => ({ amountMinor, currency: 'USD' });

const place = (data: Partial<PlaceRenewal['data']> = {}): PlaceRenewal => ({
  type: 'PlaceRenewal',
  data: { customerKey: 'acme', year: 2, orderValue: usd('5000000'), placedBy: { type: 'partner', partnerId: 'p-1' }, placedAt: '2027-01-05T15:00:00Z', ...data },
  metadata,
});
const placed = (data: Partial<RenewalPlaced['data']> = {}): RenewalPlaced => ({
  type: 'RenewalPlaced',
  data: {
    customerKey: 'acme',
    year: 2,
    orderValue: usd('5000000'),
    placedBy: { type: 'partner', partnerId: 'p-1' },
    originalPartnerId: 'p-1',
    placedAt: '2027-01-05T15:00:00Z',
    ...data,
  },
});
const broken = (data: Partial<RenewalChainBroken['data']>): RenewalChainBroken => ({
  type: 'RenewalChainBroken',
  data: { customerKey: 'acme', partnerId: 'p-1', year: 2, reason: 'missed', ruleId: 'R-7', brokenAt: '2027-01-05T15:00:00Z', ...data },
});
const missed = (data: Partial<RecordRenewalMissed['data']> = {}): RecordRenewalMissed => ({
  type: 'RecordRenewalMissed',
  data: { customerKey: 'acme', year: 2, missedAt: '2027-02-01T00:00:00Z', ...data },
  metadata,
});

describe('renewal decider: PlaceRenewal (R-6, R-7)', () => {
  it('R-6: the original partner places year 2: the chain holds', () => {
    spec.given([]).when(place(), context).then([placed()]);
  });

  it('R-6: the original partner places year 3 after year 2: the chain holds', () => {
    spec.given([placed()]).when(place({ year: 3, placedAt: '2027-06-01T00:00:00Z' }), context).then([placed({ year: 3, placedAt: '2027-06-01T00:00:00Z' })]);
  });

  it('R-7: placed by Results breaks the chain', () => {
    spec
      .given([])
      .when(place({ placedBy: { type: 'results' } }), context)
      .then([placed({ placedBy: { type: 'results' } }), broken({ reason: 'placed-by-results' })]);
  });

  it('R-7: placed by another partner breaks the chain', () => {
    spec
      .given([])
      .when(place({ placedBy: { type: 'partner', partnerId: 'p-2' } }), context)
      .then([placed({ placedBy: { type: 'partner', partnerId: 'p-2' } }), broken({ reason: 'placed-by-other-partner' })]);
  });

  it('R-7: a skipped year breaks the chain at the first missing year', () => {
    spec
      .given([placed()])
      .when(place({ year: 4 }), context)
      .then([placed({ year: 4 }), broken({ year: 3, reason: 'missed' })]);
  });

  it('R-7: once broken, the chain stays broken (no second break event)', () => {
    spec
      .given([placed({ placedBy: { type: 'results' } }), broken({ reason: 'placed-by-results' })])
      .when(place({ year: 3, placedBy: { type: 'partner', partnerId: 'p-2' } }), context)
      .then([placed({ year: 3, placedBy: { type: 'partner', partnerId: 'p-2' } })]);
  });

  it('D-11: a customer without an original partner has no chain to break', () => {
    spec
      .given([])
      .when(place({ placedBy: { type: 'results' } }), { originalPartnerId: null })
      .then([placed({ placedBy: { type: 'results' }, originalPartnerId: null })]);
  });

  it('a repeated placement of the same year is idempotent; a different one is a conflict', () => {
    spec.given([placed()]).when(place(), context).thenNothing();
    spec.given([placed()]).when(place({ orderValue: usd('6000000') }), context).thenThrows({ code: 'conflict', ruleId: 'R-6', field: 'orderValue' });
  });

  it.each([
    ['year', { year: 1 }],
    ['customerKey', { customerKey: '' }],
    ['orderValue.amountMinor', { orderValue: usd('1.5') }],
    ['placedBy.partnerId', { placedBy: { type: 'partner' as const, partnerId: '' } }],
    ['placedAt', { placedAt: '2099-01-01T00:00:00Z' }],
  ])('rejects bad input: %s', (field, data) => {
    spec.given([]).when(place(data), context).thenThrows({ code: 'validation', field });
  });
});

describe('renewal decider: RecordRenewalMissed (R-7)', () => {
  it('R-7: a missed year breaks the chain', () => {
    spec.given([]).when(missed(), context).then([broken({ reason: 'missed', brokenAt: '2027-02-01T00:00:00Z' })]);
  });

  it('R-7: a missed year on a broken chain changes nothing', () => {
    spec.given([broken({ reason: 'placed-by-results' })]).when(missed({ year: 3 }), context).thenNothing();
  });

  it('R-7: a year the partner placed cannot be recorded as missed', () => {
    spec.given([placed()]).when(missed(), context).thenThrows({ code: 'rule-violation', ruleId: 'R-7', field: 'year' });
  });

  it('R-7: a customer without an original partner has no chain', () => {
    spec.given([]).when(missed(), { originalPartnerId: null }).thenThrows({ code: 'rule-violation', ruleId: 'R-7' });
  });
});
