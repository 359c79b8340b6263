/**
 * A won customer's life (R-1..R-9, C-1): license installments for the first contract year, the
 * year-2 renewal (placed by the partner, by Results — R-7 breaks the chain — or missed),
 * Results-delivered and partner-delivered services, the odd refund and chargeback, and
 * satisfaction surveys from 30 days after go-live, then about every quarter.
 */
import {
  CollectRevenueCommand,
  CompleteSurveyCommand,
  PlaceRenewalCommand,
  RecordChargebackCommand,
  RecordRenewalMissedCommand,
  RefundRevenueCommand,
} from '@ledger/application';
import { paymentStreamId, renewalStreamId, surveyStreamId, type RevenueKind, type RevenueOrder } from '@ledger/domain';
import { Temporal } from 'temporal-polyfill';
import { commandAction } from '../demo-schedule';
import { DEMO_LAST_BUSINESS_DAY, instantOn, isAfter, weekdayOnOrAfter } from '../demo-calendar';
import { Prng } from '../prng';
import { DEMO_ACTORS, type PartnerPlan, type PlanContext } from './plan-context';

export type RenewalShowcase = 'partner' | 'results' | 'missed';
export type ClawbackShowcase = 'refund-next-quarter';

export interface WonCustomer {
  /** Index of the opportunity (names the payment ids). */
  readonly index: number;
  readonly customerKey: string;
  readonly partner: PartnerPlan;
  readonly closedOn: Temporal.PlainDate;
  readonly arrMinor: bigint;
  readonly renewal?: RenewalShowcase;
  readonly clawback?: ClawbackShowcase;
  readonly alwaysSurveyed: boolean;
}

const REFUND_REASONS = ['Seats reduced at true-up', 'Duplicate invoice', 'Service credit for an outage', 'Downgraded edition'];
const CHARGEBACK_REASONS = ['Card dispute: not recognised', 'Card dispute: services not received'];

export function planCustomer(ctx: PlanContext, c: WonCustomer): void {
  const rng = Prng.for(ctx.seed, `customer:${c.customerKey}`);
  const tag = `o${String(c.index + 1).padStart(5, '0')}`;
  const months = ctx.scale.billingMonths;
  const perYear = BigInt(12 / months);
  const contractMinor = roundToDollars((c.arrMinor * BigInt(rng.int(80, 120))) / 100n);
  const firstBillOn = weekdayOnOrAfter(c.closedOn.add({ days: rng.int(5, 20) }));

  // first contract year, license installments.
  for (let n = 0; n < Number(perYear); n++) {
    const on = weekdayOnOrAfter(firstBillOn.add({ months: n * months }));
    collect(ctx, rng, c, `pay-${tag}-l1-${pad(n + 1)}`, on, 'license', { type: 'initial' }, contractMinor / perYear, n === 0 ? c.clawback : undefined);
  }

  // the year-2 renewal.
  const anniversary = firstBillOn.add({ years: 1 });
  const placeOn = weekdayOnOrAfter(anniversary.subtract({ days: rng.int(10, 40) }));
  if (!isAfter(placeOn, DEMO_LAST_BUSINESS_DAY)) {
    const placer = c.renewal ?? rng.weighted([['partner', 0.8], ['results', 0.1], ['missed', 0.1]] as const);
    const stream = renewalStreamId(c.customerKey);
    if (placer === 'missed') {
      const missedOn = weekdayOnOrAfter(anniversary.add({ days: 15 }));
      const missedAt = instantOn(missedOn, 12);
      ctx.schedule.add(
        commandAction({
          at: missedAt,
          key: stream,
          id: `renewal:${c.customerKey}:2:missed`,
          actor: DEMO_ACTORS.manager,
          command: (meta) => new RecordRenewalMissedCommand({ customerKey: c.customerKey, year: 2, missedAt: missedAt.toString() }, meta),
        }),
      );
    } else {
      const orderMinor = roundToDollars((contractMinor * BigInt(rng.int(100, 112))) / 100n);
      const placedAt = instantOn(placeOn, 13);
      const placedBy = placer === 'partner' ? ({ type: 'partner', partnerId: c.partner.partnerId } as const) : ({ type: 'results' } as const);
      ctx.schedule.add(
        commandAction({
          at: placedAt,
          key: stream,
          id: `renewal:${c.customerKey}:2`,
          actor: placer === 'partner' ? DEMO_ACTORS.partner(c.partner.partnerId) : DEMO_ACTORS.manager,
          command: (meta) =>
            new PlaceRenewalCommand(
              { customerKey: c.customerKey, year: 2, orderValue: { amountMinor: orderMinor.toString(), currency: 'USD' }, placedBy, placedAt: placedAt.toString() },
              meta,
            ),
        }),
      );
      for (let n = 0; n < Number(perYear); n++) {
        const on = weekdayOnOrAfter(anniversary.add({ months: n * months }));
        collect(ctx, rng, c, `pay-${tag}-l2-${pad(n + 1)}`, on, 'license', { type: 'renewal', year: 2 }, orderMinor / perYear);
      }
    }
  }

  // Results-delivered services; R-5: partner-delivered services (memo only).
  if (rng.chance(0.5)) {
    for (let n = 1, count = rng.int(1, 3); n <= count; n++) {
      const on = weekdayOnOrAfter(c.closedOn.add({ days: rng.int(10, 90) }));
      collect(ctx, rng, c, `pay-${tag}-rs-${n}`, on, 'results-services', { type: 'initial' }, BigInt(rng.int(10, 80) * 500) * 100n);
    }
  }
  if (rng.chance(0.3)) {
    for (let n = 1, count = rng.int(1, 2); n <= count; n++) {
      const on = weekdayOnOrAfter(c.closedOn.add({ days: rng.int(15, 120) }));
      collect(ctx, rng, c, `pay-${tag}-ps-${n}`, on, 'partner-services', { type: 'initial' }, BigInt(rng.int(4, 40) * 500) * 100n);
    }
  }

  planSurveys(ctx, rng, c, tag);
}

function collect(
  ctx: PlanContext,
  rng: Prng,
  c: WonCustomer,
  paymentId: string,
  on: Temporal.PlainDate,
  revenueKind: RevenueKind,
  order: RevenueOrder,
  amountMinor: bigint,
  clawback?: ClawbackShowcase,
): void {
  if (isAfter(on, DEMO_LAST_BUSINESS_DAY)) return;
  const collectedAt = instantOn(on, rng.int(9, 16), rng.int(0, 59));
  const stream = paymentStreamId(paymentId);
  const amount = { amountMinor: amountMinor.toString(), currency: 'USD' };
  ctx.schedule.add(
    commandAction({
      at: collectedAt,
      key: stream,
      id: `revenue:${paymentId}`,
      actor: DEMO_ACTORS.billing,
      command: (meta) => new CollectRevenueCommand({ paymentId, customerKey: c.customerKey, revenueKind, order, amount, collectedAt: collectedAt.toString() }, meta),
    }),
  );
  // about 2 % refunded (in full or in part), 1 % charged back; the showcase refund lands
  // after the collection's quarter is closed, so it is a clawback on a later statement.
  const reversal = clawback ? 'refund' : rng.weighted([['none', 0.97], ['refund', 0.02], ['chargeback', 0.01]] as const);
  if (reversal === 'none') return;
  const reversedOn = weekdayOnOrAfter(on.add({ days: clawback ? 100 : reversal === 'refund' ? rng.int(3, 75) : rng.int(20, 100) }));
  if (isAfter(reversedOn, DEMO_LAST_BUSINESS_DAY)) return;
  const reversedAt = instantOn(reversedOn, 11);
  if (reversal === 'refund') {
    const part = clawback || rng.chance(0.5) ? amountMinor : (amountMinor * BigInt(rng.int(10, 50))) / 100n;
    ctx.schedule.add(
      commandAction({
        at: reversedAt,
        key: stream,
        id: `revenue:${paymentId}:refund`,
        actor: DEMO_ACTORS.billing,
        command: (meta) =>
          new RefundRevenueCommand(
            { paymentId, refundId: `ref-${paymentId}`, amount: { amountMinor: part.toString(), currency: 'USD' }, refundedAt: reversedAt.toString(), reason: rng.pick(REFUND_REASONS) },
            meta,
          ),
      }),
    );
  } else {
    ctx.schedule.add(
      commandAction({
        at: reversedAt,
        key: stream,
        id: `revenue:${paymentId}:chargeback`,
        actor: DEMO_ACTORS.billing,
        command: (meta) =>
          new RecordChargebackCommand(
            { paymentId, chargebackId: `cb-${paymentId}`, amount, chargedBackAt: reversedAt.toString(), reason: rng.pick(CHARGEBACK_REASONS) },
            meta,
          ),
      }),
    );
  }
}

/** C-1: the first survey about 30 days after go-live, then roughly every quarter. */
function planSurveys(ctx: PlanContext, rng: Prng, c: WonCustomer, tag: string): void {
  const goLive = c.closedOn.add({ days: rng.int(20, 60) });
  const followUps = c.alwaysSurveyed || rng.chance(0.6);
  let on = weekdayOnOrAfter(goLive.add({ days: 30 + rng.int(0, 14) }));
  for (let n = 1; !isAfter(on, DEMO_LAST_BUSINESS_DAY); n++) {
    const surveyId = `srv-${tag}-${n}`;
    const completedAt = instantOn(on, rng.int(9, 17));
    const stars = () => (rng.chance(c.partner.quality) ? (rng.chance(0.6) ? 5 : 4) : rng.int(1, 3));
    const ratings = {
      productFit: stars(),
      implementationQuality: stars(),
      partnerResponsiveness: stars(),
      trainingEffectiveness: stars(),
      overallSatisfaction: stars(),
    };
    ctx.schedule.add(
      commandAction({
        at: completedAt,
        key: surveyStreamId(surveyId),
        id: `survey:${surveyId}`,
        actor: DEMO_ACTORS.manager,
        command: (meta) =>
          new CompleteSurveyCommand(
            { surveyId, customerKey: c.customerKey, partnerId: c.partner.partnerId, goLiveDate: goLive.toString(), ratings, completedAt: completedAt.toString() },
            meta,
          ),
      }),
    );
    if (!followUps) return;
    on = weekdayOnOrAfter(on.add({ days: rng.int(75, 105) }));
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');

function roundToDollars(minor: bigint): bigint {
  return (minor / 100n) * 100n;
}
