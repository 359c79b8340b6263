import { DEFAULT_TERMS_BOOK } from '../program-terms/default-program-terms';
import { deciderSpecification } from '../statement/testing/decider-specification';
import type { CollectRevenue, RecordChargeback, RefundRevenue } from './revenue.commands';
import { revenueDecider, type RevenueContext } from './revenue.decider';
import type { ChargebackRecorded, RevenueCollected, RevenueRefunded } from './revenue.events';

const spec = deciderSpecification(revenueDecider);
const metadata = { now: '2026-03-31T12:00:00Z', commandId: 'cmd-1', actor: 'test' };
const context: RevenueContext = { partnerId: 'p-1', book: DEFAULT_TERMS_BOOK };
const usd = (amountMinor: string) => ({ amountMinor, currency: 'USD' });

const collect = (data: Partial<CollectRevenue['data']> = {}): CollectRevenue => ({
  type: 'CollectRevenue',
  data: {
    paymentId: 'pay-1',
    customerKey: 'acme',
    revenueKind: 'license',
    order: { type: 'initial' },
    amount: usd('5000000'),
    collectedAt: '2026-02-10T15:00:00Z',
    ...data,
  },
  metadata,
});
const collected: RevenueCollected = {
  type: 'RevenueCollected',
  data: {
    paymentId: 'pay-1',
    customerKey: 'acme',
    revenueKind: 'license',
    order: { type: 'initial' },
    amount: usd('5000000'),
    collectedAt: '2026-02-10T15:00:00Z',
    partnerId: 'p-1',
  },
};
const refund = (data: Partial<RefundRevenue['data']> = {}): RefundRevenue => ({
  type: 'RefundRevenue',
  data: { paymentId: 'pay-1', refundId: 'r-1', amount: usd('1000000'), refundedAt: '2026-03-01T10:00:00Z', reason: 'seats reduced', ...data },
  metadata,
});
const refunded = (data: Partial<RevenueRefunded['data']> = {}): RevenueRefunded => ({
  type: 'RevenueRefunded',
  data: { paymentId: 'pay-1', refundId: 'r-1', amount: usd('1000000'), refundedAt: '2026-03-01T10:00:00Z', reason: 'seats reduced', partnerId: 'p-1', ...data },
});
const chargeback = (data: Partial<RecordChargeback['data']> = {}): RecordChargeback => ({
  type: 'RecordChargeback',
  data: { paymentId: 'pay-1', chargebackId: 'cb-1', amount: usd('4000000'), chargedBackAt: '2026-03-02T10:00:00Z', reason: 'card dispute', ...data },
  metadata,
});

describe('revenue decider: CollectRevenue (R-9)', () => {
  it('records a collection with the partner the application attributed (D-11)', () => {
    spec.given([]).when(collect(), context).then([collected]);
  });

  it('records a collection of a customer without an eligible won deal with partnerId null (D-11)', () => {
    spec.given([]).when(collect(), { ...context, partnerId: null }).then([{ ...collected, data: { ...collected.data, partnerId: null } }]);
  });

  it('normalises the business time to a canonical instant (T-3)', () => {
    spec
      .given([])
      .when(collect({ collectedAt: '2026-02-10T10:00:00-05:00' }), context)
      .then([collected]);
  });

  it('R-9: the same payment id with the same payload is an idempotent no-op', () => {
    spec.given([collected]).when(collect({ collectedAt: '2026-02-10T15:00:00.000Z' }), context).thenNothing();
  });

  it('R-9: the same payment id with a different payload is a conflict naming the fields', () => {
    const error = spec
      .given([collected])
      .when(collect({ amount: usd('5000001'), revenueKind: 'results-services' }), context)
      .thenThrows({ code: 'conflict', ruleId: 'R-9', message: /revenueKind, amount\.amountMinor/ });
    expect(error.violations.map((v) => v.field)).toEqual(['revenueKind', 'amount.amountMinor']);
  });

  it('R-9: a renewal year that differs is a conflict on order', () => {
    spec
      .given([{ ...collected, data: { ...collected.data, order: { type: 'renewal', year: 2 } } }])
      .when(collect({ order: { type: 'renewal', year: 3 } }), context)
      .thenThrows({ code: 'conflict', field: 'order' });
  });

  it.each([
    ['amount.amountMinor', { amount: usd('12.50') }],
    ['amount.amountMinor', { amount: usd('0') }],
    ['amount.amountMinor', { amount: usd('-100') }],
    ['amount.amountMinor', { amount: usd('1e6') }],
    ['amount.currency', { amount: { amountMinor: '100', currency: 'XYZ' } }],
    ['revenueKind', { revenueKind: 'hardware' as never }],
    ['order.year', { order: { type: 'renewal' as const, year: 1 } }],
    ['order.year', { order: { type: 'renewal' as const, year: 2.5 } }],
    ['order.type', { order: { type: 'upsell' } as never }],
    ['collectedAt', { collectedAt: '2026-02-10' }],
    ['collectedAt', { collectedAt: '2026-04-01T00:00:00Z' }],
    ['paymentId', { paymentId: '  ' }],
    ['customerKey', { customerKey: '' }],
  ])('rejects bad input: %s', (field, data) => {
    spec.given([]).when(collect(data), context).thenThrows({ code: 'validation', field });
  });

  it('T-2: refuses a collection in another currency than the program currency', () => {
    spec
      .given([])
      .when(collect({ amount: { amountMinor: '100', currency: 'EUR' } }), context)
      .thenThrows({ code: 'validation', ruleId: 'T-2', message: /currency mismatch: EUR vs program currency USD/ });
  });
});

describe('revenue decider: refunds and chargebacks (R-8)', () => {
  it('records a refund, copying the partner of the collection', () => {
    spec.given([collected]).when(refund(), { ...context, partnerId: 'someone-else' }).then([refunded()]);
  });

  it('records a chargeback', () => {
    const recorded: ChargebackRecorded = {
      type: 'ChargebackRecorded',
      data: { paymentId: 'pay-1', chargebackId: 'cb-1', amount: usd('4000000'), chargedBackAt: '2026-03-02T10:00:00Z', reason: 'card dispute', partnerId: 'p-1' },
    };
    spec.given([collected, refunded()]).when(chargeback(), context).then([recorded]);
  });

  it('R-8: cumulative refunds and chargebacks may not exceed the collected amount', () => {
    spec
      .given([collected, refunded()])
      .when(chargeback({ amount: usd('4000001') }), context)
      .thenThrows({ code: 'rule-violation', ruleId: 'R-8', message: /4000000 still reversible/ });
  });

  it('R-8: a refund of the whole amount is allowed, one more cent is not', () => {
    spec.given([collected]).when(refund({ amount: usd('5000000') }), context).then([refunded({ amount: usd('5000000') })]);
    spec.given([collected, refunded({ amount: usd('5000000') })]).when(refund({ refundId: 'r-2', amount: usd('1') }), context).thenThrows({ ruleId: 'R-8' });
  });

  it('R-8: a retried refund id with the same payload is a no-op, a different payload a conflict', () => {
    spec.given([collected, refunded()]).when(refund(), context).thenNothing();
    spec
      .given([collected, refunded()])
      .when(refund({ amount: usd('2000000') }), context)
      .thenThrows({ code: 'conflict', ruleId: 'R-8', field: 'amount' });
  });

  it('R-8: a retried chargeback id is a no-op', () => {
    const recorded: ChargebackRecorded = {
      type: 'ChargebackRecorded',
      data: { paymentId: 'pay-1', chargebackId: 'cb-1', amount: usd('4000000'), chargedBackAt: '2026-03-02T10:00:00Z', reason: 'card dispute', partnerId: 'p-1' },
    };
    spec.given([collected, recorded]).when(chargeback(), context).thenNothing();
  });

  it('T-2: a refund in another currency is a validation error, never converted', () => {
    spec
      .given([collected])
      .when(refund({ amount: { amountMinor: '100', currency: 'EUR' } }), context)
      .thenThrows({ code: 'validation', ruleId: 'T-2', field: 'amount.currency' });
  });

  it('refuses a refund of a payment that was never collected', () => {
    spec.given([]).when(refund(), context).thenThrows({ code: 'not-found', field: 'paymentId' });
  });

  it('refuses a refund dated before the collection', () => {
    spec.given([collected]).when(refund({ refundedAt: '2026-02-01T00:00:00Z' }), context).thenThrows({ code: 'validation', field: 'refundedAt' });
  });

  it.each([
    ['refundId', { refundId: '' }],
    ['amount.amountMinor', { amount: usd('-5') }],
    ['reason', { reason: ' ' }],
    ['refundedAt', { refundedAt: 'yesterday' }],
  ])('rejects a bad refund: %s', (field, data) => {
    spec.given([collected]).when(refund(data), context).thenThrows({ code: 'validation', field });
  });
});
