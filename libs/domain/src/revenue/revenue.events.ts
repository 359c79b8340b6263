/**
 * Revenue facts. One stream per external payment id:
 * `payment-<paymentId>` (see paymentStreamId). A second collection with the same payment id finds
 * the stream already there and is an idempotent no-op. Refunds and chargebacks are appended
 * to the stream of the collection they reverse, so the decider can refuse reversing more than
 * was collected.
 */
import type { DomainEvent } from '../shared/decider';
import type { MoneyJson } from '../shared/money';

/** license, Results-delivered services, partner-delivered services (R-5, memo). */
export type RevenueKind = 'license' | 'results-services' | 'partner-services';

/** Which order the revenue belongs to: the initial order (first contract year) or a renewal year (2+). */
export type RevenueOrder = { readonly type: 'initial' } | { readonly type: 'renewal'; readonly year: number };

/** Results collected revenue from a customer (one stream per external payment id). */
export type RevenueCollected = DomainEvent<
  'RevenueCollected',
  {
    readonly paymentId: string;
    /** The customer (= opportunity key of the deal that won it, D-2). */
    readonly customerKey: string;
    readonly revenueKind: RevenueKind;
    readonly order: RevenueOrder;
    /** Positive amount. */
    readonly amount: MoneyJson;
    /** Business time the payment was collected (ISO instant). */
    readonly collectedAt: string;
    /**
     * Added (additive, schema 1): the partner of the customer's approved deal that closed won
     * while protected (D-11) when the payment was collected; null = no eligible won deal, so the
     * collection earns nothing and appears on no statement. Projections key partner documents by it.
     */
    readonly partnerId: string | null;
  }
>;

/** reverses (part of) a collection; amount is a positive magnitude. */
export type RevenueRefunded = DomainEvent<
  'RevenueRefunded',
  {
    readonly paymentId: string;
    readonly refundId: string;
    readonly amount: MoneyJson;
    readonly refundedAt: string;
    readonly reason: string;
    /** Added (additive): the collection's `partnerId`, copied from the stream (R-8 reverses that partner's share). */
    readonly partnerId: string | null;
  }
>;

/** chargeback; amount is a positive magnitude. */
export type ChargebackRecorded = DomainEvent<
  'ChargebackRecorded',
  {
    readonly paymentId: string;
    readonly chargebackId: string;
    readonly amount: MoneyJson;
    readonly chargedBackAt: string;
    readonly reason: string;
    /** Added (additive): the collection's `partnerId`, copied from the stream. */
    readonly partnerId: string | null;
  }
>;

export type RevenueEvent = RevenueCollected | RevenueRefunded | ChargebackRecorded;
