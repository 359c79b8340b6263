/** Revenue commands. Time and ids arrive in the command; no clock in the domain. */
import type { DomainCommand } from '../shared/decider';
import type { MoneyJson } from '../shared/money';
import type { RevenueKind, RevenueOrder } from './revenue.events';

export type CollectRevenue = DomainCommand<
  'CollectRevenue',
  {
    readonly paymentId: string;
    readonly customerKey: string;
    readonly revenueKind: RevenueKind;
    readonly order: RevenueOrder;
    readonly amount: MoneyJson;
    readonly collectedAt: string;
  }
>;

export type RefundRevenue = DomainCommand<
  'RefundRevenue',
  { readonly paymentId: string; readonly refundId: string; readonly amount: MoneyJson; readonly refundedAt: string; readonly reason: string }
>;

export type RecordChargeback = DomainCommand<
  'RecordChargeback',
  {
    readonly paymentId: string;
    readonly chargebackId: string;
    readonly amount: MoneyJson;
    readonly chargedBackAt: string;
    readonly reason: string;
  }
>;

export type RevenueCommand = CollectRevenue | RefundRevenue | RecordChargeback;
