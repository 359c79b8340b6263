/** Renewal chain. Stream per customer: `renewal-<customerKey>` (see renewalStreamId). */
import type { DomainEvent } from '../shared/decider';
import type { MoneyJson } from '../shared/money';

export type RenewalPlacer = { readonly type: 'partner'; readonly partnerId: string } | { readonly type: 'results' };

/** a renewal order for contract year `year` (2+). */
export type RenewalPlaced = DomainEvent<
  'RenewalPlaced',
  {
    readonly customerKey: string;
    readonly year: number;
    readonly orderValue: MoneyJson;
    readonly placedBy: RenewalPlacer;
    /** The partner that originally placed the customer (from the won deal). */
    readonly originalPartnerId: string | null;
    readonly placedAt: string;
  }
>;

export type RenewalChainBrokenReason = 'missed' | 'placed-by-results' | 'placed-by-other-partner';

/** renewal commissions for this customer stop for good. */
export type RenewalChainBroken = DomainEvent<
  'RenewalChainBroken',
  {
    readonly customerKey: string;
    readonly partnerId: string;
    readonly year: number;
    readonly reason: RenewalChainBrokenReason;
    readonly ruleId: 'R-7';
    readonly brokenAt: string;
  }
>;

export type RenewalEvent = RenewalPlaced | RenewalChainBroken;
