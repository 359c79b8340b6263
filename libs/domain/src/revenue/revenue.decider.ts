/**
 * Revenue decider, one stream per external payment id (`paymentStreamId`).
 * a repeated collection is an idempotent no-op; a different payload under the same payment id
 * is a conflict naming the differing fields. R-8: refunds and chargebacks reverse part of the
 * collection, never more than was collected in total, in the collection's currency (T-2).
 */
import { Temporal } from 'temporal-polyfill';
import { assertNever, type Decider } from '../shared/decider';
import { DomainError, Violations, type FieldViolation } from '../shared/domain-error';
import { isKnownCurrency, type MoneyJson } from '../shared/money';
import { isValidInstant } from '../shared/business-time';
import { termsInForceAt, type ProgramTermsBook } from '../program-terms/program-terms';
import type { RevenueCommand } from './revenue.commands';
import type { ChargebackRecorded, RevenueCollected, RevenueEvent, RevenueKind, RevenueRefunded } from './revenue.events';

export const REVENUE_KINDS: readonly RevenueKind[] = ['license', 'results-services', 'partner-services'];

/** Supplied by the application for each command. */
export interface RevenueContext {
  /** D-11: the partner of the customer's approved deal that closed won while protected, or null. */
  readonly partnerId: string | null;
  /** T-1/T-2: the terms book; the collection must be in the program currency in force. */
  readonly book: ProgramTermsBook;
}

export type RevenueState =
  | { readonly status: 'none' }
  | {
      readonly status: 'collected';
      readonly collection: RevenueCollected['data'];
      /** refunds + chargebacks so far, minor units. */
      readonly reversedMinor: bigint;
      readonly refunds: Readonly<Record<string, RevenueRefunded['data']>>;
      readonly chargebacks: Readonly<Record<string, ChargebackRecorded['data']>>;
    };

const POSITIVE_MINOR = /^[1-9][0-9]{0,17}$/;

export const revenueDecider: Decider<RevenueCommand, RevenueEvent, RevenueState, RevenueContext> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'RevenueCollected':
        return { status: 'collected', collection: event.data, reversedMinor: 0n, refunds: {}, chargebacks: {} };
      case 'RevenueRefunded':
        if (state.status !== 'collected') return state;
        return {
          ...state,
          reversedMinor: state.reversedMinor + BigInt(event.data.amount.amountMinor),
          refunds: { ...state.refunds, [event.data.refundId]: event.data },
        };
      case 'ChargebackRecorded':
        if (state.status !== 'collected') return state;
        return {
          ...state,
          reversedMinor: state.reversedMinor + BigInt(event.data.amount.amountMinor),
          chargebacks: { ...state.chargebacks, [event.data.chargebackId]: event.data },
        };
      default:
        return assertNever(event, 'revenue event');
    }
  },

  decide(command, state, context) {
    switch (command.type) {
      case 'CollectRevenue': {
        const d = command.data;
        const v = new Violations();
        checkId(v, d.paymentId, 'paymentId');
        checkId(v, d.customerKey, 'customerKey');
        v.check(REVENUE_KINDS.includes(d.revenueKind), 'revenueKind', `must be one of ${REVENUE_KINDS.join(', ')}`);
        checkOrder(v, d.order);
        checkAmount(v, d.amount, 'amount');
        checkBusinessTime(v, d.collectedAt, 'collectedAt', command.metadata.now);
        v.throwIfAny('R-9');
        const programCurrency = termsInForceAt(context.book, d.collectedAt).currency;
        if (d.amount.currency !== programCurrency) {
          throw DomainError.validation(
            [{ field: 'amount.currency', message: `currency mismatch: ${d.amount.currency} vs program currency ${programCurrency}` }],
            'T-2',
          );
        }
        const collected: RevenueCollected['data'] = {
          paymentId: d.paymentId,
          customerKey: d.customerKey,
          revenueKind: d.revenueKind,
          order: d.order.type === 'initial' ? { type: 'initial' } : { type: 'renewal', year: d.order.year },
          amount: { amountMinor: d.amount.amountMinor, currency: d.amount.currency },
          collectedAt: normalizeInstant(d.collectedAt),
          partnerId: context.partnerId,
        };
        if (state.status === 'collected') {
          const differing = collectionDifferences(state.collection, collected);
          if (differing.length === 0) return []; // idempotent no-op
          throw conflict(`R-9: payment ${d.paymentId} was already collected with a different ${differing.join(', ')}`, 'R-9', differing);
        }
        return [{ type: 'RevenueCollected', data: collected }];
      }

      case 'RefundRevenue': {
        const d = command.data;
        const v = new Violations();
        checkId(v, d.paymentId, 'paymentId');
        checkId(v, d.refundId, 'refundId');
        checkAmount(v, d.amount, 'amount');
        checkBusinessTime(v, d.refundedAt, 'refundedAt', command.metadata.now);
        v.check(typeof d.reason === 'string' && d.reason.trim().length > 0, 'reason', 'must be a non-empty text');
        v.throwIfAny('R-8');
        const collected = requireCollection(state, d.paymentId);
        const data: RevenueRefunded['data'] = {
          paymentId: d.paymentId,
          refundId: d.refundId,
          amount: { amountMinor: d.amount.amountMinor, currency: d.amount.currency },
          refundedAt: normalizeInstant(d.refundedAt),
          reason: d.reason,
          partnerId: collected.collection.partnerId,
        };
        const previous = collected.refunds[d.refundId];
        if (previous) return sameReversal(previous, data, 'refundedAt', `refund ${d.refundId}`);
        checkReversal(collected, data.amount, data.refundedAt, 'refundedAt');
        return [{ type: 'RevenueRefunded', data }];
      }

      case 'RecordChargeback': {
        const d = command.data;
        const v = new Violations();
        checkId(v, d.paymentId, 'paymentId');
        checkId(v, d.chargebackId, 'chargebackId');
        checkAmount(v, d.amount, 'amount');
        checkBusinessTime(v, d.chargedBackAt, 'chargedBackAt', command.metadata.now);
        v.check(typeof d.reason === 'string' && d.reason.trim().length > 0, 'reason', 'must be a non-empty text');
        v.throwIfAny('R-8');
        const collected = requireCollection(state, d.paymentId);
        const data: ChargebackRecorded['data'] = {
          paymentId: d.paymentId,
          chargebackId: d.chargebackId,
          amount: { amountMinor: d.amount.amountMinor, currency: d.amount.currency },
          chargedBackAt: normalizeInstant(d.chargedBackAt),
          reason: d.reason,
          partnerId: collected.collection.partnerId,
        };
        const previous = collected.chargebacks[d.chargebackId];
        if (previous) return sameReversal(previous, data, 'chargedBackAt', `chargeback ${d.chargebackId}`);
        checkReversal(collected, data.amount, data.chargedBackAt, 'chargedBackAt');
        return [{ type: 'ChargebackRecorded', data }];
      }

      default:
        return assertNever(command, 'revenue command');
    }
  },
};

type Collected = Extract<RevenueState, { status: 'collected' }>;

function requireCollection(state: RevenueState, paymentId: string): Collected {
  if (state.status !== 'collected') throw DomainError.notFound(`R-8: collection for payment ${paymentId}`, 'paymentId');
  return state;
}

/** R-8, T-2: same currency, not before the collection, cumulative reversals ≤ collected amount. */
function checkReversal(state: Collected, amount: MoneyJson, at: string, atField: string): void {
  const collection = state.collection;
  if (amount.currency !== collection.amount.currency) {
    throw DomainError.validation(
      [{ field: 'amount.currency', message: `currency mismatch: ${amount.currency} vs collection ${collection.amount.currency}` }],
      'T-2',
    );
  }
  if (Temporal.Instant.compare(Temporal.Instant.from(at), Temporal.Instant.from(collection.collectedAt)) < 0) {
    throw DomainError.validation([{ field: atField, message: `must not be before the collection (${collection.collectedAt})` }], 'R-8');
  }
  const collectedMinor = BigInt(collection.amount.amountMinor);
  const after = state.reversedMinor + BigInt(amount.amountMinor);
  if (after > collectedMinor) {
    throw DomainError.rule(
      'R-8',
      `R-8: refunds and chargebacks would total ${after} minor units, more than the ${collectedMinor} collected on payment ${collection.paymentId} (${collectedMinor - state.reversedMinor} still reversible)`,
      'amount',
    );
  }
}

function sameReversal<T extends { amount: MoneyJson; reason: string }>(previous: T, next: T, atField: keyof T & string, what: string): [] {
  const differing: string[] = [];
  if (previous.amount.amountMinor !== next.amount.amountMinor || previous.amount.currency !== next.amount.currency) differing.push('amount');
  if (!sameInstant(previous[atField] as string, next[atField] as string)) differing.push(atField);
  if (previous.reason !== next.reason) differing.push('reason');
  if (differing.length === 0) return []; // idempotent retry
  throw conflict(`R-8: ${what} was already recorded with a different ${differing.join(', ')}`, 'R-8', differing);
}

function collectionDifferences(a: RevenueCollected['data'], b: RevenueCollected['data']): string[] {
  const differing: string[] = [];
  if (a.customerKey !== b.customerKey) differing.push('customerKey');
  if (a.revenueKind !== b.revenueKind) differing.push('revenueKind');
  if (a.order.type !== b.order.type || (a.order.type === 'renewal' && b.order.type === 'renewal' && a.order.year !== b.order.year)) {
    differing.push('order');
  }
  if (a.amount.amountMinor !== b.amount.amountMinor) differing.push('amount.amountMinor');
  if (a.amount.currency !== b.amount.currency) differing.push('amount.currency');
  if (!sameInstant(a.collectedAt, b.collectedAt)) differing.push('collectedAt');
  return differing;
}

function conflict(message: string, ruleId: string, fields: readonly string[]): DomainError {
  const violations: FieldViolation[] = fields.map((field) => ({ field, message: 'differs from the recorded value' }));
  return new DomainError('conflict', message, ruleId, violations);
}

function checkId(v: Violations, value: unknown, field: string): void {
  v.check(typeof value === 'string' && value.trim().length > 0 && value.length <= 200, field, 'must be a non-empty id (at most 200 characters)');
}

function checkOrder(v: Violations, order: unknown): void {
  const o = order as { type?: unknown; year?: unknown } | null;
  if (o?.type === 'initial') return;
  if (o?.type === 'renewal') {
    v.check(Number.isSafeInteger(o.year) && (o.year as number) >= 2 && (o.year as number) <= 100, 'order.year', 'a renewal year must be an integer from 2 (R-6)');
    return;
  }
  v.add('order.type', 'must be "initial" or "renewal"');
}

function checkAmount(v: Violations, amount: unknown, field: string): void {
  const a = amount as Partial<MoneyJson> | null;
  v.check(
    typeof a?.amountMinor === 'string' && POSITIVE_MINOR.test(a.amountMinor),
    `${field}.amountMinor`,
    'must be a positive integer number of minor units as a string (T-2), at most 18 digits',
  );
  v.check(typeof a?.currency === 'string' && isKnownCurrency(a.currency), `${field}.currency`, 'must be a known ISO 4217 currency code');
}

/** T-3: business time is an ISO instant, not after the record time. */
function checkBusinessTime(v: Violations, value: unknown, field: string, now: string): void {
  if (!isValidInstant(value)) {
    v.add(field, 'must be an ISO-8601 instant (T-3)');
    return;
  }
  if (isValidInstant(now) && Temporal.Instant.compare(Temporal.Instant.from(value), Temporal.Instant.from(now)) > 0) {
    v.add(field, 'must not be in the future (T-3)');
  }
}

function normalizeInstant(value: string): string {
  return Temporal.Instant.from(value).toString();
}

function sameInstant(a: string, b: string): boolean {
  return Temporal.Instant.compare(Temporal.Instant.from(a), Temporal.Instant.from(b)) === 0;
}
